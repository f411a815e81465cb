import { describe, expect, it } from "vitest";

import { fingerprint } from "../fingerprint.js";
import { LinkIndex } from "../links.js";
import type { Bill, BillPayment, Ref } from "./canonical.js";
import { intacctPaidState, isNegativeBill, observeIntacct, observeIntacctDeletion, toIntacct } from "./intacct-mapper.js";
import { observePlatform, stripMarker, toPlatform } from "./platform-mapper.js";

const links = new LinkIndex([
  { object: "vendor", platformId: "009ACME", intacctKey: "12", intacctId: "V-ACME", entityId: "", platformVersion: "", intacctVersion: "" },
  { object: "glAccount", platformId: "0caEXP", intacctKey: "60", intacctId: "6400", entityId: "", platformVersion: "", intacctVersion: "" },
  { object: "location", platformId: "LOC-E", intacctKey: "5", intacctId: "E-EAST", entityId: "", platformVersion: "", intacctVersion: "" },
  { object: "department", platformId: "DEP-OPS", intacctKey: "7", intacctId: "OPS", entityId: "", platformVersion: "", intacctVersion: "" },
  { object: "bill", platformId: "00nB1", intacctKey: "4471", intacctId: "INV-88121", entityId: "", platformVersion: "", intacctVersion: "" },
]);

const toIntacctId = (r: Ref): string | undefined =>
  r.side === "intacct" ? r.id : r.object === "bill" ? links.byPlatform(r.object, r.id)?.intacctKey : links.byPlatform(r.object, r.id)?.intacctId;
const toPlatformId = (r: Ref): string | undefined => (r.side === "platform" ? r.id : links.byIntacctRef(r.object, r.id)?.platformId);

const billJson = {
  id: "00nB1", archived: false, createdTime: "2026-03-04T09:00:00.000Z", updatedTime: "2026-03-04T10:00:00.000Z",
  vendorId: "009ACME", dueDate: "2026-04-03", invoice: { invoiceNumber: "INV-88121", invoiceDate: "2026-03-04" }, description: "March facilities [is:s1234]",
  paymentStatus: "UNPAID", approvalStatus: "APPROVED",
  billLineItems: [
    { id: "L1", amount: 1250, description: "Janitorial", classifications: { chartOfAccountId: "0caEXP", locationId: "LOC-E", departmentId: "DEP-OPS" } },
    { id: "L2", amount: 310.45, classifications: { chartOfAccountId: "0caEXP", locationId: "LOC-E" } },
  ],
};

describe("platform mapper", () => {
  it("reads a BILL bill into a canonical bill with cents, ISO dates and platform references, without the dedupe marker", () => {
    const o = observePlatform("bill", billJson);
    expect(o).toMatchObject({ side: "platform", object: "bill", key: "00nB1", modified: "2026-03-04T10:00:00.000Z", deleted: false, naturalId: "INV-88121", facts: { paid: "unpaid", approved: true } });
    const b = o.record as Bill;
    expect(b.description).toBe("March facilities");
    expect(b.postingDate).toBe("2026-03-04");
    expect(b.lines.map((l) => l.amount)).toEqual([125000, 31045]);
    expect(b.lines[0]?.department).toEqual({ object: "department", side: "platform", id: "DEP-OPS" });
  });

  it("observes an archived bill as deleted and an archived vendor as inactive", () => {
    expect(observePlatform("bill", { ...billJson, archived: true }).deleted).toBe(true);
    const v = observePlatform("vendor", { id: "009ACME", name: "Acme", shortName: "V-ACME", archived: true, updatedTime: "2026-03-01T00:00:00Z" });
    expect(v.deleted).toBe(false);
    expect(v.record).toEqual({ object: "vendor", name: "Acme", code: "V-ACME", active: false });
  });

  it("marks a cancelled payment as voided", () => {
    const p = observePlatform("billPayment", { id: "stp1", billId: "00nB1", vendorId: "009ACME", amount: 100, processDate: "2026-03-20", singleStatus: "CANCELED", updatedTime: "2026-03-20T00:00:00Z" });
    expect(p.facts.voided).toBe(true);
    expect((p.record as BillPayment).applications).toEqual([{ bill: { object: "bill", side: "platform", id: "00nB1" }, amount: 10000 }]);
  });

  it("strips only the marker from descriptions", () => {
    expect(stripMarker("Inv AP-7731 [is:p-1f3a]")).toBe("Inv AP-7731");
    expect(stripMarker("[is:p-1f3a]")).toBeUndefined();
  });

  it("throws RECORD_INVALID for a record without an id", () => {
    expect(() => observePlatform("vendor", { name: "x" })).toThrow("BILL vendor without id");
  });
});

