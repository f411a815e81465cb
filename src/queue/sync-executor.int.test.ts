/**
 * The executor behind the in-process runner against both sandboxes (the demo world): a queued sync
 * runs through the account connector with progress to subscribers and its Intacct usage metered;
 * a run killed mid-apply is a failed run, and the next queued run resumes it with no duplicate; a
 * doctor run; failures to connect, a missing doctor and a missing account are failed runs with codes.
 */
import { afterEach, describe, expect, it, vi } from "vitest";

import { type DemoWorld, startDemoWorld } from "../cli/commands/demo.js";
import { ConnectionError } from "../connections/connection-error.js";
import type { AccountConnector } from "../connections/connector-port.js";
import { DEMO_FACTS } from "../sandbox/intacct/demo-seed.js";
import { createStoreSyncState } from "../sync/adapters/store-state.js";
import { createDoctorJob } from "./doctor-job.js";
import { createInProcessRunner, type InProcessRunner } from "./in-process-runner.js";
import type { RunEvent } from "./port.js";
import { createRunExecutor, type RunExecutorOptions } from "./sync-executor.js";

let world: DemoWorld | undefined;
let runner: InProcessRunner | undefined;
afterEach(async () => {
  await runner?.stop();
  runner = undefined;
  await world?.close();
  world = undefined;
});

async function start(extra: Partial<RunExecutorOptions> = {}): Promise<{ w: DemoWorld; r: InProcessRunner; events: RunEvent[] }> {
  world = await startDemoWorld({ databasePath: ":memory:" });
  const w = world;
  const execute = createRunExecutor({ store: w.store, connector: w.connector, ...extra });
  runner = createInProcessRunner({ store: w.store, execute, pollMs: 20, schedule: { enabled: false } });
  const events: RunEvent[] = [];
  runner.subscribe("demo-east", (e) => events.push(e));
  await runner.start();
  return { w, r: runner, events };
}

const doneOf = (events: RunEvent[], runId: string): RunEvent | undefined => events.find((e) => e.type === "run-done" && e.runId === runId);

