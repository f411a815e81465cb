/**
 * Tables of the run queue (`src/queue/`, ADR 0007): the active run of each account with its lease,
 * the per-account schedule (`next_run_at` survives restarts) and the events of runs (read by
 * subscribers in other processes). Written once in portable SQL; claims are conditional updates,
 * so two processes racing for a run never both win.
 */
import type { JsonObject } from "./port.js";
import type { SqlExecutor, SqlValue } from "./sql.js";

/** State of an active run in the queue (finished runs leave the queue; their record stays in `runs`). */
export type QueuedRunStatus = "queued" | "running";

/** The active (queued or running) run of an account. */
export interface QueuedRun {
  readonly runId: string;
  readonly accountId: string;
  /** `sync`, `sync-dry-run` or `doctor`. */
  readonly kind: string;
  /** Why it was requested (`manual`, `schedule`, `api`, `resume`). */
  readonly reason: string;
  readonly requestedBy?: string;
  readonly status: QueuedRunStatus;
  readonly requestedAt: string;
  /** Times a process claimed it (2 or more: it was resumed after a stop or crash). */
  readonly attempts: number;
  /** Process that holds it while running. */
  readonly claimedBy?: string;
  /** The holder's lease; past it, another process may take the run over. */
  readonly leaseUntil?: string;
}

/** Schedule state of an account. */
export interface ScheduleRecord {
  readonly accountId: string;
  /** Interval the next run was computed with, ms. */
  readonly everyMs: number;
  readonly nextRunAt: string;
  readonly lastRunId?: string;
  readonly updatedAt: string;
}

/** One stored run event. */
export interface StoredRunEvent {
  readonly runId: string;
  readonly accountId: string;
  /** 1, 2, … per run. */
  readonly seq: number;
  readonly event: JsonObject;
}

/** The run queue's tables. */
export interface RunQueueRepository {
  /** Inserts a queued run. `CONFLICT` when the account already has an active run (one per account, a unique key). */
  enqueue(run: { readonly runId: string; readonly accountId: string; readonly kind: string; readonly reason: string; readonly requestedBy?: string }): Promise<QueuedRun>;
  get(runId: string): Promise<QueuedRun | undefined>;
  /** The active run of an account. */
  active(accountId: string): Promise<QueuedRun | undefined>;
  /** Active runs, oldest request first. */
  list(): Promise<QueuedRun[]>;
  /**
   * Claims a run for `owner` until `leaseUntil` when it is queued, or running under a lease that
   * ended before `now` (its holder stopped or died), or — with `force` — running at all. Returns
   * the claimed run, or undefined when another holder keeps it.
   */
  claim(runId: string, owner: string, leaseUntil: string, now: string, options?: { readonly force?: boolean }): Promise<QueuedRun | undefined>;
  /** Extends the holder's lease; false when `owner` no longer holds the run. */
  renew(runId: string, owner: string, leaseUntil: string): Promise<boolean>;
  /** Puts a held run back to queued (a stopping process hands it over); false when not held by `owner`. */
  release(runId: string, owner: string): Promise<boolean>;
  /** Removes a finished run from the queue; with `owner`, only when it still holds it. */
  finish(runId: string, owner?: string): Promise<boolean>;
  getSchedule(accountId: string): Promise<ScheduleRecord | undefined>;
  putSchedule(schedule: Omit<ScheduleRecord, "updatedAt">): Promise<ScheduleRecord>;
  /**
   * Moves a due schedule on, only if its `nextRunAt` is still `from` (so of several schedulers
   * only one requests the run); false when another process moved it first.
   */
  advanceSchedule(accountId: string, from: string, next: { readonly everyMs: number; readonly nextRunAt: string; readonly lastRunId?: string }): Promise<boolean>;
  /** Appends an event with the next sequence number of its run; returns that number. */
  appendEvent(runId: string, accountId: string, event: JsonObject): Promise<number>;
  /** Events of a run after `afterSeq`, in order. */
  eventsAfter(runId: string, afterSeq: number): Promise<StoredRunEvent[]>;
  /** Deletes events stored before `before` (ISO); returns how many. */
  pruneEvents(before: string): Promise<number>;
}

interface QueueRow {
  run_id: string;
  account_id: string;
  kind: string;
  reason: string;
  requested_by: string | null;
  status: string;
  requested_at: string;
  attempts: number | string;
  claimed_by: string | null;
  lease_until: string | null;
}

function toQueued(r: QueueRow): QueuedRun {
  return {
    runId: r.run_id,
    accountId: r.account_id,
    kind: r.kind,
    reason: r.reason,
    ...(r.requested_by === null ? {} : { requestedBy: r.requested_by }),
    status: r.status as QueuedRunStatus,
    requestedAt: r.requested_at,
    attempts: Number(r.attempts),
    ...(r.claimed_by === null ? {} : { claimedBy: r.claimed_by }),
    ...(r.lease_until === null ? {} : { leaseUntil: r.lease_until }),
  };
}

interface ScheduleRow {
  account_id: string;
  every_ms: number | string;
  next_run_at: string;
  last_run_id: string | null;
  updated_at: string;
}

