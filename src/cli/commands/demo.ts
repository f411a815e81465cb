/**
 * `intacct-sync demo`: both sandboxes in-process on 127.0.0.1 (any free port), a SQLite store, two
 * platform accounts (one per BILL demo organization) connected to the two Intacct demo entities
 * with the same sync user `XML_Bill.com`, the doctor for each, a full sync for each with
 * progress, and a summary. Without `--once` the sandboxes stay up until Ctrl+C.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { Command, InvalidArgumentError } from "commander";

import type { BillClient } from "../../bill/index.js";
import { createAccountConnector } from "../../connections/account-connector.js";
import { AccountService } from "../../connections/accounts.js";
import type { AccountClients, AccountConnector } from "../../connections/connector-port.js";
import { createCredentialCipher } from "../../connections/credential-cipher.js";
import { runDoctor } from "../../doctor/doctor.js";
import type { DoctorReport } from "../../doctor/index.js";
import { doctorPreferencesOf } from "../../doctor/stored-preferences.js";
import { systemClock } from "../../domain/clock.js";
import { coerceError } from "../../domain/errors.js";
import { silentLogger } from "../../domain/logger.js";
import { createHttpApp } from "../../http/app.js";
import { ensureFirstAdmin, FIRST_ADMIN_USERNAME } from "../../http/auth/identity.js";
import { DEFAULT_MONTHLY_API_BUDGET, type HttpDeps } from "../../http/context.js";
import { isLoopbackHost, listen } from "../../http/server.js";
import { createAccountDoctor } from "../../http/services/doctor.js";
import { uiRoutes } from "../../http/ui/routes.js";
import { createIntacctClient, type FetchLike, InProcessBudget, type IntacctClient } from "../../intacct/index.js";
import { type BillSandbox, createBillSandbox } from "../../sandbox/bill/index.js";
import { createIntacctSandbox } from "../../sandbox/intacct/create-intacct-sandbox.js";
import { DEMO_FACTS } from "../../sandbox/intacct/demo-seed.js";
import type { IntacctSandbox } from "../../sandbox/intacct/sandbox-server.js";
import { createInProcessRunner } from "../../queue/in-process-runner.js";
import { createRunExecutor } from "../../queue/sync-executor.js";
import { openStore } from "../../store/open-store.js";
import type { Store } from "../../store/port.js";
import { runSync, type SyncSummary } from "../../sync/apply/run-sync.js";
import type { ProgressListener } from "../../sync/run-summary.js";
import { EXIT } from "../exit-codes.js";
import { type CliIo, processIo } from "./cli-context.js";
import { platformLoginCheck, withChecks } from "./doctor.js";
import { createProgressRenderer, summaryTable } from "./sync.js";

/** One demo account and its clients. */
export interface DemoAccount {
  readonly id: string;
  readonly entityId: string;
  readonly platformOrgId: string;
  /** The account's clients from the connector (its stored Login Info and BILL sign-in). */
  readonly clients: AccountClients;
  /** `clients.bill`. */
  readonly bill: BillClient;
}

/** Both sandboxes, the store and the two demo accounts. */
export interface DemoWorld {
  readonly intacctSandbox: IntacctSandbox;
  readonly billSandbox: BillSandbox;
  readonly store: Store;
  readonly accounts: AccountService;
  readonly demoAccounts: readonly DemoAccount[];
  /** Opens clients of stored accounts (the demo accounts store their BILL sign-in). */
  readonly connector: AccountConnector;
  /** One Intacct client for the company, for tests and tools (shares the connector's per-company budget). */
  readonly intacct: IntacctClient;
  /** Where the SQLite store lives (`:memory:` in tests). */
  readonly databasePath: string;
  close(): Promise<void>;
}

/** Options of {@link startDemoWorld}. */
export interface DemoWorldOptions {
  /** SQLite file path, or `:memory:`. @default a file in a new temp directory */
  readonly databasePath?: string;
  /** Wraps the Intacct client's fetch (tests inject dropped connections). @default globalThis.fetch */
  readonly intacctFetch?: FetchLike;
  /** Key that encrypts the demo accounts' passwords (32 bytes). @default a random key */
  readonly secretKey?: Buffer;
}

