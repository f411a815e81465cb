/**
 * The run executor: what a runner (in-process or a pg-boss worker) does with one queued run. It
 * opens the account's clients through the connector, runs the sync (or the doctor), forwards
 * progress events, records the Intacct API usage of the attempt and closes the clients. A failure
 * never loses the run: it ends as a `failed` run whose `error` holds a code and a message.
 */
import { type Clock, systemClock } from "../domain/clock.js";
import { AppError, coerceError } from "../domain/errors.js";
import { type Logger, silentLogger } from "../domain/logger.js";
import type { AccountConnector, AccountClients } from "../connections/connector-port.js";
import type { AccountRecord, JsonObject, RunRecord, RunRepository, Store } from "../store/port.js";
import { runSync, type SyncSummary } from "../sync/apply/run-sync.js";
import type { RunEventListener, RunKind } from "./port.js";
import { QueueError } from "./queue-error.js";

/** One run to execute. */
export interface RunJob {
  readonly runId: string;
  readonly accountId: string;
  readonly kind: RunKind;
  /** Claim count of the run (2 or more: resumed after a stop or crash); keys the usage record. @default 1 */
  readonly attempt?: number;
}

/** Executes one run; resolves when the run is recorded as finished (it does not reject for run failures). */
export type RunExecutor = (job: RunJob, onEvent: RunEventListener) => Promise<void>;

/** What a doctor run reports back to the executor. */
export interface DoctorOutcome {
  /** True when no check failed. */
  readonly ok: boolean;
  /** The report, stored as the run's `stats.doctor`. */
  readonly report: JsonObject;
  /** Intacct requests the doctor sent (for the usage meter). */
  readonly intacctCalls: number;
}

/** Runs the doctor for a stored account (see `createDoctorJob`). */
export type DoctorJob = (accountId: string) => Promise<DoctorOutcome>;

/** Options of {@link createRunExecutor}. */
export interface RunExecutorOptions {
  readonly store: Store;
  /** Opens the account's signed-in clients. */
  readonly connector: AccountConnector;
  /** @default systemClock */
  readonly clock?: Clock;
  /** @default silentLogger */
  readonly logger?: Logger;
  /** Runs `doctor` jobs. @default undefined (a doctor run fails with `DOCTOR_NOT_CONFIGURED`) */
  readonly doctor?: DoctorJob;
  /** Test hook passed to `runSync` (stops after n writes, as a crash would). @default never */
  readonly stopAfterWrites?: number;
}

const FINAL: ReadonlySet<string> = new Set(["succeeded", "failed", "cancelled"]);

/**
 * The run record is created (`queued`) by the runner before the run starts, and a resumed run
 * already has one (`running`), while `runSync` records its run with `runs.start`: this view of the
 * store turns that `start` into a status update when the run record exists and is not final.
 */
