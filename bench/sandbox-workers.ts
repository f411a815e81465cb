/**
 * The Intacct sandbox in its own worker thread, for benchmarks: a real Intacct company runs on
 * other machines, so the emulator's CPU (validation, SQLite, XML) must not share the event loop
 * of the client under test. The main thread talks to it over HTTP like any client and drives it
 * (faults, counters, seeding) through a small message protocol.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

import type { IntacctRecord } from "../src/intacct/xml/types.js";
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

if (!isMainThread && (workerData as Partial<WorkerJob> | undefined)?.bench === "intacct-sandbox-worker") void serve(workerData as WorkerJob);

/**
 * Starts the demo Intacct sandbox in a worker thread.
 *
 * @example
 * const sb = await startSandboxWorker("sandbox.intacct.com");
 * await sb.setFaults({ concurrencyLimit: 2 });
 * await sb.close();
 */
export function startSandboxWorker(publicHostname: string): Promise<SandboxWorker> {
  const worker = new Worker(new URL("./worker-bootstrap.mjs", import.meta.url), { workerData: { bench: "intacct-sandbox-worker", publicHostname, entry: import.meta.url } satisfies WorkerJob & { entry: string } });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let next = 1;
  const call = <T>(command: Command): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, command });
    });
  return new Promise<SandboxWorker>((resolve, reject) => {
    worker.once("error", reject);
    worker.on("error", (e) => {
      for (const w of waiting.values()) w.reject(e);
      waiting.clear();
    });
    worker.on("message", (m: { readonly id: number; readonly value: unknown }) => {
      if (m.id === 0) {
        const started = m.value as Started;
        resolve({
          ...started,
          setFaults: (patch) => call<null>({ kind: "faults", patch }).then(() => undefined),
          counters: () => call<CompanyCounters>({ kind: "counters" }),
          resetCounters: () => call<null>({ kind: "reset-counters" }).then(() => undefined),
          seed: (records, entityIds) => call<null>({ kind: "seed", records, entityIds }).then(() => undefined),
          now: () => call<number>({ kind: "now" }),
          close: async () => {
            await call<null>({ kind: "close" });
            await worker.terminate();
          },
        });
        return;
      }
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      w?.resolve(m.value);
    });
  });
}
