import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { ManualClock } from "../domain/clock.js";
import { InProcessBudget } from "./budget.js";
import { createIntacctClient, type IntacctClient, type IntacctClientOptions } from "./client.js";
import { controlIdFor } from "./control-id.js";
import { IntacctAuthenticationError, IntacctControlError, IntacctError, IntacctTransportError, IntacctUsageError } from "./errors.js";
import { create, readByName } from "./functions/generic.js";
import { reconcileByName } from "./reconcile.js";
import { fakeCredentials, FAKE_PASSWORDS, SecretCapture } from "./test-support/capture.js";
import { type FakeGateway, startFakeGateway } from "./test-support/fake-gateway.js";

const capture = new SecretCapture();
let gw: FakeGateway;
let clients: IntacctClient[] = [];
let delays: number[] = [];

function client(overrides: Partial<IntacctClientOptions> = {}, entityId?: string): IntacctClient {
  const c = createIntacctClient({
    credentials: fakeCredentials(gw, entityId === undefined ? {} : { entityId }),
    logger: capture,
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    ...overrides,
  });
  clients.push(c);
  return c;
}

const vendor = (id: string) => create("VENDOR", { VENDORID: id, NAME: `Vendor ${id}` }, { controlId: controlIdFor(["vendor", id]) });

beforeEach(async () => {
  gw = await startFakeGateway();
  delays = [];
});

afterEach(async () => {
  for (const c of clients) await c.close();
  clients = [];
  await gw.close();
});


const sessionIdsSeen: string[] = [];
afterEach(() => {
  for (const r of gw.requests) if (r.operation.authentication.kind === "session") sessionIdsSeen.push(r.operation.authentication.sessionId);
});