function storeForQueuedRun(store: Store): Store {
  const runs: RunRepository = {
    start: async (run): Promise<RunRecord> => {
      const existing = await store.runs.get(run.id);
      if (existing === undefined || FINAL.has(existing.status)) return store.runs.start(run);
      return store.runs.update(run.id, { status: run.status ?? "running", ...(run.stats === undefined ? {} : { stats: run.stats }) });
    },
    update: (id, patch) => store.runs.update(id, patch),
    get: (id) => store.runs.get(id),
    list: (accountId, options) => store.runs.list(accountId, options),
  };
  return new Proxy(store, {
    get(target, prop) {
      if (prop === "runs") return runs;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The code and message stored on a failed run (no secrets: errors redact when built). */
export function runErrorOf(e: unknown): { readonly code: string; readonly message: string; readonly side: string } {
  const err = coerceError(e);
  const app: AppError<string> | undefined = err instanceof AppError ? (err as AppError<string>) : undefined;
  return { code: app?.code ?? "UNEXPECTED", message: err.message, side: app?.side ?? "system" };
}

/**
 * Creates the executor.
 *
 * @example
 * const execute = createRunExecutor({ store, connector });
 * const runner = createInProcessRunner({ store, execute });
 */
export function createRunExecutor(options: RunExecutorOptions): RunExecutor {
  const { store, connector } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const iso = (): string => new Date(clock.now()).toISOString();

  const fail = async (job: RunJob, error: { code: string; message: string; side: string }, onEvent: RunEventListener, stats?: JsonObject): Promise<void> => {
    const run = await store.runs.get(job.runId);
    if (run === undefined) await store.runs.start({ id: job.runId, accountId: job.accountId, kind: job.kind, status: "failed" }).catch(() => undefined);
    await store.runs.update(job.runId, { status: "failed", error: { code: error.code, message: error.message, side: error.side }, ...(stats === undefined ? {} : { stats }) }).catch((e: unknown) => {
      logger.log({ level: "error", event: "queue.run-record-failed", message: `could not record the failure of run ${job.runId}: ${coerceError(e).message}`, scope: { run: job.runId, connection: job.accountId } });
    });
    onEvent({ type: "run-error", runId: job.runId, accountId: job.accountId, code: error.code, message: error.message });
  };

  const recordUsage = async (job: RunJob, account: AccountRecord, calls: number, writes: number): Promise<void> => {
    try {
      await store.usage.record({ runId: job.runId, attempt: job.attempt ?? 1, accountId: account.id, companyId: account.companyId, kind: job.kind, calls, writes, at: iso() });
    } catch (e) {
      logger.log({ level: "warn", event: "queue.usage-failed", message: `usage of run ${job.runId} not recorded: ${coerceError(e).message}`, scope: { run: job.runId, company: account.companyId } });
    }
  };

  const runDoctor = async (job: RunJob, account: AccountRecord, onEvent: RunEventListener): Promise<"succeeded" | "failed"> => {
    if (options.doctor === undefined) {
      await fail(job, runErrorOf(new QueueError("DOCTOR_NOT_CONFIGURED", "This runner was started without a doctor: run `intacct-sync doctor --account ID` instead.")), onEvent);
      return "failed";
    }
    await storeForQueuedRun(store).runs.start({ id: job.runId, accountId: job.accountId, kind: job.kind, status: "running" });
    try {
      const outcome = await options.doctor(job.accountId);
      await recordUsage(job, account, outcome.intacctCalls, 0);
      const stats: JsonObject = { doctor: outcome.report, intacct: { calls: outcome.intacctCalls, writes: 0 } };
      if (outcome.ok) {
        await store.runs.update(job.runId, { status: "succeeded", stats });
        return "succeeded";
      }
      await fail(job, { code: "CHECKS_FAILED", message: "The doctor found problems: see the checklist.", side: "user" }, onEvent, stats);
      return "failed";
    } catch (e) {
      await fail(job, runErrorOf(new QueueError("RUN_FAILED", `The doctor could not run: ${coerceError(e).message}`, { cause: e })), onEvent);
      return "failed";
    }
  };

  const runSyncJob = async (job: RunJob, account: AccountRecord, onEvent: RunEventListener): Promise<"succeeded" | "failed"> => {
    let clients: AccountClients;
    try {
      clients = await connector.open(job.accountId);
    } catch (e) {
      const err = runErrorOf(e);
      await fail(job, { ...err, message: `Cannot open the account's connections: ${err.message}` }, onEvent);
      return "failed";
    }
    try {
      let summary: SyncSummary;
      try {
        summary = await runSync({
          account, store: storeForQueuedRun(store), intacct: clients.intacct, bill: clients.bill, clock, logger,
          dryRun: job.kind === "sync-dry-run", runId: job.runId, onProgress: onEvent,
          ...(options.stopAfterWrites === undefined ? {} : { stopAfterWrites: options.stopAfterWrites }),
        });
      } catch (e) {
        // runSync stored the stats it had; meter them, then type the failure.
        const stats = (await store.runs.get(job.runId).catch(() => undefined))?.stats;
        const intacct = stats?.["intacct"];
        const side = intacct !== null && typeof intacct === "object" && !Array.isArray(intacct) ? (intacct as JsonObject) : {};
        await recordUsage(job, account, Number(side["calls"] ?? 0), Number(side["writes"] ?? 0));
        await fail(job, runErrorOf(e), onEvent);
        return "failed";
      }
      await recordUsage(job, account, summary.stats.intacct.calls, summary.stats.intacct.writes);
      if (summary.status === "failed") {
        const first = summary.errors[0];
        await store.runs.update(job.runId, { error: { code: first?.code ?? "RECORDS_FAILED", message: first === undefined ? "The run stopped before its plan was finished; the next run resumes it." : `${summary.errors.length} record(s) failed; first: ${first.object} ${first.recordId}: ${first.message}`, side: "user" } });
      }
      return summary.status;
    } finally {
      await clients.close().catch((e: unknown) => {
        logger.log({ level: "warn", event: "queue.close-failed", message: `closing the clients of run ${job.runId}: ${coerceError(e).message}`, scope: { run: job.runId } });
      });
    }
  };

  return async (job, onEvent) => {
    const emit: RunEventListener = (e) => {
      try {
        onEvent(e);
      } catch {
        // A listener must not break a run.
      }
    };
    const account = await store.accounts.get(job.accountId);
    let status: "succeeded" | "failed";
    if (account === undefined) {
      await fail(job, runErrorOf(new QueueError("ACCOUNT_NOT_FOUND", `No account with id "${job.accountId}".`)), emit);
      status = "failed";
    } else {
      logger.log({ level: "info", event: "queue.run-start", message: `${job.kind} run ${job.runId} (attempt ${job.attempt ?? 1})`, scope: { run: job.runId, connection: job.accountId } });
      status = job.kind === "doctor" ? await runDoctor(job, account, emit) : await runSyncJob(job, account, emit);
    }
    logger.log({ level: "info", event: "queue.run-done", message: `${job.kind} run ${job.runId} ${status}`, scope: { run: job.runId, connection: job.accountId } });
    emit({ type: "run-done", runId: job.runId, accountId: job.accountId, kind: job.kind, status });
  };
}
