/**
 * The admin HTTP API under `/admin` (issue 3 §9), for tests, benchmarks and the CLI. JSON in and
 * out; loopback callers only; never reachable through the gateway path. Every route is listed in
 * `src/sandbox/intacct/README.md` ("Admin API").
 */
import type { HttpBindings } from "@hono/node-server";
import { type Context, Hono } from "hono";
import { z } from "zod";

import { coerceError } from "../../../domain/errors.js";
import type { SandboxCounters } from "../counters.js";
import type { FaultRule, FaultSettings, FaultState, LatencyModel } from "../faults.js";
import { LATENCY_PRESETS } from "../faults.js";
import type { GatewayFidelity } from "../gateway/gateway-app.js";
import type { SandboxClock } from "../sandbox-clock.js";
import { SandboxError } from "../sandbox-error.js";
import type { TenancyService } from "../tenancy/tenancy-service.js";

/** What the admin API drives (implemented by the sandbox). */
export interface AdminTarget {
  readonly tenancy: TenancyService;
  readonly clock: SandboxClock;
  readonly faults: FaultState;
  readonly counters: SandboxCounters;
  /** Loads a seed (`"demo"` or a seed document); returns the demo facts for the demo seed. */
  loadSeed(seed: unknown): unknown;
  reset(): void;
  listRecords(companyId: string, object: string): unknown[];
  expireSessions(companyId?: string): number;
  fidelity(): GatewayFidelity;
  setFidelity(patch: Partial<GatewayFidelity>): GatewayFidelity;
}

type Env = { Bindings: Partial<HttpBindings> };

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

const latencySchema = z.union([
  z.enum(["none", "intacct"]),
  z.strictObject({ requestMs: z.number().min(0).default(0), functionMs: z.number().min(0).default(0), jitterMs: z.number().min(0).default(0), mode: z.enum(["added", "service-time"]).optional() }),
]);
const triggerShape = {
  companyId: z.string().optional(),
  rate: z.number().min(0).max(1).optional(),
  nth: z.number().int().min(1).optional(),
  times: z.number().int().min(1).optional(),
};
const ruleSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("http-error"), status: z.number().int().min(500).max(599), phase: z.enum(["before-commit", "after-commit"]), body: z.string().optional(), ...triggerShape }),
  z.strictObject({ kind: z.literal("drop-connection"), phase: z.enum(["before-commit", "after-commit"]), ...triggerShape }),
]);
const faultsSchema = z.strictObject({
  latency: latencySchema.optional(),
  concurrencyLimit: z.number().int().min(0).optional(),
  retryAfterSeconds: z.number().min(0).nullable().optional(),
  queueTimeoutMs: z.number().min(0).optional(),
  rateLimitBody: z.enum(["xml", "text"]).optional(),
  rules: z.array(ruleSchema).optional(),
});
const clockSchema = z.strictObject({
  advanceMs: z.number().optional(),
  set: z.union([z.number(), z.string()]).optional(),
  freeze: z.boolean().optional(),
});
const fidelitySchema = z.strictObject({
  duplicateControlIdErrorno: z.string().min(1).optional(),
  restrictedTopLevelLogin: z.enum(["enter-entity", "fail"]).optional(),
  loginFailureAs401: z.boolean().optional(),
});

/** Resolves a latency option (preset name or model). */
export function resolveLatency(value: "none" | "intacct" | { readonly [K in keyof LatencyModel]?: LatencyModel[K] | undefined }): LatencyModel {
  if (value === "none" || value === "intacct") return LATENCY_PRESETS[value];
  return { requestMs: value.requestMs ?? 0, functionMs: value.functionMs ?? 0, jitterMs: value.jitterMs ?? 0, ...(value.mode === undefined ? {} : { mode: value.mode }) };
}

/** Converts a validated faults body into settings. */
export function toFaultPatch(body: z.output<typeof faultsSchema>): Partial<FaultSettings> {
  const patch: { -readonly [K in keyof FaultSettings]?: FaultSettings[K] } = {};
  if (body.latency !== undefined) patch.latency = resolveLatency(body.latency);
  if (body.concurrencyLimit !== undefined) patch.concurrencyLimit = body.concurrencyLimit;
  if (body.retryAfterSeconds !== undefined) patch.retryAfterSeconds = body.retryAfterSeconds;
  if (body.queueTimeoutMs !== undefined) patch.queueTimeoutMs = body.queueTimeoutMs;
  if (body.rateLimitBody !== undefined) patch.rateLimitBody = body.rateLimitBody;
  if (body.rules !== undefined) patch.rules = body.rules.map(stripUndefined);
  return patch;
}

function stripUndefined(rule: z.output<typeof ruleSchema>): FaultRule {
  return Object.fromEntries(Object.entries(rule).filter(([, v]) => v !== undefined)) as unknown as FaultRule;
}