describe("run executor", () => {
  it("runs a queued sync through the connector, forwards progress and meters Intacct usage per company and month", async () => {
    const { w, r, events } = await start();
    const { runId } = await r.requestRun({ accountId: "demo-east", reason: "manual" });
    await vi.waitFor(() => expect(doneOf(events, runId)).toBeDefined(), { timeout: 60_000, interval: 50 });
    const types = events.map((e) => e.type);
    expect(types[0]).toBe("run-queued");
    expect(types[1]).toBe("run-started");
    expect(types).toContain("planned");
    const finished = events.at(-2);
    expect(finished?.type).toBe("run-finished");
    const status = finished?.type === "run-finished" ? finished.status : "none";
    // The status is the sync's own (a per-record error elsewhere in the engine would make it "failed"); the queue reports it as is.
    expect(doneOf(events, runId)).toEqual({ type: "run-done", runId, accountId: "demo-east", kind: "sync", status });
    const run = await w.store.runs.get(runId);
    expect(run?.status).toBe(status);
    const calls = (run?.stats["intacct"] as { calls: number; writes: number }).calls;
    expect(calls).toBeGreaterThan(0);
    const month = new Date().toISOString().slice(0, 7);
    expect(await w.store.usage.list({ month })).toEqual([{ companyId: DEMO_FACTS.companyId.toLowerCase(), month, calls, writes: (run?.stats["intacct"] as { writes: number }).writes, runs: 1 }]);
    expect(await r.activeRun("demo-east")).toBeUndefined();
  }, 90_000);

  it("a run killed mid-apply is a failed run, and the next queued run resumes its plan with no duplicate", async () => {
    const { w, r, events } = await start({ stopAfterWrites: 4 });
    const first = await r.requestRun({ accountId: "demo-east", reason: "manual" });
    await vi.waitFor(() => expect(doneOf(events, first.runId)).toBeDefined(), { timeout: 60_000, interval: 50 });
    expect(await w.store.runs.get(first.runId)).toMatchObject({ status: "failed", error: { code: "UNEXPECTED", message: "simulated crash after 4 writes" } });
    expect(events.find((e) => e.type === "run-error")).toMatchObject({ runId: first.runId, code: "UNEXPECTED" });
    await runner?.stop();
    const execute = createRunExecutor({ store: w.store, connector: w.connector });
    runner = createInProcessRunner({ store: w.store, execute, pollMs: 20, schedule: { enabled: false } });
    const later: RunEvent[] = [];
    runner.subscribe("demo-east", (e) => later.push(e));
    await runner.start();
    const second = await runner.requestRun({ accountId: "demo-east", reason: "resume" });
    await vi.waitFor(() => expect(doneOf(later, second.runId)).toBeDefined(), { timeout: 60_000, interval: 50 });
    expect(["succeeded", "failed"]).toContain((await w.store.runs.get(second.runId))?.status);
    expect(later.find((e) => e.type === "planned")).toBeUndefined(); // resumed the stored plan: nothing re-planned
    expect(await createStoreSyncState({ store: w.store, accountId: "demo-east" }).unfinishedPlan()).toBeUndefined();
    // Vendors exist once each in the entity.
    const seen = new Map<string, number>();
    for await (const v of w.intacct.forEntity("EAST").queryRecords({ object: "VENDOR", select: ["VENDORID"], pageSize: 2000 })) {
      const id = String((v as Record<string, unknown>)["VENDORID"]);
      seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    expect([...seen.values()].filter((n) => n > 1)).toEqual([]);
    // Both attempts are metered.
    expect((await w.store.usage.list())[0]?.runs).toBe(2);
  }, 120_000);

  it("runs the doctor as a queued run and meters its requests", async () => {
    world = await startDemoWorld({ databasePath: ":memory:" });
    const w = world;
    const doctor = createDoctorJob({ accounts: w.accounts, intacct: { senderId: DEMO_FACTS.senderId, senderPassword: DEMO_FACTS.senderPassword, endpointUrl: w.intacctSandbox.endpointUrl } });
    runner = createInProcessRunner({ store: w.store, execute: createRunExecutor({ store: w.store, connector: w.connector, doctor }), pollMs: 20, schedule: { enabled: false } });
    const events: RunEvent[] = [];
    runner.subscribe("demo-east", (e) => events.push(e));
    await runner.start();
    const { runId } = await runner.requestRun({ accountId: "demo-east", reason: "api", kind: "doctor" });
    await vi.waitFor(() => expect(doneOf(events, runId)).toBeDefined(), { timeout: 60_000, interval: 50 });
    const run = await w.store.runs.get(runId);
    const report = run?.stats["doctor"] as { ok: boolean; checks: unknown[] };
    expect(report.checks.length).toBeGreaterThan(3);
    expect(run?.status).toBe(report.ok ? "succeeded" : "failed");
    const usage = await w.store.usage.list();
    expect(usage[0]?.calls).toBeGreaterThan(0);
    expect(usage[0]?.calls).toBe((run?.stats["intacct"] as { calls: number }).calls);
  }, 90_000);

  it("ends runs that cannot start as failed runs with a code: no connection, no doctor, no account", async () => {
    world = await startDemoWorld({ databasePath: ":memory:" });
    const w = world;
    const open: AccountConnector["open"] = () => Promise.reject(new ConnectionError("PLATFORM_LOGIN_MISSING", "The account has no BILL sign-in."));
    const failing = new Proxy(w.connector, { get: (target, prop) => (prop === "open" ? open : (Reflect.get(target, prop, target) as unknown)) });
    const execute = createRunExecutor({ store: w.store, connector: failing });
    const events: RunEvent[] = [];
    const sync = await w.store.runs.start({ id: "r-sync", accountId: "demo-east", kind: "sync", status: "queued" });
    await execute({ runId: sync.id, accountId: "demo-east", kind: "sync" }, (e) => events.push(e));
    expect(await w.store.runs.get("r-sync")).toMatchObject({ status: "failed", error: { code: "PLATFORM_LOGIN_MISSING", message: "Cannot open the account's connections: The account has no BILL sign-in." } });
    await w.store.runs.start({ id: "r-doc", accountId: "demo-east", kind: "doctor", status: "queued" });
    await execute({ runId: "r-doc", accountId: "demo-east", kind: "doctor" }, (e) => events.push(e));
    expect((await w.store.runs.get("r-doc"))?.error).toMatchObject({ code: "DOCTOR_NOT_CONFIGURED" });
    await execute({ runId: "r-gone", accountId: "gone", kind: "sync" }, (e) => events.push(e));
    expect(events.filter((e) => e.type === "run-error").map((e) => (e.type === "run-error" ? e.code : ""))).toEqual(["PLATFORM_LOGIN_MISSING", "DOCTOR_NOT_CONFIGURED", "ACCOUNT_NOT_FOUND"]);
    expect(events.filter((e) => e.type === "run-done")).toHaveLength(3);
  }, 60_000);
});
