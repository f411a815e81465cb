/**
 * The test-only control API of the BILL sandbox (`/admin/…`), served on its own loopback
 * listener and never reachable through the BILL endpoint. See `src/sandbox/bill/README.md`.
 */
import { Hono } from "hono";

import { billDemoSeed } from "./demo-seed.js";
import { BillApiError, BillErrors } from "./errors.js";
import type { ObjectName } from "./objects/common.js";
import { asBody } from "./objects/common.js";
import { SPEC_BY_NAME } from "./objects/index.js";
import { setPaymentStatus } from "./objects/payables.js";
import { adminPatch, createRecord, getRecord, type SeedOverrides } from "./records.js";
import { applyBillSeed, type BillSeedInput, parseBillSeed } from "./seed.js";
import type { BillSandboxState, FaultKind } from "./state.js";

const FAULT_KINDS: readonly FaultKind[] = ["latency", "error_before", "error_after", "drop_before", "drop_after"];

/** Which seed a reset loads: `demo`, `none`, or a seed document. */
export type SeedChoice = "demo" | "none" | BillSeedInput;

/** Loads a seed choice into `state`. */
export function loadSeedChoice(state: BillSandboxState, seed: SeedChoice): void {
  if (seed === "none") return;
  applyBillSeed(state, parseBillSeed(seed === "demo" ? billDemoSeed({ now: state.clock.now() }) : seed));
}

const ENDPOINTS = [
  "GET /admin/health",
  "POST /admin/reset {seed?: 'demo'|'none'|SeedFile} (default: the seed the sandbox started with)",
  "POST /admin/seed SeedFile (adds)",
  "GET /admin/orgs",
  "GET /admin/orgs/:orgId/records/:object",
  "GET /admin/orgs/:orgId/records/:object/:id",
  "POST /admin/orgs/:orgId/records/:object (a create body plus id, archived, approvalStatus, createdTime, updatedTime)",
  "PATCH /admin/orgs/:orgId/records/:object/:id (merge fields, as a person editing in BILL)",
  "POST /admin/orgs/:orgId/payments/:id/status {singleStatus}",
  "GET|POST|DELETE /admin/faults ({kind, method?, path?, organizationId?, status?, latencyMs?, times?})",
  "GET|POST /admin/clock ({advanceMs} | {freezeAt: ISO or ms} | {unfreeze: true})",
  "GET|POST /admin/behaviour ({documentTouchesParent?: boolean}: UNCONFIRMED BILL behaviours)",
  "POST /admin/sessions/expire",
  "GET /admin/counters, POST /admin/counters/reset",
];

/**
 * Builds the admin app over `state`. `initialSeed` is what `POST /admin/reset` reloads by default.
 *
 * @example
 * await adminApp.request("/admin/clock", { method: "POST", body: JSON.stringify({ advanceMs: 36 * 60_000 }) });
 */
