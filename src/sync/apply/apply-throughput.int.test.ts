/**
 * Guards the write throughput `npm run bench -- sync` measures (issue 6 item 11), small and fast:
 * 400 BILL bills pushed to the Intacct sandbox through `runSync`, with a scaled-down latency model
 * (50 ms a request + 5 ms a function, service time, 2 concurrent requests per company). The apply
 * phase must batch the bills into the fewest requests the 100-functions-a-request limit allows
 * (plus at most one, to fill the last round),
 * keep both of the company's slots busy (never a third: no 429), and so finish within a small
 * margin of what the model allows.
 */
import { afterEach, describe, expect, it } from "vitest";

import { type DemoWorld, startDemoWorld } from "../../cli/commands/demo.js";
import type { FetchLike } from "../../intacct/index.js";
import { IntacctLimits } from "../../intacct/limits.js";
import { applyBillSeed, parseBillSeed } from "../../sandbox/bill/index.js";
import { DEMO_FACTS } from "../../sandbox/intacct/demo-seed.js";
import { runSync, type SyncSummary } from "./run-sync.js";

const BILLS = 400;
const REQUEST_MS = 50;
const FUNCTION_MS = 5;

interface Trace {
  readonly start: number;
  end: number;
  readonly functions: number;
  readonly write: boolean;
}

let world: DemoWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

function tracing(traces: Trace[]): FetchLike {
  return async (input, init) => {
    const trace: Trace = { start: performance.now(), end: 0, functions: (init.body.match(/<function /g) ?? []).length, write: /<create>/.test(init.body) };
    traces.push(trace);
    const res = await fetch(input, init);
    const text = await res.text();
    trace.end = performance.now();
    return { status: res.status, headers: res.headers, text: () => Promise.resolve(text) };
  };
}

/** Milliseconds during which at least two of `traces` were on the wire. */
function bothBusyMs(traces: readonly Trace[]): number {
  const edges = traces.flatMap((t) => [{ at: t.start, d: 1 }, { at: t.end, d: -1 }]).sort((a, b) => a.at - b.at || a.d - b.d);
  let open = 0;
  let last = 0;
  let busy = 0;
  for (const e of edges) {
    if (open >= 2) busy += e.at - last;
    open += e.d;
    last = e.at;
  }
  return busy;
}

async function sync(w: DemoWorld, objects: SyncSummary["objects"]): Promise<SyncSummary> {
  const a = w.demoAccounts[0];
  const account = a === undefined ? undefined : await w.store.accounts.get(a.id);
  if (a === undefined || account === undefined) throw new Error("no demo account");
  return runSync({ account, store: w.store, intacct: w.intacct, bill: a.bill, objects });
}

describe("apply throughput (guards `npm run bench -- sync`)", () => {
  it("batches bill creates into ceil(n/100) requests (+1 to fill the last round), keeps 2 requests in flight, and stays near the model's limit", async () => {
    const traces: Trace[] = [];
    world = await startDemoWorld({ databasePath: ":memory:", intacctFetch: tracing(traces) });
    const w = world;
    const warm = await sync(w, ["glAccount", "department", "location", "class", "paymentTerm", "vendor"]);
    expect(warm.errors).toEqual([]);

    const a = w.demoAccounts[0];
    if (a === undefined) throw new Error("no demo account");
    const page = async (p: string) => (await a.bill.core.page<Record<string, unknown>>(p, { max: 100 })).results;
    const vendorId = String((await page("/v3/vendors")).find((v) => v["archived"] !== true)?.["id"]);
    const accountId = String((await page("/v3/classifications/chart-of-accounts")).find((r) => r["accountNumber"] === "6000")?.["id"]);
    const day = (offset: number) => new Date(w.billSandbox.state.clock.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const bills = Array.from({ length: BILLS }, (_, i) => ({
      vendorId, invoice: { invoiceNumber: `GUARD-${i}`, invoiceDate: day(-1) }, dueDate: day(29), approvalStatus: "APPROVED",
      billLineItems: [{ amount: 100 + i, description: "Supplies", classifications: { chartOfAccountId: accountId } }],
    }));
    applyBillSeed(w.billSandbox.state, parseBillSeed({ devKeys: [], organizations: [{ id: a.platformOrgId, name: "Zephyr East", users: [], records: { bills } }] }));

    const sb = w.intacctSandbox;
    sb.faults.update({ latency: { requestMs: REQUEST_MS, functionMs: FUNCTION_MS, jitterMs: 0, mode: "service-time" }, concurrencyLimit: 2, queueTimeoutMs: 0 });
    sb.counters.reset();
    traces.length = 0;
    const push = await sync(w, ["bill"]);
    expect(push.errors).toEqual([]);
    expect(push.counts.byObject.bill?.intacct.create).toBeGreaterThanOrEqual(BILLS);

    const writes = traces.filter((t) => t.write);
    const functions = writes.reduce((n, t) => n + t.functions, 0);
    expect(functions).toBe(push.counts.byObject.bill?.intacct.create);
    // Batching: the fewest requests 100 functions a request allow, plus at most one so that every
    // round of two requests is full (schedule.ts).
    const fewest = Math.ceil(functions / IntacctLimits.MAX_FUNCTIONS_PER_REQUEST);
    expect(writes.length).toBeGreaterThanOrEqual(fewest);
    expect(writes.length).toBeLessThanOrEqual(fewest + 1);
    // Concurrency: both slots used, never a third (no 429 and no retry).
    const company = sb.counters.get(DEMO_FACTS.companyId);
    expect(company?.maxConcurrent).toBe(2);
    expect(company?.rejected429).toBe(0);
    const window = Math.max(...writes.map((t) => t.end)) - Math.min(...writes.map((t) => t.start));
    expect(bothBusyMs(writes) / window).toBeGreaterThan(0.6);
    // Near the model's limit: n × 5 ms ÷ 2 + requests × 50 ms ÷ 2, with a generous margin for a
    // shared CI machine (a sequential apply takes twice the limit, an unbatched one far more).
    const limit = (functions * FUNCTION_MS) / 2 + (writes.length * REQUEST_MS) / 2;
    expect(window).toBeLessThan(limit * 1.6);
  }, 60_000);
});
