/**
 * The in-process runner: one process (the default SQLite deployment, or `serve` on PostgreSQL
 * without workers) runs the queue stored in the `run_queue` table. Requests are rows before
 * `requestRun` resolves; one run per account (a unique key); runs left `running` by a stopped or
 * crashed process are taken over on `start()` (and resumed: `runSync` finishes a stopped plan
 * first); the daily schedule's `next_run_at` is stored per account. See ADR 0007.
 */
import { randomUUID } from "node:crypto";

import { type Clock, systemClock } from "../domain/clock.js";
import { coerceError } from "../domain/errors.js";
import { type Logger, silentLogger } from "../domain/logger.js";
import type { QueuedRun } from "../store/run-queue-repository.js";
import type { Store } from "../store/port.js";
import { EventHub } from "./event-hub.js";
import { executeClaimedRun, leaseUntil } from "./claimed-run.js";
import type { RunEvent, RunEventListener, RunRequest, RunTicket, SyncRunner } from "./port.js";
import { QueueError } from "./queue-error.js";
import { enqueueRun, runDueSchedules } from "./run-requests.js";
import { DAY_MS } from "./schedule.js";
import type { RunExecutor } from "./sync-executor.js";
import { delay, systemTimers, type Timers } from "./timers.js";

/** How often (by the clock) the poll loop runs the scheduler, ms. */
const SCHEDULE_CHECK_MS = 60_000;

/** Options of the runner's auto-sync schedule. */
export interface RunnerScheduleOptions {
  /** Interval of accounts without a `schedule` preference, ms. @default 86400000 (daily) */
  readonly everyMs?: number;
  /** Run the scheduler in this process. @default true */
  readonly enabled?: boolean;
}

/** Options of {@link createInProcessRunner}. */
export interface InProcessRunnerOptions {
  readonly store: Store;
  /** Runs one run (see `createRunExecutor`). */
  readonly execute: RunExecutor;
  /** @default systemClock */
  readonly clock?: Clock;
  /** @default silentLogger */
  readonly logger?: Logger;
  /** @default { everyMs: 86400000, enabled: true } */
  readonly schedule?: RunnerScheduleOptions;
  /** How often the queue and the schedule are checked, ms. @default 5000 */
  readonly pollMs?: number;
  /** Runs at once (of different accounts). @default 2 */
  readonly concurrency?: number;
  /** Lease on a running run, renewed every third of it, ms. @default 60000 */
  readonly leaseMs?: number;
  /** How long `stop()` waits for running runs, ms; then they are left to the next start. @default 30000 */
  readonly stopTimeoutMs?: number;
  /** @default systemTimers */
  readonly timers?: Timers;
  /** Run id generator. @default crypto.randomUUID */
  readonly newId?: () => string;
  /**
   * On `start()`, take over runs another process left `running` even if their lease has not ended
   * (it is the only process on this store, so their holder is gone). @default true
   */
  readonly takeOverOnStart?: boolean;
}

/** The in-process {@link SyncRunner}, plus hooks for tests and the service. */
export interface InProcessRunner extends SyncRunner {
  /** Runs one scheduler pass now; returns the accounts it requested runs for. */
  runSchedule(): Promise<string[]>;
  /** Resolves when no run is executing in this process. */
  idle(): Promise<void>;
}

/**
 * Creates an in-process runner.
 *
 * @example
 * const runner = createInProcessRunner({ store, execute: createRunExecutor({ store, connector }) });
 * await runner.start();
 * const { runId } = await runner.requestRun({ accountId: "acme-us", reason: "manual" });
 */
export function createInProcessRunner(options: InProcessRunnerOptions): InProcessRunner {
  return new InProcessRunnerImpl(options);
}

class InProcessRunnerImpl implements InProcessRunner {
  readonly #o: InProcessRunnerOptions;
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #timers: Timers;
  readonly #hub = new EventHub();
  readonly #running = new Map<string, Promise<void>>();
  readonly #owner = `in-process-${randomUUID()}`;
  readonly #concurrency: number;
  readonly #leaseMs: number;
  #started = false;
  #stopped = false;
  #cancelPoll: (() => void) | undefined;
  readonly #abandon = new AbortController();
  #pumping: Promise<void> | undefined;
  #pumpAgain = false;
  #lastScheduleAt: number | undefined;

  constructor(options: InProcessRunnerOptions) {
    this.#o = options;
    this.#store = options.store;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#timers = options.timers ?? systemTimers;
    this.#concurrency = Math.max(1, options.concurrency ?? 2);
    this.#leaseMs = Math.max(10, options.leaseMs ?? 60_000);
  }

