/**
 * `npm run bench -- intacct-decode`: decode + interpret an Intacct response, ours (the shared
 * codec's streaming `decodeResponse` plus the client's `interpretExchange`) against the official
 * SDK's `OnlineResponse` (xml2js), in the same process and run.
 *
 * Metric: median wall-clock ms per decode over timed blocks. Each side runs in its own worker
 * thread (its own V8 heap), alternating ours and the SDK four times, so neither pays for the garbage the
 * other leaves behind (measured: sharing one heap made the small case swing from 3.9× to 1.5×
 * depending on which side triggered the major GC). Process CPU time is reported alongside.
 *
 * Cases: a 2,000-row VENDOR `query` page (11 fields per row, realistic values) and a 100-result
 * `create` response. Both bodies are produced by the shared encoder in the gateway's compact form
 * (`includewhitespace=false`, which the client requests).
 */
import { createRequire } from "node:module";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

import { SecretRegistry } from "../src/domain/redact.js";
import { interpretExchange } from "../src/intacct/interpret.js";
import { encodeResponse, type IntacctResponse, type ResponseResult } from "../src/intacct/xml/index.js";
import { type Bench, type BenchResult, round2 } from "./harness.js";

interface SdkOnlineResponse {
  readonly results: ReadonlyArray<{ readonly data: readonly unknown[] }>;
}
const require = createRequire(import.meta.url);
const sdk = require("@intacct/intacct-sdk") as { Xml: { OnlineResponse: new (body: string) => SdkOnlineResponse } };

const CITIES = ["Portland", "Austin", "Boston", "Denver", "Seattle", "Chicago", "San José", "New York"];
const TERMS = ["Net 30", "Net 15", "Due on receipt", "2% 10 Net 30"];

function envelope(results: ResponseResult[]): IntacctResponse {
  return {
    control: { status: "success", senderId: "acme_partner", controlId: "bench-1", uniqueId: "false", dtdVersion: "3.0" },
    operation: {
      authentication: {
        status: "success",
        userId: "xml_sync",
        companyId: "ZEPHYR-TEST",
        locationId: "",
        sessionTimestamp: "2026-03-01T09:15:40+00:00",
        sessionTimeout: "2026-03-02T09:15:40+00:00",
      },
      results,
    },
  };
}

function vendorPage(rows: number): string {
  const records = Array.from({ length: rows }, (_, i) => ({
    tag: "VENDOR",
    record: {
      RECORDNO: String(1000 + i),
      VENDORID: `V-${String(i).padStart(5, "0")}`,
      NAME: `${["Acme", "Hollis & Sons", "Northwind", "Zephyr"][i % 4] ?? ""} Supply ${i}`,
      STATUS: i % 17 === 0 ? "inactive" : "active",
      TERMNAME: TERMS[i % TERMS.length] ?? "",
      APACCOUNT: String(6000 + (i % 40) * 10),
      CURRENCY: "USD",
      TOTALDUE: ((i * 137.31) % 25000).toFixed(2),
      "DISPLAYCONTACT.EMAIL1": `ap+${i}@vendor${i % 300}.example.com`,
      "DISPLAYCONTACT.MAILADDRESS.CITY": CITIES[i % CITIES.length] ?? "",
      WHENMODIFIED: `03/${String((i % 28) + 1).padStart(2, "0")}/2026 ${String(i % 24).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:07`,
    },
  }));
  return encodeResponse(
    envelope([
      {
        status: "success",
        function: "query",
        controlId: "pull-vendors-0001",
        data: { attrs: { listtype: "VENDOR", totalcount: "48213", offset: "0", count: String(rows), numremaining: String(48213 - rows) }, records },
      },
    ]),
  );
}

function createResults(n: number): string {
  return encodeResponse(
    envelope(
      Array.from({ length: n }, (_, i) => ({
        status: "success" as const,
        function: "create",
        controlId: `bill-${i}-5c1e0a9b7f3d`,
        data: { attrs: { listtype: "objects", count: "1" }, records: [{ tag: "apbill", record: { RECORDNO: String(4471 + i) } }] },
      })),
    ),
  );
}

function ours(body: string): number {
  const r = interpretExchange({ status: 200, contentType: 'text/xml; encoding="UTF-8"', retryAfter: undefined, body }, { secrets: new SecretRegistry(), requestControlId: "bench-1", isWrite: false, retryAfterMs: undefined });
  let n = 0;
  for (const o of r.outcomes.values()) if (o.ok) n += o.result.records.length;
  return n;
}

