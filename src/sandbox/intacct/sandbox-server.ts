/**
 * Assembles one Intacct sandbox: database, tenancy, the objects half, the gateway, the admin API
 * and the console, served by Hono on a loopback port. `createIntacctSandbox` (in
 * `create-intacct-sandbox.ts`) wires the real objects half and console; tests may call
 * {@link startIntacctSandbox} with stubs.
 */
import type { AddressInfo } from "node:net";

import { createAdaptorServer } from "@hono/node-server";
import type Database from "better-sqlite3";
import { Hono } from "hono";

import { type Clock, systemClock } from "../../domain/clock.js";
import { createAdminApp, resolveLatency } from "./admin/admin-app.js";
import type { CreateObjectsModule, ObjectsModule } from "./contracts.js";
import { SandboxCounters } from "./counters.js";
import { type DemoRecordSource, DEMO_FACTS, demoSeed } from "./demo-seed.js";
import { type FaultSettings, FaultState, type LatencyModel } from "./faults.js";
import { createGatewayApp, DEFAULT_FIDELITY, GATEWAY_PATH, type GatewayFidelity } from "./gateway/gateway-app.js";
import { TenancyObjects } from "./gateway/tenancy-objects.js";
import { SandboxClock } from "./sandbox-clock.js";
import { openSandboxDatabase } from "./sandbox-database.js";
import { SandboxError } from "./sandbox-error.js";
import { loadSeed, parseSeed, readSeedFile } from "./seed/load-seed.js";
import type { SeedDocument, SeedInput } from "./seed/seed-schema.js";
import { TenancyService } from "./tenancy/tenancy-service.js";
import { TenancyStore } from "./tenancy/tenancy-store.js";

/** What a console mount receives (the console engineer's `createConsoleApp`). */
export interface ConsoleDeps {
  readonly tenancy: TenancyService;
  /** Base URL of the sandbox (`http://127.0.0.1:PORT`). */
  readonly url: () => string;
  /** The gateway endpoint URL clients use. */
  readonly endpointUrl: () => string;
}

/** A seed: the string `"demo"`, a path to a JSON seed file, or a seed document. */
export type SeedSource = string | SeedInput;

/** Builds the console app, mounted at `/console`. */
export type ConsoleFactory = (deps: ConsoleDeps) => Hono;

/** Options of {@link createIntacctSandbox}. Every field is optional. */
export interface IntacctSandboxOptions {
  /** Loopback address to bind (`127.0.0.1`, `::1` or `localhost`; anything else is refused). @default "127.0.0.1" */
  readonly host?: string;
  /** Port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Start an HTTP server; false = in-process only (`sandbox.app.request`). @default true */
  readonly listen?: boolean;
  /**
   * Seed: `"demo"`, a seed document, or a path to a JSON seed file. With `dataDir`, a seed is
   * loaded only into an empty database (an existing one keeps its state). @default no seed (empty)
   */
  readonly seed?: SeedSource;
  /** Directory of the SQLite database (WAL). @default in memory */
  readonly dataDir?: string;
  /** Base clock; the admin API moves the sandbox clock relative to it. @default systemClock */
  readonly clock?: Clock;
  /** Latency model: a preset name or a model. @default "none" */
  readonly latency?: "none" | "intacct" | Partial<LatencyModel>;
  /** Fault settings (concurrency limit, Retry-After, queueing, rules). @default DEFAULT_FAULT_SETTINGS */
  readonly faults?: Partial<FaultSettings>;
  /** Seed of the fault RNG (rates and jitter). @default 1 */
  readonly randomSeed?: number;
  /** Switches for UNCONFIRMED behaviours. @default DEFAULT_FIDELITY */
  readonly fidelity?: Partial<GatewayFidelity>;
  /**
   * Host name to put in getAPISession's `<endpoint>` (`http://<publicHostname>:<port>/ia/xml/xmlgw.phtml`).
   * The official SDK only accepts hosts ending in `.intacct.com` (peers.md §3.1): set e.g.
   * `sandbox.intacct.com` and resolve it to 127.0.0.1. Not the default, because an unresolved
   * `*.intacct.com` name would send the request to the real Intacct. @default the loopback URL
   */
  readonly publicHostname?: string;
}