/**
 * Starts the demo: sandboxes, store, accounts and clients (no sync yet).
 *
 * @example
 * const world = await startDemoWorld({ databasePath: ":memory:" });
 * try { await runSync({ account: await world.store.accounts.get("demo-east"), store: world.store, intacct: world.intacct, bill: world.demoAccounts[0].bill }); }
 * finally { await world.close(); }
 */
export async function startDemoWorld(options: DemoWorldOptions = {}): Promise<DemoWorld> {
  const databasePath = options.databasePath ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "intacct-sync-demo-")), "intacct-sync.db");
  const intacctSandbox = await createIntacctSandbox({ seed: "demo", host: "127.0.0.1", port: 0 });
  const billSandbox = await createBillSandbox({ seed: "demo", host: "127.0.0.1", port: 0, adminPort: 0 });
  const store = await openStore({ kind: "sqlite", path: databasePath });
  const accounts = new AccountService({ store, cipher: createCredentialCipher(options.secretKey ?? crypto.randomBytes(32)) });
  const budget = new InProcessBudget();
  const intacct = createIntacctClient({
    credentials: {
      senderId: DEMO_FACTS.senderId, senderPassword: DEMO_FACTS.senderPassword, endpointUrl: intacctSandbox.endpointUrl, allowNonIntacctEndpoint: true,
      auth: { kind: "login", companyId: DEMO_FACTS.companyId, userId: DEMO_FACTS.userId, userPassword: DEMO_FACTS.password, entityId: "" },
    },
    budget,
    ...(options.intacctFetch === undefined ? {} : { fetch: options.intacctFetch }),
  });
  const connector = createAccountConnector({
    accounts,
    intacct: { senderId: DEMO_FACTS.senderId, senderPassword: DEMO_FACTS.senderPassword, endpointUrl: intacctSandbox.endpointUrl, allowNonIntacctEndpoint: true, budget, ...(options.intacctFetch === undefined ? {} : { fetch: options.intacctFetch }) },
    bill: { baseUrl: billSandbox.url },
  });
  const demoAccounts: DemoAccount[] = [];
  for (const login of billSandbox.logins) {
    const entityId = login.intacctEntityId;
    const id = `demo-${(entityId || login.organizationId).toLowerCase()}`;
    await accounts.add({
      id, name: login.name, platformOrgId: login.organizationId,
      loginInfo: { companyId: DEMO_FACTS.companyId, userId: DEMO_FACTS.userId, password: DEMO_FACTS.password, entityId },
      // The demo company's clearing checking account and AP account per entity (demo-records.ts).
      preferences: { clearingBankAccountId: `${entityId || "MAIN"}-CLEARING`, apAccountNo: "2000" },
      platformLogin: { username: login.username, password: login.password, devKey: login.devKey },
    });
    const clients = await connector.open(id);
    demoAccounts.push({ id, entityId, platformOrgId: login.organizationId, clients, bill: clients.bill });
  }
  return {
    intacctSandbox, billSandbox, store, accounts, demoAccounts, connector, intacct, databasePath,
    close: async () => {
      await intacct.close();
      await connector.close();
      await budget.close();
      await store.close();
      await billSandbox.close();
      await intacctSandbox.close();
    },
  };
}

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new InvalidArgumentError("--port must be an integer from 0 to 65535.");
  return n;
}

interface DemoFlags {
  readonly once?: boolean;
  readonly json?: boolean;
  readonly data?: string;
  readonly host: string;
  readonly port: number;
}

/** The web UI and REST API on the demo world (what `demo` leaves running). */
export interface DemoService {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** The demo's admin sign-in (created on first run; `password` is undefined when the admin already existed in `--data`). */
  readonly admin: { readonly username: string; readonly password: string | undefined };
  close(): Promise<void>;
}

