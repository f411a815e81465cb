/**
 * `intacct-sync serve [--host 127.0.0.1] [--port 8080]`: the service — web UI, REST API
 * (`/api/v1`), OpenAPI document (`/api/openapi.json`) and docs (`/api/docs`) — with the run queue:
 * in this process over SQLite, or pg-boss over PostgreSQL (then `worker` processes share the work).
 *
 * On first run (no user in the store) it creates the user `admin` with a random password printed
 * once on stdout, or with `INTACCT_SYNC_ADMIN_PASSWORD`. Cookies are `Secure` unless the service
 * listens on a loopback address over plain http (`--secure-cookies`/`--no-secure-cookies` decide
 * explicitly). Stops on SIGINT/SIGTERM: stops listening, lets running runs reach a safe point,
 * closes the store. Exit 0 after a clean stop, 2 on usage or configuration errors.
 */
import { randomUUID } from "node:crypto";

import { Command, InvalidArgumentError } from "commander";

import type { DoctorReport } from "../../doctor/check.js";
import { systemClock } from "../../domain/clock.js";
import { coerceError, ConfigError } from "../../domain/errors.js";
import type { Logger } from "../../domain/logger.js";
import { createHttpApp } from "../../http/app.js";
import { ensureFirstAdmin } from "../../http/auth/identity.js";
import { SignInLimiter } from "../../http/auth/sign-in-limiter.js";
import { DEFAULT_MONTHLY_API_BUDGET, type HttpDeps } from "../../http/context.js";
import { isLoopbackHost, listen } from "../../http/server.js";
import { uiRoutes } from "../../http/ui/routes.js";
import { type ConcurrencyBudget, DEFAULT_ENDPOINT_URL, InProcessBudget } from "../../intacct/index.js";
import { createDoctorJob } from "../../queue/doctor-job.js";
import { createInProcessRunner } from "../../queue/in-process-runner.js";
import { createPgBossRunner } from "../../queue/pg-boss-runner.js";
import { PostgresBudget } from "../../queue/postgres-budget.js";
import type { SyncRunner } from "../../queue/port.js";
import { createRunExecutor } from "../../queue/sync-executor.js";
import { EXIT } from "../exit-codes.js";
import { addStoreOptions, type CliIo, configFrom, openAccounts, processIo } from "./cli-context.js";
import { connectorFrom } from "./connector-context.js";
import { processStopSignal, type StopSignal } from "./worker.js";

/** Environment variable holding the first admin's password (else one is generated and printed). */
export const ADMIN_PASSWORD_ENV = "INTACCT_SYNC_ADMIN_PASSWORD";
/** Environment variable of the monthly Intacct API budget per company. */
export const MONTHLY_BUDGET_ENV = "INTACCT_SYNC_MONTHLY_API_BUDGET";

interface ServeFlags {
  readonly config?: string;
  readonly databaseUrl?: string;
  readonly host: string;
  readonly port: number;
  readonly json?: boolean;
  readonly publicUrl?: string;
  readonly secureCookies?: boolean;
  readonly monthlyApiBudget?: number;
  readonly concurrency: number;
  readonly intacctConcurrency: number;
  readonly schedule?: boolean;
  readonly allowNonIntacctEndpoint?: boolean;
}

function integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
    return n;
  };
}

/** Warnings and errors to stderr, one line each (events carry no secrets: they are redacted when built). */
function stderrLogger(io: CliIo): Logger {
  return {
    log: (e) => {
      if (e.level === "warn" || e.level === "error") io.err(`${new Date().toISOString()} ${e.level} ${e.event}: ${e.message}\n`);
    },
  };
}

/** `Secure` cookies unless the flag says otherwise, or the service is plain http on loopback. */
function secureCookies(flags: ServeFlags): boolean {
  if (flags.secureCookies !== undefined) return flags.secureCookies;
  if (flags.publicUrl !== undefined) return flags.publicUrl.startsWith("https:");
  return !isLoopbackHost(flags.host);
}

function monthlyBudget(io: CliIo, flags: ServeFlags): number {
  if (flags.monthlyApiBudget !== undefined) return flags.monthlyApiBudget;
  const env = io.env[MONTHLY_BUDGET_ENV];
  if (env === undefined || env === "") return DEFAULT_MONTHLY_API_BUDGET;
  return integer(MONTHLY_BUDGET_ENV, 1)(env);
}

/**
 * The `serve` command. `stopSignal` is injected by tests.
 *
 * @example
 * program.addCommand(serveCommand());
 */