describe("Intacct client against a scripted gateway", () => {
  it("logs in once and reuses the session for later calls", async () => {
    const c = client();
    await c.execute(vendor("V1"));
    await c.execute(readByName("VENDOR", ["V1"]));
    expect(gw.stats.logins).toBe(1);
    expect(gw.requests.filter((r) => r.operation.authentication.kind === "login")).toHaveLength(1);
    expect(gw.requests.at(-1)?.operation.authentication.kind).toBe("session");
  });

  it("shares one login among concurrent callers (single flight)", async () => {
    const c = client();
    await Promise.all(Array.from({ length: 8 }, (_, i) => c.execute(readByName("VENDOR", [`V${i}`]))));
    expect(gw.stats.logins).toBe(1);
    expect(c.loginCount).toBe(1);
  });

  it("retries a read on 502 and 503 with backoff, then succeeds", async () => {
    gw.faults.push({ kind: "status", status: 502, fn: "readByName" }, { kind: "status", status: 503, fn: "readByName" });
    const c = client();
    const res = await c.execute(readByName("VENDOR", ["V1"]));
    expect(res.status).toBe("success");
    expect(delays).toEqual([500, 1000]); // full jitter with random()=0.5 over ceilings 1 s, 2 s
    expect(gw.requests.filter((r) => r.operation.functions[0]?.body.name === "readByName")).toHaveLength(3);
  });

  it("honours Retry-After on HTTP 429 (seconds) and retries the write with the same control id", async () => {
    gw.faults.push({ kind: "status", status: 429, fn: "create", headers: { "retry-after": "3" }, body: gw429Body() });
    const c = client();
    const res = await c.execute(vendor("V429"));
    expect(res.records[0]?.["VENDORID"]).toBe("V429");
    expect(delays).toEqual([3000]);
    const creates = gw.requests.filter((r) => r.operation.functions[0]?.body.name === "create");
    expect(creates.map((r) => r.operation.functions[0]?.controlId)).toEqual([controlIdFor(["vendor", "V429"]), controlIdFor(["vendor", "V429"])]);
    expect(creates.every((r) => r.control.uniqueId === true)).toBe(true);
  });

  it("classifies an XML GW-0010 429 body as rate_limit and gives up after maxAttempts", async () => {
    for (let i = 0; i < 3; i++) gw.faults.push({ kind: "status", status: 429, fn: "readByName", body: gw429Body() });
    const c = client({ retry: { maxAttempts: 3 } });
    const e = await capture.catching(() => c.execute(readByName("VENDOR", ["V1"]))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(IntacctControlError);
    expect(e).toMatchObject({ code: "RATE_LIMITED", category: "rate_limit", errorno: "GW-0010", httpStatus: 429 });
    expect(delays).toHaveLength(2);
  });

  it("retries a single function that failed for a retryable reason inside a 200 response, same control id", async () => {
    gw.faults.push({ kind: "function-error", fn: "create", error: { errorno: "", description: "", description2: "The Service is Temporarily Off-line", correction: "" } });
    const res = await client().execute(vendor("V-OFFLINE"));
    expect(res.records[0]?.["VENDORID"]).toBe("V-OFFLINE");
    const creates = gw.requests.filter((r) => r.operation.functions[0]?.body.name === "create");
    expect(creates.map((r) => r.operation.functions[0]?.controlId)).toEqual([controlIdFor(["vendor", "V-OFFLINE"]), controlIdFor(["vendor", "V-OFFLINE"])]);
    expect(gw.records.get("VENDOR")).toHaveLength(1);
  });

  it("does not retry a function-level data error", async () => {
    gw.faults.push({ kind: "function-error", fn: "create", error: { errorno: "BL01001973", description: "", description2: "Required field Vendor ID is missing", correction: "" } });
    const e = await capture.catching(() => client().execute(vendor("V-BAD"))).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: "REQUIRED_FIELD_MISSING", category: "data", level: "function", side: "user" });
    expect(delays).toEqual([]);
  });

  it("does not retry a write that got HTTP 524 and reports the outcome as uncertain", async () => {
    gw.faults.push({ kind: "status", status: 524, fn: "create" });
    const c = client();
    const e = await capture.catching(() => c.execute(vendor("V524"))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(IntacctTransportError);
    expect(e).toMatchObject({ uncertain: true, category: "uncertain_outcome", httpStatus: 524 });
    expect(gw.requests.filter((r) => r.operation.functions[0]?.body.name === "create")).toHaveLength(1);
  });

  it("retries a read that got HTTP 524 (reads are safe to repeat)", async () => {
    gw.faults.push({ kind: "status", status: 524, fn: "readByName" });
    const res = await client().execute(readByName("VENDOR", ["V1"]));
    expect(res.status).toBe("success");
  });

  it("times out a slow request with AbortSignal and retries it", async () => {
    gw.faults.push({ kind: "delay", ms: 1500, fn: "readByName" });
    const c = client({ timeoutMs: 200 });
    const res = await c.execute(readByName("VENDOR", ["V1"]));
    expect(res.status).toBe("success");
    expect(capture.events.some((ev) => ev.event === "intacct.retry" && ev.fields?.["code"] === "TIMEOUT")).toBe(true);
  });

  it("surfaces a timeout as TIMEOUT when no attempt is left", async () => {
    gw.faults.push({ kind: "delay", ms: 1500, fn: "readByName" });
    const c = client({ timeoutMs: 150, retry: { maxAttempts: 1 } });
    const e = await capture.catching(() => c.execute(readByName("VENDOR", ["V1"]))).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: "TIMEOUT", category: "transient" });
  });

  it("stops at once when the caller aborts", async () => {
    gw.faults.push({ kind: "delay", ms: 1500, fn: "readByName" });
    const c = client();
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error("stop")), 50);
    const e = await capture.catching(() => c.execute(readByName("VENDOR", ["V1"]), { signal: ac.signal })).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: "ABORTED" });
    expect(delays).toEqual([]);
  });

  it("an abort while waiting to retry ends the call as ABORTED", async () => {
    gw.faults.push({ kind: "status", status: 503, fn: "readByName" });
    const c = createIntacctClient({ credentials: fakeCredentials(gw), logger: capture, retry: { baseDelayMs: 10_000 }, random: () => 0.99 });
    clients.push(c);
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(new Error("user cancelled")), 100);
    const e = await capture.catching(() => c.execute(readByName("VENDOR", ["V1"]), { signal: ac.signal })).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: "ABORTED", uncertain: false });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("renews an expired session (gateway says Invalid session) and replays the call once", async () => {
    const c = client();
    await c.execute(readByName("VENDOR", ["V1"]));
    gw.expireSessions();
    const res = await c.execute(vendor("V-after-expiry"));
    expect(res.records[0]?.["VENDORID"]).toBe("V-after-expiry");
    expect(gw.stats.logins).toBe(2);
    expect(gw.records.get("VENDOR")).toHaveLength(1);
    expect(capture.events.some((ev) => ev.event === "intacct.session.invalidated")).toBe(true);
  });

  it("renews a session proactively when the injected clock passes its sessiontimeout", async () => {
    const clock = new ManualClock(Date.now());
    await gw.close();
    gw = await startFakeGateway({ now: () => clock.now(), sessionLifetimeMs: 10 * 60_000 });
    const c = client({ clock });
    await c.execute(readByName("VENDOR", ["V1"]));
    clock.advance(9 * 60_000 + 30_000); // within the 60 s renewal margin
    await c.execute(readByName("VENDOR", ["V1"]));
    expect(gw.stats.logins).toBe(2);
    expect(capture.events.some((ev) => ev.event === "intacct.session.expired")).toBe(true);
  });

  it("opens entity sessions with locationid and switches entity per call", async () => {
    const c = client();
    const east = c.forEntity("EAST");
    await east.execute(vendor("V-EAST"));
    await c.execute(vendor("V-TOP"));
    const logins = gw.requests.filter((r) => r.operation.authentication.kind === "login");
    expect(logins.map((r) => (r.operation.authentication.kind === "login" ? (r.operation.authentication.locationId ?? "") : "?"))).toEqual(["EAST", ""]);
    expect(gw.records.get("VENDOR")?.map((r) => [r["VENDORID"], r["MEGAENTITYID"]])).toEqual([
      ["V-EAST", "EAST"],
      ["V-TOP", ""],
    ]);
    expect((await east.session()).entityId).toBe("EAST");
    expect((await c.session()).entityId).toBe("");
  });

  it("MUST SHOW: a create committed but its response lost is retried with the same control id and reconciled — exactly one record", async () => {
    gw.faults.push({ kind: "drop-after-commit", fn: "create" });
    const c = client();
    const res = await c.execute(vendor("V-LOST"), { reconcile: reconcileByName("VENDOR", ["V-LOST"]) });
    expect(res.reconciled).toBe(true);
    expect(res.records).toHaveLength(1);
    expect(res.records[0]?.["VENDORID"]).toBe("V-LOST");
    expect(gw.records.get("VENDOR")).toHaveLength(1);
    expect(gw.stats.executedWrites).toBe(1);
    const creates = gw.requests.filter((r) => r.operation.functions[0]?.body.name === "create");
    expect(creates).toHaveLength(2);
    expect(new Set(creates.map((r) => r.operation.functions[0]?.controlId)).size).toBe(1);
    expect(creates.every((r) => r.control.uniqueId === true)).toBe(true);
    expect(capture.events.some((ev) => ev.event === "intacct.write.already_recorded")).toBe(true);
  });

  it("a write that timed out is retried with the same control id; the late original then finds it already recorded — one record", async () => {
    gw.faults.push({ kind: "delay", ms: 600, fn: "create" });
    const c = client({ timeoutMs: 150 });
    const res = await c.execute(vendor("V-SLOW"), { reconcile: reconcileByName("VENDOR", ["V-SLOW"]) });
    expect(res.records[0]?.["VENDORID"]).toBe("V-SLOW");
    await new Promise((r) => setTimeout(r, 700)); // let the delayed original run on the server
    expect(gw.records.get("VENDOR")).toHaveLength(1);
    const creates = gw.requests.filter((r) => r.operation.functions[0]?.body.name === "create");
    expect(new Set(creates.map((r) => r.operation.functions[0]?.controlId)).size).toBe(1);
  });

  it("a 502 after commit on a write is also retried with the same id and reconciled", async () => {
    gw.faults.push({ kind: "status-after-commit", status: 502, fn: "create" });
    const res = await client().execute(vendor("V-502"), { reconcile: reconcileByName("VENDOR", ["V-502"]) });
    expect(res.reconciled).toBe(true);
    expect(gw.records.get("VENDOR")).toHaveLength(1);
  });

  it("without a reconciler, 'already recorded' surfaces as a duplicate_control_id function error", async () => {
    const c = client();
    await c.execute(vendor("V-DUP"));
    const e = await capture.catching(() => c.execute(vendor("V-DUP"))).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: "DUPLICATE_CONTROL_ID", category: "duplicate_control_id", level: "function" });
    expect(gw.records.get("VENDOR")).toHaveLength(1);
  });

  it("rejects wrong user credentials at the authentication level without retrying", async () => {
    const c = createIntacctClient({ credentials: fakeCredentials(gw, { userPassword: "Wr0ng-Pa55word!" }), logger: capture, sleep: () => Promise.resolve() });
    clients.push(c);
    const e = await capture.catching(() => c.execute(readByName("VENDOR", ["V1"]))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(IntacctAuthenticationError);
    expect(e).toMatchObject({ code: "LOGIN_INVALID", category: "auth", side: "user" });
    expect(gw.requests).toHaveLength(1);
    expect(String((e as Error).message)).not.toContain("Wr0ng-Pa55word!");
    expect(capture.leaks(["Wr0ng-Pa55word!"])).toEqual([]);
  });

  it("rejects a wrong sender at the control level", async () => {
    const c = createIntacctClient({ credentials: fakeCredentials(gw, { senderPassword: "Wr0ng-S3nder!" }), logger: capture });
    clients.push(c);
    const e = await capture.catching(() => c.execute(readByName("VENDOR", ["V1"]))).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: "SENDER_INVALID", level: "control", description2: "Incorrect Intacct XML Partner ID or password." });
    expect(capture.leaks(["Wr0ng-S3nder!"])).toEqual([]);
  });
});

