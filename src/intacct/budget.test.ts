import { describe, expect, it } from "vitest";

import { InProcessBudget } from "./budget.js";

const tick = () => new Promise<void>((r) => setImmediate(r));

describe("InProcessBudget", () => {
  it("never lets more than N requests per company in flight, FIFO", async () => {
    const budget = new InProcessBudget({ perCompany: 2 });
    let inFlight = 0;
    let max = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const release = await budget.acquire("acme");
        order.push(i);
        inFlight++;
        max = Math.max(max, inFlight);
        await tick();
        inFlight--;
        release();
      }),
    );
    expect(max).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(budget.inFlight("ACME")).toBe(0);
  });

  it("keeps companies independent and matches IDs case-insensitively", async () => {
    const budget = new InProcessBudget({ perCompany: 1 });
    const a = await budget.acquire("acme");
    const b = await budget.acquire("OTHER");
    let got = false;
    const pending = budget.acquire("ACME").then((r) => {
      got = true;
      return r;
    });
    await tick();
    expect(got).toBe(false);
    a();
    (await pending)();
    b();
    expect(got).toBe(true);
  });

  it("removes an aborted waiter from the queue", async () => {
    const budget = new InProcessBudget({ perCompany: 1 });
    const held = await budget.acquire("acme");
    const ac = new AbortController();
    const waiting = budget.acquire("acme", ac.signal);
    expect(budget.waiting("acme")).toBe(1);
    ac.abort(new Error("gone"));
    await expect(waiting).rejects.toThrow("gone");
    expect(budget.waiting("acme")).toBe(0);
    held();
    held(); // idempotent
    expect(budget.inFlight("acme")).toBe(0);
  });

  it("rejects queued waiters on close", async () => {
    const budget = new InProcessBudget({ perCompany: 1 });
    await budget.acquire("acme");
    const waiting = budget.acquire("acme");
    await budget.close();
    await expect(waiting).rejects.toThrow("closed");
  });

  it("honours per-company overrides", async () => {
    const budget = new InProcessBudget({ perCompany: 1, overrides: { BIG: 3 } });
    const slots = await Promise.all([budget.acquire("big"), budget.acquire("big"), budget.acquire("big")]);
    expect(budget.inFlight("big")).toBe(3);
    for (const s of slots) s();
  });
});
