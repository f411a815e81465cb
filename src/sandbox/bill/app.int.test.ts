/**
 * The BILL sandbox itself: exact error texts, sessions with idle expiry on its clock, limits,
 * validation, "not implemented" answers, the admin API, seeds and persistence. Driven
 * in-process through `app.request` except where a real socket matters.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { ManualClock } from "../../domain/clock.js";
import { createBillAdminApp, loadSeedChoice } from "./admin.js";
import { createBillApiApp } from "./app.js";
import { SandboxClock } from "./clock.js";
import { BillSandboxStore, openBillSandboxDb } from "./db.js";
import { BILL_DEMO_LOGINS, billDemoSeed } from "./demo-seed.js";
import { BILL_SANDBOX_DEFAULT_LIMITS, type BillSandboxLimits } from "./limits.js";
import { billSeedJsonSchema, parseBillSeed } from "./seed.js";
import { createBillSandbox } from "./server.js";
import { BillSandboxState } from "./state.js";

const START = Date.parse("2026-12-01T09:00:00.000Z");
const east = BILL_DEMO_LOGINS[0] ?? fail();

function fail(): never {
  throw new Error("demo logins missing");
}
const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function make(limits: Partial<BillSandboxLimits> = {}) {
  const db = openBillSandboxDb(":memory:");
  cleanups.push(() => {
    db.close();
  });
  const clock = new SandboxClock(new ManualClock(START));
  const state = new BillSandboxState(new BillSandboxStore(db), clock, { ...BILL_SANDBOX_DEFAULT_LIMITS, ...limits });
  loadSeedChoice(state, "demo");
  const app = createBillApiApp(state, { onUnexpectedError: () => undefined });
  const admin = createBillAdminApp(state, "demo");
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.request(`/connect${path}`, { method, headers: { "content-type": "application/json", ...headers }, ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const login = async (who: { username: string; password: string } = east) => {
    const r = await call("POST", "/v3/login", { username: who.username, password: who.password, organizationId: east.organizationId, devKey: east.devKey });
    const sessionId = (r.body as { sessionId: string }).sessionId;
    return { devKey: east.devKey, sessionId };
  };
  return { state, clock, app, admin, call, login };
}

const err = (code: string | null, message: string, category: string) => [{ timestamp: expect.any(String) as string, code, severity: "ERROR", category, message }];

describe("login and sessions", () => {
  it("answers bad credentials and dev keys with BILL's exact errors", async () => {
    const { call } = make();
    expect(await call("POST", "/v3/login", { username: east.username, password: "nope", organizationId: east.organizationId, devKey: east.devKey })).toEqual({ status: 401, body: err("BDC_1101", "User name and/or password do not match our records.", "DOWNSTREAM") });
    expect(await call("POST", "/v3/login", { username: east.username, password: east.password, organizationId: "008NOPE", devKey: east.devKey })).toMatchObject({ status: 401, body: [{ code: "BDC_1101" }] });
    expect(await call("POST", "/v3/login", { username: east.username, password: east.password, organizationId: east.organizationId, devKey: "bad" })).toEqual({ status: 401, body: err("BDC_1102", "Developer key is invalid.", "DOWNSTREAM") });
  });

  it("returns sessionId, organizationId, userId and trusted", async () => {
    const { call } = make();
    const r = await call("POST", "/v3/login", { username: east.username, password: east.password, organizationId: east.organizationId, devKey: east.devKey });
    expect(r).toMatchObject({ status: 200, body: { organizationId: east.organizationId, userId: "006DEMOEUSER0000001", trusted: true, sessionId: expect.any(String) as string } });
  });

  it("ends a user session after 35 idle minutes of its clock, and each call resets the timer", async () => {
    const { call, login, clock } = make();
    const h = await login();
    clock.advance(34 * 60_000);
    expect((await call("GET", "/v3/vendors", undefined, h)).status).toBe(200);
    clock.advance(35 * 60_000);
    expect((await call("GET", "/v3/vendors", undefined, h)).status).toBe(200);
    clock.advance(35 * 60_000 + 1);
    expect(await call("GET", "/v3/vendors", undefined, h)).toEqual({ status: 401, body: err("BDC_1109", "Session is invalid. Please log in.", "DOWNSTREAM") });
    expect((await call("GET", "/v3/vendors", undefined, h)).status).toBe(401);
  });

  it("makes a login MFA-trusted only with the user's rememberMeId", async () => {
    const { call, state } = make();
    state.store.putUser({ org_id: east.organizationId, id: "006MFAUSER", username: "mfa@zephyr.example", password: "Mfa-Pass-1", kind: "user", can_pay: 1, mfa_id: "remember-me-123", mfa_trusted: 0 });
    const base = { username: "mfa@zephyr.example", password: "Mfa-Pass-1", organizationId: east.organizationId, devKey: east.devKey };
    expect((await call("POST", "/v3/login", base)).body).toMatchObject({ trusted: false });
    expect((await call("POST", "/v3/login", { ...base, rememberMeId: "wrong", device: "ci" })).body).toMatchObject({ trusted: false });
    expect((await call("POST", "/v3/login", { ...base, rememberMeId: "remember-me-123", device: "ci" })).body).toMatchObject({ trusted: true });
  });

  it("keeps a sync-token session for 48 idle hours", async () => {
    const { call, login, clock } = make();
    const h = await login(east.syncToken);
    clock.advance(47 * 3_600_000);
    expect((await call("GET", "/v3/bills", undefined, h)).status).toBe(200);
    clock.advance(48 * 3_600_000 + 1);
    expect((await call("GET", "/v3/bills", undefined, h)).status).toBe(401);
  });

  it("binds a session to its dev key, and logout ends it", async () => {
    const { call, login, state } = make();
    state.store.putDevKey("OTHER-KEY-1", "other");
    const h = await login();
    expect((await call("GET", "/v3/vendors", undefined, { ...h, devKey: "OTHER-KEY-1" })).body).toMatchObject([{ code: "BDC_1109" }]);
    expect((await call("GET", "/v3/vendors", undefined, { sessionId: h.sessionId })).body).toMatchObject([{ code: "BDC_1102" }]);
    expect((await call("POST", "/v3/logout", undefined, h)).status).toBe(200);
    expect((await call("GET", "/v3/vendors", undefined, h)).body).toMatchObject([{ code: "BDC_1109" }]);
  });
});

describe("limits", () => {
  it("answers past the hourly request budget with BDC_1144 until the next hour", async () => {
    const { call, login, clock } = make({ requestsPerHour: 3 });
    clock.advance(60 * 60_000 - (START % 3_600_000));
    const h = await login();
    for (let i = 0; i < 3; i++) expect((await call("GET", "/v3/vendors", undefined, h)).status).toBe(200);
    expect(await call("GET", "/v3/vendors", undefined, h)).toEqual({ status: 429, body: err("BDC_1144", "Max number of allowed requests per hour reached: 3.", "DOWNSTREAM") });
    clock.advance(3_600_000);
    expect((await call("GET", "/v3/vendors", undefined, await login())).status).toBe(200);
  });

  it("limits logins per dev key per hour", async () => {
    const { call } = make({ loginsPerHour: 2 });
    const body = { username: east.username, password: east.password, organizationId: east.organizationId, devKey: east.devKey };
    await call("POST", "/v3/login", body);
    await call("POST", "/v3/login", body);
    expect(await call("POST", "/v3/login", body)).toMatchObject({ status: 429, body: [{ code: "BDC_1144", message: "Max number of allowed requests per hour reached: 2." }] });
  });

  it("rejects max outside 1 to 100, unknown parameters and bad page tokens", async () => {
    const { call, login } = make();
    const h = await login();
    expect(await call("GET", "/v3/vendors?max=101", undefined, h)).toEqual({ status: 400, body: err(null, "max: must be between 1 and 100", "REQUEST") });
    expect((await call("GET", "/v3/vendors?max=0", undefined, h)).status).toBe(400);
    expect(await call("GET", "/v3/vendors?limit=5", undefined, h)).toEqual({ status: 400, body: err("BDC_1002", "Unknown error occurred.", "REQUEST") });
    expect((await call("GET", "/v3/vendors?page=garbage", undefined, h)).body).toEqual(err(null, "page: is not a valid page token for this query", "REQUEST"));
  });

  it("defaults to 20 rows a page and binds page tokens to their query", async () => {
    const { call, login } = make();
    const h = await login();
    const first = (await call("GET", "/v3/vendors?max=2&sort=name:asc", undefined, h)).body as { results: Array<{ name: string }>; nextPage: string };
    expect(first.results.map((v) => v.name)).toEqual(["Acme Paper Co", "Coolair HVAC East"]);
    expect((await call("GET", `/v3/vendors?max=3&sort=name:asc&page=${first.nextPage}`, undefined, h)).status).toBe(400);
    const second = (await call("GET", `/v3/vendors?max=2&sort=name:asc&page=${first.nextPage}`, undefined, h)).body as { results: Array<{ name: string }>; nextPage?: string };
    expect(second.results.map((v) => v.name)).toEqual(["Globex Consulting", "Initech Facilities East"]);
    const third = (await call("GET", `/v3/vendors?max=2&sort=name:asc&page=${second.nextPage ?? ""}`, undefined, h)).body as { results: Array<{ name: string }>; nextPage?: string };
    expect(third.results.map((v) => v.name)).toEqual(["Northwind Software"]);
    expect(third.nextPage).toBeUndefined();
    expect(((await call("GET", "/v3/classifications/chart-of-accounts", undefined, h)).body as { results: unknown[] }).results).toHaveLength(7);
  });

  it("pages by keyset: a record updated during a walk is seen again, and none is skipped", async () => {
    const { call, login } = make();
    const h = await login();
    type P = { results: Array<{ id: string }>; nextPage?: string };
    const q = "max=2&sort=updatedTime:asc";
    const first = (await call("GET", `/v3/vendors?${q}`, undefined, h)).body as P;
    await call("PATCH", `/v3/vendors/${first.results[0]?.id ?? ""}`, { phone: "5550199" }, h);
    const seen = first.results.map((v) => v.id);
    let token = first.nextPage;
    while (token !== undefined) {
      const next = (await call("GET", `/v3/vendors?${q}&page=${token}`, undefined, h)).body as P;
      seen.push(...next.results.map((v) => v.id));
      token = next.nextPage;
    }
    expect(new Set(seen).size).toBe(5);
    expect(seen).toHaveLength(6);
    expect(seen[5]).toBe(seen[0]);
  });

  it("parses BILL's filter syntax: quoted date-times, in-lists, sw, line classifications", async () => {
    const { call, login } = make();
    const h = await login();
    const q = (s: string) => call("GET", `/v3/bills?filters=${encodeURIComponent(s)}`, undefined, h).then((r) => r.body as { results: Array<{ id: string }> });
    expect((await q('updatedTime:gte:"2026-12-01"')).results).toHaveLength(6);
    expect((await q('updatedTime:gt:"2026-12-01T09:00:00.000Z"')).results).toHaveLength(0);
    expect((await q('paymentStatus:in:"PAID,PARTIAL"')).results).toHaveLength(2);
    expect((await q("classifications.departmentId:eq:0deEDEMO000000000002")).results).toHaveLength(2);
    expect((await q("archived:eq:maybe")) as unknown).toEqual(err(null, "filters: archived value maybe is not true or false", "REQUEST"));
    expect((await q("updatedTime:gt:yesterday")) as unknown).toEqual(err(null, "filters: updatedTime value yesterday is not a supported date-time", "REQUEST"));
  });
});

describe("validation and business rules", () => {
  it("answers malformed JSON with BDC_1002 and field problems with BILL-style texts", async () => {
    const { call, login } = make();
    const h = await login();
    expect(await call("POST", "/v3/vendors", "{not json", h)).toEqual({ status: 400, body: err("BDC_1002", "Unknown error occurred.", "REQUEST") });
    expect((await call("POST", "/v3/vendors", { accountType: "BUSINESS" }, h)).body).toEqual(err(null, "name: must not be blank", "REQUEST"));
    expect((await call("POST", "/v3/vendors", { name: "X", accountType: "ROBOT" }, h)).body).toEqual(err(null, "accountType: must be one of BUSINESS, PERSON, NONE", "REQUEST"));
    expect((await call("POST", "/v3/customers", { name: "X" }, h)).body).toEqual(err(null, "email: must not be blank", "REQUEST"));
    expect((await call("POST", "/v3/invoices", { invoiceLineItems: [{ price: 1 }] }, h)).body).toEqual(err(null, "customer: The customer field is required", "REQUEST"));
    const billBase = { vendorId: "009EDEMO000000000001", dueDate: "2026-12-31", invoice: { invoiceNumber: "V-1", invoiceDate: "2026-12-01" } };
    expect((await call("POST", "/v3/bills", { ...billBase, billLineItems: [] }, h)).body).toEqual(err(null, "billLineItems: must not be empty", "REQUEST"));
    expect((await call("POST", "/v3/bills", { ...billBase, billLineItems: [{ description: "no amount" }] }, h)).body).toEqual(err(null, "billLineItems[0].amount: must not be null", "REQUEST"));
    expect((await call("POST", "/v3/bills", { ...billBase, dueDate: "31/12/2026", billLineItems: [{ amount: 1 }] }, h)).body).toEqual(err(null, "dueDate: must be a date in yyyy-MM-dd format", "REQUEST"));
    expect((await call("POST", "/v3/bills", { ...billBase, poNumber: "x".repeat(101), billLineItems: [{ amount: 1 }] }, h)).body).toEqual(err(null, "poNumber: size must be between 0 and 100", "REQUEST"));
    expect((await call("POST", "/v3/bills", { ...billBase, vendorId: "009NOPE", billLineItems: [{ amount: 1 }] }, h)).body).toEqual(err(null, "vendorId: vendor 009NOPE does not exist", "REQUEST"));
    expect((await call("POST", "/v3/bills", { ...billBase, billLineItems: [{ amount: 1, classifications: { departmentId: "0deX" } }] }, h)).body).toEqual(err(null, "billLineItems[0].classifications.departmentId: department 0deX does not exist", "REQUEST"));
  });

  it("never lets a client set approval status or ids", async () => {
    const { call, login } = make();
    const h = await login();
    const r = (await call("POST", "/v3/vendor-credits", { id: "vcrMINE", approvalStatus: "APPROVED", vendorId: "009EDEMO000000000001", referenceNumber: "R", creditDate: "2026-12-01", vendorCreditLineItems: [{ amount: 5 }] }, h)).body as { id: string; approvalStatus: string };
    expect(r.id).not.toBe("vcrMINE");
    expect(r.approvalStatus).toBe("UNASSIGNED");
  });

  it("404s a missing record with BDC_1205 and keeps organizations apart", async () => {
    const { call, login } = make();
    const h = await login();
    expect(await call("GET", "/v3/bills/00nMISSING", undefined, h)).toEqual({ status: 404, body: err("BDC_1205", "Bill with id 00nMISSING was not found.", "APPLICATION") });
    expect((await call("GET", "/v3/bills/00nWDEMO000000000001", undefined, h)).status).toBe(404);
  });

  it("refuses overpayment and payments from untrusted sessions", async () => {
    const { call, login } = make();
    const h = await login();
    const pay = { billId: "00nEDEMO000000000005", amount: 851, fundingAccount: { type: "BANK_ACCOUNT", id: "b" }, processingOptions: {} };
    expect((await call("POST", "/v3/payments", pay, h)).body).toEqual(err(null, "amount: must not exceed the bill's open amount 850.00", "REQUEST"));
    const t = await login(east.syncToken);
    expect(await call("POST", "/v3/payments", { ...pay, amount: 1 }, t)).toEqual({ status: 403, body: err("BDC_1150", "User cannot make online payments.", "DOWNSTREAM") });
  });
});

describe("unknown and unimplemented calls", () => {
  it("answers unknown paths with BILL's 404 BDC_1121 and known-but-unemulated ones with 501, never success", async () => {
    const { call, login } = make();
    const h = await login();
    expect(await call("GET", "/v3/vendorz", undefined, h)).toEqual({ status: 404, body: err("BDC_1121", "API not supported.", "REQUEST") });
    expect(await call("POST", "/v3/mfa/challenge", {}, h)).toEqual({ status: 501, body: err("BDC_1121", "API not supported. Not implemented in the intacct-sync BILL sandbox: POST /v3/mfa/challenge", "REQUEST") });
    expect((await call("DELETE", "/v3/vendors/009EDEMO000000000001", undefined, h)).status).toBe(501);
    expect((await call("POST", "/v3/receivable-payments", {}, h)).status).toBe(501);
    expect((await call("PUT", "/v3/vendors/009EDEMO000000000001", {}, h)).status).toBe(501);
    const res = await make().admin.request("/admin/nothing");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { status: 404, code: "NOT_IMPLEMENTED", message: "Not implemented in the BILL sandbox admin API: GET /admin/nothing" } });
  });
});

describe("admin API", () => {
  it("reads records, edits them as a person would, moves payments and the clock, and resets", async () => {
    const { admin, call, login } = make();
    const json = async (path: string, body?: unknown, method = body === undefined ? "GET" : "POST") => (await (await admin.request(`/admin${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })).json()) as Record<string, unknown>;
    const bills = (await json(`/orgs/${east.organizationId}/records/bills`)) as { results: Array<{ id: string }> };
    expect(bills.results).toHaveLength(6);
    await json(`/orgs/${east.organizationId}/records/bills/00nEDEMO000000000005`, { approvalStatus: "APPROVED" }, "PATCH");
    const payments = (await json(`/orgs/${east.organizationId}/records/payments`)) as { results: Array<{ id: string; singleStatus: string }> };
    const scheduled = payments.results.find((p) => p.singleStatus === "SCHEDULED");
    expect(await json(`/orgs/${east.organizationId}/payments/${scheduled?.id ?? ""}/status`, { singleStatus: "VOIDED" })).toMatchObject({ singleStatus: "VOIDED", status: "VOIDED" });
    expect(await json("/clock", { advanceMs: 1000 })).toMatchObject({ ms: START + 1000 });
    const h = await login();
    expect((await call("GET", "/v3/bills/00nEDEMO000000000005", undefined, h)).body).toMatchObject({ approvalStatus: "APPROVED" });
    expect(await json("/counters")).toMatchObject({ logins: 1, sessions: 1 });
    await json("/reset", { seed: "none" });
    expect(await json("/orgs")).toEqual({ devKeys: [], organizations: [] });
    await json("/seed", billDemoSeed({ now: START }));
    expect(((await json("/orgs")) as { organizations: unknown[] }).organizations).toHaveLength(2);
  });
});

describe("seeds", () => {
  it("the committed JSON Schema is the one generated from the seed schema", () => {
    const file = JSON.parse(readFileSync(new URL("../../../schemas/bill-sandbox-seed.schema.json", import.meta.url), "utf8")) as unknown;
    expect(file).toEqual(billSeedJsonSchema());
  });

  it("names the organization, object and index of a bad seed record", () => {
    const { state } = make();
    const seed = parseBillSeed({ devKeys: [], organizations: [{ id: "008BAD", name: "Bad", users: [], records: { vendors: [{ name: "ok", accountType: "NONE" }, { accountType: "NONE" }] } }] });
    expect(() => loadSeedChoice(state, seed)).toThrow("seed: organization 008BAD vendors[1]: name: must not be blank");
    expect(() => parseBillSeed({ devKeys: [], organizations: [{ id: "123", name: "x", users: [] }] })).toThrow("seed: organizations.0.id: organization ids start with 008");
  });

  it("the demo seed is deterministic for a given month", () => {
    expect(billDemoSeed({ now: START })).toEqual(billDemoSeed({ now: START + 86_400_000 }));
  });
});

describe("over a real port", () => {
  it("drops the connection on a drop fault and keeps state in a data directory across restarts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bill-sandbox-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const sb = await createBillSandbox({ dataDir: dir });
    const login = (await (await fetch(`${sb.url}/v3/login`, { method: "POST", body: JSON.stringify({ username: east.username, password: east.password, organizationId: east.organizationId, devKey: east.devKey }) })).json()) as { sessionId: string };
    const headers = { devKey: east.devKey, sessionId: login.sessionId, "content-type": "application/json" };
    await fetch(`${sb.adminUrl}/faults`, { method: "POST", body: JSON.stringify({ kind: "drop_after", method: "POST", path: "^/v3/vendors$", times: 1 }) });
    await expect(fetch(`${sb.url}/v3/vendors`, { method: "POST", headers, body: JSON.stringify({ name: "Persisted", accountType: "NONE" }) })).rejects.toThrow();
    await sb.close();
    const again = await createBillSandbox({ dataDir: dir, seed: "none" });
    cleanups.push(() => again.close());
    const page = (await (await fetch(`${again.url}/v3/vendors?filters=name:eq:Persisted`, { headers })).json()) as { results: Array<{ name: string }> };
    expect(page.results.map((v) => v.name)).toEqual(["Persisted"]);
    expect(again.adminUrl.startsWith("http://127.0.0.1:")).toBe(true);
  });
});
