/**
 * The cross-process Intacct budget on a real PostgreSQL (DATABASE_TEST_URL; a loud skip without
 * it): two budgets with separate pools — two workers — never exceed a company's limit together,
 * keep it busy, leave other companies alone, free a killed holder's slots, and honour abort.
 */
import { randomUUID } from "node:crypto";

import { afterEach, describe, expect, it } from "vitest";

import { lockKey, PostgresBudget } from "./postgres-budget.js";

const pgUrl = process.env["DATABASE_TEST_URL"];

describe("lockKey", () => {
  it("hashes a company to a stable signed 32-bit key", () => {
    expect(lockKey("intacct-sync:ACME")).toBe(lockKey("intacct-sync:ACME"));
    expect(lockKey("intacct-sync:ACME")).not.toBe(lockKey("intacct-sync:ACME2"));
    expect(Number.isInteger(lockKey("x"))).toBe(true);
    expect(Math.abs(lockKey("intacct-sync:ACME"))).toBeLessThanOrEqual(2 ** 31);
  });
});

if (pgUrl === undefined || pgUrl === "") {
  describe("PostgresBudget", () => {
    it("is skipped: DATABASE_TEST_URL is not set", () => {
      console.warn("\n*** SKIPPING the PostgreSQL budget tests: set DATABASE_TEST_URL=postgres://postgres@127.0.0.1:5432/test to run them (CI does). ***\n");
    });
  });
} else {
  const url = pgUrl;
  const budgets: PostgresBudget[] = [];
  const make = (namespace: string, perCompany = 2): PostgresBudget => {
    const b = new PostgresBudget({ url, namespace, perCompany, pollMs: 5, maxPollMs: 20 });
    budgets.push(b);
    return b;
  };
  afterEach(async () => {
    for (const b of budgets.splice(0)) await b.close();
  });
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

  describe("PostgresBudget", () => {
    it("two workers together never exceed the company's limit, and keep it busy", async () => {
      const ns = `t-${randomUUID()}`;
      const workers = [make(ns), make(ns)];
      let inFlight = 0;
      let max = 0;
      let other = 0;
      const request = async (budget: PostgresBudget, company: string): Promise<void> => {
        const release = await budget.acquire(company);
        try {
          if (company.toUpperCase() === "ACME") {
            inFlight++;
            max = Math.max(max, inFlight);
            await sleep(15);
            inFlight--;
          } else {
            other++;
          }
        } finally {
          release();
        }
      };
      await Promise.all([
        ...Array.from({ length: 12 }, (_, i) => request(workers[i % 2] as PostgresBudget, i % 3 === 0 ? "acme" : "ACME")),
        ...Array.from({ length: 4 }, () => request(workers[1] as PostgresBudget, "OTHER-CO")),
      ]);
      expect(max).toBe(2);
      expect(other).toBe(4);
    });

    it("honours a per-company override across workers", async () => {
      const ns = `t-${randomUUID()}`;
      const a = new PostgresBudget({ url, namespace: ns, overrides: { SOLO: 1 }, pollMs: 5 });
      const b = new PostgresBudget({ url, namespace: ns, overrides: { SOLO: 1 }, pollMs: 5 });
      budgets.push(a, b);
      const held = await a.acquire("solo");
      const controller = new AbortController();
      const waiting = b.acquire("SOLO", controller.signal);
      await sleep(60);
      controller.abort(new Error("gave up"));
      await expect(waiting).rejects.toThrow("gave up");
      held();
      const next = await b.acquire("SOLO");
      next();
    });

    it("frees the slots of a worker that dies, so another worker gets them", async () => {
      const ns = `t-${randomUUID()}`;
      const dying = make(ns);
      const survivor = make(ns);
      await dying.acquire("ACME");
      await dying.acquire("ACME");
      expect(dying.held).toBe(2);
      let got = false;
      const waiting = survivor.acquire("ACME").then((release) => {
        got = true;
        return release;
      });
      await sleep(80);
      expect(got).toBe(false);
      await dying.close(); // its connections drop, as when the process is killed
      const release = await waiting;
      expect(got).toBe(true);
      release();
      await expect(dying.acquire("ACME")).rejects.toMatchObject({ code: "BUDGET_CLOSED" });
    });
  });
}
