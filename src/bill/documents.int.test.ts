/**
 * The client's document operations against the BILL sandbox: list bill documents and invoice
 * attachments (all pages), upload binary bytes, download them with the session, and refuse a
 * `downloadLink` on a host the session must not travel to.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import type { BillSandbox } from "../sandbox/bill/index.js";
import { billAdmin, caught, demoLogin, startBillSandbox } from "../sandbox/bill/testing.js";
import { toBillDocument } from "./documents.js";
import { type BillClient, createBillClient } from "./endpoints.js";
import { BillError } from "./errors.js";

let sb: BillSandbox;
let bill: BillClient;
const BILL1 = "00nEDEMO000000000001";
const BILL4 = "00nEDEMO000000000004";
const INVOICE1 = "00eEDEMO000000000001";

beforeAll(async () => {
  sb = await startBillSandbox();
});
afterAll(async () => {
  await sb.close();
});
beforeEach(async () => {
  await billAdmin(sb, "/reset", {});
  bill = createBillClient({ baseUrl: sb.url, credentials: demoLogin(sb, 0), random: () => 0, sleep: () => Promise.resolve() });
});

describe("documents", () => {
  it("lists a bill's documents and downloads their bytes", async () => {
    const docs = await bill.documents.billDocuments(BILL1);
    expect(docs.map((d) => [d.id, d.name, d.parent])).toEqual([
      ["0duEDEMO000000000001", "AP-E-7731.pdf", { kind: "bill", id: BILL1 }],
      ["0duEDEMO000000000002", "delivery-note.pdf", { kind: "bill", id: BILL1 }],
    ]);
    const bytes = await bill.documents.download(docs[0] ?? { id: "", downloadLink: "" });
    expect(Buffer.from(bytes).toString("utf8")).toContain("AP-E-7731");
    expect(bytes.byteLength).toBe(docs[0]?.size);
  });

  it("uploads binary files unchanged and walks every page", async () => {
    const bytes = new Uint8Array(256).map((_, i) => i);
    for (let i = 0; i < 3; i++) await bill.documents.uploadBillDocument(BILL4, `scan-${i}.png`, bytes);
    const first = await bill.documents.listBillDocuments(BILL4, { max: 2 });
    expect(first.results).toHaveLength(2);
    expect(first.nextPage).toBeDefined();
    const all = await bill.documents.billDocuments(BILL4);
    expect(all.map((d) => d.name)).toEqual(["scan-0.png", "scan-1.png", "scan-2.png"]);
    expect(await bill.documents.download(all[2] ?? { id: "", downloadLink: "" })).toEqual(bytes);
    expect((await bill.documents.getBillDocument(all[0]?.id ?? "")).name).toBe("scan-0.png");
  });

  it("lists and uploads invoice attachments", async () => {
    expect((await bill.documents.invoiceAttachments(INVOICE1)).map((a) => a.id)).toEqual(["attEDEMO000000000001"]);
    const up = await bill.documents.uploadInvoiceAttachment(INVOICE1, "po.pdf", new TextEncoder().encode("%PDF-po"));
    expect(up.id).toMatch(/^att/);
    expect(new TextDecoder().decode(await bill.documents.download(up))).toBe("%PDF-po");
  });

  it("never sends the session to a download host that is not allowed", async () => {
    const e = await caught(() => bill.documents.download({ id: "0duX", downloadLink: "https://files.example.org/0duX" }));
    expect(e).toBeInstanceOf(BillError);
    expect((e as BillError).message).toBe("BILL document 0duX: downloadLink points at https://files.example.org, which is not an allowed download origin (the session is only sent to " + new URL(sb.url).origin + ")");
  });

  it("decodes a document leniently and refuses one without a downloadLink", () => {
    expect(toBillDocument({ id: "0du1", fileName: "a.pdf", downloadUrl: "http://x/a", size: 3 }, "bill", "00n1")).toEqual({ id: "0du1", name: "a.pdf", parent: { kind: "bill", id: "00n1" }, downloadLink: "http://x/a", size: 3 });
    expect(() => toBillDocument({ id: "0du1" }, "bill", "00n1")).toThrow("BILL bill document without id or downloadLink");
  });
});
