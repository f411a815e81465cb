/**
 * The Intacct and BILL sandboxes in worker threads, for benchmarks: the real services run on
 * other machines, so the emulators' CPU (validation, SQLite, XML/JSON) must not share the event
 * loop of the client under test. The main thread talks to them over HTTP like any client and
 * drives them (faults, counters, seeding) through a small message protocol.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

import type { IntacctRecord } from "../src/intacct/xml/types.js";
import { applyBillSeed, type BillDemoLogin, createBillSandbox, parseBillSeed } from "../src/sandbox/bill/index.js";
import { createIntacctSandbox } from "../src/sandbox/intacct/create-intacct-sandbox.js";
import type { CompanyCounters } from "../src/sandbox/intacct/counters.js";
import { DEMO_FACTS } from "../src/sandbox/intacct/demo-seed.js";
import type { FaultSettings } from "../src/sandbox/intacct/faults.js";

type Command =
  | { readonly kind: "faults"; readonly patch: Partial<FaultSettings> }
  | { readonly kind: "counters" }
  | { readonly kind: "reset-counters" }
  | { readonly kind: "seed"; readonly records: Readonly<Record<string, readonly IntacctRecord[]>>; readonly entityIds: readonly string[] }
  | { readonly kind: "now" }
  | { readonly kind: "close" };

interface Started {
  readonly endpointUrl: string;
  readonly publicEndpointUrl: string;
}

/** The main thread's handle on the worker's sandbox (demo seed). */
export interface SandboxWorker extends Started {
  setFaults(patch: Partial<FaultSettings>): Promise<void>;
  /** Counters of the demo company. */
  counters(): Promise<CompanyCounters>;
  resetCounters(): Promise<void>;
  seed(records: Readonly<Record<string, readonly IntacctRecord[]>>, entityIds: readonly string[]): Promise<void>;
  /** The sandbox clock. */
  now(): Promise<number>;
  close(): Promise<void>;
}

interface WorkerJob {
  readonly bench: "intacct-sandbox-worker";
  readonly publicHostname: string;
}

type BillCommand =
  | { readonly kind: "seed"; readonly seed: unknown }
  | { readonly kind: "requests" }
  | { readonly kind: "now" }
  | { readonly kind: "close" };

interface BillStarted {
  readonly url: string;
  readonly logins: readonly BillDemoLogin[];
}

/** The main thread's handle on the worker's BILL sandbox (demo seed). */
export interface BillSandboxWorker extends BillStarted {
  /** Loads a seed (`BillSeedInput`) into the running sandbox. */
  seed(seed: unknown): Promise<void>;
  /** Requests served so far. */
  requests(): Promise<number>;
  now(): Promise<number>;
  close(): Promise<void>;
}

interface BillWorkerJob {
  readonly bench: "bill-sandbox-worker";
  readonly requestsPerHour: number;
}

async function serveBill(job: BillWorkerJob): Promise<void> {
  const port = parentPort;
  const sandbox = await createBillSandbox({ seed: "demo", host: "127.0.0.1", port: 0, adminPort: 0, limits: { requestsPerHour: job.requestsPerHour } });
  port?.on("message", (m: { readonly id: number; readonly command: BillCommand }) => {
    const reply = (value: unknown): void => port.postMessage({ id: m.id, value });
    const c = m.command;
    switch (c.kind) {
      case "seed":
        applyBillSeed(sandbox.state, parseBillSeed(c.seed));
        return reply(null);
      case "requests":
        return reply(sandbox.state.counters.requests);
      case "now":
        return reply(sandbox.state.clock.now());
      case "close":
        void sandbox.close().then(() => reply(null));
        return;
    }
  });
  port?.postMessage({ id: 0, value: { url: sandbox.url, logins: sandbox.logins } satisfies BillStarted });
}

