/**
 * The BILL API surface of the sandbox: a Hono app serving `/connect/v3/…` with BILL's JSON
 * shapes and error texts. Tests can drive it in-process (`app.request`) or over a port.
 * Every request passes one middleware: authentication (`devKey` + `sessionId` headers), the
 * hourly budget, the per-organization concurrency limit and the fault knobs, in that order.
 */
import type { HttpBindings } from "@hono/node-server";
import { type Context, Hono } from "hono";

import type { SessionRow } from "./db.js";
import { BillApiError, BillErrors } from "./errors.js";
import type { Body } from "./objects/common.js";
import { asBody } from "./objects/common.js";
import { OBJECT_SPECS } from "./objects/index.js";
import { contentTypeOf, documentJson, type DocumentKind, findDocument, listDocuments, uploadDocument } from "./objects/documents.js";
import { cancelPayment, createPayment, recordBillPayment } from "./objects/payables.js";
import { recordInvoicePayment } from "./objects/receivables.js";
import { createRecord, getRecord, listRecords, setArchived, updateRecord } from "./records.js";
import type { BillSandboxState } from "./state.js";

type Env = { Bindings: Partial<HttpBindings>; Variables: { session: SessionRow } };

/** Thrown when a fault drops the connection of an in-process request (no socket to destroy). */
export class DroppedConnectionError extends Error {
  constructor() {
    super("connection dropped by a sandbox fault");
    this.name = "DroppedConnectionError";
  }
}

/**
 * First path segments of BILL endpoints the sandbox does not emulate: answered 501
 * "not implemented", never success. Anything else unknown gets BILL's 404 `BDC_1121`.
 */
const KNOWN_BILL_SEGMENTS = new Set([
  ...OBJECT_SPECS.map((s) => s.path.split("/")[0] ?? ""),
  "mfa",
  "users",
  "roles",
  "organizations",
  "funding-accounts",
  "bill-approvals",
  "recurringbills",
  "credit-memos",
  "subscriptions",
  "events",
  "documents",
  "attachments",
  "network",
  "partner",
  "spend",
  "login",
  "logout",
]);

const LITERAL_SEGMENTS = new Set(["v3", "archive", "restore", "bulk", "record-payment", "cancel", "session", "download", ...OBJECT_SPECS.flatMap((s) => s.path.split("/")), ...KNOWN_BILL_SEGMENTS]);

/** `GET /v3/bills/00n…` → `GET /v3/bills/{id}` for the call counters. */
function callPattern(method: string, path: string): string {
  return `${method} ${path
    .split("/")
    .map((seg) => (seg === "" || LITERAL_SEGMENTS.has(seg) ? seg : "{id}"))
    .join("/")}`;
}

async function jsonBody(c: Context<Env>): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // BILL: "confirm whether the API request object is in the correct format".
    throw BillErrors.unknownError();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function drop(env: Partial<HttpBindings> | undefined): Response {
  const incoming = env?.incoming;
  if (incoming === undefined) throw new DroppedConnectionError();
  incoming.socket.destroy();
  return new Response(null, { status: 500 });
}

/** Options of {@link createBillApiApp}. */
export interface BillApiAppOptions {
  /** Receives unexpected errors (bugs), which are answered `BDC_1001`. @default stderr */
  readonly onUnexpectedError?: (error: unknown) => void;
}

/**
 * Builds the API app over `state`.
 *
 * @example
 * const res = await createBillApiApp(state).request("/connect/v3/login", { method: "POST", body: JSON.stringify(facts) });
 */