/**
 * Starts the service (web UI, REST API, run queue with the in-process runner) on the demo world,
 * the way `intacct-sync serve` composes it, minus the daily schedule.
 *
 * @example
 * const service = await startDemoService(world, { host: "127.0.0.1", port: 0 });
 * console.log(service.url, service.admin.password);
 * await service.close();
 */
export async function startDemoService(world: DemoWorld, options: { readonly host: string; readonly port: number; readonly adminPassword?: string }): Promise<DemoService> {
  const first = await ensureFirstAdmin(world.store, { password: options.adminPassword });
  const runner = createInProcessRunner({ store: world.store, execute: createRunExecutor({ store: world.store, connector: world.connector }), schedule: { enabled: false } });
  const deps: HttpDeps = {
    store: world.store,
    accounts: world.accounts,
    connector: world.connector,
    runner,
    clock: systemClock,
    logger: silentLogger,
    settings: { secureCookies: !isLoopbackHost(options.host), monthlyApiBudget: DEFAULT_MONTHLY_API_BUDGET, firstAdminCreated: first.created },
    doctor: createAccountDoctor({ accounts: world.accounts, sender: { senderId: DEMO_FACTS.senderId, senderPassword: DEMO_FACTS.senderPassword, endpointUrl: world.intacctSandbox.endpointUrl, allowNonIntacctEndpoint: true } }),
  };
  await runner.start();
  try {
    const app = createHttpApp(deps, { ui: uiRoutes(deps) });
    // A busy port (say another demo or `serve` on 8080) must not fail a demo: take any free one and print it.
    const server = await listen(app, { host: options.host, port: options.port }).catch((e: unknown) => {
      if ((e as { code?: unknown }).code === "EADDRINUSE" && options.port !== 0) return listen(app, { host: options.host, port: 0 });
      throw e;
    });
    return {
      url: server.url,
      admin: { username: first.created ? first.username : FIRST_ADMIN_USERNAME, password: first.created ? first.password : undefined },
      close: async () => {
        await server.close();
        await runner.stop();
      },
    };
  } catch (e) {
    await runner.stop();
    throw e;
  }
}

/**
 * The `demo` command.
 *
 * @example
 * program.addCommand(demoCommand());
 */
