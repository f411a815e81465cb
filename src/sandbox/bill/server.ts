/**
 * `createBillSandbox`: the BILL sandbox on two loopback listeners (the BILL API and the admin
 * API), state in SQLite (in memory, or a file in `dataDir`).
 */
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

import { serve, type ServerType } from "@hono/node-server";

import type { Clock } from "../../domain/clock.js";
import { createBillAdminApp, loadSeedChoice, type SeedChoice } from "./admin.js";
import { createBillApiApp } from "./app.js";
import { SandboxClock } from "./clock.js";
import { BillSandboxStore, openBillSandboxDb } from "./db.js";
import { BILL_DEMO_LOGINS, type BillDemoLogin } from "./demo-seed.js";
import { BILL_SANDBOX_DEFAULT_LIMITS, type BillSandboxBehaviour, type BillSandboxLimits } from "./limits.js";
import { BillSandboxState } from "./state.js";

/** Options of {@link createBillSandbox}. */
export interface BillSandboxOptions {
  /** Port of the BILL API. @default 0 (any free port) */
  readonly port?: number;
  /** Interface of the BILL API. The admin API always binds 127.0.0.1. @default "127.0.0.1" */
  readonly host?: string;
  /** Port of the admin API. @default 0 */
  readonly adminPort?: number;
  /** Directory for `bill-sandbox.sqlite`; state survives restarts. @default in memory */
  readonly dataDir?: string;
  /** Initial data; with a `dataDir` that already holds organizations, nothing is loaded. @default "demo" */
  readonly seed?: SeedChoice;
  /** Limit overrides (tests lower them). @default BILL's documented values */
  readonly limits?: Partial<BillSandboxLimits>;
  /** UNCONFIRMED behaviours (see {@link BillSandboxBehaviour}). @default BILL_SANDBOX_DEFAULT_BEHAVIOUR */
  readonly behaviour?: Partial<BillSandboxBehaviour>;
  /** Base time source of the sandbox clock. @default the system clock */
  readonly clock?: Clock;
  /** Receives unexpected errors. @default stderr */
  readonly onUnexpectedError?: (error: unknown) => void;
}

/** A running BILL sandbox. */
export interface BillSandbox {
  /** Base URL for the client (append `/v3/...`), e.g. `http://127.0.0.1:4010/connect`. */
  readonly url: string;
  /** Base URL of the admin API, e.g. `http://127.0.0.1:4011/admin`. */
  readonly adminUrl: string;
  /** Login facts of each organization at start (the demo's facts for the demo organizations). */
  readonly logins: readonly BillDemoLogin[];
  /** State, for in-process tests. */
  readonly state: BillSandboxState;
  /** Stops both listeners and closes the database. */
  close(): Promise<void>;
}

function listen(app: { fetch: (req: Request, env: never) => Response | Promise<Response> }, port: number, hostname: string): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch as never, port, hostname }, (info: AddressInfo) => resolve({ server, port: info.port }));
    server.once("error", reject);
  });
}

function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    const s = server as ServerType & { closeAllConnections?: () => void };
    server.close(() => resolve());
    s.closeAllConnections?.();
  });
}

/**
 * Login facts of every organization: the demo's own facts for demo organizations whose user is
 * unchanged, else the organization's first user and the first dev key.
 */
function loginFacts(store: BillSandboxStore): BillDemoLogin[] {
  const devKey = store.devKeys()[0]?.devKey;
  const out: BillDemoLogin[] = [];
  for (const org of store.orgs()) {
    const demo = BILL_DEMO_LOGINS.find((l) => l.organizationId === org.id);
    if (demo !== undefined && store.user(org.id, demo.username)?.password === demo.password && store.devKeyName(demo.devKey) !== undefined) {
      out.push(demo);
      continue;
    }
    const users = store.usersOf(org.id);
    const user = users.find((u) => u.kind === "user") ?? users[0];
    const token = users.find((u) => u.kind === "syncToken");
    if (user === undefined || devKey === undefined) continue;
    const entity = org.data["intacctEntityId"];
    out.push({ organizationId: org.id, name: org.name, intacctEntityId: typeof entity === "string" ? entity : "", username: user.username, password: user.password, devKey, syncToken: { username: token?.username ?? "", password: token?.password ?? "" } });
  }
  return out;
}

/**
 * Starts a BILL sandbox.
 *
 * @example
 * const sandbox = await createBillSandbox({ seed: "demo" });
 * const bill = createBillClient({ baseUrl: sandbox.url, credentials: sandbox.logins[0]! });
 * await sandbox.close();
 */
export async function createBillSandbox(options: BillSandboxOptions = {}): Promise<BillSandbox> {
  let file = ":memory:";
  if (options.dataDir !== undefined) {
    mkdirSync(options.dataDir, { recursive: true });
    file = join(options.dataDir, "bill-sandbox.sqlite");
  }
  const db = openBillSandboxDb(file);
  const store = new BillSandboxStore(db);
  const state = new BillSandboxState(store, new SandboxClock(options.clock), { ...BILL_SANDBOX_DEFAULT_LIMITS, ...options.limits });
  Object.assign(state.behaviour, options.behaviour);
  const seed = options.seed ?? "demo";
  try {
    if (store.orgs().length === 0) loadSeedChoice(state, seed);
  } catch (e) {
    db.close();
    throw e;
  }
  const host = options.host ?? "127.0.0.1";
  const api = await listen(createBillApiApp(state, options.onUnexpectedError === undefined ? {} : { onUnexpectedError: options.onUnexpectedError }), options.port ?? 0, host);
  let admin;
  try {
    admin = await listen(createBillAdminApp(state, seed), options.adminPort ?? 0, "127.0.0.1");
  } catch (e) {
    await closeServer(api.server);
    db.close();
    throw e;
  }
  const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  let closed = false;
  return {
    url: `http://${urlHost}:${api.port}/connect`,
    adminUrl: `http://127.0.0.1:${admin.port}/admin`,
    logins: loginFacts(store),
    state,
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all([closeServer(api.server), closeServer(admin.server)]);
      db.close();
    },
  };
}