/** A running sandbox. */
export interface IntacctSandbox {
  /** Base URL, e.g. `http://127.0.0.1:41234` (`http://127.0.0.1:0` when not listening). */
  readonly url: string;
  /** The gateway URL a client posts to (`<url>/ia/xml/xmlgw.phtml`). */
  readonly endpointUrl: string;
  /** The URL getAPISession returns in `<endpoint>` (see `publicHostname`). */
  readonly publicEndpointUrl: string;
  readonly adminUrl: string;
  readonly consoleUrl: string;
  /** The Hono app, for in-process tests (`app.request`). */
  readonly app: Hono;
  /** The shared SQLite connection (tests). */
  readonly db: Database.Database;
  readonly tenancy: TenancyService;
  readonly objects: ObjectsModule;
  readonly clock: SandboxClock;
  readonly faults: FaultState;
  readonly counters: SandboxCounters;
  /** Demo connection facts when the demo seed was loaded. */
  readonly demo: typeof DEMO_FACTS | undefined;
  /** Loads a seed (`"demo"`, a document or a file path). Returns the demo facts for `"demo"`. */
  loadSeed(seed: SeedSource): typeof DEMO_FACTS | undefined;
  /** Deletes everything (tenancy and records); counters and faults stay. */
  reset(): void;
  /** Expires every session (of one company, or all) now. Returns how many. */
  expireSessions(companyId?: string): number;
  fidelity(): GatewayFidelity;
  setFidelity(patch: Partial<GatewayFidelity>): GatewayFidelity;
  /** Stops the server and closes the database. */
  close(): Promise<void>;
}

/** The real halves, injected by `create-intacct-sandbox.ts` (tests may pass stubs). */
export interface SandboxParts {
  readonly createObjects: CreateObjectsModule;
  readonly demoRecords?: DemoRecordSource;
  readonly console?: ConsoleFactory;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "::1", "localhost"]);

