/**
 * The pg-boss runner on a real PostgreSQL (DATABASE_TEST_URL; a loud skip without it). Every
 * "process" here has its own store pool, pg-boss and LISTEN connection: two workers run runs of
 * accounts on one Intacct company without exceeding its budget and never two runs of one account;
 * a `serve`-like runner (no work) hears a worker's progress; a run abandoned by a stopped worker
 * is finished, once, by another.
 */
import { randomUUID } from "node:crypto";

import pg from "pg";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";

import { ManualClock } from "../domain/clock.js";
import type { NewAccount, Store } from "../store/port.js";
import { openPostgresStore } from "../store/postgres/postgres-store.js";
import { createPgBossRunner, type PgBossRunner, type PgBossRunnerOptions } from "./pg-boss-runner.js";
import { PostgresBudget } from "./postgres-budget.js";
import type { RunEvent } from "./port.js";
import type { RunExecutor, RunJob } from "./sync-executor.js";

const pgUrl = process.env["DATABASE_TEST_URL"];

function account(id: string): NewAccount {
  return { id, name: id, platformOrgId: `org-${id}`, companyId: "DEMO-CO", userId: "XML_Bill.com", passwordEncrypted: "v1:x", entityId: "", preferences: {} };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

if (pgUrl === undefined || pgUrl === "") {
  describe("pg-boss runner", () => {
    it("is skipped: DATABASE_TEST_URL is not set", () => {
      console.warn("\n*** SKIPPING the pg-boss runner tests: set DATABASE_TEST_URL=postgres://postgres@127.0.0.1:5432/test to run them (CI does). ***\n");
    });
  });
} else {
  const url = pgUrl;
  const schemas: string[] = [];
  const stores: Store[] = [];
  const runners: PgBossRunner[] = [];
  const budgets: PostgresBudget[] = [];

  afterEach(async () => {
    for (const r of runners.splice(0)) await r.stop();
    for (const b of budgets.splice(0)) await b.close();
    for (const s of stores.splice(0)) await s.close();
  });
  afterAll(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await client.end();
  });

  /** A fresh database "deployment": a store schema and a pg-boss schema. */
  const deployment = (): { readonly storeSchema: string; readonly bossSchema: string; readonly channel: string } => {
    const id = randomUUID().replace(/-/g, "").slice(0, 12);
    const d = { storeSchema: `q_${id}`, bossSchema: `b_${id}`, channel: `ev_${id}` };
    schemas.push(d.storeSchema, d.bossSchema);
    return d;
  };

  /** One process: its own store pool and runner. */
  const process = async (d: ReturnType<typeof deployment>, extra: Partial<PgBossRunnerOptions>): Promise<{ store: Store; runner: PgBossRunner }> => {
    const store = await openPostgresStore({ url, schema: d.storeSchema, maxConnections: 4 });
    stores.push(store);
    const runner = createPgBossRunner({ store, url, bossSchema: d.bossSchema, channel: d.channel, pollingIntervalSeconds: 0.5, sweepMs: 100, stopTimeoutMs: 50, schedule: { enabled: false }, ...extra });
    runners.push(runner);
    return { store, runner };
  };

  describe("pg-boss runner", () => {
    it("two workers run accounts of one company within its Intacct budget, one run per account at a time, each run once", async () => {
      const d = deployment();
      const ns = `t-${randomUUID()}`;
      let inFlight = 0;
      let maxInFlight = 0;
      const activeAccounts = new Set<string>();
      let overlap = false;
      const executed: RunJob[] = [];
      const executor = (budget: PostgresBudget, store: () => Store): RunExecutor => async (job) => {
        if (activeAccounts.has(job.accountId)) overlap = true;
        activeAccounts.add(job.accountId);
        executed.push(job);
        // Five "Intacct requests", each under the shared budget.
        for (let i = 0; i < 5; i++) {
          const release = await budget.acquire("demo-co");
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await sleep(10);
          inFlight--;
          release();
        }
        activeAccounts.delete(job.accountId);
        await store().runs.update(job.runId, { status: "succeeded" });
      };
      const b1 = new PostgresBudget({ url, namespace: ns, pollMs: 5 });
      const b2 = new PostgresBudget({ url, namespace: ns, pollMs: 5 });
      budgets.push(b1, b2);
      const own: { s1?: Store; s2?: Store } = {};
      const w1 = await process(d, { concurrency: 3, execute: executor(b1, () => own.s1 as Store) });
      own.s1 = w1.store;
      const w2 = await process(d, { concurrency: 3, execute: executor(b2, () => own.s2 as Store) });
      own.s2 = w2.store;
      const ids = ["a1", "a2", "a3", "a4"];
      for (const id of ids) await w1.store.accounts.create(account(id));
      await Promise.all([w1.runner.start(), w2.runner.start()]);
      // Racing requests from both processes: one run per account.
      const tickets = await Promise.all(ids.flatMap((id) => [w1.runner.requestRun({ accountId: id, reason: "manual" }), w2.runner.requestRun({ accountId: id, reason: "api" })]));
      expect(tickets.filter((t) => t.created)).toHaveLength(4);
      for (const id of ids) expect(new Set(tickets.filter((_, i) => ids[Math.floor(i / 2)] === id).map((t) => t.runId)).size).toBe(1);
      await vi.waitFor(async () => expect(await w1.store.runQueue.list()).toEqual([]), { timeout: 20_000, interval: 50 });
      expect(executed.map((j) => j.accountId).sort()).toEqual(ids);
      expect(overlap).toBe(false);
      expect(maxInFlight).toBe(2);
      for (const t of tickets) expect((await w2.store.runs.get(t.runId))?.status).toBe("succeeded");
    }, 30_000);

    it("a serve process without work hears the progress of a run a worker executes, in order", async () => {
      const d = deployment();
      const execute: RunExecutor = async (job, onEvent) => {
        onEvent({ type: "run-started", runId: job.runId, accountId: job.accountId, objects: ["vendor"], dryRun: false });
        for (let i = 1; i <= 3; i++) onEvent({ type: "apply-progress", runId: job.runId, object: "vendor", done: i, total: 3 });
        await sleep(5);
        onEvent({ type: "run-done", runId: job.runId, accountId: job.accountId, kind: job.kind, status: "succeeded" });
      };
      const serve = await process(d, { concurrency: 0 });
      const worker = await process(d, { concurrency: 1, execute });
      await serve.store.accounts.create(account("a1"));
      await serve.runner.start();
      const events: RunEvent[] = [];
      serve.runner.subscribe("a1", (e) => events.push(e));
      const { runId } = await serve.runner.requestRun({ accountId: "a1", reason: "manual" });
      await worker.runner.start();
      await vi.waitFor(() => expect(events.at(-1)?.type).toBe("run-done"), { timeout: 20_000, interval: 20 });
      expect(events.map((e) => (e.type === "apply-progress" ? `apply ${e.done}` : e.type))).toEqual(["run-queued", "run-started", "apply 1", "apply 2", "apply 3", "run-done"]);
      expect(events.every((e) => !("runId" in e) || e.runId === runId)).toBe(true);
      expect(serve.runner.runningCount).toBe(0);
    }, 30_000);

    it("a job survives a worker stop: another worker finishes the run once the lease ends, exactly once", async () => {
      const d = deployment();
      const firstJobs: RunJob[] = [];
      let unblock: (() => void) | undefined;
      const blocking: RunExecutor = async (job) => {
        firstJobs.push(job);
        await new Promise<void>((resolve) => {
          unblock = resolve;
        });
      };
      const secondJobs: RunJob[] = [];
      const own: { s2?: Store } = {};
      const finishing: RunExecutor = async (job) => {
        secondJobs.push(job);
        await (own.s2 as Store).runs.update(job.runId, { status: "succeeded" });
      };
      const w1 = await process(d, { concurrency: 1, execute: blocking, leaseMs: 400 });
      await w1.store.accounts.create(account("a1"));
      await w1.runner.start();
      const { runId } = await w1.runner.requestRun({ accountId: "a1", reason: "manual" });
      await vi.waitFor(() => expect(firstJobs).toHaveLength(1), { timeout: 20_000, interval: 20 });
      await w1.runner.stop(); // the run is mid-way and never finishes here
      expect(await w1.store.runQueue.get(runId)).toMatchObject({ status: "running", attempts: 1 });

      const w2 = await process(d, { concurrency: 1, execute: finishing, leaseMs: 400 });
      own.s2 = w2.store;
      await w2.runner.start();
      await vi.waitFor(async () => expect(await w2.store.runQueue.get(runId)).toBeUndefined(), { timeout: 20_000, interval: 50 });
      expect(secondJobs).toEqual([{ runId, accountId: "a1", kind: "sync", attempt: 2 }]);
      expect((await w2.store.runs.get(runId))?.status).toBe("succeeded");
      unblock?.();
      await sleep(300);
      expect(secondJobs).toHaveLength(1);
      expect(await w2.store.runs.list("a1")).toHaveLength(1);
    }, 30_000);

    it("listens again when its event connection drops, and still hears the next run", async () => {
      const d = deployment();
      const execute: RunExecutor = async (job, onEvent) => {
        await sleep(5);
        onEvent({ type: "run-done", runId: job.runId, accountId: job.accountId, kind: job.kind, status: "succeeded" });
      };
      const serve = await process(d, { concurrency: 0 });
      const worker = await process(d, { concurrency: 1, execute });
      await serve.store.accounts.create(account("a1"));
      await serve.runner.start();
      await worker.runner.start();
      const events: RunEvent[] = [];
      serve.runner.subscribe("a1", (e) => events.push(e));
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        const killed = await admin.query<{ pid: number }>("SELECT pg_terminate_backend(pid) AS ok, pid FROM pg_stat_activity WHERE application_name = 'intacct-sync-events' AND query = $1", [`LISTEN ${d.channel}`]);
        expect(killed.rows.length).toBe(2); // serve's and the worker's
      } finally {
        await admin.end();
      }
      await sleep(1500);
      const { runId } = await serve.runner.requestRun({ accountId: "a1", reason: "manual" });
      await vi.waitFor(() => expect(events.map((e) => e.type)).toEqual(["run-queued", "run-done"]), { timeout: 20_000, interval: 20 });
      expect(events.every((e) => !("runId" in e) || e.runId === runId)).toBe(true);
    }, 30_000);

    it("of several schedulers (serve and workers), one requests each due run", async () => {
      const d = deployment();
      const clock = new ManualClock(Date.parse("2026-03-01T09:00:00.000Z"));
      const a = await process(d, { concurrency: 0, clock, schedule: { everyMs: 3_600_000, enabled: false } });
      const b = await process(d, { concurrency: 0, clock, schedule: { everyMs: 3_600_000, enabled: false } });
      await a.store.accounts.create(account("a1"));
      await a.store.accounts.create(account("a2"));
      expect([...(await a.runner.runSchedule()), ...(await b.runner.runSchedule())]).toEqual([]);
      clock.advance(3_600_000);
      const requested = (await Promise.all([a.runner.runSchedule(), b.runner.runSchedule(), a.runner.runSchedule()])).flat();
      expect(requested.sort()).toEqual(["a1", "a2"]);
      expect(await a.store.runs.list("a1")).toHaveLength(1);
      expect(await b.store.runQueue.getSchedule("a1")).toMatchObject({ nextRunAt: "2026-03-01T11:00:00.000Z" });
    }, 30_000);

    it("refuses a SQLite store", async () => {
      const { openSqliteStore } = await import("../store/sqlite/sqlite-store.js");
      const store = await openSqliteStore({ path: ":memory:" });
      stores.push(store);
      expect(() => createPgBossRunner({ store, url, concurrency: 0 })).toThrow(expect.objectContaining({ code: "POSTGRES_REQUIRED" }) as Error);
    });
  });
}