export function createBillAdminApp(state: BillSandboxState, initialSeed: SeedChoice): Hono {
  const app = new Hono();
  app.onError((err, c) => {
    const e = err instanceof BillApiError ? err : BillErrors.systemError();
    if (!(err instanceof BillApiError)) process.stderr.write(`bill sandbox admin: ${err.stack ?? err.message}\n`);
    return c.json({ error: { status: e.status, code: e.code, message: e.message } }, e.status as 400);
  });
  app.notFound((c) => c.json({ error: { status: 404, code: "NOT_IMPLEMENTED", message: `Not implemented in the BILL sandbox admin API: ${c.req.method} ${c.req.path}` } }, 404));

  const body = async (req: Request): Promise<Record<string, unknown>> => {
    const text = await req.text();
    if (text.trim() === "") return {};
    try {
      return asBody(JSON.parse(text) as unknown);
    } catch {
      throw BillErrors.invalid("body", "must be a JSON object");
    }
  };
  const specOf = (name: string) => {
    const spec = SPEC_BY_NAME.get(name as ObjectName);
    if (spec === undefined) throw new BillApiError(404, null, `unknown object ${name}; one of ${[...SPEC_BY_NAME.keys()].join(", ")}`);
    return spec;
  };
  const orgOf = (id: string) => {
    if (state.store.org(id) === undefined) throw new BillApiError(404, null, `unknown organization ${id}`);
    return id;
  };

  app.get("/admin", (c) => c.json({ endpoints: ENDPOINTS }));
  app.get("/admin/health", (c) => c.json({ ok: true, now: state.clock.iso() }));
  app.post("/admin/reset", async (c) => {
    const b = await body(c.req.raw);
    state.store.wipe();
    state.clearFaults();
    state.resetCounters();
    state.resetBudgets();
    loadSeedChoice(state, (b["seed"] as SeedChoice | undefined) ?? initialSeed);
    return c.json({ ok: true });
  });
  app.post("/admin/seed", async (c) => {
    applyBillSeed(state, parseBillSeed(await body(c.req.raw)));
    return c.json({ ok: true });
  });
  app.get("/admin/orgs", (c) =>
    c.json({
      devKeys: state.store.devKeys(),
      organizations: state.store.orgs().map((o) => ({ ...o.data, id: o.id, name: o.name, users: state.store.usersOf(o.id).map((u) => ({ id: u.id, username: u.username, password: u.password, kind: u.kind, canPay: u.can_pay === 1, mfaTrusted: u.mfa_trusted === 1 })) })),
    }),
  );
  app.get("/admin/orgs/:orgId/records/:object", (c) => c.json({ results: state.store.all(orgOf(c.req.param("orgId")), specOf(c.req.param("object")).name) }));
  app.get("/admin/orgs/:orgId/records/:object/:id", (c) => c.json(getRecord(state.store, orgOf(c.req.param("orgId")), specOf(c.req.param("object")), c.req.param("id"))));
  app.post("/admin/orgs/:orgId/records/:object", async (c) => {
    const b = await body(c.req.raw);
    const overrides: Record<string, unknown> = {};
    for (const k of ["id", "archived", "approvalStatus", "createdTime", "updatedTime"]) if (b[k] !== undefined) overrides[k] = b[k];
    return c.json(createRecord(state.ctx(orgOf(c.req.param("orgId"))), specOf(c.req.param("object")), b, overrides as SeedOverrides));
  });
  app.patch("/admin/orgs/:orgId/records/:object/:id", async (c) => c.json(adminPatch(state.ctx(orgOf(c.req.param("orgId"))), specOf(c.req.param("object")), c.req.param("id"), await body(c.req.raw))));
  app.post("/admin/orgs/:orgId/payments/:id/status", async (c) => {
    const b = await body(c.req.raw);
    const ctx = state.ctx(orgOf(c.req.param("orgId")));
    return c.json(state.store.txn(() => setPaymentStatus(ctx, c.req.param("id"), typeof b["singleStatus"] === "string" ? b["singleStatus"] : "")));
  });
  app.get("/admin/faults", (c) => c.json({ faults: state.faults }));
  app.post("/admin/faults", async (c) => {
    const b = await body(c.req.raw);
    const kind = b["kind"];
    if (typeof kind !== "string" || !(FAULT_KINDS as readonly string[]).includes(kind)) throw BillErrors.invalid("kind", `must be one of ${FAULT_KINDS.join(", ")}`);
    const opt = <T>(k: string, type: "string" | "number"): T | undefined => (typeof b[k] === type ? (b[k] as T) : undefined);
    const fault = state.addFault({
      kind: kind as FaultKind,
      ...(opt<string>("method", "string") === undefined ? {} : { method: opt<string>("method", "string") ?? "" }),
      ...(opt<string>("path", "string") === undefined ? {} : { path: opt<string>("path", "string") ?? "" }),
      ...(opt<string>("organizationId", "string") === undefined ? {} : { organizationId: opt<string>("organizationId", "string") ?? "" }),
      ...(opt<number>("status", "number") === undefined ? {} : { status: opt<number>("status", "number") ?? 500 }),
      ...(opt<number>("latencyMs", "number") === undefined ? {} : { latencyMs: opt<number>("latencyMs", "number") ?? 0 }),
      ...(opt<number>("times", "number") === undefined ? {} : { remaining: opt<number>("times", "number") ?? 0 }),
    });
    return c.json(fault);
  });
  app.delete("/admin/faults", (c) => {
    state.clearFaults();
    return c.json({ ok: true });
  });
  app.get("/admin/clock", (c) => c.json({ now: state.clock.iso(), ms: state.clock.now(), frozen: state.clock.frozen }));
  app.post("/admin/clock", async (c) => {
    const b = await body(c.req.raw);
    if (typeof b["advanceMs"] === "number") state.clock.advance(b["advanceMs"]);
    else if (b["freezeAt"] !== undefined) {
      const at = typeof b["freezeAt"] === "number" ? b["freezeAt"] : typeof b["freezeAt"] === "string" ? Date.parse(b["freezeAt"]) : Number.NaN;
      if (Number.isNaN(at)) throw BillErrors.invalid("freezeAt", "must be an ISO time or milliseconds");
      state.clock.freeze(true);
      state.clock.set(at); // frozen, so exactly `at`
    } else if (b["unfreeze"] === true) state.clock.freeze(false);
    else throw BillErrors.invalid("body", "give advanceMs, freezeAt or unfreeze");
    return c.json({ now: state.clock.iso(), ms: state.clock.now(), frozen: state.clock.frozen });
  });
  app.get("/admin/behaviour", (c) => c.json(state.behaviour));
  app.post("/admin/behaviour", async (c) => {
    const b = await body(c.req.raw);
    if (b["documentTouchesParent"] !== undefined) {
      if (typeof b["documentTouchesParent"] !== "boolean") throw BillErrors.invalid("documentTouchesParent", "must be a boolean");
      state.behaviour.documentTouchesParent = b["documentTouchesParent"];
    }
    return c.json(state.behaviour);
  });
  app.post("/admin/sessions/expire", (c) => {
    state.store.expireAllSessions();
    return c.json({ ok: true });
  });
  app.get("/admin/counters", (c) => c.json({ ...state.counters, sessions: state.store.sessionCount() }));
  app.post("/admin/counters/reset", (c) => {
    state.resetCounters();
    return c.json({ ok: true });
  });
  return app;
}
