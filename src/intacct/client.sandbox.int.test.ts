// The client scenarios of client.int.test.ts, run against the real Intacct sandbox
// (src/sandbox/intacct, demo seed) instead of the scripted fake gateway.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { createIntacctSandbox } from "../sandbox/intacct/create-intacct-sandbox.js";
import { DEMO_FACTS } from "../sandbox/intacct/demo-seed.js";
import type { IntacctSandbox } from "../sandbox/intacct/sandbox-server.js";
import { InProcessBudget } from "./budget.js";
import { createIntacctClient, type IntacctClient, type IntacctClientOptions } from "./client.js";
import { controlIdFor } from "./control-id.js";
import { resolveCredentials } from "./credentials.js";
import { IntacctAuthenticationError, IntacctTransportError } from "./errors.js";
import { create, readByName } from "./functions/generic.js";
import { where } from "./functions/query.js";
import { reconcileByName } from "./reconcile.js";
import { SecretCapture } from "./test-support/capture.js";

const capture = new SecretCapture();
const sessionIds = new Set<string>();
let sb: IntacctSandbox;
let clients: IntacctClient[] = [];
let delays: number[] = [];

function client(overrides: Partial<IntacctClientOptions> = {}, password: string = DEMO_FACTS.password): IntacctClient {
  const c = createIntacctClient({
    credentials: resolveCredentials({
      senderId: DEMO_FACTS.senderId,
      senderPassword: DEMO_FACTS.senderPassword,
      companyId: DEMO_FACTS.companyId,
      userId: DEMO_FACTS.userId,
      userPassword: password,
      endpointUrl: sb.endpointUrl,
      allowNonIntacctEndpoint: true,
    }),
    logger: capture,
    random: () => 0.5,
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
    ...overrides,
  });
  clients.push(c);
  return c;
}

const vendor = (id: string) =>
  create("VENDOR", { VENDORID: id, NAME: `Vendor ${id}`, DISPLAYCONTACT: { PRINTAS: `Vendor ${id}` } }, { controlId: controlIdFor(["sandbox-vendor", id]) });

// One sandbox (demo seed: ~20,000 records) for the file; each test uses its own vendor IDs and
// the faults are cleared after each test.
beforeAll(async () => {
  sb = await createIntacctSandbox({ seed: "demo" });
});

afterAll(async () => {
  await sb.close();
});

beforeEach(() => {
  delays = [];
});

afterEach(async () => {
  for (const c of clients) {
    for (const entity of ["", "EAST", "WEST"]) {
      const s = await c.session(entity).catch(() => undefined);
      if (s !== undefined) sessionIds.add(s.sessionId);
    }
    await c.close();
  }
  clients = [];
  sb.faults.clear();
  sb.counters.reset();
});


async function vendorsNamed(c: IntacctClient, id: string): Promise<number> {
  return (await c.execute(readByName("VENDOR", [id]), { entityId: "EAST" })).records.length;
}

