/**
 * `npm run bench -- sandbox`: how fast the Intacct sandbox serves functions, through the full
 * gateway over HTTP on 127.0.0.1 (real sockets, session auth, the demo seed plus 20,000 vendors).
 *
 * - reads and creates per second, batched (50 functions per request, as the sync client sends
 *   them) against the naive baseline of one function per request (what a client without batching
 *   does, e.g. the official SDK used one call at a time);
 * - the time to serve 2,000 rows: one `query` page of 2,000 against the `readByQuery` way, which
 *   caps pages at 1,000 and needs a `readMore`.
 */
import { decodeResponse, el, encodeRequest, type IntacctResponse, type XmlElement } from "../src/intacct/xml/index.js";
import { DEMO_FACTS } from "../src/sandbox/intacct/demo-seed.js";
import { demoRecords } from "../src/sandbox/intacct/objects/demo-records.js";
import { createObjectsModule } from "../src/sandbox/intacct/objects/index.js";
import { startIntacctSandbox } from "../src/sandbox/intacct/sandbox-server.js";
import { type BenchResult, round2 } from "./harness.js";

const EXTRA_VENDORS = 20_000;
const FUNCTIONS = 1_000;
const BATCH = 50;

export default async function sandboxBench(): Promise<BenchResult[]> {
  const now = Date.now();
  const sandbox = await startIntacctSandbox({ host: "127.0.0.1", port: 0, seed: "demo" }, { createObjects: createObjectsModule, demoRecords });
  try {
    const vendors = Array.from({ length: EXTRA_VENDORS }, (_, i) => ({ VENDORID: `BENCH-${String(i).padStart(5, "0")}`, NAME: `Bench vendor ${i}` }));
    sandbox.objects.seedRecords(DEMO_FACTS.companyId, { VENDOR: vendors }, { entityIds: DEMO_FACTS.entityIds, now });

    let controlSeq = 0;
    const post = async (functions: readonly XmlElement[], sessionId?: string): Promise<IntacctResponse> => {
      const body = encodeRequest({
        control: { senderId: DEMO_FACTS.senderId, senderPassword: DEMO_FACTS.senderPassword, controlId: `bench-${++controlSeq}`, uniqueId: false },
        operation: {
          authentication: sessionId ? { kind: "session", sessionId } : { kind: "login", userId: DEMO_FACTS.userId, companyId: DEMO_FACTS.companyId, password: DEMO_FACTS.password },
          functions: functions.map((f, i) => ({ controlId: `f${controlSeq}-${i}`, body: f })),
        },
      });
      const res = await fetch(sandbox.endpointUrl, { method: "POST", body, headers: { "content-type": "application/xml" } });
      const decoded = decodeResponse(await res.text());
      const failed = decoded.operation?.results.find((r) => r.status !== "success");
      if (decoded.control.status !== "success" || failed) throw new Error(`bench request failed: ${JSON.stringify(failed?.errors ?? decoded.errors)}`);
      return decoded;
    };
    const session = (await post([el("getAPISession")])).operation?.results[0]?.data?.records[0]?.record["sessionid"];
    if (typeof session !== "string") throw new Error("no session");

    /** Runs `count` functions made by `make`, `perRequest` per request; returns elapsed ms. */
    const runFunctions = async (make: (i: number) => XmlElement, count: number, perRequest: number): Promise<number> => {
      const start = performance.now();
      for (let i = 0; i < count; i += perRequest) await post(Array.from({ length: Math.min(perRequest, count - i) }, (_, k) => make(i + k)), session);
      return performance.now() - start;
    };
    const read = (i: number) => el("readByName", null, el("object", null, "VENDOR"), el("keys", null, `BENCH-${String((i * 7919) % EXTRA_VENDORS).padStart(5, "0")}`), el("fields", null, "RECORDNO,VENDORID,NAME,STATUS,WHENMODIFIED"));
    let createSeq = 0;
    const create = () => {
      const id = `NEW-${++createSeq}`;
      return el("create", null, el("VENDOR", null, el("VENDORID", null, id), el("NAME", null, `New vendor ${id}`), el("TERMNAME", null, "Net 30")));
    };

    await runFunctions(read, 100, BATCH); // warm-up
    const readBatched = await runFunctions(read, FUNCTIONS, BATCH);
    const readSingle = await runFunctions(read, FUNCTIONS, 1);
    const createBatched = await runFunctions(create, FUNCTIONS, BATCH);
    const createSingle = await runFunctions(create, FUNCTIONS, 1);

    const queryPage = el("query", null, el("object", null, "VENDOR"), el("select", null, ...["RECORDNO", "VENDORID", "NAME", "STATUS", "WHENMODIFIED"].map((f) => el("field", null, f))), el("pagesize", null, "2000"));
    const byQueryPage = el("readByQuery", null, el("object", null, "VENDOR"), el("fields", null, "RECORDNO,VENDORID,NAME,STATUS,WHENMODIFIED"), el("query", null, ""), el("pagesize", null, "1000"));
    const timeQuery = async (): Promise<number> => {
      const start = performance.now();
      const r = await post([queryPage], session);
      if (r.operation?.results[0]?.data?.records.length !== 2000) throw new Error("query page is not 2,000 rows");
      return performance.now() - start;
    };
    const timeByQuery = async (): Promise<number> => {
      const start = performance.now();
      const first = await post([byQueryPage], session);
      const resultId = first.operation?.results[0]?.data?.attrs["resultId"] ?? "";
      await post([el("readMore", null, el("resultId", null, resultId))], session);
      return performance.now() - start;
    };
    const median = async (f: () => Promise<number>, runs = 7): Promise<number> => {
      await f();
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await f());
      return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
    };
    const queryMs = await median(timeQuery);
    const byQueryMs = await median(timeByQuery);

    const perSecond = (ms: number) => round2((FUNCTIONS / ms) * 1000);
    const counted = `${FUNCTIONS} functions over HTTP on 127.0.0.1, demo company with ${EXTRA_VENDORS + 240} vendors`;
    return [
      {
        name: "sandbox reads (readByName VENDOR)",
        ours_ms: round2(readBatched),
        baseline: "one function per request",
        baseline_ms: round2(readSingle),
        ratio: round2(readSingle / readBatched),
        functions_per_second: perSecond(readBatched),
        baseline_functions_per_second: perSecond(readSingle),
        details: `${counted}; ours batches ${BATCH} functions per request (session auth) as the sync client does`,
      },
      {
        name: "sandbox creates (create VENDOR)",
        ours_ms: round2(createBatched),
        baseline: "one function per request",
        baseline_ms: round2(createSingle),
        ratio: round2(createSingle / createBatched),
        functions_per_second: perSecond(createBatched),
        baseline_functions_per_second: perSecond(createSingle),
        details: `${counted}; each create validates, checks references and writes an audit row`,
      },
      {
        name: "2,000-row page (query VENDOR, 5 fields)",
        ours_ms: round2(queryMs),
        baseline: "readByQuery 1,000 + readMore 1,000",
        baseline_ms: round2(byQueryMs),
        ratio: round2(byQueryMs / queryMs),
        details: `median of 7 after a warm-up, ${EXTRA_VENDORS + 240} vendors; readByQuery pages are capped at 1,000 (§4.10)`,
      },
    ];
  } finally {
    await sandbox.close();
  }
}