describe("Intacct mapper", () => {
  it("reads a query row of VENDOR with a dotted field either flat or nested", () => {
    const flat = observeIntacct("vendor", { RECORDNO: "12", VENDORID: "V-ACME", NAME: "Acme", STATUS: "active", "DISPLAYCONTACT.EMAIL1": "ap@acme.test", WHENMODIFIED: "03/01/2026 10:00:00", MEGAENTITYID: "" });
    const nested = observeIntacct("vendor", { RECORDNO: "12", VENDORID: "V-ACME", NAME: "Acme", STATUS: "T", DISPLAYCONTACT: { EMAIL1: "ap@acme.test" }, WHENMODIFIED: "03/01/2026 10:00:00" });
    expect(flat.record).toEqual({ object: "vendor", name: "Acme", code: "V-ACME", active: true, email: "ap@acme.test" });
    expect(nested.record).toEqual(flat.record);
    expect(flat).toMatchObject({ key: "12", naturalId: "V-ACME", modified: "03/01/2026 10:00:00", entityId: "" });
  });

  it("tells paid, partially paid and unpaid bills apart from STATE and totals", () => {
    expect(intacctPaidState({ STATE: "Posted", TOTALPAID: "0", TOTALDUE: "100" })).toBe("unpaid");
    expect(intacctPaidState({ STATE: "Partially Paid" })).toBe("partial");
    expect(intacctPaidState({ TOTALPAID: "40.00", TOTALDUE: "60.00" })).toBe("partial");
    expect(intacctPaidState({ TOTALPAID: "100.00", TOTALDUE: "0" })).toBe("paid");
  });

  it("recognises a negative bill as a vendor credit and reads its lines as positive amounts", () => {
    const rec = { RECORDNO: "4480", RECORDID: "VC-1", VENDORID: "V-ACME", WHENCREATED: "03/09/2026", TOTALENTERED: "-150.00", APBILLITEMS: { APBILLITEM: { ACCOUNTNO: "6400", TRX_AMOUNT: "-150.00" } } };
    expect(isNegativeBill(rec)).toBe(true);
    const o = observeIntacct("vendorCredit", rec);
    expect(o.record).toMatchObject({ object: "vendorCredit", number: "VC-1", date: "2026-03-09", lines: [{ amount: 15000 }] });
  });

  it("reads a deletion from AUDITHISTORY's OBJECTKEY", () => {
    expect(observeIntacctDeletion("vendor", "12--REC", "03/02/2026 09:00:00")).toMatchObject({ key: "12", deleted: true });
  });

  it("writes a bill as a generic APBILL create with mm/dd/yyyy dates, two-place amounts and the AP account", () => {
    const b = observePlatform("bill", billJson).record as Bill;
    const w = toIntacct(b, { resolve: toIntacctId, settings: { clearingBankAccountId: "BILL-CLR", apAccountNo: "2000" } });
    expect(w).toEqual({
      fn: "create", object: "APBILL",
      record: {
        VENDORID: "V-ACME", WHENCREATED: "03/04/2026", WHENPOSTED: "03/04/2026", WHENDUE: "04/03/2026", RECORDID: "INV-88121", DESCRIPTION: "March facilities", CURRENCY: "USD",
        APBILLITEMS: { APBILLITEM: [
          { ACCOUNTNO: "6400", OFFSETGLACCOUNTNO: "2000", TRX_AMOUNT: "1250.00", ENTRYDESCRIPTION: "Janitorial", LOCATIONID: "E-EAST", DEPARTMENTID: "OPS" },
          { ACCOUNTNO: "6400", OFFSETGLACCOUNTNO: "2000", TRX_AMOUNT: "310.45", LOCATIONID: "E-EAST" },
        ] },
      },
    });
  });

  it("writes an update of a bill with its RECORDNO (a true update, all lines resent)", () => {
    const b = observePlatform("bill", billJson).record as Bill;
    const w = toIntacct(b, { resolve: toIntacctId, settings: { clearingBankAccountId: "BILL-CLR" }, recordNo: "4471" });
    expect(w.fn).toBe("update");
    expect(w.fn === "update" ? w.record["RECORDNO"] : undefined).toBe("4471");
  });

  it("refuses to write a record whose references are not linked yet", () => {
    const b = observePlatform("bill", { ...billJson, vendorId: "009UNKNOWN" }).record as Bill;
    expect(() => toIntacct(b, { resolve: toIntacctId, settings: { clearingBankAccountId: "BILL-CLR" } })).toThrow("vendor 009UNKNOWN is not linked to an Intacct record yet");
  });

  it("pays from the clearing account with the linked bill's RECORDNO", () => {
    const p = observePlatform("billPayment", { id: "stp1", billId: "00nB1", vendorId: "009ACME", amount: 1560.45, processDate: "2026-03-20", description: "Paid via BILL", singleStatus: "SCHEDULED", updatedTime: "x" }).record as BillPayment;
    expect(toIntacct(p, { resolve: toIntacctId, settings: { clearingBankAccountId: "BILL-CLR" } })).toEqual({
      fn: "create", object: "APPYMT",
      record: { FINANCIALENTITY: "BILL-CLR", PAYMENTMETHOD: "EFT", VENDORID: "V-ACME", PAYMENTDATE: "03/20/2026", CURRENCY: "USD", DOCNUMBER: "Paid via BILL", APPYMTDETAILS: { APPYMTDETAIL: [{ RECORDKEY: "4471", TRX_PAYMENTAMOUNT: "1560.45" }] } },
    });
  });
});