/** The run-queue repository over one executor (a connection or a transaction). */
export function runQueueRepository(db: SqlExecutor, now: () => string): RunQueueRepository {
  const one = async (sql: string, params: readonly SqlValue[]): Promise<QueuedRun | undefined> => {
    const row = (await db.query<QueueRow>(sql, params))[0];
    return row === undefined ? undefined : toQueued(row);
  };
  const get = (runId: string): Promise<QueuedRun | undefined> => one("SELECT * FROM run_queue WHERE run_id = ?", [runId]);
  return {
    async enqueue(run) {
      const at = now();
      await db.run("INSERT INTO run_queue (run_id, account_id, kind, reason, requested_by, status, requested_at, attempts) VALUES (?, ?, ?, ?, ?, 'queued', ?, 0)", [
        run.runId,
        run.accountId,
        run.kind,
        run.reason,
        run.requestedBy ?? null,
        at,
      ]);
      return { runId: run.runId, accountId: run.accountId, kind: run.kind, reason: run.reason, ...(run.requestedBy === undefined ? {} : { requestedBy: run.requestedBy }), status: "queued", requestedAt: at, attempts: 0 };
    },
    get,
    active: (accountId) => one("SELECT * FROM run_queue WHERE account_id = ?", [accountId]),
    async list() {
      return (await db.query<QueueRow>("SELECT * FROM run_queue ORDER BY requested_at, run_id")).map(toQueued);
    },
    async claim(runId, owner, leaseUntil, at, options) {
      const takeable = options?.force === true ? "1 = 1" : "(status = 'queued' OR lease_until IS NULL OR lease_until < ?)";
      const { changes } = await db.run(
        `UPDATE run_queue SET status = 'running', claimed_by = ?, lease_until = ?, attempts = attempts + 1 WHERE run_id = ? AND ${takeable}`,
        options?.force === true ? [owner, leaseUntil, runId] : [owner, leaseUntil, runId, at],
      );
      return changes === 0 ? undefined : get(runId);
    },
    async renew(runId, owner, leaseUntil) {
      const { changes } = await db.run("UPDATE run_queue SET lease_until = ? WHERE run_id = ? AND claimed_by = ? AND status = 'running'", [leaseUntil, runId, owner]);
      return changes > 0;
    },
    async release(runId, owner) {
      const { changes } = await db.run("UPDATE run_queue SET status = 'queued', claimed_by = NULL, lease_until = NULL WHERE run_id = ? AND claimed_by = ?", [runId, owner]);
      return changes > 0;
    },
    async finish(runId, owner) {
      const { changes } =
        owner === undefined ? await db.run("DELETE FROM run_queue WHERE run_id = ?", [runId]) : await db.run("DELETE FROM run_queue WHERE run_id = ? AND claimed_by = ?", [runId, owner]);
      return changes > 0;
    },
    async getSchedule(accountId) {
      const r = (await db.query<ScheduleRow>("SELECT * FROM run_schedules WHERE account_id = ?", [accountId]))[0];
      return r === undefined ? undefined : { accountId: r.account_id, everyMs: Number(r.every_ms), nextRunAt: r.next_run_at, ...(r.last_run_id === null ? {} : { lastRunId: r.last_run_id }), updatedAt: r.updated_at };
    },
    async putSchedule(s) {
      const at = now();
      await db.run(
        `INSERT INTO run_schedules (account_id, every_ms, next_run_at, last_run_id, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (account_id) DO UPDATE SET every_ms = excluded.every_ms, next_run_at = excluded.next_run_at, last_run_id = excluded.last_run_id, updated_at = excluded.updated_at`,
        [s.accountId, s.everyMs, s.nextRunAt, s.lastRunId ?? null, at],
      );
      return { ...s, updatedAt: at };
    },
    async advanceSchedule(accountId, from, next) {
      const { changes } = await db.run("UPDATE run_schedules SET every_ms = ?, next_run_at = ?, last_run_id = COALESCE(?, last_run_id), updated_at = ? WHERE account_id = ? AND next_run_at = ?", [
        next.everyMs,
        next.nextRunAt,
        next.lastRunId ?? null,
        now(),
        accountId,
        from,
      ]);
      return changes > 0;
    },
    async appendEvent(runId, accountId, event) {
      // The sequence is computed in the insert; a racing writer of the same run hits the key and retries.
      for (let attempt = 0; ; attempt++) {
        const rows = await db.query<{ seq: number | string }>("SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM run_events WHERE run_id = ?", [runId]);
        const seq = Number(rows[0]?.seq ?? 1);
        try {
          await db.run("INSERT INTO run_events (run_id, seq, account_id, event, created_at) VALUES (?, ?, ?, ?, ?)", [runId, seq, accountId, JSON.stringify(event), now()]);
          return seq;
        } catch (e) {
          if (attempt >= 5 || !(e instanceof Error && "code" in e && e.code === "CONFLICT")) throw e;
        }
      }
    },
    async eventsAfter(runId, afterSeq) {
      const rows = await db.query<{ run_id: string; account_id: string; seq: number | string; event: string }>("SELECT run_id, account_id, seq, event FROM run_events WHERE run_id = ? AND seq > ? ORDER BY seq", [runId, afterSeq]);
      return rows.map((r) => ({ runId: r.run_id, accountId: r.account_id, seq: Number(r.seq), event: JSON.parse(r.event) as JsonObject }));
    },
    async pruneEvents(before) {
      const { changes } = await db.run("DELETE FROM run_events WHERE created_at < ?", [before]);
      return changes;
    },
  };
}