describe("batches", () => {
  it("splits 150 functions into two requests and returns one outcome per function in order", async () => {
    const c = client();
    const fns = Array.from({ length: 150 }, (_, i) => vendor(`B${i}`));
    const out = await c.executeBatch(fns);
    expect(out).toHaveLength(150);
    expect(out.every((o) => o.ok)).toBe(true);
    expect(out.map((o) => (o.ok ? o.result.records[0]?.["VENDORID"] : undefined))).toEqual(fns.map((_, i) => `B${i}`));
    expect(gw.requests.filter((r) => r.operation.functions[0]?.body.name === "create").map((r) => r.operation.functions.length)).toEqual([100, 50]);
  });

  it("never throws halfway: a request-level failure becomes every function's outcome", async () => {
    const c = client({ retry: { maxAttempts: 1 } });
    await c.session();
    gw.faults.push({ kind: "status", status: 400, fn: "create", body: "nope", headers: { "content-type": "text/plain" } });
    const out = await c.executeBatch([vendor("X1"), vendor("X2")]);
    expect(out.map((o) => o.ok)).toEqual([false, false]);
    for (const o of out) if (!o.ok) capture.error(o.error);
  });

  it("reports per-function failures and successes side by side", async () => {
    const c = client();
    await c.execute(vendor("EXISTS"));
    const out = await c.executeBatch([create("VENDOR", { VENDORID: "EXISTS", NAME: "again" }, { controlId: "dup-create" }), vendor("NEW")]);
    expect(out[0]).toMatchObject({ ok: false, error: { code: "DUPLICATE_RECORD", category: "data", errorno: "BL34000061" } });
    expect(out[1]?.ok).toBe(true);
    if (out[0] !== undefined && !out[0].ok) capture.error(out[0].error);
  });

  it("sends transaction=true and refuses a transaction that does not fit one request", async () => {
    const c = client();
    await c.executeBatch([vendor("T1"), vendor("T2")], { transaction: true });
    expect(gw.requests.at(-1)?.operation.transaction).toBe(true);
    const many = Array.from({ length: 101 }, (_, i) => vendor(`TT${i}`));
    await expect(c.executeBatch(many, { transaction: true })).rejects.toBeInstanceOf(IntacctUsageError);
  });
});