describe("round trips", () => {
  it("a platform bill written to Intacct reads back with the same side-neutral fingerprint", () => {
    const fromPlatform = observePlatform("bill", billJson).record as Bill;
    const w = toIntacct(fromPlatform, { resolve: toIntacctId, settings: { clearingBankAccountId: "BILL-CLR" } });
    if (w.fn !== "create") throw new Error("expected a create");
    const back = observeIntacct("bill", { ...w.record, RECORDNO: "4471", STATE: "Posted" }).record as Bill;
    expect(back.vendor).toEqual({ object: "vendor", side: "intacct", id: "V-ACME" });
    expect(fingerprint(back, links)).toBe(fingerprint(fromPlatform, links));
  });

  it("an Intacct bill written to the platform reads back with the same fingerprint", () => {
    const fromIntacct = observeIntacct("bill", {
      RECORDNO: "4471", RECORDID: "INV-88121", VENDORID: "V-ACME", WHENCREATED: "03/04/2026", WHENDUE: "04/03/2026", WHENPOSTED: "03/05/2026", STATE: "Posted",
      APBILLITEMS: { APBILLITEM: [{ ACCOUNTNO: "6400", TRX_AMOUNT: "99.99", LOCATIONID: "E-EAST" }] },
    }).record as Bill;
    const w = toPlatform(fromIntacct, { resolve: toPlatformId });
    if (w.op !== "upsert") throw new Error("expected an upsert");
    const back = observePlatform("bill", { ...(w.body as object), id: "00nNEW", archived: false, updatedTime: "2026-03-05T00:00:00Z" }).record as Bill;
    expect(back.postingDate).toBe("2026-03-05");
    expect(fingerprint(back, links)).toBe(fingerprint(fromIntacct, links));
  });

  it("a vendor round-trips both ways", () => {
    const iv = observeIntacct("vendor", { RECORDNO: "12", VENDORID: "V-ACME", NAME: "Acme", STATUS: "inactive" }).record;
    if (iv === undefined) throw new Error("no record");
    const w = toPlatform(iv, { resolve: toPlatformId });
    expect(w).toEqual({ op: "upsert", resource: "vendors", body: { name: "Acme", accountType: "BUSINESS", shortName: "V-ACME" }, archived: true });
    const back = observePlatform("vendor", { ...(w.op === "upsert" ? w.body : {}), id: "009ACME", archived: true });
    expect(back.record).toEqual(iv);
    expect(toIntacct(iv, { resolve: toIntacctId, settings: { clearingBankAccountId: "C" } })).toEqual({
      fn: "create", object: "VENDOR", record: { VENDORID: "V-ACME", NAME: "Acme", STATUS: "inactive", DISPLAYCONTACT: { PRINTAS: "Acme" } },
    });
  });
});
