/**
 * The multi-process runner over PostgreSQL (PRODUCT.md "Scale-out"; ADR 0007): `serve` and any
 * number of `worker` processes on one database.
 *
 * - The truth is the store's `run_queue` table (as for the in-process runner): a request is a
 *   queued run row before `requestRun` resolves, one per account (a unique key), and a process
 *   runs it only while it holds the row's lease (renewed every third of `leaseMs`).
 * - pg-boss delivers the work: each request sends a job `{ runId, accountId, kind }` with the
 *   account as singleton key (queue policy `short`: at most one waiting job per account). A job
 *   whose run is already held or finished is a no-op.
 * - Recovery is a sweep (on start, then every `sweepMs`, in every process): a queued run, or a
 *   running one whose lease ended (its worker was stopped or killed), gets its job sent again,
 *   and the next free worker claims it — attempt 2, which `runSync` resumes.
 * - Events cross processes through the `run_events` table plus `NOTIFY` on `channel` (payloads
 *   stay tiny: PostgreSQL caps them at 8000 bytes, a `run-finished` event can be larger); every
 *   process `LISTEN`s and reads new events of the runs its subscribers watch, in order.
 */
import { randomUUID } from "node:crypto";

import PgBoss from "pg-boss";
import pg from "pg";

import { type Clock, systemClock } from "../domain/clock.js";
import { coerceError } from "../domain/errors.js";
import { type Logger, silentLogger } from "../domain/logger.js";
import type { JsonObject, Store } from "../store/port.js";
import { driverErrorCode } from "../store/sql.js";
import { executeClaimedRun, leaseUntil } from "./claimed-run.js";
import { EventHub } from "./event-hub.js";
import type { RunnerScheduleOptions } from "./in-process-runner.js";
import type { RunEvent, RunEventListener, RunKind, RunRequest, RunTicket, SyncRunner } from "./port.js";
import { QueueError } from "./queue-error.js";
import { enqueueRun, runDueSchedules } from "./run-requests.js";
import { DAY_MS } from "./schedule.js";
import type { RunExecutor } from "./sync-executor.js";
import { delay, systemTimers, type Timers } from "./timers.js";

/** Options of {@link createPgBossRunner}. */
export interface PgBossRunnerOptions {
  /** A PostgreSQL store (`dialect: "postgres"`). */
  readonly store: Store;
  /** `postgres://…` of the same database (pg-boss and `LISTEN` use their own connections). */
  readonly url: string;
  /** Runs one run; required when `concurrency` > 0. @default undefined */
  readonly execute?: RunExecutor;
  /** Runs at once in this process; 0 = request, schedule and subscribe only (a `serve` without work). @default 1 */
  readonly concurrency?: number;
  /** @default systemClock */
  readonly clock?: Clock;
  /** @default silentLogger */
  readonly logger?: Logger;
  /** @default { everyMs: 86400000, enabled: true } */
  readonly schedule?: RunnerScheduleOptions;
  /** Schema of pg-boss's tables. @default "pgboss" */
  readonly bossSchema?: string;
  /** pg-boss queue name. @default "intacct-sync-runs" */
  readonly queueName?: string;
  /** `NOTIFY` channel of run events. @default "intacct_sync_run_events" */
  readonly channel?: string;
  /** Lease of a running run, ms: a killed worker's run is taken over this long after its last renewal. @default 60000 */
  readonly leaseMs?: number;
  /** Recovery sweep and scheduler interval, ms. @default 30000 */
  readonly sweepMs?: number;
  /** How often an idle worker asks pg-boss for a job, seconds (pg-boss's minimum is 0.5). @default 2 */
  readonly pollingIntervalSeconds?: number;
  /** pg-boss job expiration, seconds (under 24 h): keep it above the longest sync. @default 14400 */
  readonly expireInSeconds?: number;
  /** How long `stop()` waits for running runs, ms; then they are left to their lease. @default 30000 */
  readonly stopTimeoutMs?: number;
  /** Events older than this are pruned by the sweep, ms. @default 86400000 */
  readonly eventRetentionMs?: number;
  /** @default systemTimers */
  readonly timers?: Timers;
  /** Run id generator (pg-boss job ids are separate). @default crypto.randomUUID */
  readonly newId?: () => string;
  /** This process's holder id in `run_queue.claimed_by`. @default "worker-<uuid>" */
  readonly owner?: string;
}

