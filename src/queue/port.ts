/**
 * The run queue port: how the service, the CLI and workers ask for sync runs and watch them.
 * Implementations live beside this file: an in-process runner over the store (SQLite or
 * PostgreSQL, one process) and a pg-boss runner for several worker processes over PostgreSQL.
 *
 * Rules every implementation keeps:
 * - at most one run per account at a time (a request while one is queued or running returns it);
 * - a run requested survives a restart: it is recorded in the store before `requestRun` resolves
 *   and is picked up again (or its stopped plan resumed) by the next process;
 * - progress events of a run reach every subscriber of its account, in order.
 */
import type { ProgressEvent } from "../sync/run-summary.js";

/** Why a run was requested. */
export type RunReason = "manual" | "schedule" | "api" | "resume";

/** What to run. */
export type RunKind = "sync" | "sync-dry-run" | "doctor";

/** A request for a run of one account. */
export interface RunRequest {
  readonly accountId: string;
  /** @default "sync" */
  readonly kind?: RunKind;
  readonly reason: RunReason;
  /** User id of the person or token that asked (audit only). */
  readonly requestedBy?: string;
}

/** Answer to {@link SyncRunner.requestRun}. */
export interface RunTicket {
  readonly runId: string;
  /** False when an active run of the account was returned instead of a new one. */
  readonly created: boolean;
}

/** A progress event of a run, or the queue's own lifecycle events. */
export type RunEvent =
  | ProgressEvent
  | { readonly type: "run-queued"; readonly runId: string; readonly accountId: string; readonly reason: RunReason }
  | { readonly type: "run-error"; readonly runId: string; readonly accountId: string; readonly code: string; readonly message: string }
  /** Last event of every run of any kind (a doctor run has no progress events): the run left the queue. */
  | { readonly type: "run-done"; readonly runId: string; readonly accountId: string; readonly kind: RunKind; readonly status: "succeeded" | "failed" };

/** Receives run events (must not throw). */
export type RunEventListener = (event: RunEvent) => void;

/** The run queue. */
export interface SyncRunner {
  /** Records a run request (durably) and schedules it; returns the active run when one exists. */
  requestRun(request: RunRequest): Promise<RunTicket>;
  /** The queued or running run of an account, if any. */
  activeRun(accountId: string): Promise<string | undefined>;
  /** Subscribes to events of an account's runs; returns the unsubscribe function. */
  subscribe(accountId: string, listener: RunEventListener): () => void;
  /** Starts processing (and the daily schedule, when enabled). */
  start(): Promise<void>;
  /** Stops taking work and waits for running runs to reach a safe point. */
  stop(): Promise<void>;
}
