/**
 * The XML gateway's HTTP surface: `POST /ia/xml/xmlgw.phtml` (`intacct-xml-api.md` §1, §3, §9).
 *
 * Order of work for one request (each step can end it):
 * 1. body checks: empty → HTTP 401 `XMLGW_JPP0002`; not XML at all → HTTP 400 `invalidRequest`;
 * 2. decode with the shared codec → control failure `XL03000003` (line/column in the text);
 * 3. control: `dtdversion` 3.0 only; sender ID/password → `XL03000006`; any `policyid` → the
 *    "not a valid transport policy" failure (no async transport in the sandbox);
 * 4. the company's concurrency slot → HTTP 429 `GW-0010` with `Retry-After`;
 * 5. latency (real time), then a `before-commit` fault (5xx or dropped connection);
 * 6. authentication, then every function, synchronously (one savepoint per operation or function);
 * 7. an `after-commit` fault; else HTTP 200 with `Content-Type: text/xml; encoding="UTF-8"`.
 * With the `service-time` latency mode, step 5 sleeps only after step 6, for what is left of the
 * modelled time (see `LatencyModel.mode`).
 */
import type { HttpBindings } from "@hono/node-server";
import type Database from "better-sqlite3";
import { type Context, Hono } from "hono";

import type { Clock } from "../../../domain/clock.js";
import type { IntacctErrorDetail, IntacctRequest, IntacctResponse } from "../../../intacct/xml/index.js";
import { decodeRequest, encodeResponse, XmlCodecError } from "../../../intacct/xml/index.js";
import type { ObjectFunctions } from "../contracts.js";
import type { SandboxCounters } from "../counters.js";
import type { FaultRule, FaultState } from "../faults.js";
import { IntacctSandboxLimits } from "../limits.js";
import { SandboxError } from "../sandbox-error.js";
import { verifyPassword } from "../tenancy/passwords.js";
import type { TenancyService } from "../tenancy/tenancy-service.js";
import type { TenancyStore } from "../tenancy/tenancy-store.js";
import { authenticate, type RestrictedTopLevelLogin } from "./authenticate.js";
import { GatewayErrors, supportId } from "./intacct-errors.js";
import { runOperation } from "./run-operation.js";
import type { TenancyObjects } from "./tenancy-objects.js";

/** The gateway's path (§1.1). */
export const GATEWAY_PATH = "/ia/xml/xmlgw.phtml";

/** The reply content type all three official SDK test suites use (§1.1, sic `encoding`). */
export const XML_CONTENT_TYPE = 'text/xml; encoding="UTF-8"';

/** Behaviour switches for facts the references mark UNCONFIRMED (documented in ADR 0003). */
export interface GatewayFidelity {
  /** errorno of the duplicate-control-id failure (A1). @default "SANDBOX_DUPLICATE_CONTROL_ID" (synthetic on purpose: no source shows the real one; clients match the text) */
  readonly duplicateControlIdErrorno: string;
  /** See {@link RestrictedTopLevelLogin}. @default "enter-entity" */
  readonly restrictedTopLevelLogin: RestrictedTopLevelLogin;
  /**
   * Answer a failed `<login>` (bad company, user or password) with HTTP 401 `XMLGW_JPP0002` instead
   * of HTTP 200 + `XL03000006` (§1.2: which one production sends is UNCONFIRMED). @default false
   */
  readonly loginFailureAs401: boolean;
}

/** Defaults of {@link GatewayFidelity}. */
export const DEFAULT_FIDELITY: GatewayFidelity = {
  duplicateControlIdErrorno: "SANDBOX_DUPLICATE_CONTROL_ID",
  restrictedTopLevelLogin: "enter-entity",
  loginFailureAs401: false,
};

/** Everything the gateway reads and writes. */
export interface GatewayDeps {
  readonly db: Database.Database;
  readonly store: TenancyStore;
  readonly tenancy: TenancyService;
  readonly tenancyObjects: TenancyObjects;
  readonly objects: () => ObjectFunctions;
  readonly clock: Clock;
  readonly faults: FaultState;
  readonly counters: SandboxCounters;
  readonly fidelity: () => GatewayFidelity;
  /** The `<endpoint>` getAPISession returns. */
  readonly endpointUrl: () => string;
}

type Env = { Bindings: Partial<HttpBindings> };