export function createBillApiApp(state: BillSandboxState, options: BillApiAppOptions = {}): Hono<Env> {
  const app = new Hono<Env>();
  const onUnexpected = options.onUnexpectedError ?? ((e: unknown) => process.stderr.write(`bill sandbox: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`));

  app.onError((err, c) => {
    if (err instanceof DroppedConnectionError) throw err;
    let e: BillApiError;
    if (err instanceof BillApiError) e = err;
    else {
      onUnexpected(err);
      e = BillErrors.systemError();
    }
    state.countError(e.code);
    return c.json(e.body(state.clock.iso()), e.status as 400);
  });

  app.notFound((c) => {
    const path = c.req.path.replace(/^\/connect/, "");
    const first = path.split("/")[2] ?? "";
    const e = path.startsWith("/v3/") && KNOWN_BILL_SEGMENTS.has(first) ? BillErrors.notImplemented(`${c.req.method} ${path}`) : BillErrors.apiNotSupported();
    state.countError(e.code);
    return c.json(e.body(state.clock.iso()), e.status as 404);
  });

  app.use("/connect/v3/*", async (c, next) => {
    state.counters.requests++;
    const method = c.req.method;
    const path = c.req.path.slice("/connect".length);
    const pattern = callPattern(method, path);
    state.counters.calls[pattern] = (state.counters.calls[pattern] ?? 0) + 1;
    const isLogin = method === "POST" && path === "/v3/login";
    let release: () => void = () => undefined;
    try {
      let orgId: string | undefined;
      if (!isLogin) {
        const session = state.authenticate(c.req.header("devKey"), c.req.header("sessionId"));
        orgId = session.org_id;
        state.chargeRequest(session.dev_key);
        release = state.enter(session.dev_key, session.org_id);
        c.set("session", session);
      }
      // Read the body first, as a real server does before working: a client that gives up
      // during the latency must not stop the write from happening (an uncertain outcome).
      // Bytes, not text: document uploads are binary (a later `text()` decodes the cached bytes).
      if (method !== "GET") await c.req.arrayBuffer();
      const faults = state.takeFaults(method, path, orgId);
      for (const f of faults) if (f.kind === "latency") await sleep(f.latencyMs ?? 0);
      const before = faults.find((f) => f.kind === "error_before" || f.kind === "drop_before");
      if (before?.kind === "drop_before") {
        c.res = drop(c.env);
        return;
      }
      if (before !== undefined) throw new BillApiError(before.status ?? 503, "BDC_1001", "System error occurred.", "SERVER");
      await next();
      const after = faults.find((f) => f.kind === "error_after" || f.kind === "drop_after");
      if (after !== undefined && c.res.status < 400) {
        if (after.kind === "drop_after") c.res = drop(c.env);
        else {
          const e = new BillApiError(after.status ?? 500, "BDC_1001", "System error occurred.", "SERVER");
          state.countError(e.code);
          c.res = c.json(e.body(state.clock.iso()), e.status as 500);
        }
      }
    } finally {
      release();
    }
  });

  const orgOf = (c: Context<Env>): string => c.get("session").org_id;

  app.post("/connect/v3/login", async (c) => c.json(state.login(asBody(await jsonBody(c)))));
  app.get("/connect/v3/login/session", (c) => {
    const s = c.get("session");
    return c.json({ organizationId: s.org_id, userId: s.user_id, trusted: s.trusted === 1 });
  });
  app.post("/connect/v3/logout", (c) => {
    state.store.deleteSession(c.get("session").session_id);
    return c.json({});
  });

  // Object-specific actions, registered before the generic routes.
  app.post("/connect/v3/vendors/bulk", async (c) => {
    const body = await jsonBody(c);
    if (!Array.isArray(body) || body.length === 0) throw BillErrors.invalid("vendors", "must not be empty");
    if (body.length > state.limits.vendorBulkMax) throw BillErrors.invalid("vendors", `size must be between 1 and ${state.limits.vendorBulkMax}`);
    const ctx = state.ctx(orgOf(c));
    const vendors = OBJECT_SPECS.find((s) => s.name === "vendors");
    if (vendors === undefined) throw BillErrors.systemError();
    // All or nothing: one transaction around every create.
    return c.json(state.store.txn(() => body.map((v) => createRecord(ctx, vendors, v))));
  });
  app.post("/connect/v3/bills/record-payment", async (c) => {
    const ctx = state.ctx(orgOf(c));
    const body = asBody(await jsonBody(c));
    return c.json({ payments: state.store.txn(() => recordBillPayment(ctx, body)) });
  });
  app.post("/connect/v3/payments", async (c) => {
    const session = c.get("session");
    const user = state.store.usersOf(session.org_id).find((u) => u.id === session.user_id);
    // Sync-token sessions have no payment capabilities; paying needs an MFA-trusted session and a paying role.
    if (session.kind !== "user" || session.trusted !== 1 || user?.can_pay !== 1) throw BillErrors.cannotPay();
    const ctx = state.ctx(session.org_id);
    const body = asBody(await jsonBody(c));
    return c.json(state.store.txn(() => createPayment(ctx, body)));
  });
  app.post("/connect/v3/payments/:id/cancel", (c) => {
    const ctx = state.ctx(orgOf(c));
    return c.json(state.store.txn(() => cancelPayment(ctx, c.req.param("id"))));
  });
  app.post("/connect/v3/invoices/record-payment", async (c) => {
    const ctx = state.ctx(orgOf(c));
    const body = asBody(await jsonBody(c));
    return c.json(state.store.txn(() => recordInvoicePayment(ctx, body)));
  });

  // Bill documents (`documents`, 0du…) and invoice attachments (`attachments`, att…); shapes UNCONFIRMED (objects/documents.ts).
  const origin = (c: Context<Env>): string => new URL(c.req.url).origin;
  for (const [kind, family, parent] of [["bill", "documents", "bills"], ["invoice", "attachments", "invoices"]] as const satisfies ReadonlyArray<readonly [DocumentKind, string, string]>) {
    app.post(`/connect/v3/${family}/${parent}/:parentId`, async (c) => {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const row = uploadDocument(state, { orgId: orgOf(c), kind, parentId: c.req.param("parentId"), name: c.req.query("name"), bytes });
      return c.json(documentJson(row, origin(c)));
    });
    app.get(`/connect/v3/${family}/${parent}/:parentId`, (c) => c.json(listDocuments(state, orgOf(c), kind, c.req.param("parentId"), c.req.query(), origin(c))));
    app.get(`/connect/v3/${family}/:id/download`, (c) => {
      const row = findDocument(state, orgOf(c), kind, c.req.param("id"));
      return c.body(new Uint8Array(row.content), 200, { "content-type": contentTypeOf(row.name), "content-length": String(row.size) });
    });
    app.get(`/connect/v3/${family}/:id`, (c) => c.json(documentJson(findDocument(state, orgOf(c), kind, c.req.param("id")), origin(c))));
  }

  for (const spec of OBJECT_SPECS) {
    const base = `/connect/v3/${spec.path}`;
    app.get(base, (c) => c.json(listRecords(state.store, orgOf(c), spec, c.req.query(), state.limits)));
    app.get(`${base}/:id`, (c) => c.json(getRecord(state.store, orgOf(c), spec, c.req.param("id"))));
    if (spec.ops.create) app.post(base, async (c) => c.json(createRecord(state.ctx(orgOf(c)), spec, await jsonBody(c))));
    if (spec.ops.patch) app.patch(`${base}/:id`, async (c) => c.json(updateRecord(state.ctx(orgOf(c)), spec, c.req.param("id"), await jsonBody(c), "patch")));
    if (spec.ops.put) app.put(`${base}/:id`, async (c) => c.json(updateRecord(state.ctx(orgOf(c)), spec, c.req.param("id"), await jsonBody(c), "put")));
    if (spec.ops.archive) {
      app.post(`${base}/:id/archive`, (c) => c.json(setArchived(state.ctx(orgOf(c)), spec, c.req.param("id"), true)));
      app.post(`${base}/:id/restore`, (c) => c.json(setArchived(state.ctx(orgOf(c)), spec, c.req.param("id"), false)));
    }
  }
  return app;
}

export type { Body };