export function demoCommand(io: CliIo = processIo()): Command {
  return new Command("demo")
    .description("Start both sandboxes in-process, connect two BILL demo organizations to two Intacct entities, run the doctor and a full sync, then leave the web UI running (--once to exit)")
    .option("--once", "exit after the sync (default: keep the sandboxes and the web UI running until Ctrl+C)")
    .option("--data <dir>", "directory for the SQLite store (default: a new temp directory)")
    .option("--host <host>", "address of the web UI left running (without --once)", "127.0.0.1")
    .option("--port <port>", "port of the web UI left running (0 = any free port)", portNumber, 8080)
    .option("--json", "print one JSON object {ok, accounts:[{id, doctor, sync}], urls, webUi}")
    .action(async (flags: DemoFlags) => {
      const databasePath = flags.data === undefined ? undefined : path.join(path.resolve(io.cwd, flags.data), "intacct-sync.db");
      if (flags.data !== undefined) fs.mkdirSync(path.resolve(io.cwd, flags.data), { recursive: true });
      const world = await startDemoWorld(databasePath === undefined ? {} : { databasePath });
      let keep = false;
      let closeService: (() => Promise<void>) | undefined;
      try {
        const results: Array<{ id: string; entityId: string; doctor: DoctorReport; sync?: SyncSummary; error?: string }> = [];
        const tty = flags.json !== true && process.stderr.isTTY;
        for (const a of world.demoAccounts) {
          const stored = await world.accounts.show(a.id);
          const prefs = doctorPreferencesOf(stored.preferences);
          const intacctDoctor = await runDoctor({
            loginInfo: await world.accounts.loginInfo(a.id), senderId: DEMO_FACTS.senderId, senderPassword: DEMO_FACTS.senderPassword,
            endpointUrl: world.intacctSandbox.endpointUrl, allowNonIntacctEndpoint: true, accountId: a.id, writeProbe: false,
            preferences: prefs.preferences,
          });
          const doctor = withChecks(intacctDoctor, [...prefs.warnings, await platformLoginCheck(world.connector, a.id)]);
          if (flags.json !== true) io.out(`Doctor ${a.id} (entity ${a.entityId || "top level"}): ${doctor.ok ? "ok" : "problems found"} — ${doctor.checks.filter((c) => c.status === "pass").length} passed, ${doctor.checks.filter((c) => c.status === "fail").length} failed\n`);
          const account = await world.store.accounts.get(a.id);
          if (account === undefined) throw new Error(`demo account ${a.id} vanished`);
          const progress = tty ? createProgressRenderer() : undefined;
          const onProgress: ProgressListener = (e) => progress?.onEvent(e);
          try {
            const sync = await runSync({ account, store: world.store, intacct: a.clients.intacct, bill: a.clients.bill, onProgress });
            progress?.stop();
            results.push({ id: a.id, entityId: a.entityId, doctor, sync });
            if (flags.json !== true) io.out(`\nSync ${a.id}: ${sync.status}\n${summaryTable(sync)}\n`);
          } catch (e) {
            progress?.stop();
            results.push({ id: a.id, entityId: a.entityId, doctor, error: coerceError(e).message });
            if (flags.json !== true) io.err(`Sync ${a.id} failed: ${coerceError(e).message}\n`);
          }
        }
        const unexpected = results.flatMap((r) => [...(r.error === undefined ? [] : [r.error]), ...(r.sync?.errors ?? []).map((e) => `${e.object}: ${e.code}`)]);
        const ok = unexpected.length === 0 && results.every((r) => r.doctor.ok);
        const service = flags.once === true ? undefined : await startDemoService(world, { host: flags.host, port: flags.port });
        if (service !== undefined) closeService = () => service.close();
        const webUi = service === undefined ? null : { url: service.url, username: service.admin.username, password: service.admin.password ?? null };
        const urls = { intacctGateway: world.intacctSandbox.endpointUrl, intacctConsole: world.intacctSandbox.consoleUrl, bill: world.billSandbox.url, billAdmin: world.billSandbox.adminUrl, database: world.databasePath };
        if (flags.json === true) {
          io.out(`${JSON.stringify({
            ok, urls, webUi, unexpectedErrors: unexpected,
            accounts: results.map((r) => ({ id: r.id, entityId: r.entityId, doctor: { ok: r.doctor.ok, failed: r.doctor.checks.filter((c) => c.status === "fail").map((c) => c.id) }, sync: r.sync ?? null, error: r.error ?? null })),
          })}\n`);
        } else {
          io.out(`\nIntacct sandbox: ${urls.intacctGateway} (console ${urls.intacctConsole})\nBILL sandbox:    ${urls.bill} (admin ${urls.billAdmin})\nState:           ${urls.database}\n`);
          io.out(ok ? "Demo sync finished with no errors.\n" : `Errors: ${unexpected.join("; ")}\n`);
          if (service === undefined) io.out("Web UI:          not started (--once); `intacct-sync serve` runs it on a store of your own.\n");
          else io.out(`Web UI:          ${service.url}/ (sign in as ${service.admin.username}${service.admin.password === undefined ? " with the password printed on the first run of this --data" : ` with the password ${service.admin.password}`}; API ${service.url}/api/v1, docs ${service.url}/api/docs)\n`);
        }
        io.setExitCode(ok ? EXIT.OK : EXIT.FAILED);
        if (flags.once !== true) {
          keep = true;
          if (flags.json !== true) io.out("Sandboxes and web UI running; press Ctrl+C to stop.\n");
          await new Promise<void>((resolve) => {
            const stop = (): void => resolve();
            process.once("SIGINT", stop);
            process.once("SIGTERM", stop);
          });
          keep = false;
        }
      } finally {
        if (!keep) {
          await closeService?.();
          await world.close();
        }
      }
    });
}