function baseline(body: string): number {
  const r = new sdk.Xml.OnlineResponse(body);
  let n = 0;
  for (const res of r.results) n += res.data.length;
  return n;
}


/** CPU and wall milliseconds per call of `fn`, averaged over `runs` after `warmup` calls. */
function cpuTimeIt(fn: () => unknown, runs: number, warmup: number): { readonly cpuMs: number; readonly wallMs: number } {
  for (let i = 0; i < warmup; i++) fn();
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) fn();
  const cpu = process.cpuUsage(cpu0);
  const wall = Number(process.hrtime.bigint() - wall0) / 1e6;
  return { cpuMs: (cpu.user + cpu.system) / 1000 / runs, wallMs: wall / runs };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

interface Case {
  readonly name: string;
  readonly body: string;
  readonly expect: number;
  readonly runs: number;
}

function makeCases(): Case[] {
  return [
    { name: "intacct-decode: 2,000-row VENDOR query page", body: vendorPage(2000), expect: 2000, runs: 12 },
    { name: "intacct-decode: 100-result create response", body: createResults(100), expect: 100, runs: 400 },
  ];
}

interface BlockTimes {
  readonly wall: number[];
  readonly cpu: number[];
}

interface WorkerJob {
  readonly bench: "intacct-decode";
  readonly side: "ours" | "baseline";
  readonly caseIndex: number;
  readonly blocks: number;
}

// Worker side: time `blocks` blocks of one decoder on one case and post the figures.
if (!isMainThread && (workerData as Partial<WorkerJob> | undefined)?.bench === "intacct-decode") {
  const job = workerData as WorkerJob;
  const c = makeCases()[job.caseIndex];
  if (!c) throw new Error(`no case ${job.caseIndex}`);
  const fn = job.side === "ours" ? () => ours(c.body) : () => baseline(c.body);
  const times: BlockTimes = { wall: [], cpu: [] };
  for (let b = 0; b < job.blocks; b++) {
    const t = cpuTimeIt(fn, c.runs, b === 0 ? 20 : 2);
    times.wall.push(t.wallMs);
    times.cpu.push(t.cpuMs);
  }
  parentPort?.postMessage(times);
}

function runInWorker(job: WorkerJob): Promise<BlockTimes> {
  return new Promise((resolve, reject) => {
    // Node 20 workers do not get the main thread's `--import tsx`: a JS bootstrap registers it.
    const w = new Worker(new URL("./worker-bootstrap.mjs", import.meta.url), { workerData: { ...job, entry: import.meta.url } });
    w.once("message", (m: BlockTimes) => resolve(m));
    w.once("error", reject);
    w.once("exit", (code) => {
      if (code !== 0) reject(new Error(`benchmark worker exited with ${code}`));
    });
  });
}

const BLOCKS_PER_WORKER = 3;
const PASSES = 4;

const bench: Bench = async () => {
  const cases = makeCases();
  const out: BenchResult[] = [];
  for (const [caseIndex, c] of cases.entries()) {
    if (ours(c.body) !== c.expect || baseline(c.body) !== c.expect) throw new Error(`${c.name}: decoders disagree on the record count`);
    const oursWall: number[] = [];
    const oursCpu: number[] = [];
    const baseWall: number[] = [];
    const baseCpu: number[] = [];
    for (let pass = 0; pass < PASSES; pass++) {
      const o = await runInWorker({ bench: "intacct-decode", side: "ours", caseIndex, blocks: BLOCKS_PER_WORKER });
      const b = await runInWorker({ bench: "intacct-decode", side: "baseline", caseIndex, blocks: BLOCKS_PER_WORKER });
      oursWall.push(...o.wall);
      oursCpu.push(...o.cpu);
      baseWall.push(...b.wall);
      baseCpu.push(...b.cpu);
    }
    const oursMs = median(oursWall);
    const baseMs = median(baseWall);
    out.push({
      name: c.name,
      ours_ms: round2(oursMs),
      baseline: "@intacct/intacct-sdk 2.2.1 OnlineResponse",
      baseline_ms: round2(baseMs),
      ratio: round2(baseMs / oursMs),
      body_kib: Math.round(c.body.length / 1024),
      metric: "median wall-clock ms per decode, each side in its own worker thread",
      cpu_ours_ms: round2(median(oursCpu)),
      cpu_baseline_ms: round2(median(baseCpu)),
      cpu_ratio: round2(median(baseCpu) / median(oursCpu)),
      blocks: oursWall.length,
      runs_per_block: c.runs,
    });
  }
  return out;
};

export default bench;
