import { describe, expect, it } from "vitest";

import { iteratePages, iterateRecords } from "./paging.js";
import type { Page } from "./query.js";

function pages(n: number, size: number): { fetch: (t: string | undefined) => Promise<Page<number>>; calls: Array<string | undefined> } {
  const calls: Array<string | undefined> = [];
  return {
    calls,
    fetch: (token) => {
      calls.push(token);
      const i = token === undefined ? 0 : Number(token);
      const results = Array.from({ length: size }, (_, k) => i * size + k);
      return Promise.resolve({ results, nextPage: i + 1 < n ? String(i + 1) : undefined });
    },
  };
}

describe("paging", () => {
  it("walks every page in order", async () => {
    const p = pages(3, 2);
    const out: number[] = [];
    for await (const r of iterateRecords(p.fetch)) out.push(r);
    expect(out).toEqual([0, 1, 2, 3, 4, 5]);
    expect(p.calls).toEqual([undefined, "1", "2"]);
  });

  it("prefetches the next page while the caller still holds the current one", async () => {
    const p = pages(3, 1);
    const it = iteratePages(p.fetch);
    await it.next();
    expect(p.calls).toEqual([undefined, "1"]);
    await it.return(undefined);
  });

  it("continues past an empty page that has a token", async () => {
    const seq: Array<Page<number>> = [{ results: [], nextPage: "a" }, { results: [7], nextPage: undefined }];
    const out: number[] = [];
    for await (const r of iterateRecords(() => Promise.resolve(seq.shift() ?? { results: [], nextPage: undefined }))) out.push(r);
    expect(out).toEqual([7]);
  });

  it("stops with an error when BILL repeats a token", async () => {
    const loop = () => Promise.resolve({ results: [1], nextPage: "same" });
    await expect(async () => {
      for await (const _ of iterateRecords(loop)) void _;
    }).rejects.toThrow(/repeated page token/);
  });

  it("leaves no unhandled rejection when the caller stops early and the prefetch fails", async () => {
    let n = 0;
    const fetch = (): Promise<Page<number>> => (n++ === 0 ? Promise.resolve({ results: [1, 2], nextPage: "x" }) : Promise.reject(new Error("late failure")));
    for await (const r of iterateRecords(fetch)) if (r === 1) break;
    await new Promise((r) => setTimeout(r, 5));
    expect(n).toBe(2);
  });
});