/** The pg-boss {@link SyncRunner}, plus hooks for tests and operators. */
export interface PgBossRunner extends SyncRunner {
  /** One recovery sweep now (re-sends jobs of queued runs and of runs whose lease ended). */
  sweep(): Promise<void>;
  /** Runs one scheduler pass now; returns the accounts it requested runs for. */
  runSchedule(): Promise<string[]>;
  /** Runs executing in this process. */
  readonly runningCount: number;
}

interface JobData {
  readonly runId: string;
  readonly accountId: string;
  readonly kind: RunKind;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates the pg-boss runner (call `start()`).
 *
 * @example
 * const runner = createPgBossRunner({ store, url: config.database.url, execute, concurrency: 2 });
 * await runner.start();
 */
export function createPgBossRunner(options: PgBossRunnerOptions): PgBossRunner {
  if (options.store.dialect !== "postgres") throw new QueueError("POSTGRES_REQUIRED", "The pg-boss runner needs a PostgreSQL store (DATABASE_URL=postgres://…).");
  if ((options.concurrency ?? 1) > 0 && options.execute === undefined) throw new RangeError("execute is required when concurrency > 0");
  const channel = options.channel ?? "intacct_sync_run_events";
  if (!IDENTIFIER.test(channel)) throw new RangeError(`Invalid NOTIFY channel "${channel}"`);
  return new PgBossRunnerImpl(options, channel);
}

class PgBossRunnerImpl implements PgBossRunner {
  readonly #o: PgBossRunnerOptions;
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #timers: Timers;
  readonly #channel: string;
  readonly #queue: string;
  readonly #owner: string;
  readonly #leaseMs: number;
  readonly #hub = new EventHub();
  readonly #running = new Map<string, Promise<void>>();
  /** Last event delivered per run, and the chain reading the next ones (in order). */
  readonly #delivered = new Map<string, { seq: number; chain: Promise<void> }>();
  /** Per run: the chain storing and notifying its events (in order). */
  readonly #publishing = new Map<string, Promise<void>>();
  #boss: PgBoss | undefined;
  #listener: pg.Client | undefined;
  #started = false;
  #stopped = false;
  #cancelSweep: (() => void) | undefined;
  readonly #abandon = new AbortController();

  constructor(options: PgBossRunnerOptions, channel: string) {
    this.#o = options;
    this.#store = options.store;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#timers = options.timers ?? systemTimers;
    this.#channel = channel;
    this.#queue = options.queueName ?? "intacct-sync-runs";
    this.#owner = options.owner ?? `worker-${randomUUID()}`;
    this.#leaseMs = Math.max(10, options.leaseMs ?? 60_000);
  }

  get runningCount(): number {
    return this.#running.size;
  }

