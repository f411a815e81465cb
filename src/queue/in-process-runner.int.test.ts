/**
 * The in-process runner over a real SQLite store: durable requests, one run per account, events to
 * subscribers, restart survival (a run left running by a stopped runner is finished exactly once by
 * the next), failures recorded as failed runs, and the schedule on a manual clock.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterEach, describe, expect, it, vi } from "vitest";

import { ManualClock } from "../domain/clock.js";
import type { NewAccount, Store } from "../store/port.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import { createInProcessRunner, type InProcessRunner } from "./in-process-runner.js";
import type { RunEvent } from "./port.js";
import type { RunExecutor, RunJob } from "./sync-executor.js";
import { ManualTimers } from "./timers.js";

const T0 = Date.parse("2026-03-01T09:00:00.000Z");
const HOUR = 3_600_000;

function account(id: string, preferences: NewAccount["preferences"] = {}): NewAccount {
  return { id, name: id, platformOrgId: `org-${id}`, companyId: "DEMO-CO", userId: "XML_Bill.com", passwordEncrypted: "v1:x", entityId: "", preferences };
}

/** An executor that records jobs and finishes each when the test says so. */
function gatedExecutor(store: Store): { execute: RunExecutor; jobs: RunJob[]; release: (runId?: string) => void; started: (n: number) => Promise<void> } {
  const jobs: RunJob[] = [];
  const gates = new Map<string, () => void>();
  const execute: RunExecutor = async (job, onEvent) => {
    jobs.push(job);
    await store.runs.update(job.runId, { status: "running" });
    await new Promise<void>((resolve) => gates.set(job.runId, resolve));
    await store.runs.update(job.runId, { status: "succeeded", stats: { by: jobs.length } });
    onEvent({ type: "run-done", runId: job.runId, accountId: job.accountId, kind: job.kind, status: "succeeded" });
  };
  return {
    execute,
    jobs,
    release: (runId) => {
      for (const [id, open] of gates) if (runId === undefined || id === runId) open();
    },
    started: (n) => vi.waitFor(() => expect(jobs.length).toBeGreaterThanOrEqual(n), { timeout: 5000, interval: 5 }),
  };
}

const runners: InProcessRunner[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const r of runners.splice(0)) await r.stop();
  for (const s of stores.splice(0)) await s.close();
});

async function memoryStore(clock: ManualClock): Promise<Store> {
  const s = await openSqliteStore({ path: ":memory:", clock });
  stores.push(s);
  return s;
}

function runner(...args: Parameters<typeof createInProcessRunner>): InProcessRunner {
  const r = createInProcessRunner({ pollMs: 20, stopTimeoutMs: 50, ...args[0] });
  runners.push(r);
  return r;
}