describe("budget and paging over HTTP", () => {
  it("never has more than 2 requests in flight for one company", async () => {
    await gw.close();
    gw = await startFakeGateway({ latencyMs: 40 });
    const budget = new InProcessBudget({ perCompany: 2 });
    const a = client({ budget });
    const b = client({ budget });
    await Promise.all([a.session(), b.session()]);
    await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? a : b).execute(readByName("VENDOR", [`V${i}`]))));
    expect(gw.stats.maxInFlight).toBeLessThanOrEqual(2);
    expect(gw.stats.maxInFlight).toBe(2);
    await budget.close();
  });

  it("pages a query by offset and a readByQuery by resultId until nothing remains", async () => {
    const c = client();
    await c.executeBatch(Array.from({ length: 5 }, (_, i) => vendor(`P${i}`)));
    const ids: string[] = [];
    for await (const r of c.queryRecords({ object: "VENDOR", select: ["VENDORID"], pageSize: 2 })) ids.push(r["VENDORID"] as string);
    expect(ids).toEqual(["P0", "P1", "P2", "P3", "P4"]);
    const pages: number[] = [];
    for await (const p of c.readByQueryPages("VENDOR", { pageSize: 2 })) pages.push(p.records.length);
    expect(pages).toEqual([2, 2, 1]);
    expect(gw.requests.filter((r) => r.operation.functions[0]?.body.name === "readMore")).toHaveLength(2);
  });

  it("pulls 10,000 rows over HTTP with exactly one page in flight ahead of the consumer", async () => {
    gw.records.set("VENDOR", Array.from({ length: 10_000 }, (_, i) => ({ RECORDNO: String(i), VENDORID: `V${i}`, NAME: `Vendor ${i}` })));
    const c = client();
    const queries = () => gw.requests.filter((r) => r.operation.functions[0]?.body.name === "query").length;
    let page = 0;
    let rows = 0;
    for await (const p of c.queryPages({ object: "VENDOR", select: ["RECORDNO", "VENDORID", "NAME"], pageSize: 2000 })) {
      rows += p.records.length;
      await new Promise((r) => setTimeout(r, 30)); // a slow consumer
      // While page n is being consumed, page n+1 has been requested, and nothing beyond it.
      expect(queries()).toBe(Math.min(page + 2, 5));
      page++;
    }
    expect(rows).toBe(10_000);
    expect(queries()).toBe(5);
  });

  it("turns unknown thrown values into IntacctErrors", async () => {
    const c = client({ fetch: () => Promise.reject(new Error("boom")), retry: { maxAttempts: 1 } });
    const e = await capture.catching(() => c.execute(readByName("VENDOR", ["V1"]))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(IntacctError);
    expect(e).toMatchObject({ code: "NETWORK_ERROR" });
  });
});

