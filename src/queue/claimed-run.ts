/**
 * Executing a run this process claimed, shared by both runners: the lease is renewed every third
 * of its length while the executor works, a failure of the executor itself (the store failing
 * under it) still ends the run as failed, and the run leaves the queue only if this process
 * still holds it (a process that lost its lease cannot remove the new holder's run).
 */
import type { Clock } from "../domain/clock.js";
import { coerceError } from "../domain/errors.js";
import type { Logger } from "../domain/logger.js";
import type { QueuedRun } from "../store/run-queue-repository.js";
import type { Store } from "../store/port.js";
import type { RunEventListener, RunKind } from "./port.js";
import { runErrorOf, type RunExecutor } from "./sync-executor.js";
import type { Timers } from "./timers.js";

/** What {@link executeClaimedRun} needs. */
export interface ClaimedRunContext {
  readonly store: Store;
  readonly execute: RunExecutor;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timers: Timers;
  /** This process's holder id. */
  readonly owner: string;
  readonly leaseMs: number;
  /** Aborted when the runner gives the run up (stop timed out): renewals end, so the lease lapses. */
  readonly abandon?: AbortSignal;
}

/** Lease end from now. */
export function leaseUntil(clock: Clock, leaseMs: number): string {
  return new Date(clock.now() + leaseMs).toISOString();
}

/** Runs a claimed run to its end; never rejects. */
export async function executeClaimedRun(ctx: ClaimedRunContext, run: QueuedRun, emit: RunEventListener): Promise<void> {
  const { store, owner, logger } = ctx;
  let cancelHeartbeat: (() => void) | undefined;
  let beating = true;
  const beat = (): void => {
    if (ctx.abandon?.aborted === true) return;
    cancelHeartbeat = ctx.timers.after(Math.max(5, Math.floor(ctx.leaseMs / 3)), () => {
      void store.runQueue
        .renew(run.runId, owner, leaseUntil(ctx.clock, ctx.leaseMs))
        .then((held) => {
          if (ctx.abandon?.aborted === true) return;
          if (held && beating) beat();
          else if (!held) logger.log({ level: "warn", event: "queue.lease-lost", message: `run ${run.runId} was taken over by another process`, scope: { run: run.runId } });
        })
        .catch(() => {
          if (beating) beat();
        });
    });
  };
  beat();
  const kind = run.kind as RunKind;
  try {
    await ctx.execute({ runId: run.runId, accountId: run.accountId, kind, attempt: run.attempts }, emit);
  } catch (e) {
    const err = runErrorOf(e);
    await store.runs.update(run.runId, { status: "failed", error: err }).catch(() => undefined);
    emit({ type: "run-error", runId: run.runId, accountId: run.accountId, code: err.code, message: err.message });
    emit({ type: "run-done", runId: run.runId, accountId: run.accountId, kind, status: "failed" });
  } finally {
    beating = false;
    cancelHeartbeat?.();
    await store.runQueue.finish(run.runId, owner).catch((e: unknown) => {
      logger.log({ level: "error", event: "queue.finish-failed", message: `run ${run.runId}: ${coerceError(e).message}`, scope: { run: run.runId } });
    });
  }
}