describe("in-process runner", () => {
  it("records a request as a queued run before it resolves, and returns the active run to a second request", async () => {
    const clock = new ManualClock(T0);
    const store = await memoryStore(clock);
    await store.accounts.create(account("a1"));
    const r = runner({ store, execute: gatedExecutor(store).execute, clock });
    const first = await r.requestRun({ accountId: "a1", reason: "manual", requestedBy: "u1" });
    expect(first.created).toBe(true);
    expect(await store.runs.get(first.runId)).toMatchObject({ status: "queued", kind: "sync", accountId: "a1", stats: { reason: "manual" } });
    expect(await store.runQueue.get(first.runId)).toMatchObject({ status: "queued", requestedBy: "u1", reason: "manual" });
    expect(await r.requestRun({ accountId: "a1", reason: "api", kind: "doctor" })).toEqual({ runId: first.runId, created: false });
    expect(await r.activeRun("a1")).toBe(first.runId);
    await expect(r.requestRun({ accountId: "nope", reason: "manual" })).rejects.toMatchObject({ code: "ACCOUNT_NOT_FOUND", side: "user" });
  });

  it("keeps one run per account when requests race, across two runners on one database", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "runner-"));
    try {
      const clock = new ManualClock(T0);
      const file = path.join(dir, "db.sqlite");
      const s1 = await openSqliteStore({ path: file, clock });
      const s2 = await openSqliteStore({ path: file, clock });
      stores.push(s1, s2);
      await s1.accounts.create(account("a1"));
      const r1 = runner({ store: s1, execute: gatedExecutor(s1).execute, clock });
      const r2 = runner({ store: s2, execute: gatedExecutor(s2).execute, clock });
      const tickets = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? r1 : r2).requestRun({ accountId: "a1", reason: "manual" })));
      expect(new Set(tickets.map((t) => t.runId)).size).toBe(1);
      expect(tickets.filter((t) => t.created)).toHaveLength(1);
      expect(await s2.runs.list("a1")).toHaveLength(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs queued runs on start, one per account, and sends events to the account's subscribers", async () => {
    const clock = new ManualClock(T0);
    const store = await memoryStore(clock);
    await store.accounts.create(account("a1"));
    await store.accounts.create(account("a2"));
    const gate = gatedExecutor(store);
    const r = runner({ store, execute: gate.execute, clock, concurrency: 4 });
    const events: RunEvent[] = [];
    const other: RunEvent[] = [];
    const unsubscribe = r.subscribe("a1", (e) => events.push(e));
    r.subscribe("a2", (e) => other.push(e));
    const t1 = await r.requestRun({ accountId: "a1", reason: "manual" });
    const t2 = await r.requestRun({ accountId: "a2", reason: "manual" });
    expect(gate.jobs).toEqual([]);
    await r.start();
    await gate.started(2);
    expect(gate.jobs.map((j) => j.accountId).sort()).toEqual(["a1", "a2"]);
    expect(gate.jobs[0]).toMatchObject({ kind: "sync", attempt: 1 });
    expect((await store.runQueue.get(t1.runId))?.status).toBe("running");
    // While a1 runs, a request returns the running run.
    expect(await r.requestRun({ accountId: "a1", reason: "manual" })).toEqual({ runId: t1.runId, created: false });
    gate.release();
    await vi.waitFor(async () => expect(await r.activeRun("a1")).toBeUndefined(), { timeout: 5000, interval: 5 });
    await r.idle();
    expect(events).toEqual([
      { type: "run-queued", runId: t1.runId, accountId: "a1", reason: "manual" },
      { type: "run-done", runId: t1.runId, accountId: "a1", kind: "sync", status: "succeeded" },
    ]);
    expect(other.map((e) => e.type)).toEqual(["run-queued", "run-done"]);
    expect((await store.runs.get(t2.runId))?.status).toBe("succeeded");
    unsubscribe();
    const t3 = await r.requestRun({ accountId: "a1", reason: "manual" });
    expect(t3.created).toBe(true);
    expect(events).toHaveLength(2);
  });

  it("a run left running by a stopped runner is finished exactly once by the next runner on the same store", async () => {
    const clock = new ManualClock(T0);
    const store = await memoryStore(clock);
    await store.accounts.create(account("a1"));
    const first = gatedExecutor(store);
    const a = runner({ store, execute: first.execute, clock });
    await a.start();
    const { runId } = await a.requestRun({ accountId: "a1", reason: "manual" });
    await first.started(1);
    await a.stop(); // the run is mid-way: the executor never finishes (as if the process died)
    expect(await store.runQueue.get(runId)).toMatchObject({ status: "running", attempts: 1 });

    const second = gatedExecutor(store);
    const b = runner({ store, execute: second.execute, clock });
    await b.start();
    await second.started(1);
    expect(second.jobs).toEqual([{ runId, accountId: "a1", kind: "sync", attempt: 2 }]);
    second.release();
    await vi.waitFor(async () => expect(await store.runQueue.get(runId)).toBeUndefined(), { timeout: 5000, interval: 5 });
    await b.idle();
    // The stopped runner's late finish cannot remove or redo anything.
    first.release();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(second.jobs).toHaveLength(1);
    expect(await store.runs.list("a1")).toHaveLength(1);
    expect((await store.runs.get(runId))?.status).toBe("succeeded");
  });

  it("records an executor that throws as a failed run with a code, and takes the next request", async () => {
    const clock = new ManualClock(T0);
    const store = await memoryStore(clock);
    await store.accounts.create(account("a1"));
    let calls = 0;
    const r = runner({
      store, clock,
      execute: () => {
        calls++;
        return Promise.reject(Object.assign(new Error("database went away"), { code: "ECONNRESET" }));
      },
    });
    const events: RunEvent[] = [];
    r.subscribe("a1", (e) => events.push(e));
    await r.start();
    const { runId } = await r.requestRun({ accountId: "a1", reason: "manual" });
    await vi.waitFor(async () => expect((await store.runs.get(runId))?.status).toBe("failed"), { timeout: 5000, interval: 5 });
    expect((await store.runs.get(runId))?.error).toEqual({ code: "UNEXPECTED", message: "database went away", side: "system" });
    await vi.waitFor(() => expect(events.map((e) => e.type)).toEqual(["run-queued", "run-error", "run-done"]), { timeout: 5000, interval: 5 });
    await r.idle();
    expect(calls).toBe(1);
    expect((await r.requestRun({ accountId: "a1", reason: "manual" })).created).toBe(true);
  });

  it("requests a daily run per account on the manual clock, honours each account's schedule and keeps next_run_at across restarts", async () => {
    const clock = new ManualClock(T0);
    const store = await memoryStore(clock);
    await store.accounts.create(account("daily"));
    await store.accounts.create(account("six", { schedule: "every 6h" }));
    await store.accounts.create(account("off", { schedule: "off" }));
    await store.accounts.create(account("bad", { schedule: "sometimes" }));
    const execute: RunExecutor = async (job) => {
      await store.runs.update(job.runId, { status: "succeeded" });
    };
    const make = (): InProcessRunner => runner({ store, execute, clock, schedule: { enabled: false } });
    const r = make();
    expect(await r.runSchedule()).toEqual([]);
    expect(await store.runQueue.getSchedule("daily")).toMatchObject({ everyMs: 24 * HOUR, nextRunAt: "2026-03-02T09:00:00.000Z" });
    expect(await store.runQueue.getSchedule("off")).toBeUndefined();
    clock.advance(6 * HOUR);
    expect(await r.runSchedule()).toEqual(["six"]);
    const sixRun = (await store.runQueue.getSchedule("six"))?.lastRunId;
    expect((await store.runs.get(sixRun ?? ""))?.stats).toEqual({ reason: "schedule" });
    expect(await r.runSchedule()).toEqual([]);
    await store.runQueue.finish(sixRun ?? "");

    // A new process reads the stored next_run_at.
    await r.stop();
    const again = make();
    clock.advance(18 * HOUR - 1);
    expect(await again.runSchedule()).toEqual(["six"]);
    clock.advance(1);
    expect(await again.runSchedule()).toEqual(["daily"]);
    expect(await store.runQueue.getSchedule("daily")).toMatchObject({ nextRunAt: "2026-03-03T09:00:00.000Z" });
    expect((await store.runs.list("off")).length + (await store.runs.list("bad")).length).toBe(0);
  });

  it("runs the schedule from its poll loop when enabled and executes what it requested", async () => {
    const clock = new ManualClock(T0);
    const store = await memoryStore(clock);
    await store.accounts.create(account("a1"));
    const done: string[] = [];
    const execute: RunExecutor = async (job) => {
      await store.runs.update(job.runId, { status: "succeeded" });
      done.push(job.runId);
    };
    const r = runner({ store, execute, clock, schedule: { everyMs: HOUR } });
    await r.start();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(done).toEqual([]);
    clock.advance(HOUR);
    await vi.waitFor(() => expect(done).toHaveLength(1), { timeout: 5000, interval: 5 });
    expect((await store.runs.get(done[0] ?? ""))?.status).toBe("succeeded");
  });

  it("on manual timers and clock, the poll loop requests and runs the daily sync with no real wait", async () => {
    const clock = new ManualClock(T0);
    const timers = new ManualTimers();
    const store = await memoryStore(clock);
    await store.accounts.create(account("a1"));
    const done: string[] = [];
    const execute: RunExecutor = async (job) => {
      await store.runs.update(job.runId, { status: "succeeded" });
      done.push(job.runId);
    };
    const r = runner({ store, execute, clock, timers, pollMs: 60_000 });
    await r.start();
    expect(await store.runQueue.getSchedule("a1")).toMatchObject({ nextRunAt: "2026-03-02T09:00:00.000Z" });
    expect(timers.pending).toBe(1);
    for (let hour = 1; hour < 24; hour++) {
      clock.advance(HOUR);
      timers.advance(HOUR);
      await vi.waitFor(() => expect(timers.pending).toBe(1), { timeout: 5000, interval: 1 });
    }
    expect(done).toEqual([]);
    clock.advance(HOUR);
    timers.advance(HOUR);
    await vi.waitFor(() => expect(done).toHaveLength(1), { timeout: 5000, interval: 1 });
    expect(await store.runQueue.getSchedule("a1")).toMatchObject({ nextRunAt: "2026-03-03T09:00:00.000Z", lastRunId: done[0] });
  });
});
