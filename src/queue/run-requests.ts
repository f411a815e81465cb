/**
 * What both runners share: recording a run request durably (one active run per account, enforced
 * by the `run_queue` unique key, not by memory) and the per-account schedule tick.
 */
import type { Clock } from "../domain/clock.js";
import { coerceError } from "../domain/errors.js";
import type { Logger } from "../domain/logger.js";
import type { Store } from "../store/port.js";
import { StoreError } from "../store/store-error.js";
import type { RunRequest, RunTicket } from "./port.js";
import { QueueError } from "./queue-error.js";
import { parseSchedule, type ScheduleSetting } from "./schedule.js";

/**
 * Records a request: the run (`queued`) and its queue row in one transaction, or the account's
 * active run when it has one. Resolves only once the rows are committed.
 */
export async function enqueueRun(store: Store, request: RunRequest, newId: () => string): Promise<RunTicket> {
  const kind = request.kind ?? "sync";
  for (let attempt = 0; ; attempt++) {
    const active = await store.runQueue.active(request.accountId);
    if (active !== undefined) return { runId: active.runId, created: false };
    if ((await store.accounts.get(request.accountId)) === undefined) throw new QueueError("ACCOUNT_NOT_FOUND", `No account with id "${request.accountId}".`);
    const runId = newId();
    try {
      await store.withTransaction(async (tx) => {
        await tx.runQueue.enqueue({ runId, accountId: request.accountId, kind, reason: request.reason, ...(request.requestedBy === undefined ? {} : { requestedBy: request.requestedBy }) });
        await tx.runs.start({ id: runId, accountId: request.accountId, kind, status: "queued", stats: { reason: request.reason } });
      });
      return { runId, created: true };
    } catch (e) {
      // Another request of the same account committed first: return its run.
      if (!(e instanceof StoreError && (e.code === "CONFLICT" || e.code === "BUSY")) || attempt >= 5) throw e;
    }
  }
}

/** Options of {@link runDueSchedules}. */
export interface ScheduleTickOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Schedule of accounts without a `schedule` preference. */
  readonly fallback: ScheduleSetting;
  /** Requests a scheduled run. */
  readonly request: (accountId: string) => Promise<RunTicket>;
}

/**
 * One pass of the scheduler: every account whose next run is due gets a `schedule` request, and
 * its `next_run_at` moves one interval on (stored, so it survives restarts). A new account, or one
 * whose interval changed, is first due one interval from now. Returns the accounts requested.
 */
export async function runDueSchedules(options: ScheduleTickOptions): Promise<string[]> {
  const { store, clock, logger } = options;
  const requested: string[] = [];
  const now = clock.now();
  const iso = (ms: number): string => new Date(ms).toISOString();
  for (const account of await store.accounts.list()) {
    let setting: ScheduleSetting;
    try {
      setting = parseSchedule(account.preferences["schedule"], options.fallback);
    } catch (e) {
      logger.log({ level: "warn", event: "queue.schedule-invalid", message: `account ${account.id}: ${coerceError(e).message}`, scope: { connection: account.id } });
      continue;
    }
    if (!setting.enabled) continue;
    const row = await store.runQueue.getSchedule(account.id);
    if (row === undefined || row.everyMs !== setting.everyMs) {
      const next = row === undefined ? now + setting.everyMs : Math.min(Date.parse(row.nextRunAt), now + setting.everyMs);
      await store.runQueue.putSchedule({ accountId: account.id, everyMs: setting.everyMs, nextRunAt: iso(next), ...(row?.lastRunId === undefined ? {} : { lastRunId: row.lastRunId }) });
      if (row === undefined || next > now) continue;
    }
    const current = row?.everyMs === setting.everyMs ? row.nextRunAt : (await store.runQueue.getSchedule(account.id))?.nextRunAt;
    if (current === undefined || Date.parse(current) > now) continue;
    // Claim this due slot first: of several schedulers (serve and workers), one requests the run.
    if (!(await store.runQueue.advanceSchedule(account.id, current, { everyMs: setting.everyMs, nextRunAt: iso(now + setting.everyMs) }))) continue;
    try {
      const ticket = await options.request(account.id);
      await store.runQueue.advanceSchedule(account.id, iso(now + setting.everyMs), { everyMs: setting.everyMs, nextRunAt: iso(now + setting.everyMs), lastRunId: ticket.runId });
      requested.push(account.id);
    } catch (e) {
      logger.log({ level: "error", event: "queue.schedule-request-failed", message: `account ${account.id}: ${coerceError(e).message}`, scope: { connection: account.id } });
    }
  }
  return requested;
}
