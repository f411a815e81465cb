/**
 * The client's behaviour under BILL's limits and failures, against the sandbox: session expiry
 * and re-login, the 3-request concurrency limit, retries of transient errors only, no blind
 * retry of a write after an uncertain outcome, the login budget, and redaction of secrets.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { ManualClock } from "../domain/clock.js";
import { MemoryLogger } from "../domain/logger.js";
import { SecretRegistry } from "../domain/redact.js";
import type { BillSandbox } from "../sandbox/bill/index.js";
import { billAdmin, caught, collect, demoLogin, startBillSandbox } from "../sandbox/bill/testing.js";
import type { BillClientOptions } from "./client.js";
import { KeyedSemaphore } from "./concurrency.js";
import { type BillClient, createBillClient, createBillSharedState } from "./endpoints.js";
import { BillError } from "./errors.js";
import { withMarker } from "./marker.js";
import { SlidingWindowLoginBudget } from "./session.js";

let sb: BillSandbox;
let org: string;

interface Counters {
  requests: number;
  logins: number;
  errors: Record<string, number>;
  maxConcurrent: Record<string, number>;
  calls: Record<string, number>;
}

function client(overrides: Partial<BillClientOptions> = {}): { bill: BillClient; logger: MemoryLogger; sleeps: number[] } {
  const l = demoLogin(sb);
  const logger = new MemoryLogger();
  const sleeps: number[] = [];
  const bill = createBillClient({
    baseUrl: sb.url,
    credentials: { organizationId: l.organizationId, username: l.username, password: l.password, devKey: l.devKey },
    logger,
    random: () => 0.5,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...overrides,
  });
  return { bill, logger, sleeps };
}

const counters = () => billAdmin<Counters>(sb, "/counters");
const fault = (f: Record<string, unknown>) => billAdmin(sb, "/faults", f);

beforeAll(async () => {
  sb = await startBillSandbox();
  org = demoLogin(sb).organizationId;
});
afterAll(async () => {
  await sb.close();
});
beforeEach(async () => {
  await billAdmin(sb, "/reset", {});
});

describe("sessions", () => {
  it("logs in once and reuses the session for every call", async () => {
    const { bill } = client();
    await Promise.all([collect(bill.vendors.list()), collect(bill.bills.list()), collect(bill.customers.list())]);
    expect((await counters()).logins).toBe(1);
    expect(bill.stats.logins).toBe(1);
  });

  it("logs in again on BDC_1109 after 35 idle minutes and replays the call once", async () => {
    const { bill, logger } = client();
    await bill.vendors.listPage({ max: 1 });
    await billAdmin(sb, "/clock", { advanceMs: 35 * 60_000 + 1 });
    const page = await bill.vendors.listPage({ max: 1 });
    expect(page.results).toHaveLength(1);
    expect(bill.stats).toMatchObject({ logins: 2, reloginsAfterExpiry: 1, retries: 0 });
    const c = await counters();
    expect(c.errors["BDC_1109"]).toBe(1);
    expect(logger.events.map((e) => e.event)).toContain("bill.session_expired");
  });

  it("replays a create after BDC_1109 without creating it twice (BILL refused it before running it)", async () => {
    const { bill } = client();
    await bill.login();
    await billAdmin(sb, "/sessions/expire", {});
    const v = await bill.vendors.create({ name: "After expiry", accountType: "NONE" });
    const all = await collect(bill.vendors.list({ filters: [{ field: "name", op: "eq", value: "After expiry" }] }));
    expect(all.map((x) => x.id)).toEqual([v.id]);
  });

  it("refreshes proactively before the idle limit by its own clock, with no BDC_1109", async () => {
    const clock = new ManualClock(Date.now());
    const { bill } = client({ clock });
    await bill.vendors.listPage({ max: 1 });
    clock.advance(31 * 60_000);
    await bill.vendors.listPage({ max: 1 });
    expect(bill.stats.logins).toBe(2);
    expect((await counters()).errors["BDC_1109"]).toBeUndefined();
  });

  it("never logs in past its login budget", async () => {
    const budget = new SlidingWindowLoginBudget(1);
    const { bill } = client({ loginBudget: budget });
    await bill.vendors.listPage({ max: 1 });
    await billAdmin(sb, "/sessions/expire", {});
    const err = await caught(() => bill.vendors.listPage({ max: 1 }));
    expect(err).toMatchObject({ kind: "rate_limit" });
    expect((err as BillError).message).toMatch(/^BILL login budget exhausted: at most 200 logins per dev key per hour; next login in \d+ s$/);
    expect((await counters()).logins).toBe(1);
  });

  it("answers bad credentials with BILL's exact texts and no retry", async () => {
    const l = demoLogin(sb);
    const wrongPw = createBillClient({ baseUrl: sb.url, credentials: { ...l, password: "not-it" }, sleep: () => Promise.resolve() });
    expect(await caught(() => wrongPw.vendors.listPage())).toMatchObject({ kind: "auth", bdcCode: "BDC_1101", status: 401, message: "BILL POST /v3/login failed (HTTP 401): BDC_1101 User name and/or password do not match our records." });
    const wrongKey = createBillClient({ baseUrl: sb.url, credentials: { ...l, devKey: "NOT-A-KEY" }, sleep: () => Promise.resolve() });
    expect(await caught(() => wrongKey.vendors.listPage())).toMatchObject({ kind: "auth", bdcCode: "BDC_1102", message: "BILL POST /v3/login failed (HTTP 401): BDC_1102 Developer key is invalid." });
    expect((await counters()).calls["POST /v3/login"]).toBe(2);
  });
});

describe("the 3-concurrent-requests limit", () => {
  it("the client never has more than 3 requests in flight per organization", async () => {
    const { bill } = client();
    await bill.login();
    await fault({ kind: "latency", latencyMs: 40, path: "^/v3/vendors/" });
    const vendors = await collect(bill.vendors.list());
    await Promise.all(Array.from({ length: 12 }, (_, i) => bill.vendors.get(vendors[i % vendors.length]?.id ?? "")));
    const c = await counters();
    expect(c.maxConcurrent[org]).toBe(3);
    expect(c.errors["BDC_1322"]).toBeUndefined();
  });

  it("two clients sharing one state stay within the limit together and share one session", async () => {
    const shared = createBillSharedState();
    const a = client(shared).bill;
    const b = client(shared).bill;
    await fault({ kind: "latency", latencyMs: 30, path: "^/v3/bills" });
    await Promise.all([...Array.from({ length: 5 }, () => a.bills.listPage({ max: 1 })), ...Array.from({ length: 5 }, () => b.bills.listPage({ max: 1 }))]);
    const c = await counters();
    expect(c.maxConcurrent[org]).toBe(3);
    expect(c.logins).toBe(1);
  });

  it("the sandbox answers a 4th simultaneous request with BDC_1322", async () => {
    const l = demoLogin(sb);
    const login = (await (await fetch(`${sb.url}/v3/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: l.username, password: l.password, organizationId: l.organizationId, devKey: l.devKey }) })).json()) as { sessionId: string };
    await fault({ kind: "latency", latencyMs: 150, path: "^/v3/vendors$" });
    const call = () => fetch(`${sb.url}/v3/vendors?max=1`, { headers: { devKey: l.devKey, sessionId: login.sessionId } });
    const first = [call(), call(), call()];
    await new Promise((r) => setTimeout(r, 50));
    const fourth = await call();
    expect(fourth.status).toBe(429);
    const body = (await fourth.json()) as Array<Record<string, unknown>>;
    expect(body).toEqual([{ timestamp: expect.any(String) as string, code: "BDC_1322", severity: "ERROR", category: "DOWNSTREAM", message: "Max number of concurrent requests per organization reached." }]);
    expect((await Promise.all(first)).map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it("retries BDC_1322 even for creates, and creates each record once", async () => {
    // A real (short) sleep and a generous attempt budget: with an instant sleep the outcome would
    // depend on how fast this machine retries while the sandbox's three slots are still held.
    const { bill } = client({
      gate: new KeyedSemaphore(6),
      retry: { maxAttempts: 100 },
      sleep: () => new Promise((resolve) => setTimeout(resolve, 10)),
    });
    await bill.login();
    await fault({ kind: "latency", latencyMs: 30, path: "^/v3/vendors$", method: "POST" });
    const made = await Promise.all(Array.from({ length: 6 }, (_, i) => bill.vendors.create({ name: `Burst ${i}`, accountType: "NONE" })));
    expect(new Set(made.map((v) => v.id)).size).toBe(6);
    const c = await counters();
    expect(c.errors["BDC_1322"]).toBeGreaterThan(0);
    expect(bill.stats.retries).toBe(c.errors["BDC_1322"]);
    const burst = await collect(bill.vendors.list({ filters: [{ field: "name", op: "sw", value: "Burst " }] }));
    expect(burst).toHaveLength(6);
  });
});

describe("retries", () => {
  it("retries a read after 5xx answers and succeeds", async () => {
    const { bill, sleeps } = client();
    await fault({ kind: "error_before", status: 503, path: "^/v3/bills$", times: 2 });
    const page = await bill.bills.listPage({ max: 2 });
    expect(page.results).toHaveLength(2);
    expect(bill.stats.retries).toBe(2);
    expect(sleeps).toEqual([125, 250]);
    expect((await counters()).calls["GET /v3/bills"]).toBe(3);
  });

  it("retries a read after a dropped connection", async () => {
    const { bill } = client();
    await fault({ kind: "drop_before", path: "^/v3/customers$", times: 1 });
    expect((await bill.customers.listPage()).results.length).toBeGreaterThan(0);
    expect(bill.stats.retries).toBe(1);
  });

  it("gives up after maxAttempts with a transient error", async () => {
    const { bill } = client({ retry: { maxAttempts: 3 } });
    await fault({ kind: "error_before", status: 502, path: "^/v3/vendors$" });
    expect(await caught(() => bill.vendors.listPage())).toMatchObject({ kind: "transient", status: 502, bdcCode: "BDC_1001" });
    expect((await counters()).calls["GET /v3/vendors"]).toBe(3);
  });

  it("does not retry validation errors, and reports BILL's exact field texts", async () => {
    const { bill } = client();
    expect(await caught(() => bill.customers.create({ name: "No mail", email: "" }))).toMatchObject({ kind: "validation", status: 400, bdcCode: undefined, message: "BILL POST /v3/customers failed (HTTP 400): email: must not be blank" });
    expect(await caught(() => bill.invoices.create({ invoiceLineItems: [{ quantity: 1, price: 1 }] } as never))).toMatchObject({ message: "BILL POST /v3/invoices failed (HTTP 400): customer: The customer field is required" });
    expect(bill.stats.retries).toBe(0);
    expect((await counters()).calls["POST /v3/customers"]).toBe(1);
  });
});

describe("uncertain outcomes of writes", () => {
  async function vendorId(bill: BillClient): Promise<string> {
    return (await bill.vendors.listPage({ max: 1 })).results[0]?.id ?? "";
  }

  it("a 5xx after BILL committed a create is an uncertain outcome, never retried; the marker settles it", async () => {
    const { bill, logger } = client();
    const vendor = await vendorId(bill);
    await fault({ kind: "error_after", status: 500, method: "POST", path: "^/v3/bills$", times: 1 });
    const err = await caught(() => bill.bills.create({ vendorId: vendor, dueDate: "2026-12-31", invoice: { invoiceNumber: "U-1", invoiceDate: "2026-12-01" }, description: withMarker("uncertain", "op-u1"), billLineItems: [{ amount: 10 }] }));
    expect(err).toBeInstanceOf(BillError);
    expect(err).toMatchObject({ kind: "uncertain_outcome", code: "BILL_UNCERTAIN_OUTCOME", status: 500, idempotent: false });
    expect((err as Error).message).toContain("settle it with a lookup before repeating it");
    expect((await counters()).calls["POST /v3/bills"]).toBe(1);
    const found = await bill.bills.findByMarker("op-u1", { filters: [{ field: "vendorId", op: "eq", value: vendor }] });
    expect(found?.invoice.invoiceNumber).toBe("U-1");
    expect(logger.events.some((e) => e.event === "bill.failed" && e.level === "warn")).toBe(true);
  });

  it("a connection dropped after commit is an uncertain outcome too, with exactly one record", async () => {
    const { bill } = client();
    const vendor = await vendorId(bill);
    await fault({ kind: "drop_after", method: "POST", path: "^/v3/bills$", times: 1 });
    expect(await caught(() => bill.bills.create({ vendorId: vendor, dueDate: "2026-12-31", invoice: { invoiceNumber: "U-2", invoiceDate: "2026-12-01" }, description: withMarker("", "op-u2"), billLineItems: [{ amount: 10 }] }))).toMatchObject({ kind: "uncertain_outcome" });
    const matches = await collect(bill.bills.list({ filters: [{ field: "vendorId", op: "eq", value: vendor }] }));
    expect(matches.filter((b) => b.invoice.invoiceNumber === "U-2")).toHaveLength(1);
  });

  it("a 5xx before commit looks the same to the client; the lookup finds nothing, so the caller may create again", async () => {
    const { bill } = client();
    const vendor = await vendorId(bill);
    await fault({ kind: "error_before", status: 503, method: "POST", path: "^/v3/bills$", times: 1 });
    expect(await caught(() => bill.bills.create({ vendorId: vendor, dueDate: "2026-12-31", invoice: { invoiceNumber: "U-3", invoiceDate: "2026-12-01" }, description: withMarker("", "op-u3"), billLineItems: [{ amount: 10 }] }))).toMatchObject({ kind: "uncertain_outcome", status: 503 });
    expect(await bill.bills.findByMarker("op-u3")).toBeUndefined();
  });

  it("a timed-out create is uncertain and the record exists once BILL finishes", async () => {
    const { bill } = client({ timeoutMs: 60 });
    const vendor = await vendorId(bill);
    await fault({ kind: "latency", latencyMs: 200, method: "POST", path: "^/v3/payments$", times: 1 });
    const target = (await collect(bill.bills.list({ filters: [{ field: "paymentStatus", op: "eq", value: "UNPAID" }] })))[0];
    expect(await caught(() => bill.payments.create({ billId: target?.id ?? "", amount: 5, fundingAccount: { type: "BANK_ACCOUNT", id: "b" }, processingOptions: {}, description: withMarker("t", "op-t1", 70) }))).toMatchObject({ kind: "uncertain_outcome" });
    await new Promise((r) => setTimeout(r, 250));
    expect(await bill.payments.findByMarker("op-t1")).toMatchObject({ amount: 5 });
    expect((await counters()).calls["POST /v3/payments"]).toBe(1);
    void vendor;
  });

  it("idempotent writes (archive, PATCH) are retried after a 5xx", async () => {
    const { bill } = client();
    const vendor = await vendorId(bill);
    await fault({ kind: "error_after", status: 500, method: "POST", path: "/archive$", times: 1 });
    expect((await bill.vendors.archive(vendor)).archived).toBe(true);
    expect(bill.stats.retries).toBe(1);
  });
});

describe("redaction", () => {
  it("no password, dev key or session id appears in any log line or error", async () => {
    const l = demoLogin(sb);
    const secrets = new SecretRegistry();
    const logger = new MemoryLogger();
    const errors: unknown[] = [];
    const opts = { baseUrl: sb.url, logger, secrets, sleep: () => Promise.resolve(), random: () => 0 };
    const good = createBillClient({ ...opts, credentials: l });
    const bad = createBillClient({ ...opts, credentials: { ...l, password: `${l.password}-wrong` } });
    await fault({ kind: "error_before", status: 503, path: "^/v3/vendors$", times: 1 });
    await fault({ kind: "error_after", status: 500, method: "POST", path: "^/v3/customers$", times: 1 });
    await good.vendors.listPage();
    for (const f of [() => bad.vendors.listPage(), () => good.customers.create({ name: l.password, email: l.devKey }), () => good.vendors.get(`x${l.devKey}`)]) errors.push(await caught(f));
    await billAdmin(sb, "/sessions/expire", {});
    await good.bills.listPage({ max: 1 });
    const sessionId = (await good.core.session()).sessionId;
    const everything = JSON.stringify(logger.events) + errors.map((e) => (e instanceof BillError ? `${e.message} ${JSON.stringify(e.errors)} ${String((e.cause as Error | undefined)?.message)} ${e.request ?? ""}` : String(e))).join("\n");
    expect(logger.events.length).toBeGreaterThan(3);
    expect(errors.map((e) => (e as BillError).kind)).toEqual(["auth", "uncertain_outcome", "not_found"]);
    for (const secret of [l.password, `${l.password}-wrong`, l.devKey, sessionId]) expect(everything).not.toContain(secret);
    expect(everything).toContain("REDACTED");
  });
});
