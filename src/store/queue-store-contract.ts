/**
 * The run-queue and usage part of the store contract (active runs with leases, schedules, run
 * events, the Intacct usage meter), registered by `runStoreContract` so it runs on every adapter.
 */
import { expect, it } from "vitest";

import type { ManualClock } from "../domain/clock.js";
import type { NewAccount, Store } from "./port.js";
import { StoreError } from "./store-error.js";

function account(id: string): NewAccount {
  return { id, name: `Account ${id}`, platformOrgId: `org-${id}`, companyId: "DEMO-CO", userId: "XML_Bill.com", passwordEncrypted: "v1:x", entityId: "", preferences: {} };
}

const iso = (clock: ManualClock, plusMs = 0): string => new Date(clock.now() + plusMs).toISOString();

/** Registers the run-queue and usage contract tests; `ctx` returns the current test's store and clock. */
export function runQueueStoreContract(ctx: () => { readonly store: Store; readonly clock: ManualClock }): void {
  it("keeps one active run per account: a second enqueue is a CONFLICT", async () => {
    const { store } = ctx();
    await store.accounts.create(account("a1"));
    await store.accounts.create(account("a2"));
    const q = await store.runQueue.enqueue({ runId: "r1", accountId: "a1", kind: "sync", reason: "manual", requestedBy: "u1" });
    expect(q).toEqual({ runId: "r1", accountId: "a1", kind: "sync", reason: "manual", requestedBy: "u1", status: "queued", requestedAt: "2026-03-01T09:00:00.000Z", attempts: 0 });
    const err = await store.runQueue.enqueue({ runId: "r2", accountId: "a1", kind: "sync", reason: "schedule" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe("CONFLICT");
    await store.runQueue.enqueue({ runId: "r3", accountId: "a2", kind: "doctor", reason: "api" });
    expect((await store.runQueue.active("a1"))?.runId).toBe("r1");
    expect((await store.runQueue.list()).map((r) => r.runId)).toEqual(["r1", "r3"]);
    expect(await store.runQueue.finish("r1")).toBe(true);
    expect(await store.runQueue.active("a1")).toBeUndefined();
    await store.runQueue.enqueue({ runId: "r4", accountId: "a1", kind: "sync", reason: "manual" });
  });

  it("lets one holder claim a run; another takes it over only after the lease ends", async () => {
    const { store, clock } = ctx();
    await store.accounts.create(account("a1"));
    await store.runQueue.enqueue({ runId: "r1", accountId: "a1", kind: "sync", reason: "manual" });
    const claimed = await store.runQueue.claim("r1", "w1", iso(clock, 30_000), iso(clock));
    expect(claimed).toMatchObject({ status: "running", claimedBy: "w1", attempts: 1, leaseUntil: "2026-03-01T09:00:30.000Z" });
    expect(await store.runQueue.claim("r1", "w2", iso(clock, 30_000), iso(clock))).toBeUndefined();
    clock.advance(20_000);
    expect(await store.runQueue.renew("r1", "w1", iso(clock, 30_000))).toBe(true);
    clock.advance(20_000);
    expect(await store.runQueue.claim("r1", "w2", iso(clock, 30_000), iso(clock))).toBeUndefined();
    clock.advance(11_000);
    expect(await store.runQueue.claim("r1", "w2", iso(clock, 30_000), iso(clock))).toMatchObject({ claimedBy: "w2", attempts: 2 });
    expect(await store.runQueue.renew("r1", "w1", iso(clock, 30_000))).toBe(false);
    expect(await store.runQueue.finish("r1", "w1")).toBe(false);
    expect(await store.runQueue.release("r1", "w2")).toBe(true);
    expect(await store.runQueue.get("r1")).toMatchObject({ status: "queued", attempts: 2 });
    expect((await store.runQueue.get("r1"))?.claimedBy).toBeUndefined();
    expect(await store.runQueue.claim("r1", "w3", iso(clock, 1), iso(clock))).toMatchObject({ claimedBy: "w3" });
    expect(await store.runQueue.claim("r1", "w4", iso(clock, 1), iso(clock), { force: true })).toMatchObject({ claimedBy: "w4", attempts: 4 });
    expect(await store.runQueue.finish("r1", "w4")).toBe(true);
  });

  it("stores each account's schedule and replaces it", async () => {
    const { store } = ctx();
    await store.accounts.create(account("a1"));
    expect(await store.runQueue.getSchedule("a1")).toBeUndefined();
    await store.runQueue.putSchedule({ accountId: "a1", everyMs: 86_400_000, nextRunAt: "2026-03-02T09:00:00.000Z" });
    await store.runQueue.putSchedule({ accountId: "a1", everyMs: 3_600_000, nextRunAt: "2026-03-01T10:00:00.000Z", lastRunId: "r9" });
    expect(await store.runQueue.getSchedule("a1")).toEqual({ accountId: "a1", everyMs: 3_600_000, nextRunAt: "2026-03-01T10:00:00.000Z", lastRunId: "r9", updatedAt: "2026-03-01T09:00:00.000Z" });
    expect(await store.runQueue.advanceSchedule("a1", "2026-03-01T10:00:00.000Z", { everyMs: 3_600_000, nextRunAt: "2026-03-01T11:00:00.000Z" })).toBe(true);
    expect(await store.runQueue.advanceSchedule("a1", "2026-03-01T10:00:00.000Z", { everyMs: 3_600_000, nextRunAt: "2026-03-01T11:00:00.000Z" })).toBe(false);
    expect(await store.runQueue.getSchedule("a1")).toMatchObject({ nextRunAt: "2026-03-01T11:00:00.000Z", lastRunId: "r9" });
  });

  it("numbers run events in order and prunes old ones", async () => {
    const { store, clock } = ctx();
    await store.accounts.create(account("a1"));
    expect(await store.runQueue.appendEvent("r1", "a1", { type: "run-started" })).toBe(1);
    clock.advance(1000);
    expect(await store.runQueue.appendEvent("r1", "a1", { type: "planned", operations: 3 })).toBe(2);
    expect(await store.runQueue.appendEvent("r2", "a1", { type: "run-started" })).toBe(1);
    expect(await store.runQueue.eventsAfter("r1", 0)).toEqual([
      { runId: "r1", accountId: "a1", seq: 1, event: { type: "run-started" } },
      { runId: "r1", accountId: "a1", seq: 2, event: { type: "planned", operations: 3 } },
    ]);
    expect((await store.runQueue.eventsAfter("r1", 1)).map((e) => e.seq)).toEqual([2]);
    expect(await store.runQueue.pruneEvents("2026-03-01T09:00:00.500Z")).toBe(1);
    expect((await store.runQueue.eventsAfter("r1", 0)).map((e) => e.seq)).toEqual([2]);
  });

  it("meters Intacct usage per lower-cased company and month, once per run attempt", async () => {
    const { store } = ctx();
    const base = { accountId: "a1", kind: "sync" } as const;
    expect(await store.usage.record({ ...base, runId: "r1", companyId: "DEMO-CO", calls: 10, writes: 4, at: "2026-03-01T09:00:00.000Z" })).toBe(true);
    expect(await store.usage.record({ ...base, runId: "r1", companyId: "DEMO-CO", calls: 10, writes: 4, at: "2026-03-01T09:00:00.000Z" })).toBe(false);
    await store.usage.record({ ...base, runId: "r1", attempt: 2, companyId: "demo-co", calls: 5, writes: 1, at: "2026-03-31T23:59:59.000Z" });
    await store.usage.record({ ...base, accountId: "a2", runId: "r2", companyId: "Other", calls: 7, writes: 0, at: "2026-03-15T00:00:00.000Z" });
    await store.usage.record({ ...base, runId: "r3", companyId: "demo-co", calls: 2, writes: 0, at: "2026-04-01T00:00:00.000Z", kind: "doctor" });
    expect(await store.usage.list()).toEqual([
      { companyId: "demo-co", month: "2026-04", calls: 2, writes: 0, runs: 1 },
      { companyId: "demo-co", month: "2026-03", calls: 15, writes: 5, runs: 2 },
      { companyId: "other", month: "2026-03", calls: 7, writes: 0, runs: 1 },
    ]);
    expect(await store.usage.list({ month: "2026-03", companyId: "DEMO-CO" })).toEqual([{ companyId: "demo-co", month: "2026-03", calls: 15, writes: 5, runs: 2 }]);
  });

  it("drops an account's queued run and schedule with the account", async () => {
    const { store } = ctx();
    await store.accounts.create(account("a1"));
    await store.runQueue.enqueue({ runId: "r1", accountId: "a1", kind: "sync", reason: "manual" });
    await store.runQueue.putSchedule({ accountId: "a1", everyMs: 1, nextRunAt: "2026-03-02T09:00:00.000Z" });
    await store.accounts.remove("a1");
    expect(await store.runQueue.get("r1")).toBeUndefined();
    expect(await store.runQueue.getSchedule("a1")).toBeUndefined();
  });
}
