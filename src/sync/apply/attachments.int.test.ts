/**
 * Attachments end to end against both sandboxes in-process: the demo bills' and invoices'
 * documents become SUPDOCs linked from their Intacct APBILL/ARINVOICE; a second run writes
 * nothing and lists no documents; a lost answer to `create_supdoc` duplicates nothing; a file
 * added later is added to the same SUPDOC; a file too large or a failed download is a per-record
 * error that does not stop the run, and a later run completes the SUPDOC.
 */
import { afterEach, describe, expect, it } from "vitest";

import { type DemoWorld, startDemoWorld } from "../../cli/commands/demo.js";
import { type FetchLike, read } from "../../intacct/index.js";
import { getLegacy } from "../../intacct/functions/legacy.js";
import type { IntacctRecord } from "../../intacct/xml/types.js";
import { seedDocument } from "../../sandbox/bill/objects/documents.js";
import { supdocIdFor } from "../model/attachments.js";
import { runSync, type SyncSummary } from "./run-sync.js";

let world: DemoWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const BILL1 = "00nEDEMO000000000001";
const BILL3 = "00nEDEMO000000000003";
const INVOICE1 = "00eEDEMO000000000001";

async function syncAccount(w: DemoWorld, index: number, extra: { dryRun?: boolean } = {}): Promise<SyncSummary> {
  const a = w.demoAccounts[index];
  if (a === undefined) throw new Error("no demo account");
  const account = await w.store.accounts.get(a.id);
  if (account === undefined) throw new Error("no account row");
  return runSync({ account, store: w.store, intacct: w.intacct, bill: a.bill, ...extra });
}

/** The SUPDOC's file names, or undefined when there is none. */
async function supdocFiles(w: DemoWorld, supdocId: string, entity = "EAST"): Promise<string[] | undefined> {
  const r = await w.intacct.forEntity(entity).execute(getLegacy("supdoc", supdocId));
  const rec = r.records[0];
  if (rec === undefined) return undefined;
  const container = rec["attachments"];
  if (container === undefined || typeof container === "string" || Array.isArray(container)) return [];
  const list = container["attachment"];
  const items = (list === undefined ? [] : Array.isArray(list) ? list : [list]) as IntacctRecord[];
  return items.map((a) => (typeof a["attachmentname"] === "string" ? a["attachmentname"] : "")).sort();
}

/** SUPDOCID on the Intacct document a platform bill or invoice is linked to. */
async function linkedSupdocId(w: DemoWorld, accountId: string, object: "bill" | "invoice", platformId: string, entity = "EAST"): Promise<string | undefined> {
  const link = (await w.store.links.list(accountId, object)).find((l) => l.platformId === platformId);
  if (link === undefined) return undefined;
  const r = await w.intacct.forEntity(entity).execute(read(object === "bill" ? "APBILL" : "ARINVOICE", [link.intacctKey], { fields: ["RECORDNO", "SUPDOCID"] }));
  const v = r.records[0]?.["SUPDOCID"];
  return typeof v === "string" ? v : undefined;
}

/** BILL document-listing calls since the counters were reset. */
function documentListings(w: DemoWorld): number {
  const calls = w.billSandbox.state.counters.calls;
  return (calls["GET /v3/documents/bills/{id}"] ?? 0) + (calls["GET /v3/attachments/invoices/{id}"] ?? 0);
}

