import { describe, expect, it } from "vitest";

import type { IntacctFunction } from "./functions/types.js";
import type { FunctionResult } from "./interpret.js";
import { queryPages, readByQueryPages, recordsOf } from "./paging.js";
import { childText } from "./xml/index.js";

/** A fake executor over `total` rows with a controllable response per call. */
function fakeExecutor(total: number, pageSize: number) {
  const log: string[] = [];
  let live = 0;
  let maxLive = 0;
  const resolvers: Array<() => void> = [];
  const execute = (fn: IntacctFunction, signal: AbortSignal): Promise<FunctionResult> => {
    const name = fn.body.name;
    const offset = name === "query" ? Number(childText(fn.body, "offset")) : name === "readMore" ? Number(childText(fn.body, "resultId")) : 0;
    log.push(`request ${name} @${offset}`);
    return new Promise<FunctionResult>((resolve, reject) => {
      signal.addEventListener("abort", () => reject(new Error("aborted")));
      resolvers.push(() => {
        const count = Math.min(pageSize, total - offset);
        live++;
        maxLive = Math.max(maxLive, live);
        const records = Array.from({ length: count }, (_, i) => ({ N: String(offset + i) }));
        const remaining = total - offset - count;
        resolve({ status: "success", function: name, controlId: "x", records, count, numRemaining: remaining, ...(remaining > 0 ? { resultId: String(offset + count) } : {}) });
      });
    });
  };
  return {
    execute,
    log,
    /** Answers the oldest pending request. */
    answer: () => resolvers.shift()?.(),
    pending: () => resolvers.length,
    consumed: () => live--,
    maxLive: () => maxLive,
  };
}

const tick = () => new Promise<void>((r) => setImmediate(r));

describe("paging with prefetch", () => {
  it("requests page n+1 before the consumer has finished page n", async () => {
    const ex = fakeExecutor(5, 2);
    const it = queryPages(ex.execute, { object: "VENDOR", select: ["N"], pageSize: 2 });
    const first = it.next();
    await tick();
    ex.answer();
    const page1 = await first;
    // The consumer holds page 1 and has not asked for more: page 2 is already requested.
    expect(page1.value?.records.map((r) => r["N"])).toEqual(["0", "1"]);
    expect(ex.log).toEqual(["request query @0", "request query @2"]);
    expect(ex.pending()).toBe(1);
    ex.consumed();
    const second = it.next();
    ex.answer();
    expect((await second).value?.records.map((r) => r["N"])).toEqual(["2", "3"]);
    expect(ex.log).toEqual(["request query @0", "request query @2", "request query @4"]);
    ex.consumed();
    const third = it.next();
    ex.answer();
    expect((await third).value?.records.map((r) => r["N"])).toEqual(["4"]);
    ex.consumed();
    expect((await it.next()).done).toBe(true);
    expect(ex.log).toHaveLength(3);
  });

  it("holds at most two pages at once (the consumed one and the prefetched one)", async () => {
    const ex = fakeExecutor(20, 2);
    const pages = readByQueryPages(ex.execute, "VENDOR", { pageSize: 2 });
    const seen: string[] = [];
    const pump = setInterval(() => ex.answer(), 1);
    for await (const page of pages) {
      seen.push(...page.records.map((r) => r["N"] as string));
      await tick();
      ex.consumed();
    }
    clearInterval(pump);
    expect(seen).toHaveLength(20);
    expect(ex.maxLive()).toBeLessThanOrEqual(2);
    expect(ex.log[1]).toBe("request readMore @2");
  });

  it("aborts the prefetch when the consumer stops early, without unhandled rejections", async () => {
    const ex = fakeExecutor(10, 2);
    const pump = setInterval(() => ex.answer(), 1);
    let n = 0;
    for await (const r of recordsOf(queryPages(ex.execute, { object: "VENDOR", select: ["N"], pageSize: 2 }))) {
      void r;
      if (++n === 3) break;
    }
    clearInterval(pump);
    expect(n).toBe(3);
    expect(ex.log.length).toBeLessThanOrEqual(3);
  });
});