  async requestRun(request: RunRequest): Promise<RunTicket> {
    if (this.#stopped) throw new QueueError("RUNNER_STOPPED", "The runner is stopped.");
    const ticket = await enqueueRun(this.#store, request, this.#o.newId ?? randomUUID);
    if (ticket.created) this.#emit(request.accountId, { type: "run-queued", runId: ticket.runId, accountId: request.accountId, reason: request.reason });
    if (this.#started) void this.#pump();
    return ticket;
  }

  async activeRun(accountId: string): Promise<string | undefined> {
    return (await this.#store.runQueue.active(accountId))?.runId;
  }

  subscribe(accountId: string, listener: RunEventListener): () => void {
    return this.#hub.subscribe(accountId, listener);
  }

  async start(): Promise<void> {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    if (this.#o.takeOverOnStart !== false) {
      for (const run of await this.#store.runQueue.list()) {
        if (run.status !== "running" || run.claimedBy === this.#owner) continue;
        const claimed = await this.#store.runQueue.claim(run.runId, this.#owner, this.#leaseUntil(), this.#nowIso(), { force: true });
        if (claimed === undefined) continue;
        this.#logger.log({ level: "info", event: "queue.run-taken-over", message: `resuming run ${run.runId} left running by ${run.claimedBy ?? "a stopped process"}`, scope: { run: run.runId, connection: run.accountId } });
        if (this.#running.size < this.#concurrency) this.#launch(claimed);
        else await this.#store.runQueue.release(run.runId, this.#owner);
      }
    }
    await this.#tick();
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#cancelPoll?.();
    const all = Promise.allSettled([...this.#running.values()]).then(() => "done" as const);
    const outcome = await Promise.race([all, delay(this.#timers, this.#o.stopTimeoutMs ?? 30_000).then(() => "timeout" as const)]);
    if (outcome === "timeout") {
      this.#abandon.abort();
      this.#logger.log({ level: "warn", event: "queue.stop-timeout", message: `${this.#running.size} run(s) still running at stop; the next start resumes them`, scope: { component: "queue" } });
    }
  }

  async runSchedule(): Promise<string[]> {
    return runDueSchedules({
      store: this.#store,
      clock: this.#clock,
      logger: this.#logger,
      fallback: { enabled: true, everyMs: this.#o.schedule?.everyMs ?? DAY_MS },
      request: (accountId) => this.requestRun({ accountId, reason: "schedule" }),
    });
  }

  async idle(): Promise<void> {
    while (this.#running.size > 0 || this.#pumping !== undefined) {
      await Promise.allSettled([...this.#running.values(), this.#pumping]);
    }
  }

  async #tick(): Promise<void> {
    if (this.#stopped) return;
    try {
      // The queue is checked every poll; the schedule (a read per account) at most once a minute.
      const now = this.#clock.now();
      if (this.#o.schedule?.enabled !== false && (this.#lastScheduleAt === undefined || now - this.#lastScheduleAt >= SCHEDULE_CHECK_MS)) {
        this.#lastScheduleAt = now;
        await this.runSchedule();
      }
      await this.#pump();
    } catch (e) {
      this.#logger.log({ level: "error", event: "queue.tick-failed", message: coerceError(e).message, scope: { component: "queue" } });
    }
    if (!this.#stopped) this.#cancelPoll = this.#timers.after(this.#o.pollMs ?? 5000, () => void this.#tick());
  }

  /** Claims queued runs (and runs whose holder's lease ended) up to the concurrency. One pump at a time. */
  #pump(): Promise<void> {
    if (this.#pumping !== undefined) {
      this.#pumpAgain = true;
      return this.#pumping;
    }
    const p = (async () => {
      do {
        this.#pumpAgain = false;
        await this.#claimAvailable();
      } while (this.#pumpAgain && !this.#stopped);
    })()
      .catch((e: unknown) => {
        this.#logger.log({ level: "error", event: "queue.pump-failed", message: coerceError(e).message, scope: { component: "queue" } });
      })
      .finally(() => {
        this.#pumping = undefined;
      });
    this.#pumping = p;
    return p;
  }

  async #claimAvailable(): Promise<void> {
    if (this.#stopped || this.#running.size >= this.#concurrency) return;
    const now = this.#clock.now();
    for (const run of await this.#store.runQueue.list()) {
      if (this.#stopped || this.#running.size >= this.#concurrency) return;
      if (this.#running.has(run.runId)) continue;
      const takeable = run.status === "queued" || run.leaseUntil === undefined || Date.parse(run.leaseUntil) < now;
      if (!takeable) continue;
      const claimed = await this.#store.runQueue.claim(run.runId, this.#owner, this.#leaseUntil(), this.#nowIso());
      if (claimed !== undefined) this.#launch(claimed);
    }
  }

  #launch(run: QueuedRun): void {
    const p = this.#execute(run).finally(() => {
      this.#running.delete(run.runId);
      if (!this.#stopped) void this.#pump();
    });
    this.#running.set(run.runId, p);
  }

  async #execute(run: QueuedRun): Promise<void> {
    const ctx = { store: this.#store, execute: this.#o.execute, clock: this.#clock, logger: this.#logger, timers: this.#timers, owner: this.#owner, leaseMs: this.#leaseMs, abandon: this.#abandon.signal };
    await executeClaimedRun(ctx, run, (e) => this.#emit(run.accountId, e));
  }

  #emit(accountId: string, event: RunEvent): void {
    this.#hub.emit(accountId, event);
  }

  #leaseUntil(): string {
    return leaseUntil(this.#clock, this.#leaseMs);
  }

  #nowIso(): string {
    return new Date(this.#clock.now()).toISOString();
  }
}
