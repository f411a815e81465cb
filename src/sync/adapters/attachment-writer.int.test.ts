/**
 * The attachment writer against the Intacct sandbox with a scripted platform source: files beyond
 * one request's budget go in further `update_supdoc` calls, a repeated write adds nothing, and a
 * failed download is reported after the other files were attached.
 */
import { afterEach, describe, expect, it } from "vitest";

import { type DemoWorld, startDemoWorld } from "../../cli/commands/demo.js";
import { getLegacy } from "../../intacct/functions/legacy.js";
import { read } from "../../intacct/index.js";
import type { IntacctRecord } from "../../intacct/xml/types.js";
import type { AttachmentSource, SupdocWrite } from "./attachment-writer.js";
import { createIntacctSide } from "./intacct-side.js";

let world: DemoWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const files = [
  { id: "0duA", name: "one", fileType: "pdf" },
  { id: "0duB", name: "two", fileType: "pdf" },
  { id: "0duC", name: "three", fileType: "png" },
];

function source(failing: ReadonlySet<string> = new Set()): AttachmentSource & { downloads: string[] } {
  const downloads: string[] = [];
  return {
    downloads,
    files: () => Promise.resolve(files.map((f) => ({ id: f.id, downloadLink: `http://bill.test/${f.id}` }))),
    download: (f) => {
      downloads.push(f.id);
      return failing.has(f.id) ? Promise.reject(new Error("BILL GET downloadLink failed (HTTP 500)")) : Promise.resolve(new TextEncoder().encode(`file ${f.id} `.repeat(20)));
    },
  };
}

async function names(w: DemoWorld, supdocId: string): Promise<string[]> {
  const rec = (await w.intacct.forEntity("EAST").execute(getLegacy("supdoc", supdocId))).records[0];
  const c = rec?.["attachments"];
  if (c === undefined || typeof c === "string" || Array.isArray(c)) return [];
  const list = c["attachment"];
  const items = (list === undefined ? [] : Array.isArray(list) ? list : [list]) as IntacctRecord[];
  return items.map((a) => (typeof a["attachmentname"] === "string" ? a["attachmentname"] : "")).sort();
}

async function anEastBill(w: DemoWorld): Promise<string> {
  for await (const r of w.intacct.forEntity("EAST").queryRecords({ object: "APBILL", select: ["RECORDNO"], pageSize: 1 })) return String((r as Record<string, unknown>)["RECORDNO"]);
  throw new Error("no bill");
}

describe("attachment writer", () => {
  it("splits files over requests, adds nothing on a repeat, and links the bill", async () => {
    world = await startDemoWorld({ databasePath: ":memory:" });
    const key = await anEastBill(world);
    const src = source();
    const side = createIntacctSide({ client: world.intacct.forEntity("EAST"), entityId: "EAST", documents: src, attachmentLimits: { maxRequestBase64Bytes: 300 } });
    const write: SupdocWrite = { fn: "supdoc", supdocId: "BSTESTWRITER0000001", name: "B-1", folder: "BILL Sync", parent: { object: "APBILL", key, platformObject: "bill", platformId: "00n1" }, files };
    const [r1] = await side.write([{ controlId: "attachment-test-1", write, entityId: "EAST" }]);
    expect(r1).toEqual({ status: "ok", controlId: "attachment-test-1", recordNo: "BSTESTWRITER0000001", id: "BSTESTWRITER0000001" });
    expect(await names(world, "BSTESTWRITER0000001")).toEqual(["one [0duA]", "three [0duC]", "two [0duB]"]);
    // The folder, create_supdoc + link in one request, then two update_supdoc.
    expect(side.counters.writes).toBe(5);
    const bill = (await world.intacct.forEntity("EAST").execute(read("APBILL", [key], { fields: ["RECORDNO", "SUPDOCID"] }))).records[0];
    expect(bill?.["SUPDOCID"]).toBe("BSTESTWRITER0000001");
    const [r2] = await side.write([{ controlId: "attachment-test-2", write, entityId: "EAST" }]);
    expect(r2?.status).toBe("ok");
    expect(src.downloads).toEqual(["0duA", "0duB", "0duC"]);
    expect(await names(world, "BSTESTWRITER0000001")).toHaveLength(3);
  }, 30_000);

  it("attaches what it can and reports a failed download as the record's error", async () => {
    world = await startDemoWorld({ databasePath: ":memory:" });
    const key = await anEastBill(world);
    const side = createIntacctSide({ client: world.intacct.forEntity("EAST"), entityId: "EAST", documents: source(new Set(["0duB"])) });
    const write: SupdocWrite = { fn: "supdoc", supdocId: "BSTESTWRITER0000002", name: "B-2", folder: "BILL Sync", parent: { object: "APBILL", key, platformObject: "bill", platformId: "00n2" }, files };
    const [r] = await side.write([{ controlId: "attachment-test-3", write, entityId: "EAST" }]);
    expect(r).toEqual({
      status: "failed", controlId: "attachment-test-3", code: "SYNC_ATTACHMENT_DOWNLOAD_FAILED", errorClass: "attachment", retryable: true,
      message: "two.pdf could not be downloaded from BILL: BILL GET downloadLink failed (HTTP 500). The other files are attached. Fix the file in BILL and retry, or choose \"don't sync this change\".",
    });
    expect(await names(world, "BSTESTWRITER0000002")).toEqual(["one [0duA]", "three [0duC]"]);
  }, 30_000);

  it("fails an attachment write with no access to the platform's files, without writing", async () => {
    world = await startDemoWorld({ databasePath: ":memory:" });
    const side = createIntacctSide({ client: world.intacct.forEntity("EAST"), entityId: "EAST" });
    const write: SupdocWrite = { fn: "supdoc", supdocId: "BSX", name: "B", folder: "BILL Sync", parent: { object: "APBILL", key: "1", platformObject: "bill", platformId: "00n" }, files };
    const [r] = await side.write([{ controlId: "c", write, entityId: "EAST" }]);
    expect(r).toMatchObject({ status: "failed", code: "SYNC_ATTACHMENT_SOURCE_MISSING" });
    expect(side.counters.writes).toBe(0);
  }, 30_000);
});