describe("Intacct client against the Intacct sandbox (contract)", () => {
  it("logs in once per entity and reuses the session", async () => {
    const c = client();
    await Promise.all([c.session(), c.session(), c.forEntity("EAST").session()]);
    await c.execute(readByName("VENDOR", ["nobody"]));
    expect(c.loginCount).toBe(2);
    expect((await c.forEntity("EAST").session()).entityId).toBe("EAST");
    expect((await c.session()).entityId).toBe("");
  });

  it("MUST SHOW: a create committed but its connection dropped is retried with the same control id and reconciled — exactly one record", async () => {
    const east = client().forEntity("EAST");
    await east.session();
    sb.faults.addRule({ kind: "drop-connection", phase: "after-commit", nth: 1 });
    const res = await east.execute(vendor("V-SBX-DROP"), { reconcile: reconcileByName("VENDOR", ["V-SBX-DROP"]) });
    expect(res.reconciled).toBe(true);
    expect(res.records[0]?.["VENDORID"]).toBe("V-SBX-DROP");
    expect(await vendorsNamed(east, "V-SBX-DROP")).toBe(1);
  });

  it("retries a write after a 502 before commit and creates it once", async () => {
    const east = client().forEntity("EAST");
    await east.session();
    sb.faults.addRule({ kind: "http-error", status: 502, phase: "before-commit", nth: 1 });
    const res = await east.execute(vendor("V-SBX-502"));
    expect(res.reconciled).toBeUndefined();
    expect(delays).toHaveLength(1);
    expect(await vendorsNamed(east, "V-SBX-502")).toBe(1);
  });

  it("does not retry a write that got 524 after commit; the next run settles it by control id", async () => {
    const east = client().forEntity("EAST");
    await east.session();
    sb.faults.addRule({ kind: "http-error", status: 524, phase: "after-commit", nth: 1 });
    const e = await capture.catching(() => east.execute(vendor("V-SBX-524"))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(IntacctTransportError);
    expect(e).toMatchObject({ uncertain: true, httpStatus: 524 });
    const again = await east.execute(vendor("V-SBX-524"), { reconcile: reconcileByName("VENDOR", ["V-SBX-524"]) });
    expect(again.reconciled).toBe(true);
    expect(await vendorsNamed(east, "V-SBX-524")).toBe(1);
  });

  it("renews sessions the sandbox expired and replays the call", async () => {
    const c = client();
    await c.execute(readByName("VENDOR", ["x"]));
    expect(sb.expireSessions()).toBeGreaterThan(0);
    await c.execute(readByName("VENDOR", ["x"]));
    expect(c.loginCount).toBe(2);
  });

  it("with a budget of 4 it meets the sandbox's 429 limit and retries; with the default budget of 2 it never does", async () => {
    sb.faults.update({ latency: { requestMs: 30, functionMs: 0, jitterMs: 0 } });
    // The test's sleep returns at once, so a rejected call retries while the sandbox's two
    // slots are still held: allow enough attempts that timing on a loaded machine cannot exhaust them.
    const greedy = client({ budget: new InProcessBudget({ perCompany: 4 }), retry: { maxAttempts: 1000 } });
    await greedy.session();
    await Promise.all(Array.from({ length: 8 }, () => greedy.execute(readByName("VENDOR", ["x"]))));
    const rejectedGreedy = sb.counters.get(DEMO_FACTS.companyId)?.rejected429 ?? 0;
    expect(rejectedGreedy).toBeGreaterThan(0);
    sb.counters.reset();
    const polite = client();
    await polite.session();
    await Promise.all(Array.from({ length: 8 }, () => polite.execute(readByName("VENDOR", ["x"]))));
    expect(sb.counters.get(DEMO_FACTS.companyId)?.rejected429 ?? 0).toBe(0);
  });

  it("pages query and readByQuery results in the entity", async () => {
    const east = client().forEntity("EAST");
    await east.executeBatch(Array.from({ length: 5 }, (_, i) => vendor(`V-SBX-P${i}`)));
    const ids: string[] = [];
    const pages: number[] = [];
    for await (const p of east.queryPages({ object: "VENDOR", select: ["VENDORID"], filter: where.like("VENDORID", "V-SBX-P%"), pageSize: 2, orderBy: [{ field: "VENDORID" }] })) {
      pages.push(p.records.length);
      ids.push(...p.records.map((r) => r["VENDORID"] as string));
    }
    expect(ids).toEqual(["V-SBX-P0", "V-SBX-P1", "V-SBX-P2", "V-SBX-P3", "V-SBX-P4"]);
    expect(pages).toEqual([2, 2, 1]);
    const legacy: string[] = [];
    for await (const r of east.readByQueryRecords("VENDOR", { query: "VENDORID LIKE 'V-SBX-P%'", fields: ["VENDORID"], pageSize: 2 })) legacy.push(r.VENDORID ?? "");
    expect(legacy.sort()).toEqual(ids);
  });

  it("rejects a wrong password at the authentication level", async () => {
    const c = client({}, "Wrong-Pass-2026!");
    const e = await capture.catching(() => c.execute(readByName("VENDOR", ["x"]))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(IntacctAuthenticationError);
    expect(e).toMatchObject({ category: "auth" });
  });
});

it("MUST SHOW: no password or session id appears in any log line or error captured against the sandbox", () => {
  expect(capture.events.length).toBeGreaterThan(20);
  expect(sessionIds.size).toBeGreaterThan(3);
  expect(capture.leaks([DEMO_FACTS.password, DEMO_FACTS.senderPassword, "Wrong-Pass-2026!", ...sessionIds])).toEqual([]);
});