function gw429Body(): string {
  return '<?xml version="1.0" encoding="UTF-8"?><response><control><status>failure</status></control><errormessage><error><errorno>GW-0010</errorno><description>Too many requests</description><description2></description2><correction></correction></error></errormessage></response>';
}

describe("MUST SHOW: redaction", () => {
  it("a connection refused before sending is retried and reported as transient, not uncertain", async () => {
    const dead = await startFakeGateway();
    const deadUrl = dead.url;
    await dead.close();
    const c = createIntacctClient({
      credentials: { ...fakeCredentials(gw), endpointUrl: deadUrl },
      logger: capture,
      retry: { maxAttempts: 2 },
      sleep: () => Promise.resolve(),
    });
    clients.push(c);
    const e = await capture.catching(() => c.execute(vendor("V-REFUSED"))).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: "NETWORK_ERROR", category: "transient", uncertain: false });
    expect(String((e as Error).message)).toContain("ECONNREFUSED");
  });

  it("no password or session id appears in any log line or error captured by this file", () => {
    expect(capture.events.length).toBeGreaterThan(20);
    expect(capture.errors.length).toBeGreaterThan(8);
    // The scan sees the (redacted) request XML: the non-secret sender ID is there, the secrets are not.
    expect(capture.leaks(["fake_sender"])).toEqual(["fake_sender"]);
    expect(capture.events.some((ev) => typeof ev.fields?.["requestXml"] === "string" && ev.fields["requestXml"].includes("<password>REDACTED</password>"))).toBe(true);
    expect(sessionIdsSeen.length).toBeGreaterThan(10);
    expect(capture.leaks([...FAKE_PASSWORDS, "Wr0ng-Pa55word!", "Wr0ng-S3nder!", ...sessionIdsSeen])).toEqual([]);
  });
});
