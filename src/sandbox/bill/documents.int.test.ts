/**
 * The BILL sandbox's bill documents and invoice attachments (`objects/documents.ts`): upload,
 * paged list, details, download with the session, the size limit, the demo documents and the
 * switchable "an upload bumps the parent's updatedTime" behaviour. In-process (`app.request`).
 */
import { afterEach, describe, expect, it } from "vitest";

import { ManualClock } from "../../domain/clock.js";
import { createBillAdminApp, loadSeedChoice } from "./admin.js";
import { createBillApiApp } from "./app.js";
import { SandboxClock } from "./clock.js";
import { BillSandboxStore, openBillSandboxDb } from "./db.js";
import { BILL_DEMO_LOGINS } from "./demo-seed.js";
import { BILL_SANDBOX_DEFAULT_LIMITS, type BillSandboxLimits } from "./limits.js";
import { BillSandboxState } from "./state.js";

const START = Date.parse("2026-12-01T09:00:00.000Z");
const east = BILL_DEMO_LOGINS[0] ?? (() => { throw new Error("demo logins missing"); })();
const BILL1 = "00nEDEMO000000000001";
const BILL4 = "00nEDEMO000000000004";
const INVOICE1 = "00eEDEMO000000000001";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function make(limits: Partial<BillSandboxLimits> = {}) {
  const db = openBillSandboxDb(":memory:");
  cleanups.push(() => db.close());
  const clock = new ManualClock(START);
  const state = new BillSandboxState(new BillSandboxStore(db), new SandboxClock(clock), { ...BILL_SANDBOX_DEFAULT_LIMITS, ...limits });
  loadSeedChoice(state, "demo");
  const app = createBillApiApp(state, { onUnexpectedError: () => undefined });
  const admin = createBillAdminApp(state, "demo");
  const r = await app.request("/connect/v3/login", { method: "POST", body: JSON.stringify({ username: east.username, password: east.password, organizationId: east.organizationId, devKey: east.devKey }) });
  const sessionId = ((await r.json()) as { sessionId: string }).sessionId;
  const headers = { devKey: east.devKey, sessionId };
  const call = async (method: string, path: string, body?: BodyInit) => {
    const res = await app.request(path.startsWith("http") ? path : `http://sandbox.test/connect${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    return res;
  };
  const json = async (method: string, path: string, body?: BodyInit) => {
    const res = await call(method, path, body);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { state, clock, admin, call, json };
}

describe("bill documents", () => {
  it("lists the demo documents of a bill with download links, and downloads their bytes with the session", async () => {
    const { json, call } = await make();
    const list = await json("GET", `/v3/documents/bills/${BILL1}`);
    expect(list.status).toBe(200);
    const results = list.body["results"] as Array<Record<string, unknown>>;
    expect(results.map((d) => [d["id"], d["name"], d["billId"]])).toEqual([["0duEDEMO000000000001", "AP-E-7731.pdf", BILL1], ["0duEDEMO000000000002", "delivery-note.pdf", BILL1]]);
    expect(results[0]?.["downloadLink"]).toBe("http://sandbox.test/connect/v3/documents/0duEDEMO000000000001/download");
    const file = await call("GET", String(results[0]?.["downloadLink"]));
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    const text = Buffer.from(await file.arrayBuffer()).toString("utf8");
    expect(text.startsWith("%PDF-1.4")).toBe(true);
    expect(Number(results[0]?.["fileSize"])).toBe(Buffer.byteLength(text));
  });

  it("uploads binary bytes unchanged, bumps the bill's updatedTime, and pages with nextPage/prevPage", async () => {
    const { json, call, clock } = await make();
    const before = (await json("GET", `/v3/bills/${BILL4}`)).body["updatedTime"];
    clock.advance(60_000);
    const bytes = new Uint8Array([0x25, 0x50, 0xff, 0xfe, 0x00, 0x80, 0x81]);
    const up = await json("POST", `/v3/documents/bills/${BILL4}?name=scan.png`, bytes);
    expect(up.status).toBe(200);
    expect(String(up.body["id"]).startsWith("0du")).toBe(true);
    expect(up.body).toMatchObject({ name: "scan.png", billId: BILL4, fileSize: 7 });
    expect((await json("GET", `/v3/bills/${BILL4}`)).body["updatedTime"]).not.toBe(before);
    const down = await call("GET", String(up.body["downloadLink"]));
    expect(new Uint8Array(await down.arrayBuffer())).toEqual(bytes);
    expect((await json("GET", `/v3/documents/${String(up.body["id"])}`)).body).toEqual(up.body);
    await json("POST", `/v3/documents/bills/${BILL4}?name=second.pdf`, "%PDF");
    const p1 = await json("GET", `/v3/documents/bills/${BILL4}?max=1`);
    expect((p1.body["results"] as unknown[]).length).toBe(1);
    expect(p1.body["prevPage"]).toBeUndefined();
    const p2 = await json("GET", `/v3/documents/bills/${BILL4}?max=1&page=${String(p1.body["nextPage"])}`);
    expect((p2.body["results"] as Array<Record<string, unknown>>)[0]?.["name"]).toBe("second.pdf");
    expect(p2.body["nextPage"]).toBeUndefined();
    expect(typeof p2.body["prevPage"]).toBe("string");
  });

  it("leaves the bill's updatedTime alone when the behaviour is switched off", async () => {
    const { json, admin, clock } = await make();
    await admin.request("/admin/behaviour", { method: "POST", body: JSON.stringify({ documentTouchesParent: false }) });
    const before = (await json("GET", `/v3/bills/${BILL4}`)).body["updatedTime"];
    clock.advance(60_000);
    await json("POST", `/v3/documents/bills/${BILL4}?name=x.pdf`, "%PDF");
    expect((await json("GET", `/v3/bills/${BILL4}`)).body["updatedTime"]).toBe(before);
  });

  it("refuses files over the size limit, empty files, blank names, unknown bills and bad max", async () => {
    const { json } = await make({ maxDocumentBytes: 4 });
    expect(await json("POST", `/v3/documents/bills/${BILL4}?name=big.pdf`, "12345")).toMatchObject({ status: 400, body: [{ code: null, message: "file: size must not exceed 4 bytes" }] });
    expect(await json("POST", `/v3/documents/bills/${BILL4}?name=e.pdf`, "")).toMatchObject({ status: 400, body: [{ message: "file: must not be empty" }] });
    expect(await json("POST", `/v3/documents/bills/${BILL4}`, "1")).toMatchObject({ status: 400, body: [{ message: "name: must not be blank" }] });
    expect(await json("POST", "/v3/documents/bills/00nNOPE?name=a.pdf", "1")).toMatchObject({ status: 404, body: [{ code: "BDC_1205" }] });
    expect(await json("GET", `/v3/documents/bills/${BILL1}?max=101`)).toMatchObject({ status: 400, body: [{ message: "max: must be between 1 and 100" }] });
    expect(await json("GET", "/v3/documents/0duNOPE")).toMatchObject({ status: 404, body: [{ code: "BDC_1205", message: "Document with id 0duNOPE was not found." }] });
  });
});

describe("invoice attachments", () => {
  it("lists, uploads and downloads attachments of an invoice (ids start att)", async () => {
    const { json, call } = await make();
    const list = await json("GET", `/v3/attachments/invoices/${INVOICE1}`);
    expect((list.body["results"] as Array<Record<string, unknown>>).map((a) => [a["id"], a["invoiceId"]])).toEqual([["attEDEMO000000000001", INVOICE1]]);
    const up = await json("POST", `/v3/attachments/invoices/${INVOICE1}?name=po.pdf`, "%PDF-po");
    expect(String(up.body["id"]).startsWith("att")).toBe(true);
    expect(await (await call("GET", String(up.body["downloadLink"]))).text()).toBe("%PDF-po");
    // A bill document id is not an invoice attachment.
    expect((await json("GET", "/v3/attachments/0duEDEMO000000000001")).status).toBe(404);
  });
});