describe("attachments against both sandboxes", () => {
  it("moves the demo documents of both accounts into SUPDOCs linked from Intacct; a second run writes nothing and lists no documents", async () => {
    world = await startDemoWorld({ databasePath: ":memory:" });
    for (const [i, accountId, entity, letter] of [[0, "demo-east", "EAST", "E"], [1, "demo-west", "WEST", "W"]] as const) {
      const first = await syncAccount(world, i);
      expect(first.errors).toEqual([]);
      expect(first.notImplemented).toEqual([]);
      expect(first.counts.byObject.attachment?.intacct.create).toBe(3);
      const bill1 = `00n${letter}DEMO000000000001`;
      const sup1 = supdocIdFor(accountId, bill1);
      expect(await linkedSupdocId(world, accountId, "bill", bill1, entity)).toBe(sup1);
      expect(await supdocFiles(world, sup1, entity)).toEqual([`AP-${letter}-7731 [0du${letter}DEMO000000000001]`, `delivery-note [0du${letter}DEMO000000000002]`]);
      const inv1 = `00e${letter}DEMO000000000001`;
      expect(await linkedSupdocId(world, accountId, "invoice", inv1, entity)).toBe(supdocIdFor(accountId, inv1));
      expect(await supdocFiles(world, supdocIdFor(accountId, inv1), entity)).toEqual([`timesheet-INV-${letter}-1042 [att${letter}DEMO000000000001]`]);
      world.billSandbox.state.resetCounters();
      const second = await syncAccount(world, i);
      expect(second.writes).toBe(0);
      expect(second.errors).toEqual([]);
      // The demo bill and invoice paid in Intacct changed on the platform when the first run
      // recorded their payments: their documents are listed once more, then never again.
      expect(documentListings(world)).toBe(2);
      world.billSandbox.state.resetCounters();
      expect((await syncAccount(world, i)).writes).toBe(0);
      expect(documentListings(world)).toBe(0);
    }
  }, 60_000);

  it("shows attachment operations in a dry run and writes none", async () => {
    world = await startDemoWorld({ databasePath: ":memory:" });
    const dry = await syncAccount(world, 0, { dryRun: true });
    const ops = (dry.operations ?? []).filter((o) => o.object === "attachment");
    expect(ops.map((o) => [o.kind, o.platformId, o.intacctId])).toEqual([["create", INVOICE1, supdocIdFor("demo-east", INVOICE1)], ["create", BILL1, supdocIdFor("demo-east", BILL1)], ["create", BILL3, supdocIdFor("demo-east", BILL3)]]);
    expect(await supdocFiles(world, supdocIdFor("demo-east", BILL1))).toBeUndefined();
  }, 60_000);

  it("settles a create_supdoc whose answer was lost after Intacct committed it: one SUPDOC, each file once", async () => {
    let dropped = 0;
    const dropAfterCommit: FetchLike = async (input, init) => {
      const response = await fetch(input, init);
      const body = typeof init?.body === "string" ? init.body : "";
      if (dropped === 0 && body.includes("<create_supdoc>")) {
        dropped++;
        await response.text();
        throw new TypeError("fetch failed: socket hang up (dropped after commit)");
      }
      return response;
    };
    world = await startDemoWorld({ databasePath: ":memory:", intacctFetch: dropAfterCommit });
    const first = await syncAccount(world, 0);
    expect(dropped).toBe(1);
    expect(first.errors).toEqual([]);
    for (const [object, id, files] of [["bill", BILL1, 2], ["bill", BILL3, 1], ["invoice", INVOICE1, 1]] as const) {
      expect(await linkedSupdocId(world, "demo-east", object, id)).toBe(supdocIdFor("demo-east", id));
      expect(await supdocFiles(world, supdocIdFor("demo-east", id))).toHaveLength(files);
    }
    expect((await syncAccount(world, 0)).writes).toBe(0);
  }, 60_000);

  it("adds a file uploaded later to the same SUPDOC, listing documents of that bill only", async () => {
    world = await startDemoWorld({ databasePath: ":memory:" });
    await syncAccount(world, 0);
    await syncAccount(world, 0); // settles the documents the first run's recorded payments touched
    const a = world.demoAccounts[0];
    if (a === undefined) throw new Error("no demo account");
    world.billSandbox.state.clock.advance(60_000);
    const up = await a.bill.documents.uploadBillDocument(BILL3, "signed-contract.pdf", new TextEncoder().encode("%PDF-1.4 contract"));
    world.billSandbox.state.resetCounters();
    const next = await syncAccount(world, 0);
    expect(next.errors).toEqual([]);
    expect(next.counts.byObject.attachment?.intacct.update).toBe(1);
    expect(documentListings(world)).toBe(2); // one to plan, one for the writer's fresh download link
    expect(await supdocFiles(world, supdocIdFor("demo-east", BILL3))).toEqual([`GLX-E-88 [0duEDEMO000000000003]`, `signed-contract [${up.id}]`]);
    expect((await syncAccount(world, 0)).writes).toBe(0);
  }, 60_000);

  it("reports a file too large and a failed download per record, attaches the rest, and completes on a later run", async () => {
    world = await startDemoWorld({ databasePath: ":memory:" });
    const org = world.demoAccounts[0]?.platformOrgId ?? "";
    // A file BILL holds but Intacct is not sent (over 6 MB), on bill 3.
    seedDocument(world.billSandbox.state, org, { id: "0duEBIG000000000001", billId: BILL3, name: "scan.pdf", contentBase64: Buffer.alloc(6 * 1024 * 1024 + 1, 1).toString("base64") });
    // The first file of bill 1 cannot be downloaded (every attempt of the client's retries fails).
    world.billSandbox.state.addFault({ kind: "error_before", method: "GET", path: "0duEDEMO000000000001/download", status: 500, remaining: 4 });
    const first = await syncAccount(world, 0);
    expect(first.status).toBe("failed");
    expect(first.errors.map((e) => [e.object, e.recordId, e.code]).sort()).toEqual([["attachment", BILL1, "SYNC_ATTACHMENT_DOWNLOAD_FAILED"], ["attachment", BILL3, "SYNC_ATTACHMENT_TOO_LARGE"]]);
    expect(first.errors.find((e) => e.recordId === BILL3)?.message).toBe(`scan.pdf is ${6 * 1024 * 1024 + 1} bytes; files of at most ${6 * 1024 * 1024} bytes are sent to Intacct. The other files are attached. Fix the file in BILL and retry, or choose "don't sync this change".`);
    // The run went on: everything else synced, and the good files are attached and linked.
    expect(first.counts.byObject.attachment?.intacct.create).toBe(1); // the invoice's; the two bills' count as failed
    expect(await supdocFiles(world, supdocIdFor("demo-east", BILL1))).toEqual(["delivery-note [0duEDEMO000000000002]"]);
    expect(await linkedSupdocId(world, "demo-east", "bill", BILL1)).toBe(supdocIdFor("demo-east", BILL1));
    expect(await supdocFiles(world, supdocIdFor("demo-east", INVOICE1))).toHaveLength(1);
    const open = await world.store.recordErrors.list("demo-east", { status: "open" });
    expect(open.find((e) => e.recordId === BILL1)?.fixActions).toEqual(["retry", "skip-change"]);
    // The download works again: the next run adds the missing file; the too-large one stays an error.
    const second = await syncAccount(world, 0);
    expect(second.errors.map((e) => [e.recordId, e.code])).toEqual([[BILL3, "SYNC_ATTACHMENT_TOO_LARGE"]]);
    expect(await supdocFiles(world, supdocIdFor("demo-east", BILL1))).toEqual(["AP-E-7731 [0duEDEMO000000000001]", "delivery-note [0duEDEMO000000000002]"]);
    expect(await supdocFiles(world, supdocIdFor("demo-east", BILL3))).toEqual(["GLX-E-88 [0duEDEMO000000000003]"]);
  }, 60_000);
});