function xml(c: Context<Env>, status: 200 | 400 | 401 | 429, body: string, headers: Record<string, string> = {}): Response {
  return c.body(body, status, { "Content-Type": XML_CONTENT_TYPE, ...headers });
}

function controlFailure(errors: readonly IntacctErrorDetail[], control: IntacctResponse["control"] = { status: "failure" }): string {
  return encodeResponse({ control: { ...control, status: "failure" }, errors });
}

function parseErrorText(e: XmlCodecError): string {
  if (e.code === "ENVELOPE_INVALID") return e.message;
  const where = e.line !== undefined ? ` Line: ${e.line}, column: ${e.column ?? 0}.` : "";
  return `XML Parse schema error: Fatal Error: ${e.message}${where}`;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the gateway app (mounted at the root by the sandbox server). */
export function createGatewayApp(deps: GatewayDeps): Hono<Env> {
  const app = new Hono<Env>();

  app.onError((err, c) => {
    if (err instanceof SandboxError && err.code === "CONNECTION_DROPPED") throw err;
    // Never an empty 2xx (§8.5 rule 1): a sandbox bug is a 500 with a plain message.
    return c.text(`Intacct sandbox internal error: ${err.message}`, 500);
  });

  // A bare GET gets the gateway front end's sign-in rejection (§1.2, 3P robot test).
  app.get(GATEWAY_PATH, (c) => xml(c, 401, controlFailure([GatewayErrors.jpp0002()])));

  app.post(GATEWAY_PATH, async (c) => {
    deps.counters.countRequest();
    const body = await c.req.text();
    const received = performance.now();
    if (body.trim() === "") return xml(c, 401, controlFailure([GatewayErrors.jpp0002()]));
    if (body.length > IntacctSandboxLimits.maxRequestBytes || !body.replace(/^\uFEFF/, "").trimStart().startsWith("<")) {
      return xml(c, 400, controlFailure([GatewayErrors.invalidRequest()]));
    }
    let request: IntacctRequest;
    try {
      request = decodeRequest(body);
    } catch (e) {
      if (e instanceof XmlCodecError) return xml(c, 200, controlFailure([GatewayErrors.parse(parseErrorText(e))]));
      throw e;
    }
    const rc = request.control;
    const control = { status: "success" as const, senderId: rc.senderId, controlId: rc.controlId, uniqueId: rc.uniqueId ? "true" : "false", dtdVersion: rc.dtdVersion ?? "3.0" };
    const pretty = rc.includeWhitespace ?? true;
    const fail = (errors: IntacctErrorDetail[]): Response => xml(c, 200, controlFailure(errors, control));
    if (rc.dtdVersion !== undefined && rc.dtdVersion.trim() !== "3.0") return fail([GatewayErrors.unsupportedDtd(rc.dtdVersion)]);
    const longId = [rc.controlId, ...request.operation.functions.map((f) => f.controlId)].find((id) => id.length > IntacctSandboxLimits.controlIdMaxLength);
    if (longId !== undefined) return fail([GatewayErrors.controlIdTooLong(longId.length, IntacctSandboxLimits.controlIdMaxLength)]);
    const senderHash = deps.store.getSenderHash(rc.senderId);
    if (!senderHash || !verifyPassword(rc.senderPassword, senderHash)) return fail([GatewayErrors.badSender()]);
    if (rc.policyId !== undefined && rc.policyId.trim() !== "") return fail([GatewayErrors.badPolicy(rc.policyId)]);

    const companyId = companyOf(deps, request);
    // Reading and checking the request is part of its service time (a wait for a slot is not).
    const preparedMs = performance.now() - received;
    const release = companyId === undefined ? () => undefined : await acquireSlot(deps, companyId);
    if (release === null) {
      const { retryAfterSeconds, rateLimitBody } = deps.faults.settings;
      const headers: Record<string, string> = retryAfterSeconds === null ? {} : { "Retry-After": String(retryAfterSeconds) };
      const error = GatewayErrors.rateLimited(supportId());
      if (rateLimitBody === "text") return c.body(`${error.errorno} ${error.description}`, 429, { "Content-Type": "text/plain; charset=utf-8", ...headers });
      return xml(c, 429, controlFailure([error]), headers);
    }
    try {
      const held = performance.now() - preparedMs;
      const fault = deps.faults.decide(companyId ?? "");
      const latency = deps.faults.latencyMs(request.operation.functions.length);
      const serviceTime = deps.faults.settings.latency.mode === "service-time";
      if (latency > 0 && (!serviceTime || fault?.phase === "before-commit")) await sleep(latency);
      if (fault?.phase === "before-commit") return applyFault(c, fault);
      const response = execute(deps, request, control, companyId);
      const body = response.status401 ? undefined : encodeResponse(response.body, { pretty });
      // Service-time latency: only what the operation's own work has not already used.
      const left = serviceTime ? latency - (performance.now() - held) : 0;
      if (left > 0) await sleep(left);
      if (fault?.phase === "after-commit") return applyFault(c, fault);
      if (body === undefined) return xml(c, 401, controlFailure([GatewayErrors.jpp0002()]));
      return xml(c, 200, body);
    } finally {
      release();
    }
  });

  app.all(GATEWAY_PATH, (c) => xml(c, 401, controlFailure([GatewayErrors.jpp0002()])));
  return app;
}

/** The canonical company a request is for (login company ID or the session's), when known. */
function companyOf(deps: GatewayDeps, request: IntacctRequest): string | undefined {
  const auth = request.operation.authentication;
  if (auth.kind === "login") return deps.store.getCompany(auth.companyId.split("|")[0] ?? auth.companyId)?.companyId;
  return auth.sessionId === "" ? undefined : deps.store.getSession(auth.sessionId)?.companyId;
}

/**
 * Takes one of the company's concurrency slots; waits up to `queueTimeoutMs` for one to free up.
 * Returns the release function, or null when the request must get a 429.
 */
async function acquireSlot(deps: GatewayDeps, companyId: string): Promise<(() => void) | null> {
  const counters = deps.counters.company(companyId);
  counters.requests += 1;
  const limit = deps.store.getCompany(companyId)?.concurrencyLimit ?? deps.faults.settings.concurrencyLimit;
  const deadline = Date.now() + deps.faults.settings.queueTimeoutMs;
  while (limit > 0 && counters.concurrent >= limit) {
    if (Date.now() >= deadline) {
      counters.rejected429 += 1;
      return null;
    }
    await sleep(Math.min(25, Math.max(1, deadline - Date.now())));
  }
  counters.concurrent += 1;
  counters.maxConcurrent = Math.max(counters.maxConcurrent, counters.concurrent);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    counters.concurrent -= 1;
  };
}

