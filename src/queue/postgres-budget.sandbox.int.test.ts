/**
 * The budget against the Intacct sandbox's per-company limit (2 concurrent requests, then HTTP 429
 * GW-0010): two "workers" — two Intacct clients, each with its own PostgresBudget and pool — send
 * no request over the limit together, while two per-process budgets do. Real PostgreSQL
 * (DATABASE_TEST_URL; a loud skip without it).
 */
import { randomUUID } from "node:crypto";

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { readByQuery } from "../intacct/functions/index.js";
import { type ConcurrencyBudget, createIntacctClient, InProcessBudget, type IntacctClient, resolveCredentials } from "../intacct/index.js";
import { createIntacctSandbox } from "../sandbox/intacct/create-intacct-sandbox.js";
import { DEMO_FACTS } from "../sandbox/intacct/demo-seed.js";
import type { IntacctSandbox } from "../sandbox/intacct/sandbox-server.js";
import { PostgresBudget } from "./postgres-budget.js";

const pgUrl = process.env["DATABASE_TEST_URL"];

if (pgUrl === undefined || pgUrl === "") {
  describe("PostgresBudget against the Intacct sandbox", () => {
    it("is skipped: DATABASE_TEST_URL is not set", () => {
      console.warn("\n*** SKIPPING the budget-vs-sandbox test: set DATABASE_TEST_URL=postgres://postgres@127.0.0.1:5432/test to run it (CI does). ***\n");
    });
  });
} else {
  const url = pgUrl;
  let sandbox: IntacctSandbox;
  const clients: IntacctClient[] = [];
  const budgets: ConcurrencyBudget[] = [];
  beforeAll(async () => {
    sandbox = await createIntacctSandbox({ seed: "demo" });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    for (const b of budgets.splice(0)) await b.close();
    sandbox.faults.clear();
    sandbox.counters.reset();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const worker = (budget: ConcurrencyBudget): IntacctClient => {
    budgets.push(budget);
    const c = createIntacctClient({
      credentials: resolveCredentials({
        senderId: DEMO_FACTS.senderId, senderPassword: DEMO_FACTS.senderPassword, companyId: DEMO_FACTS.companyId,
        userId: DEMO_FACTS.userId, userPassword: DEMO_FACTS.password, entityId: "", endpointUrl: sandbox.endpointUrl, allowNonIntacctEndpoint: true,
      }),
      budget,
      retry: { maxAttempts: 10, baseDelayMs: 20, maxDelayMs: 500 },
    });
    clients.push(c);
    return c;
  };

  const burst = async (a: IntacctClient, b: IntacctClient): Promise<void> => {
    // Sign both in first, so the burst measures only reads.
    await Promise.all([a.execute(readByQuery("VENDOR", { pageSize: 1 })), b.execute(readByQuery("VENDOR", { pageSize: 1 }))]);
    sandbox.counters.reset();
    await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a : b).execute(readByQuery("VENDOR", { pageSize: 1 }))));
  };

  describe("PostgresBudget against the Intacct sandbox", () => {
    it("two workers sharing the PostgreSQL budget never get a 429 and keep the company at its limit", async () => {
      sandbox.faults.update({ latency: { requestMs: 50, functionMs: 0, jitterMs: 0 } });
      const ns = `t-${randomUUID()}`;
      await burst(worker(new PostgresBudget({ url, namespace: ns, perCompany: 2, pollMs: 5 })), worker(new PostgresBudget({ url, namespace: ns, perCompany: 2, pollMs: 5 })));
      expect(sandbox.counters.get(DEMO_FACTS.companyId)).toMatchObject({ rejected429: 0, maxConcurrent: 2 });
    }, 30_000);

    it("two workers with only per-process budgets exceed the limit and are refused (the reason for the shared budget)", async () => {
      sandbox.faults.update({ latency: { requestMs: 50, functionMs: 0, jitterMs: 0 }, retryAfterSeconds: null });
      await burst(worker(new InProcessBudget({ perCompany: 2 })), worker(new InProcessBudget({ perCompany: 2 })));
      expect(sandbox.counters.get(DEMO_FACTS.companyId)?.rejected429).toBeGreaterThan(0);
    }, 30_000);
  });
}