/** Starts a sandbox with explicit parts. */
export async function startIntacctSandbox(options: IntacctSandboxOptions, parts: SandboxParts): Promise<IntacctSandbox> {
  const host = options.host ?? "127.0.0.1";
  if (!LOOPBACK_HOSTS.has(host)) throw new SandboxError("HOST_NOT_LOOPBACK", `The Intacct sandbox binds to loopback only (127.0.0.1, ::1, localhost), not '${host}'`);
  const db = openSandboxDatabase(options.dataDir);
  try {
    const clock = new SandboxClock(options.clock ?? systemClock);
    const store = new TenancyStore(db);
    const objects = parts.createObjects(db);
    const tenancy = new TenancyService({ store, clock, db });
    const tenancyObjects = new TenancyObjects(store);
    const faults = new FaultState(
      { ...options.faults, ...(options.latency !== undefined ? { latency: resolveLatency(options.latency) } : {}) },
      options.randomSeed ?? 1,
    );
    const counters = new SandboxCounters();
    let fidelity: GatewayFidelity = { ...DEFAULT_FIDELITY, ...options.fidelity };
    let url = "http://127.0.0.1:0";
    let publicEndpoint = "";
    let demo: typeof DEMO_FACTS | undefined;

    const load = (seed: SeedSource | SeedDocument): typeof DEMO_FACTS | undefined => {
      const now = clock.now();
      const isDemo = seed === "demo";
      const doc = isDemo
        ? parseSeed(demoSeed({ now, ...(parts.demoRecords ? { records: parts.demoRecords } : {}) }))
        : typeof seed === "string"
          ? readSeedFile(seed)
          : parseSeed(seed);
      loadSeed({ db, store, objects, now }, doc);
      if (isDemo) demo = DEMO_FACTS;
      return isDemo ? DEMO_FACTS : undefined;
    };

    const app = new Hono();
    // Sub-app errors reach this handler; a dropped connection must stay an error for in-process callers.
    app.onError((err, c) => {
      if (err instanceof SandboxError && err.code === "CONNECTION_DROPPED") throw err;
      return c.text(`Intacct sandbox internal error: ${err.message}`, 500);
    });
    app.route(
      "/",
      createGatewayApp({
        db, store, tenancy, tenancyObjects, clock, faults, counters,
        objects: () => objects,
        fidelity: () => fidelity,
        endpointUrl: () => publicEndpoint,
      }),
    );
    const sandbox: IntacctSandbox = {
      get url() {
        return url;
      },
      get endpointUrl() {
        return `${url}${GATEWAY_PATH}`;
      },
      get publicEndpointUrl() {
        return publicEndpoint;
      },
      get adminUrl() {
        return `${url}/admin`;
      },
      get consoleUrl() {
        return `${url}/console`;
      },
      get demo() {
        return demo;
      },
      app, db, tenancy, objects, clock, faults, counters,
      loadSeed: load,
      reset: () => {
        db.transaction(() => {
          store.reset();
          objects.reset();
        })();
        tenancyObjects.reset();
        demo = undefined;
      },
      expireSessions: (companyId) => store.expireSessions(clock.now(), companyId),
      fidelity: () => fidelity,
      setFidelity: (patch) => (fidelity = { ...fidelity, ...patch }),
      close: async () => {
        await closeServer();
        db.close();
      },
    };
    app.route(
      "/admin",
      createAdminApp({
        tenancy, clock, faults, counters,
        loadSeed: (seed) => load(seed === "demo" ? "demo" : parseSeed(seed)),
        reset: () => sandbox.reset(),
        listRecords: (companyId, object) => objects.listRecords(companyId, object),
        expireSessions: (companyId) => sandbox.expireSessions(companyId),
        fidelity: () => fidelity,
        setFidelity: (patch) => sandbox.setFidelity(patch),
      }),
    );
    if (parts.console) {
      app.route("/console", parts.console({ tenancy, url: () => url, endpointUrl: () => `${url}${GATEWAY_PATH}` }));
    } else {
      app.all("/console/*", (c) => c.text("The sandbox console is not installed in this build.", 501));
    }
    app.get("/", (c) => c.json({ name: "intacct-sync Intacct sandbox", endpoint: sandbox.endpointUrl, admin: sandbox.adminUrl, console: sandbox.consoleUrl }));

    let closeServer = (): Promise<void> => Promise.resolve();
    const setUrls = (port: number): void => {
      const h = host === "::1" ? "[::1]" : host;
      url = `http://${h}:${port}`;
      publicEndpoint = options.publicHostname ? `http://${options.publicHostname}:${port}${GATEWAY_PATH}` : `${url}${GATEWAY_PATH}`;
    };
    setUrls(0);
    // Seed before listening: a bad seed must not leave a server holding the process open.
    const fresh = store.listCompanies().length === 0;
    if (options.seed !== undefined && fresh) load(options.seed);
    else if (options.seed === "demo" && !fresh && store.getCompany(DEMO_FACTS.companyId)) demo = DEMO_FACTS;
    if (options.listen !== false) {
      const server = createAdaptorServer({ fetch: app.fetch, hostname: host });
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 0, host, () => {
          server.off("error", reject);
          resolve();
        });
      });
      setUrls((server.address() as AddressInfo).port);
      closeServer = () =>
        new Promise<void>((resolve) => {
          if ("closeAllConnections" in server) server.closeAllConnections();
          server.close(() => resolve());
        });
    }
    return sandbox;
  } catch (e) {
    db.close();
    throw e;
  }
}