function applyFault(c: Context<Env>, fault: FaultRule): Response {
  if (fault.kind === "http-error") return c.body(fault.body ?? "", fault.status as 500, { "Content-Type": "text/plain; charset=utf-8" });
  const socket = c.env?.incoming?.socket;
  if (!socket) throw new SandboxError("CONNECTION_DROPPED", "The Intacct sandbox dropped the connection (fault injection)");
  socket.destroy();
  return c.body(null, 500);
}

/** Authenticates and runs the operation (synchronous: nothing else runs on the connection meanwhile). */
function execute(
  deps: GatewayDeps,
  request: IntacctRequest,
  control: NonNullable<IntacctResponse["control"]>,
  companyId: string | undefined,
): { body: IntacctResponse; status401: boolean } {
  const now = deps.clock.now();
  const fidelity = deps.fidelity();
  const auth = authenticate(request.operation.authentication, {
    store: deps.store,
    now,
    senderId: request.control.senderId,
    restrictedTopLevelLogin: fidelity.restrictedTopLevelLogin,
  });
  if (!auth.ok) {
    const loginFailure = request.operation.authentication.kind === "login" && auth.errors[0]?.description2 === GatewayErrors.signInIncorrect().description2;
    return { body: { control, operation: { authentication: auth.block, errors: auth.errors, results: [] } }, status401: loginFailure && fidelity.loginFailureAs401 };
  }
  const counters = companyId === undefined ? undefined : deps.counters.company(companyId);
  const results = runOperation(request, auth.principal, {
    db: deps.db,
    store: deps.store,
    tenancy: deps.tenancy,
    tenancyObjects: deps.tenancyObjects,
    objects: deps.objects(),
    now,
    endpointUrl: deps.endpointUrl(),
    duplicateControlIdErrorno: fidelity.duplicateControlIdErrorno,
    ...(counters ? { onFunction: () => void (counters.functions += 1) } : {}),
  });
  return { body: { control, operation: { authentication: auth.block, results } }, status401: false };
}
