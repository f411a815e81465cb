import { describe, expect, it } from "vitest";

import { KeyedSemaphore } from "./concurrency.js";

describe("KeyedSemaphore", () => {
  it("never lets more than the limit run per key, and serves waiters in order", async () => {
    const gate = new KeyedSemaphore(3);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const release = await gate.acquire("org");
        active++;
        peak = Math.max(peak, active);
        order.push(i);
        await new Promise((r) => setTimeout(r, 2));
        active--;
        release();
      }),
    );
    expect(peak).toBe(3);
    expect(order).toEqual([...Array(12).keys()]);
    expect(gate.active("org")).toBe(0);
  });

  it("keeps keys independent and ignores a double release", async () => {
    const gate = new KeyedSemaphore(1);
    const a = await gate.acquire("a");
    const b = await gate.acquire("b");
    a();
    a();
    expect(gate.active("a")).toBe(0);
    expect(gate.active("b")).toBe(1);
    b();
  });
});
