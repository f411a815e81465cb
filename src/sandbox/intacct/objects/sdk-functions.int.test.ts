/**
 * The XML the official `@intacct/intacct-sdk` writes for VendorCreate, BillCreate and
 * ApPaymentCreate, executed by the objects module (the SDK's own writer, unmodified).
 */
import { Functions, Xml } from "@intacct/intacct-sdk";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import xmlbuilder from "xmlbuilder";

import { parseXml } from "../../../intacct/xml/index.js";
import type { CallContext } from "../contracts.js";
import { demoRecords } from "./demo-records.js";
import { createObjectsModule } from "./index.js";

const NOW = Date.UTC(2026, 2, 15, 12, 0, 0);
const east: CallContext = { companyId: "Z", entityId: "EAST", userId: "u", now: NOW, sessionKey: "k" };

interface SdkFunction {
  writeXml(xml: Xml.IaXmlWriter): void;
}

/** The function body (`<create>…`, `<create_bill>…`) the SDK writes. */
function bodyOf(f: SdkFunction): ReturnType<typeof parseXml> {
  const writer = new Xml.IaXmlWriter(xmlbuilder.create("content", { encoding: "UTF-8" }));
  f.writeXml(writer);
  const content = parseXml(writer.flush());
  const body = content.children[0]?.children[0];
  if (!body) throw new Error("no function body");
  return body;
}

describe("official SDK functions", () => {
  it("VendorCreate, BillCreate and ApPaymentCreate run and pay the bill", () => {
    const m = createObjectsModule(new Database(":memory:"));
    m.seedRecords("Z", demoRecords({ now: NOW, entityIds: ["EAST", "WEST"], vendorCount: 10, billsPerEntity: 3 }), { entityIds: ["EAST", "WEST"], now: NOW });

    const vendor = new Functions.AccountsPayable.VendorCreate();
    vendor.vendorId = "SDK-V1";
    vendor.vendorName = "SDK Vendor";
    vendor.printAs = "SDK Vendor";
    vendor.offsetGlAccountNo = "2000";
    const v = m.execute(east, bodyOf(vendor));
    expect(v.errors ?? []).toEqual([]);

    const line = new Functions.AccountsPayable.BillLineCreate();
    line.glAccountNumber = "6400";
    line.transactionAmount = 250.5;
    line.locationId = "EAST-HQ";
    line.memo = "SDK line";
    const bill = new Functions.AccountsPayable.BillCreate();
    bill.vendorId = "SDK-V1";
    bill.transactionDate = new Date(Date.UTC(2026, 2, 10, 12));
    bill.dueDate = new Date(Date.UTC(2026, 3, 10, 12));
    bill.billNumber = "SDK-B1";
    bill.lines = [line];
    const b = m.execute(east, bodyOf(bill));
    expect(b.errors ?? []).toEqual([]);
    expect(b.key).toMatch(/^\d+$/);

    const detailInfo = new Functions.AccountsPayable.ApPaymentDetailBillInfo();
    detailInfo.recordNo = Number(b.key);
    detailInfo.paymentAmount = 250.5;
    const info = new Functions.AccountsPayable.ApPaymentInfo();
    info.paymentMethod = "EFT";
    info.financialEntityId = "EAST-CLEARING";
    info.vendorId = "SDK-V1";
    info.paymentDate = new Date(Date.UTC(2026, 2, 12, 12));
    info.transactionCurrency = "USD";
    info.apPaymentDetails = [new Functions.AccountsPayable.ApPaymentDetailBill(detailInfo)];
    const p = m.execute(east, bodyOf(new Functions.AccountsPayable.ApPaymentCreate(info, "pay-1")));
    expect(p.errors ?? []).toEqual([]);

    const read = m.execute(east, parseXml(`<read><object>APBILL</object><keys>${b.key ?? ""}</keys><fields>STATE,TOTALDUE,VENDORNAME</fields></read>`));
    expect(read.data?.records[0]?.record).toEqual({ STATE: "Paid", TOTALDUE: "0.00", VENDORNAME: "SDK Vendor" });
  });
});