export function serveCommand(io: CliIo = processIo(), stopSignal: StopSignal = processStopSignal): Command {
  return addStoreOptions(new Command("serve"))
    .description("Run the web UI, the REST API (/api/v1, OpenAPI at /api/openapi.json) and the sync queue with its daily schedule")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--port <port>", "port to listen on (0 = any free port)", integer("--port", 0, 65_535), 8080)
    .option("--public-url <url>", "the URL people reach the service at (behind a proxy); https: turns Secure cookies on")
    .option("--secure-cookies", "always send cookies with Secure (default unless listening on loopback over http)")
    .option("--no-secure-cookies", "never send cookies with Secure (plain-http demo only)")
    .option("--monthly-api-budget <calls>", `Intacct API calls budgeted per company per month (also ${MONTHLY_BUDGET_ENV})`, integer("--monthly-api-budget", 1))
    .option("--concurrency <n>", "runs at once in this process (of different accounts); 0 with PostgreSQL = leave runs to workers", integer("--concurrency", 0), 1)
    .option("--intacct-concurrency <n>", "concurrent Intacct requests per company", integer("--intacct-concurrency", 1), 2)
    .option("--no-schedule", "do not request the daily scheduled runs from this process")
    .option("--allow-non-intacct-endpoint", "allow an INTACCT_ENDPOINT_URL outside *.intacct.com that is not on this machine")
    .option("--json", "print the ready line as one JSON object")
    .addHelpText(
      "after",
      `\nNeeds INTACCT_SENDER_ID and INTACCT_SENDER_PASSWORD for syncs and the doctor; BILL_BASE_URL for a BILL sandbox.\nFirst run: creates the user admin and prints its password once (or set ${ADMIN_PASSWORD_ENV}).\nStop with Ctrl-C or SIGTERM.\n`,
    )
    .action(async (flags: ServeFlags) => {
      const config = configFrom(io, flags);
      if (flags.concurrency === 0 && config.database.kind !== "postgres") throw new ConfigError("USAGE", "--concurrency 0 needs PostgreSQL (workers do the runs); with SQLite this process runs them.");
      const budgetCalls = monthlyBudget(io, flags);
      const logger = stderrLogger(io);
      const ctx = await openAccounts(config);
      const closers: Array<() => Promise<void>> = [() => ctx.close()];
      const closeAll = async (): Promise<void> => {
        for (const close of closers.reverse()) {
          await close().catch((e: unknown) => io.err(`intacct-sync serve: while stopping: ${coerceError(e).message}\n`));
        }
      };
      try {
        const first = await ensureFirstAdmin(ctx.store, { password: io.env[ADMIN_PASSWORD_ENV] });
        const { senderId, senderPassword } = config.intacct;
        if (senderId === undefined || senderPassword === undefined) io.err("intacct-sync serve: INTACCT_SENDER_ID and INTACCT_SENDER_PASSWORD are not set: syncs and the doctor will say so until they are.\n");
        const endpointUrl = config.intacct.endpointUrl ?? DEFAULT_ENDPOINT_URL;
        const allow = flags.allowNonIntacctEndpoint === true ? { allowNonIntacctEndpoint: true } : {};
        const budget: ConcurrencyBudget =
          config.database.kind === "postgres" ? new PostgresBudget({ url: config.database.url, perCompany: flags.intacctConcurrency }) : new InProcessBudget({ perCompany: flags.intacctConcurrency });
        closers.push(() => budget.close());
        const connector = connectorFrom(io, config, ctx.accounts, { budget, logger, ...allow });
        closers.push(() => connector.close());
        const doctorJob = createDoctorJob({ accounts: ctx.accounts, intacct: { ...(senderId === undefined ? {} : { senderId }), ...(senderPassword === undefined ? {} : { senderPassword }), endpointUrl, budget, ...allow } });
        const execute = createRunExecutor({ store: ctx.store, connector, doctor: doctorJob, logger });
        const schedule = { enabled: flags.schedule !== false };
        const runner: SyncRunner =
          config.database.kind === "postgres"
            ? createPgBossRunner({ store: ctx.store, url: config.database.url, execute, concurrency: flags.concurrency, logger, schedule })
            : createInProcessRunner({ store: ctx.store, execute, logger, concurrency: flags.concurrency, schedule });
        const deps: HttpDeps = {
          store: ctx.store,
          accounts: ctx.accounts,
          connector,
          runner,
          clock: systemClock,
          logger,
          signInLimiter: new SignInLimiter({ clock: systemClock }),
          settings: { secureCookies: secureCookies(flags), monthlyApiBudget: budgetCalls, firstAdminCreated: first.created, ...(flags.publicUrl === undefined ? {} : { publicUrl: flags.publicUrl }) },
          // The doctor page answers at once; its Intacct requests still count against the company's month.
          doctor: async (accountId) => {
            const outcome = await doctorJob(accountId);
            const account = await ctx.accounts.show(accountId);
            await ctx.store.usage.record({ runId: `doctor-${randomUUID()}`, accountId, companyId: account.companyId, kind: "doctor", calls: outcome.intacctCalls, writes: 0, at: new Date().toISOString() });
            return outcome.report as unknown as DoctorReport;
          },
        };
        const app = createHttpApp(deps, { ui: uiRoutes(deps) });
        await runner.start();
        closers.push(() => runner.stop());
        const server = await listen(app, { host: flags.host, port: flags.port });
        closers.push(() => server.close());
        const url = flags.publicUrl ?? server.url;
        const firstAdmin = first.created ? { username: first.username, password: first.generated ? first.password : null } : null;
        if (flags.json === true) {
          io.out(`${JSON.stringify({ event: "ready", url, listening: server.url, api: `${url}/api/v1`, openapi: `${url}/api/openapi.json`, docs: `${url}/api/docs`, firstAdmin })}\n`);
        } else {
          if (first.created) {
            io.out(
              first.generated
                ? `First run: created the user "${first.username}" with the password ${first.password}\n  It is shown only this once: sign in at ${url}/login and keep it in a password manager.\n`
                : `First run: created the user "${first.username}" with the password from ${ADMIN_PASSWORD_ENV}.\n`,
            );
          }
          io.out(`intacct-sync serve: listening on ${server.url} (web UI ${url}/, API ${url}/api/v1, docs ${url}/api/docs). Stop with Ctrl-C.\n`);
        }
        const signal = await stopSignal();
        io.err(`intacct-sync serve: ${signal}, stopping once running runs reach a safe point…\n`);
      } finally {
        await closeAll();
      }
      io.err("intacct-sync serve: stopped.\n");
      io.setExitCode(EXIT.OK);
    });
}