  async requestRun(request: RunRequest): Promise<RunTicket> {
    if (this.#stopped) throw new QueueError("RUNNER_STOPPED", "The runner is stopped.");
    const ticket = await enqueueRun(this.#store, request, this.#o.newId ?? randomUUID);
    if (!ticket.created) return ticket;
    await this.#publish(request.accountId, ticket.runId, { type: "run-queued", runId: ticket.runId, accountId: request.accountId, reason: request.reason });
    // Not started: the run stays queued, and the first sweep of any process sends its job.
    if (this.#boss !== undefined) await this.#send({ runId: ticket.runId, accountId: request.accountId, kind: request.kind ?? "sync" });
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
    const schema = this.#o.bossSchema ?? "pgboss";
    if (!IDENTIFIER.test(schema)) throw new RangeError(`Invalid pg-boss schema "${schema}"`);
    const boss = new PgBoss({ connectionString: this.#o.url, schema, max: 4, application_name: "intacct-sync", schedule: false });
    boss.on("error", (e) => this.#logger.log({ level: "error", event: "queue.pg-boss-error", message: coerceError(e).message, scope: { component: "queue" } }));
    await boss.start();
    await this.#ensureQueue(boss);
    this.#boss = boss;

    await this.#listen();

    const concurrency = this.#o.concurrency ?? 1;
    for (let i = 0; i < concurrency; i++) {
      await boss.work<JobData>(this.#queue, { batchSize: 1, pollingIntervalSeconds: this.#o.pollingIntervalSeconds ?? 2 }, async (jobs) => {
        for (const job of jobs) await this.#handle(job.data);
      });
    }
    await this.#loop();
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#cancelSweep?.();
    const boss = this.#boss;
    if (boss !== undefined) await boss.offWork(this.#queue).catch(() => undefined);
    const all = Promise.allSettled([...this.#running.values()]).then(() => "done" as const);
    const outcome = await Promise.race([all, delay(this.#timers, this.#o.stopTimeoutMs ?? 30_000).then(() => "timeout" as const)]);
    if (outcome === "timeout") {
      this.#abandon.abort();
      this.#logger.log({ level: "warn", event: "queue.stop-timeout", message: `${this.#running.size} run(s) still running at stop; another worker takes them over when their lease ends`, scope: { component: "queue" } });
    }
    await Promise.allSettled([...this.#publishing.values()]);
    await this.#listener?.end().catch(() => undefined);
    // Jobs still active fail in pg-boss; their runs stay in run_queue until a sweep re-sends them.
    if (boss !== undefined) await boss.stop({ graceful: false, close: true, wait: true }).catch(() => undefined);
  }

  /**
   * Creates the pg-boss queue unless it exists. Workers starting together race on its partition
   * table (seen: "deadlock detected" from `create_queue`), so a deadlock, duplicate table or key
   * is retried after a jittered wait, by when the winner has created it.
   */
  async #ensureQueue(boss: PgBoss): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        if ((await boss.getQueue(this.#queue)) !== null) return;
        await boss.createQueue(this.#queue, { name: this.#queue, policy: "short" });
        return;
      } catch (e) {
        const code = driverErrorCode(e);
        if (attempt >= 8 || (code !== "40P01" && code !== "23505" && code !== "42P07")) throw e;
        await delay(this.#timers, 25 * attempt * (0.5 + Math.random()));
      }
    }
  }

  /** LISTENs on a dedicated connection; when it drops (server restart), listens again after a second. */
  async #listen(): Promise<void> {
    const listener = new pg.Client({ connectionString: this.#o.url, application_name: "intacct-sync-events" });
    let lost = false;
    const relisten = (why: string): void => {
      if (lost || this.#stopped) return;
      lost = true;
      this.#logger.log({ level: "warn", event: "queue.listen-lost", message: `event connection lost (${why}); listening again in 1 s`, scope: { component: "queue" } });
      void listener.end().catch(() => undefined);
      this.#timers.after(1000, () => {
        if (!this.#stopped) this.#listen().catch((e: unknown) => relistenLater(coerceError(e).message));
      });
    };
    const relistenLater = (why: string): void => {
      this.#logger.log({ level: "warn", event: "queue.listen-failed", message: why, scope: { component: "queue" } });
      this.#timers.after(5000, () => {
        if (!this.#stopped) this.#listen().catch((e: unknown) => relistenLater(coerceError(e).message));
      });
    };
    listener.on("error", (e) => relisten(e.message));
    listener.on("end", () => relisten("closed"));
    listener.on("notification", (n) => this.#onNotification(n.payload));
    await listener.connect();
    await listener.query(`LISTEN ${this.#channel}`);
    this.#listener = listener;
  }

  async sweep(): Promise<void> {
    const now = this.#clock.now();
    for (const run of await this.#store.runQueue.list()) {
      const leaseEnded = run.status === "running" && (run.leaseUntil === undefined || Date.parse(run.leaseUntil) < now);
      if (run.status === "queued" || leaseEnded) await this.#send({ runId: run.runId, accountId: run.accountId, kind: run.kind as RunKind });
    }
    await this.#store.runQueue.pruneEvents(new Date(now - (this.#o.eventRetentionMs ?? DAY_MS)).toISOString());
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

  async #loop(): Promise<void> {
    if (this.#stopped) return;
    try {
      await this.sweep();
      if (this.#o.schedule?.enabled !== false) await this.runSchedule();
    } catch (e) {
      this.#logger.log({ level: "error", event: "queue.sweep-failed", message: coerceError(e).message, scope: { component: "queue" } });
    }
    if (!this.#stopped) this.#cancelSweep = this.#timers.after(this.#o.sweepMs ?? 30_000, () => void this.#loop());
  }

  async #send(data: JobData): Promise<void> {
    const boss = this.#boss;
    if (boss === undefined || this.#stopped) return;
    await boss.send(this.#queue, data, { singletonKey: data.accountId, retryLimit: 0, expireInSeconds: this.#o.expireInSeconds ?? 14_400 });
  }

  async #handle(data: JobData): Promise<void> {
    const execute = this.#o.execute;
    if (execute === undefined || this.#stopped) return;
    const claim = (runId: string) => this.#store.runQueue.claim(runId, this.#owner, leaseUntil(this.#clock, this.#leaseMs), new Date(this.#clock.now()).toISOString());
    let claimed = await claim(data.runId);
    if (claimed === undefined) {
      // This job's run is finished or held by a live worker (if that one dies, a sweep sends the
      // job again). A newer queued run of the account may have had its job deduplicated against
      // this one (one waiting job per account): take that instead of leaving it to the sweep.
      const active = await this.#store.runQueue.active(data.accountId);
      if (active === undefined || active.runId === data.runId || active.status !== "queued") return;
      claimed = await claim(active.runId);
      if (claimed === undefined) return;
    }
    const run = claimed;
    const ctx = { store: this.#store, execute, clock: this.#clock, logger: this.#logger, timers: this.#timers, owner: this.#owner, leaseMs: this.#leaseMs, abandon: this.#abandon.signal };
    const p = executeClaimedRun(ctx, run, (e) => void this.#publish(run.accountId, run.runId, e)).then(() => this.#publishing.get(run.runId));
    this.#running.set(run.runId, p.then(() => undefined));
    try {
      await p;
    } finally {
      this.#running.delete(run.runId);
    }
  }

  /** Stores the event and notifies every process; events of one run keep their order. */
  #publish(accountId: string, runId: string, event: RunEvent): Promise<void> {
    const previous = this.#publishing.get(runId) ?? Promise.resolve();
    const next = previous.then(async () => {
      try {
        const seq = await this.#store.runQueue.appendEvent(runId, accountId, JSON.parse(JSON.stringify(event)) as JsonObject);
        await this.#notify({ a: accountId, r: runId, s: seq });
      } catch (e) {
        this.#logger.log({ level: "warn", event: "queue.event-lost", message: `event ${event.type} of run ${runId}: ${coerceError(e).message}`, scope: { run: runId } });
      }
    });
    this.#publishing.set(runId, next);
    void next.finally(() => {
      if (this.#publishing.get(runId) === next) this.#publishing.delete(runId);
    });
    return next;
  }

  async #notify(payload: { a: string; r: string; s: number }): Promise<void> {
    const boss = this.#boss;
    if (boss === undefined) {
      // Not started (a request before start): subscribers of this process still hear it.
      await this.#deliver(payload.a, payload.r, payload.s);
      return;
    }
    await boss.getDb().executeSql("SELECT pg_notify($1, $2)", [this.#channel, JSON.stringify(payload)]);
  }

  #onNotification(payload: string | undefined): void {
    try {
      const p = JSON.parse(payload ?? "") as { a?: unknown; r?: unknown; s?: unknown };
      if (typeof p.a === "string" && typeof p.r === "string" && typeof p.s === "number") void this.#deliver(p.a, p.r, p.s);
    } catch {
      // Not ours.
    }
  }

  /** Reads the run's events after the last delivered one and hands them to subscribers, in order. */
  #deliver(accountId: string, runId: string, seq: number): Promise<void> {
    if (!this.#hub.has(accountId)) return Promise.resolve();
    const state = this.#delivered.get(runId) ?? { seq: seq - 1, chain: Promise.resolve() };
    this.#delivered.set(runId, state);
    state.chain = state.chain.then(async () => {
      if (state.seq >= seq) return;
      try {
        for (const stored of await this.#store.runQueue.eventsAfter(runId, state.seq)) {
          state.seq = stored.seq;
          const event = stored.event as unknown as RunEvent;
          this.#hub.emit(accountId, event);
          if (event.type === "run-done") this.#delivered.delete(runId);
        }
      } catch (e) {
        this.#logger.log({ level: "warn", event: "queue.event-read-failed", message: `run ${runId}: ${coerceError(e).message}`, scope: { run: runId } });
      }
    });
    return state.chain;
  }
}