async function json<T>(c: Context<Env>, schema: z.ZodType<T>): Promise<T> {
  let body: unknown;
  try {
    const text = await c.req.text();
    body = text.trim() === "" ? {} : JSON.parse(text);
  } catch (e) {
    throw new SandboxError("INVALID_ARGUMENT", `Body is not JSON: ${coerceError(e).message}`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new SandboxError("INVALID_ARGUMENT", parsed.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; "));
  }
  return parsed.data;
}

/** Builds the admin app; mount it at `/admin`. */
export function createAdminApp(target: AdminTarget): Hono<Env> {
  const app = new Hono<Env>();

  app.use("*", async (c, next) => {
    const remote = c.env?.incoming?.socket?.remoteAddress;
    if (remote !== undefined && !LOOPBACK.has(remote)) return c.json({ error: { code: "HOST_NOT_LOOPBACK", message: "The admin API answers loopback callers only" } }, 403);
    await next();
    return undefined;
  });

  app.onError((err, c) => {
    if (err instanceof SandboxError) return c.json({ error: { code: err.code, message: err.message } }, err.httpStatus);
    return c.json({ error: { code: "INTERNAL", message: err.message } }, 500);
  });

  app.get("/", (c) =>
    c.json({
      routes: [
        "POST /admin/seed", "POST /admin/seed/demo", "POST /admin/reset", "GET /admin/companies", "GET /admin/companies/:companyId",
        "GET /admin/companies/:companyId/records/:object", "GET|PUT|DELETE /admin/faults", "POST /admin/faults/rules", "POST /admin/sessions/expire",
        "GET|POST /admin/clock", "GET|DELETE /admin/counters", "GET /admin/outbox", "GET|PUT /admin/fidelity",
      ],
    }),
  );

  app.post("/seed", async (c) => c.json({ loaded: true, demo: target.loadSeed(await json(c, z.unknown())) ?? null }));
  app.post("/seed/demo", (c) => c.json({ loaded: true, demo: target.loadSeed("demo") ?? null }));
  app.post("/reset", (c) => {
    target.reset();
    return c.json({ reset: true });
  });

  app.get("/companies", (c) =>
    c.json({
      companies: target.tenancy.listCompanies().map((co) => ({ ...co, entities: target.tenancy.listEntities(co.companyId).map((e) => e.entityId) })),
    }),
  );
  app.get("/companies/:companyId", (c) => {
    const id = c.req.param("companyId");
    const t = target.tenancy;
    return c.json({
      company: t.getCompany(id),
      entities: t.listEntities(id),
      authorizedSenders: t.listSenderAuthorizations(id),
      users: t.listUsers(id),
      roles: t.listRoles(id),
    });
  });
  app.get("/companies/:companyId/records/:object", (c) => {
    const id = c.req.param("companyId");
    const company = target.tenancy.getCompany(id);
    return c.json({ companyId: company.companyId, object: c.req.param("object").toUpperCase(), records: target.listRecords(company.companyId, c.req.param("object").toUpperCase()) });
  });

  app.get("/faults", (c) => c.json(target.faults.settings));
  app.put("/faults", async (c) => c.json(target.faults.update(toFaultPatch(await json(c, faultsSchema)))));
  app.delete("/faults", (c) => {
    target.faults.clear();
    return c.json(target.faults.settings);
  });
  app.post("/faults/rules", async (c) => {
    target.faults.addRule(stripUndefined(await json(c, ruleSchema)));
    return c.json(target.faults.settings);
  });

  app.post("/sessions/expire", async (c) => {
    const body = await json(c, z.strictObject({ companyId: z.string().optional() }));
    return c.json({ expired: target.expireSessions(body.companyId) });
  });

  const clockView = (): { now: number; iso: string; frozen: boolean } => ({ now: target.clock.now(), iso: new Date(target.clock.now()).toISOString(), frozen: target.clock.frozen });
  app.get("/clock", (c) => c.json(clockView()));
  app.post("/clock", async (c) => {
    const body = await json(c, clockSchema);
    if (body.set !== undefined) {
      const ms = typeof body.set === "number" ? body.set : Date.parse(body.set);
      if (!Number.isFinite(ms)) throw new SandboxError("INVALID_ARGUMENT", `set: '${String(body.set)}' is not a time`);
      target.clock.set(ms);
    }
    if (body.advanceMs !== undefined) target.clock.advance(body.advanceMs);
    if (body.freeze !== undefined) target.clock.freeze(body.freeze);
    return c.json(clockView());
  });

  app.get("/counters", (c) => c.json(target.counters.snapshot()));
  app.delete("/counters", (c) => {
    target.counters.reset();
    return c.json(target.counters.snapshot());
  });

  app.get("/outbox", (c) => c.json({ messages: target.tenancy.listOutbox(c.req.query("companyId")) }));

  app.get("/fidelity", (c) => c.json(target.fidelity()));
  app.put("/fidelity", async (c) => {
    const body = await json(c, fidelitySchema);
    const patch: { -readonly [K in keyof GatewayFidelity]?: GatewayFidelity[K] } = {};
    if (body.duplicateControlIdErrorno !== undefined) patch.duplicateControlIdErrorno = body.duplicateControlIdErrorno;
    if (body.restrictedTopLevelLogin !== undefined) patch.restrictedTopLevelLogin = body.restrictedTopLevelLogin;
    if (body.loginFailureAs401 !== undefined) patch.loginFailureAs401 = body.loginFailureAs401;
    return c.json(target.setFidelity(patch));
  });

  // A mounted sub-app's notFound is not consulted by the parent: a catch-all route instead.
  app.all("*", (c) => c.json({ error: { code: "NOT_FOUND", message: `No admin route ${c.req.method} ${c.req.path}` } }, 404));
  return app;
}