async function serve(job: WorkerJob): Promise<void> {
  const port = parentPort;
  const sandbox = await createIntacctSandbox({ seed: "demo", host: "127.0.0.1", port: 0, publicHostname: job.publicHostname });
  port?.on("message", (m: { readonly id: number; readonly command: Command }) => {
    const reply = (value: unknown): void => port.postMessage({ id: m.id, value });
    const c = m.command;
    switch (c.kind) {
      case "faults":
        sandbox.faults.update(c.patch);
        return reply(null);
      case "counters":
        return reply(sandbox.counters.get(DEMO_FACTS.companyId) ?? { requests: 0, functions: 0, rejected429: 0, concurrent: 0, maxConcurrent: 0 });
      case "reset-counters":
        sandbox.counters.reset();
        return reply(null);
      case "seed":
        sandbox.objects.seedRecords(DEMO_FACTS.companyId, c.records, { entityIds: c.entityIds, now: sandbox.clock.now() });
        return reply(null);
      case "now":
        return reply(sandbox.clock.now());
      case "close":
        void sandbox.close().then(() => reply(null));
        return;
    }
  });
  port?.postMessage({ id: 0, value: { endpointUrl: sandbox.endpointUrl, publicEndpointUrl: sandbox.publicEndpointUrl } satisfies Started });
}

const job = isMainThread ? undefined : (workerData as { readonly bench?: string } | undefined);
if (job?.bench === "intacct-sandbox-worker") void serve(job as WorkerJob);
if (job?.bench === "bill-sandbox-worker") void serveBill(job as BillWorkerJob);

/** Starts a worker running `data.bench` and a request/reply channel to it; resolves with the worker's first message. */
function startWorker<S>(data: { readonly bench: string; readonly [key: string]: unknown }): Promise<{ readonly started: S; call<T>(command: unknown): Promise<T>; terminate(): Promise<number> }> {
  const worker = new Worker(new URL("./worker-bootstrap.mjs", import.meta.url), { workerData: { ...data, entry: import.meta.url } });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let next = 1;
  const call = <T>(command: unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, command });
    });
  return new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.on("error", (e) => {
      for (const w of waiting.values()) w.reject(e);
      waiting.clear();
    });
    worker.on("message", (m: { readonly id: number; readonly value: unknown }) => {
      if (m.id === 0) return resolve({ started: m.value as S, call, terminate: () => worker.terminate() });
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      w?.resolve(m.value);
    });
  });
}

/**
 * Starts the demo BILL sandbox in a worker thread.
 *
 * @example
 * const bill = await startBillSandboxWorker(10_000_000);
 * await bill.close();
 */
export async function startBillSandboxWorker(requestsPerHour: number): Promise<BillSandboxWorker> {
  const w = await startWorker<BillStarted>({ bench: "bill-sandbox-worker", requestsPerHour } satisfies BillWorkerJob);
  return {
    ...w.started,
    seed: (seed) => w.call<null>({ kind: "seed", seed } satisfies BillCommand).then(() => undefined),
    requests: () => w.call<number>({ kind: "requests" } satisfies BillCommand),
    now: () => w.call<number>({ kind: "now" } satisfies BillCommand),
    close: async () => {
      await w.call<null>({ kind: "close" } satisfies BillCommand);
      await w.terminate();
    },
  };
}

/**
 * Starts the demo Intacct sandbox in a worker thread.
 *
 * @example
 * const sb = await startSandboxWorker("sandbox.intacct.com");
 * await sb.setFaults({ concurrencyLimit: 2 });
 * await sb.close();
 */
export async function startSandboxWorker(publicHostname: string): Promise<SandboxWorker> {
  const w = await startWorker<Started>({ bench: "intacct-sandbox-worker", publicHostname } satisfies WorkerJob);
  return {
    ...w.started,
    setFaults: (patch) => w.call<null>({ kind: "faults", patch } satisfies Command).then(() => undefined),
    counters: () => w.call<CompanyCounters>({ kind: "counters" } satisfies Command),
    resetCounters: () => w.call<null>({ kind: "reset-counters" } satisfies Command).then(() => undefined),
    seed: (records, entityIds) => w.call<null>({ kind: "seed", records, entityIds } satisfies Command).then(() => undefined),
    now: () => w.call<number>({ kind: "now" } satisfies Command),
    close: async () => {
      await w.call<null>({ kind: "close" } satisfies Command);
      await w.terminate();
    },
  };
}
