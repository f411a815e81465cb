/**
 * The project's own Intacct client (src/intacct) driving the sandbox over HTTP, demo seed, real
 * objects half: tenancy and security (issue 3 §4), protocol semantics (§7), faults and load (§8).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { createIntacctClient, InProcessBudget, type IntacctClient, IntacctError, reconcileByName, resolveCredentials } from "../../intacct/index.js";
import { create, getUserPermissions, readByName, readByQuery } from "../../intacct/functions/index.js";
import { decodeResponse, el, encodeRequest } from "../../intacct/xml/index.js";
import { createIntacctSandbox } from "./create-intacct-sandbox.js";
import { DEMO_FACTS } from "./demo-seed.js";
import type { FaultSettings } from "./faults.js";
import type { IntacctSandbox } from "./sandbox-server.js";

// One demo sandbox for the file (loading the demo takes ~1 s); faults and counters are reset
// after each test and every test writes its own record IDs.
let sandbox: IntacctSandbox;
const clients: IntacctClient[] = [];
beforeAll(async () => {
  sandbox = await createIntacctSandbox({ seed: "demo" });
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  sandbox.faults.clear();
  sandbox.counters.reset();
});
afterAll(async () => {
  await sandbox.close();
});

function start(faults: Partial<FaultSettings> = {}): IntacctSandbox {
  sandbox.faults.update(faults);
  return sandbox;
}

function client(s: IntacctSandbox, o: { userId?: string; password?: string; senderId?: string; senderPassword?: string; entityId?: string; companyId?: string; budget?: number } = {}): IntacctClient {
  const c = createIntacctClient({
    credentials: resolveCredentials({
      senderId: o.senderId ?? DEMO_FACTS.senderId,
      senderPassword: o.senderPassword ?? DEMO_FACTS.senderPassword,
      companyId: o.companyId ?? DEMO_FACTS.companyId,
      userId: o.userId ?? DEMO_FACTS.userId,
      userPassword: o.password ?? DEMO_FACTS.password,
      entityId: o.entityId ?? "",
      endpointUrl: s.endpointUrl,
      allowNonIntacctEndpoint: true,
    }),
    budget: new InProcessBudget({ perCompany: o.budget ?? 2 }),
    retry: { maxAttempts: 8, baseDelayMs: 20, maxDelayMs: 2000 },
  });
  clients.push(c);
  return c;
}

async function failure(work: Promise<unknown>): Promise<IntacctError> {
  try {
    await work;
  } catch (e) {
    if (e instanceof IntacctError) return e;
    throw e;
  }
  throw new Error("expected an IntacctError");
}

describe("tenancy and security (§4) through the client", () => {
  it("signs in at the top level and in each entity; readEntityDetails-style visibility follows the entity", async () => {
    const s = start();
    const top = client(s);
    const atTop = await top.execute(readByQuery("VENDOR", { fields: ["VENDORID"], pageSize: 1 }));
    for (const entityId of DEMO_FACTS.entityIds) {
      const r = await top.execute(readByQuery("VENDOR", { fields: ["VENDORID"], pageSize: 1 }), { entityId });
      expect(r.totalCount ?? 0).toBeGreaterThan(atTop.totalCount ?? 0);
    }
  });

  it("surfaces wrong credentials and an unauthorized sender as authentication errors", async () => {
    const s = start();
    const bad = await failure(client(s, { password: "wrong" }).execute(readByQuery("VENDOR", { pageSize: 1 })));
    expect(bad.level).toBe("authentication");
    expect(bad.description2).toBe("Sign-in information is incorrect");
    const sender = await failure(client(s, { senderId: DEMO_FACTS.unauthorizedSenderId, senderPassword: DEMO_FACTS.unauthorizedSenderPassword }).execute(readByQuery("VENDOR", { pageSize: 1 })));
    expect(sender.description).toBe("Invalid Web Services Authorization");
  });

  it("refuses a user without rights with PL04000005, classified as a permission error", async () => {
    const s = start();
    const c = client(s, { userId: "XML_NO_ROLE", password: DEMO_FACTS.misconfiguredPassword });
    const e = await failure(c.execute(readByQuery("VENDOR", { pageSize: 1 })));
    expect(e.errorno).toBe("PL04000005");
    expect(e.category).toBe("permission");
    expect(e.description2).toMatch(/^You do not have permission for API operation READ_BY_QUERY on objects of type vendor \[Support ID: /);
  });

  it("reports effective permissions and the user's record for the doctor", async () => {
    const s = start();
    const c = client(s);
    const perms = await c.execute(getUserPermissions("XML_NO_AP_REPORTS"));
    const apps = perms.records[0]?.["appSubscription"];
    expect(Array.isArray(apps)).toBe(true);
    const user = await c.execute(readByName("USERINFO", ["XML_Bill.com"], { fields: ["LOGINID", "USERTYPE", "ADMIN", "LOGINDISABLED"] }));
    expect(user.records[0]).toEqual({ LOGINID: "XML_Bill.com", USERTYPE: "business user", ADMIN: "Full", LOGINDISABLED: "true" });
  });
});

describe("protocol semantics (§7) through the client", () => {
  it("rolls back a transaction batch, failing function failure + XL03000009, others aborted", async () => {
    const s = start();
    const c = client(s);
    const outcomes = await c.executeBatch(
      [create("VENDOR", { VENDORID: "TX-1", NAME: "Rolled back" }, { controlId: "tx-a" }), create("VENDOR", { VENDORID: "V-003", NAME: "Duplicate" }, { controlId: "tx-b" })],
      { transaction: true },
    );
    expect(outcomes.map((o) => o.ok)).toEqual([false, false]);
    const [first, second] = outcomes;
    if (first?.ok === false) expect(first.error.details.at(-1)?.errorno).toBe("XL03000009");
    if (second?.ok === false) {
      expect(second.error.details[0]?.errorno).toBe("BL34000061");
      expect(second.error.details.at(-1)?.errorno).toBe("XL03000009");
    }
    expect(s.objects.listRecords(DEMO_FACTS.companyId, "VENDOR").some((r) => r["VENDORID"] === "TX-1")).toBe(false);
  });

  it("refuses more than 100 records in one create (the client refuses first; raw XML shows the sandbox does too)", async () => {
    const s = start();
    const records = Array.from({ length: 101 }, (_, i) => ({ VENDORID: `BULK-${i}`, NAME: `Bulk ${i}` }));
    expect(() => create("VENDOR", records, { controlId: "bulk-1" })).toThrow(/at most 100/);
    const body = el("create", null, ...records.map((r) => el("VENDOR", null, el("VENDORID", null, r.VENDORID), el("NAME", null, r.NAME))));
    const xml = encodeRequest({
      control: { senderId: DEMO_FACTS.senderId, senderPassword: DEMO_FACTS.senderPassword, controlId: "bulk" },
      operation: { authentication: { kind: "login", userId: DEMO_FACTS.userId, companyId: DEMO_FACTS.companyId, password: DEMO_FACTS.password }, functions: [{ controlId: "bulk-1", body }] },
    });
    const res = decodeResponse(await (await s.app.request("/ia/xml/xmlgw.phtml", { method: "POST", body: xml })).text());
    expect(res.operation?.results[0]?.status).toBe("failure");
    expect(s.objects.listRecords(DEMO_FACTS.companyId, "VENDOR").some((r) => r["VENDORID"] === "BULK-0")).toBe(false);
  });
});

describe("faults and load (§8) through the client", () => {
  it("keeps a write exactly-once across a 5xx after commit: the retry meets the recorded control id and reconciles", async () => {
    const s = start();
    const c = client(s);
    await c.execute(readByQuery("VENDOR", { pageSize: 1 }));
    s.faults.addRule({ kind: "http-error", status: 502, phase: "after-commit", nth: 1 });
    const r = await c.execute(create("VENDOR", { VENDORID: "ONCE-1", NAME: "Exactly once" }, { controlId: "once-1" }), { reconcile: reconcileByName("VENDOR", ["ONCE-1"]) });
    expect(r.reconciled).toBe(true);
    expect(s.objects.listRecords(DEMO_FACTS.companyId, "VENDOR").filter((v) => v["VENDORID"] === "ONCE-1")).toHaveLength(1);
  });

  it("retries 429 GW-0010 when the client's budget exceeds the sandbox limit; the sandbox never runs more than its limit", async () => {
    const s = start({ latency: { requestMs: 60, functionMs: 0, jitterMs: 0 }, retryAfterSeconds: null });
    const c = client(s, { budget: 6 });
    await Promise.all(Array.from({ length: 8 }, () => c.execute(readByQuery("VENDOR", { pageSize: 1 }))));
    const counters = s.counters.get(DEMO_FACTS.companyId);
    expect(counters?.rejected429).toBeGreaterThan(0);
    expect(counters?.maxConcurrent).toBe(2);
  });

  it("keeps the sandbox busy at its limit with a matching budget and no 429", async () => {
    const s = start({ latency: { requestMs: 60, functionMs: 0, jitterMs: 0 } });
    const c = client(s, { budget: 2 });
    await Promise.all(Array.from({ length: 6 }, () => c.execute(readByQuery("VENDOR", { pageSize: 1 }))));
    expect(s.counters.get(DEMO_FACTS.companyId)).toMatchObject({ rejected429: 0, maxConcurrent: 2 });
  });

  it("survives an expired session by signing in again", async () => {
    const s = start();
    const c = client(s);
    await c.execute(readByQuery("VENDOR", { pageSize: 1 }));
    s.expireSessions();
    const r = await c.execute(readByQuery("VENDOR", { pageSize: 1 }));
    expect(r.count).toBe(1);
  });
});
