/**
 * `intacct-sync worker [--concurrency N]`: runs queued sync and doctor runs from PostgreSQL
 * (pg-boss), any number of processes on any number of machines over one database. Every Intacct
 * request of every worker takes a slot of its company's budget in PostgreSQL, so the workers
 * together stay within Intacct's per-company concurrency. Stops on SIGINT/SIGTERM once its runs
 * reach a safe point (a run still going after `--stop-timeout` is taken over by another worker
 * when its lease ends). Exit 0 after a clean stop, 2 on usage or configuration errors.
 */
import { Command, InvalidArgumentError } from "commander";

import { ConfigError } from "../../domain/errors.js";
import type { Logger } from "../../domain/logger.js";
import { DEFAULT_ENDPOINT_URL } from "../../intacct/index.js";
import { createDoctorJob } from "../../queue/doctor-job.js";
import { createPgBossRunner } from "../../queue/pg-boss-runner.js";
import { PostgresBudget } from "../../queue/postgres-budget.js";
import { createRunExecutor } from "../../queue/sync-executor.js";
import { EXIT } from "../exit-codes.js";
import { addStoreOptions, type CliIo, configFrom, openAccounts, processIo } from "./cli-context.js";
import { connectorFrom } from "./connector-context.js";

interface WorkerFlags {
  readonly config?: string;
  readonly databaseUrl?: string;
  readonly concurrency: number;
  readonly intacctConcurrency: number;
  readonly schedule?: boolean;
  readonly stopTimeout: number;
  readonly allowNonIntacctEndpoint?: boolean;
}

/** How the worker waits for its stop signal; resolves when it should stop. */
export type StopSignal = () => Promise<string>;

/** SIGINT or SIGTERM, whichever comes first. */
export function processStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string) => (): void => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve(signal);
    };
    const onInt = on("SIGINT");
    const onTerm = on("SIGTERM");
    process.once("SIGINT", onInt);
    process.once("SIGTERM", onTerm);
  });
}

function positiveInt(name: string, min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer of at least ${min}.`);
    return n;
  };
}

/** A logger writing one line per warning or error to stderr (no secrets: events are redacted when built). */
function stderrLogger(io: CliIo): Logger {
  return {
    log: (e) => {
      if (e.level === "warn" || e.level === "error" || e.event === "queue.run-start" || e.event === "queue.run-done") io.err(`${new Date().toISOString()} ${e.level} ${e.event}: ${e.message}\n`);
    },
  };
}

/**
 * The `worker` command. `stopSignal` is injected by tests.
 *
 * @example
 * program.addCommand(workerCommand());
 */
export function workerCommand(io: CliIo = processIo(), stopSignal: StopSignal = processStopSignal): Command {
  return addStoreOptions(new Command("worker"))
    .description("Run queued syncs and doctor runs from PostgreSQL (pg-boss); start as many workers as you like on one database")
    .option("--concurrency <n>", "runs at once in this worker (of different accounts)", positiveInt("--concurrency", 1), 1)
    .option("--intacct-concurrency <n>", "concurrent Intacct requests per company, across all workers", positiveInt("--intacct-concurrency", 1), 2)
    .option("--no-schedule", "do not request the daily scheduled runs from this worker (another process does)")
    .option("--stop-timeout <ms>", "on SIGINT/SIGTERM, wait this long for running runs", positiveInt("--stop-timeout", 0), 30_000)
    .option("--allow-non-intacct-endpoint", "allow an INTACCT_ENDPOINT_URL outside *.intacct.com that is not on this machine")
    .addHelpText("after", "\nRequires DATABASE_URL=postgres://… (the queue, the state and the Intacct budget live there),\nINTACCT_SENDER_ID and INTACCT_SENDER_PASSWORD; BILL_BASE_URL for a sandbox.\nStop with Ctrl-C or SIGTERM.\n")
    .action(async (flags: WorkerFlags) => {
      const config = configFrom(io, flags);
      if (config.database.kind !== "postgres") {
        throw new ConfigError("USAGE", "The worker needs a PostgreSQL database: set DATABASE_URL=postgres://… (or --database-url). With SQLite, `intacct-sync serve` runs the queue in its own process.");
      }
      const { senderId, senderPassword } = config.intacct;
      if (senderId === undefined || senderPassword === undefined) throw new ConfigError("USAGE", "Set INTACCT_SENDER_ID and INTACCT_SENDER_PASSWORD (the deployment's Web Services sender).");
      const url = config.database.url;
      const logger = stderrLogger(io);
      const ctx = await openAccounts(config);
      const budget = new PostgresBudget({ url, perCompany: flags.intacctConcurrency });
      const endpointUrl = config.intacct.endpointUrl ?? DEFAULT_ENDPOINT_URL;
      const allow = flags.allowNonIntacctEndpoint === true ? { allowNonIntacctEndpoint: true } : {};
      const connector = connectorFrom(io, config, ctx.accounts, { budget, logger, ...allow });
      const doctor = createDoctorJob({ accounts: ctx.accounts, intacct: { senderId, senderPassword, endpointUrl, budget, ...allow } });
      const execute = createRunExecutor({ store: ctx.store, connector, doctor, logger });
      const runner = createPgBossRunner({ store: ctx.store, url, execute, concurrency: flags.concurrency, logger, stopTimeoutMs: flags.stopTimeout, schedule: { enabled: flags.schedule !== false } });
      try {
        await runner.start();
        io.err(`intacct-sync worker: running up to ${flags.concurrency} run(s) at once, ${flags.intacctConcurrency} Intacct request(s) per company across workers. Stop with Ctrl-C.\n`);
        const signal = await stopSignal();
        io.err(`intacct-sync worker: ${signal}, stopping once running runs reach a safe point…\n`);
      } finally {
        await runner.stop();
        await connector.close();
        await budget.close();
        await ctx.close();
      }
      io.err("intacct-sync worker: stopped.\n");
      io.setExitCode(EXIT.OK);
    });
}
