import Database from "better-sqlite3";
import { beforeEach, describe, expect, it } from "vitest";

import { parseXml } from "../../../intacct/xml/index.js";
import type { CallContext, FunctionOutcome } from "../contracts.js";
import type { SandboxObjectsModule } from "./index.js";
import { createObjectsModule } from "./index.js";

const NOW = Date.UTC(2026, 2, 15, 12, 0, 0);
const top: CallContext = { companyId: "ACME", entityId: "", userId: "XML_Bill.com", now: NOW, sessionKey: "s1" };
const east: CallContext = { ...top, entityId: "EAST", sessionKey: "s2" };
const west: CallContext = { ...top, entityId: "WEST", sessionKey: "s3" };

let m: SandboxObjectsModule;
const run = (ctx: CallContext, xml: string): FunctionOutcome => m.execute(ctx, parseXml(xml));
const ok = (o: FunctionOutcome): FunctionOutcome => {
  expect(o.errors ?? []).toEqual([]);
  expect(o.status).toBe("success");
  return o;
};
const recs = (o: FunctionOutcome) => o.data?.records.map((r) => r.record) ?? [];
const firstError = (o: FunctionOutcome) => o.errors?.[0];
/** RECORDNO of the first record a create answered. */
const keyOf = (o: FunctionOutcome): string => {
  const v = o.data?.records[0]?.record["RECORDNO"];
  return typeof v === "string" ? v : "";
};

beforeEach(() => {
  m = createObjectsModule(new Database(":memory:"));
  m.seedRecords(
    "ACME",
    {
      LOCATIONENTITY: [
        { LOCATIONID: "EAST", NAME: "Zephyr East" },
        { LOCATIONID: "WEST", NAME: "Zephyr West" },
      ],
      GLACCOUNT: [
        { ACCOUNTNO: "2000", TITLE: "Accounts Payable" },
        { ACCOUNTNO: "1010", TITLE: "Clearing" },
        { ACCOUNTNO: "6400", TITLE: "Facilities" },
        { ACCOUNTNO: "6500", TITLE: "Travel", REQUIREDEPT: "true" },
      ],
      DEPARTMENT: [{ DEPARTMENTID: "OPS", TITLE: "Operations" }],
      LOCATION: [
        { LOCATIONID: "E-NYC", NAME: "New York", PARENTID: "EAST" },
        { LOCATIONID: "W-SF", NAME: "San Francisco", PARENTID: "WEST" },
      ],
      APTERM: [{ NAME: "Net 30", DUEDATE: "30" }],
      VENDOR: [
        { VENDORID: "V-SHARED", NAME: "Shared Supplies" },
        { VENDORID: "V-EAST", NAME: "East Only", MEGAENTITYID: "EAST" },
        { VENDORID: "V-WEST", NAME: "West Only", MEGAENTITYID: "WEST" },
      ],
      CHECKINGACCOUNT: [{ BANKACCOUNTID: "CHK-EAST", BANKACCOUNTNO: "111", GLACCOUNTNO: "1010", BANKNAME: "First Bank", MEGAENTITYID: "EAST" }],
    },
    { entityIds: ["EAST", "WEST"], closedThrough: { EAST: "2026-01-31" }, now: NOW },
  );
});

const bill = (vendor: string, date: string, amount: string, loc = "E-NYC", extra = "") =>
  `<create><APBILL><VENDORID>${vendor}</VENDORID><WHENCREATED>${date}</WHENCREATED><WHENDUE>04/30/2026</WHENDUE><RECORDID>INV-${amount}</RECORDID>${extra}<APBILLITEMS><APBILLITEM><ACCOUNTNO>6400</ACCOUNTNO><TRX_AMOUNT>${amount}</TRX_AMOUNT><LOCATIONID>${loc}</LOCATIONID></APBILLITEM></APBILLITEMS></APBILL></create>`;

describe("list objects", () => {
  it("creates a vendor and answers listtype objects with RECORDNO and VENDORID", () => {
    const o = ok(run(top, "<create><VENDOR><VENDORID>V1</VENDORID><NAME>Acme</NAME></VENDOR></create>"));
    expect(o.data?.attrs).toEqual({ listtype: "objects", count: "1" });
    expect(o.data?.records[0]).toEqual({ tag: "vendor", record: { RECORDNO: "4", VENDORID: "V1" } });
  });

  it("refuses a duplicate ID with BL34000061 then BL01001973", () => {
    const o = run(top, "<create><VENDOR><VENDORID>V-SHARED</VENDORID><NAME>Again</NAME></VENDOR></create>");
    expect(o.status).toBe("failure");
    expect(o.errors).toEqual([
      { errorno: "BL34000061", description: "", description2: "Another Vendor with the given value(s) V-SHARED  already exists", correction: "Use a unique value instead." },
      { errorno: "BL01001973", description: "", description2: "Could not create vendor record!", correction: "" },
    ]);
    expect(o.data?.attrs).toEqual({ listtype: "objects", count: "0" });
  });

  it("names a missing required field, an unknown field and a bad reference", () => {
    expect(firstError(run(top, "<create><VENDOR><VENDORID>V2</VENDORID></VENDOR></create>"))?.description2).toBe("Required field Vendor name is missing");
    expect(firstError(run(top, "<create><CLASS><CLASSID>C1</CLASSID><NAME>x</NAME><COLOUR>red</COLOUR></CLASS></create>"))?.description2).toBe("Unknown field COLOUR for object CLASS.");
    expect(firstError(run(top, "<create><VENDOR><NAME>x</NAME><TERMNAME>Net 99</TERMNAME></VENDOR></create>"))?.description2).toBe("Invalid Term 'Net 99' specified.");
  });

  it("exposes an employee's PERSONALINFO as CONTACT for queries (B6)", () => {
    ok(run(top, "<create><EMPLOYEE><EMPLOYEEID>E1</EMPLOYEEID><PERSONALINFO><CONTACTNAME>Ada L</CONTACTNAME><FIRSTNAME>Ada</FIRSTNAME><EMAIL1>ada@x.example</EMAIL1></PERSONALINFO></EMPLOYEE></create>"));
    const q = recs(ok(run(top, "<query><object>EMPLOYEE</object><select><field>EMPLOYEEID</field><field>CONTACT.FIRSTNAME</field><field>CONTACT.EMAIL1</field></select></query>")));
    expect(q).toEqual([{ EMPLOYEEID: "E1", "CONTACT.FIRSTNAME": "Ada", "CONTACT.EMAIL1": "ada@x.example" }]);
  });

  it("auto-numbers a vendor ID when none is sent", () => {
    const o = ok(run(top, "<create><VENDOR><NAME>No ID</NAME></VENDOR></create>"));
    expect(recs(o)[0]?.["VENDORID"]).toBe("V-1");
  });

  it("updates by ID field and reports missing records with Intacct's texts", () => {
    ok(run(top, "<update><VENDOR><VENDORID>V-SHARED</VENDORID><NAME>Renamed</NAME></VENDOR></update>"));
    expect(m.listRecords("ACME", "VENDOR").find((v) => v["VENDORID"] === "V-SHARED")?.["NAME"]).toBe("Renamed");
    expect(firstError(run(top, "<update><CLASS><CLASSID>C-999</CLASSID><NAME>x</NAME></CLASS></update>"))?.errorno).toBe("Cannot update non-existing CLASS with CLASSID=C-999.");
    expect(firstError(run(top, "<delete><object>CLASS</object><keys>999</keys></delete>"))).toEqual({ errorno: "BL01001973", description: "", description2: "Cannot find class with key '999' to delete.", correction: "" });
  });

  it("refuses to delete a vendor that bills still use", () => {
    ok(run(east, bill("V-EAST", "03/01/2026", "10.00")));
    const vendor = recs(ok(run(east, "<readByName><object>VENDOR</object><keys>V-EAST</keys><fields>RECORDNO</fields></readByName>")))[0]?.["RECORDNO"];
    const o = run(east, `<delete><object>VENDOR</object><keys>${typeof vendor === "string" ? vendor : ""}</keys></delete>`);
    expect(firstError(o)?.description2).toBe("Cannot delete vendor V-EAST because apbill records refer to it.");
  });

  it("reads missing keys as an empty success (A5)", () => {
    const o = ok(run(top, "<read><object>VENDOR</object><keys>999</keys><fields>*</fields></read>"));
    expect(o.data?.attrs).toEqual({ listtype: "VENDOR", count: "0" });
  });
});

describe("multi-entity visibility", () => {
  it("stamps MEGAENTITY fields from the session and hides private rows from other entities", () => {
    ok(run(east, "<create><CLASS><CLASSID>C-E</CLASSID><NAME>East class</NAME></CLASS></create>"));
    const q = (ctx: CallContext, extra = "") => recs(ok(run(ctx, `<query><object>CLASS</object><select><field>CLASSID</field><field>MEGAENTITYID</field><field>MEGAENTITYNAME</field></select>${extra}</query>`)));
    expect(q(east)).toEqual([{ CLASSID: "C-E", MEGAENTITYID: "EAST", MEGAENTITYNAME: "Zephyr East" }]);
    expect(q(west)).toEqual([]);
    expect(q(top)).toEqual([]);
    expect(q(top, "<options><showprivate>true</showprivate></options>")).toHaveLength(1);
  });

  it("shows shared records in entities but refuses to change them from an entity", () => {
    const vendors = recs(ok(run(east, "<readByQuery><object>VENDOR</object><fields>VENDORID</fields><query></query></readByQuery>")));
    expect(vendors.map((v) => v["VENDORID"])).toEqual(["V-SHARED", "V-EAST"]);
    const o = run(east, "<update><VENDOR><VENDORID>V-SHARED</VENDORID><NAME>x</NAME></VENDOR></update>");
    expect(firstError(o)?.description2).toBe("Cannot change vendor V-SHARED: it is owned by the top level and cannot be changed from entity EAST.");
  });

  it("refuses another entity's private vendor or location on a bill", () => {
    expect(firstError(run(east, bill("V-WEST", "03/01/2026", "100.00")))?.description2).toBe("Invalid Vendor ID 'V-WEST' specified.");
    expect(firstError(run(east, bill("V-EAST", "03/01/2026", "100.00", "W-SF")))?.description2).toBe("Invalid Location 'W-SF' specified.");
  });

  it("routes a top-level bill to the entity its line locations roll up to", () => {
    const o = ok(run(top, bill("V-SHARED", "03/01/2026", "100.00", "W-SF")));
    const key = keyOf(o);
    const read = recs(ok(run(top, `<read><object>APBILL</object><keys>${key}</keys><fields>MEGAENTITYID,STATE</fields></read>`)));
    expect(read).toEqual([{ MEGAENTITYID: "WEST", STATE: "Posted" }]);
  });
});

describe("bills, payments and credits", () => {
  it("moves a bill Posted → Partially Paid → Paid and back when the payment is deleted", () => {
    const billNo = keyOf(ok(run(east, bill("V-EAST", "03/01/2026", "1000.00"))));
    const state = () => recs(ok(run(east, `<read><object>APBILL</object><keys>${billNo}</keys><fields>STATE,TOTALPAID,TOTALDUE,WHENPAID</fields></read>`)))[0];
    expect(state()).toEqual({ STATE: "Posted", TOTALPAID: "0.00", TOTALDUE: "1000.00", WHENPAID: "" });
    const pay = (amount: string, date: string) =>
      run(east, `<create><APPYMT><FINANCIALENTITY>CHK-EAST</FINANCIALENTITY><PAYMENTMETHOD>EFT</PAYMENTMETHOD><VENDORID>V-EAST</VENDORID><PAYMENTDATE>${date}</PAYMENTDATE><CURRENCY>USD</CURRENCY><APPYMTDETAILS><APPYMTDETAIL><RECORDKEY>${billNo}</RECORDKEY><TRX_PAYMENTAMOUNT>${amount}</TRX_PAYMENTAMOUNT></APPYMTDETAIL></APPYMTDETAILS></APPYMT></create>`);
    ok(pay("400.00", "03/10/2026"));
    expect(state()).toEqual({ STATE: "Partially Paid", TOTALPAID: "400.00", TOTALDUE: "600.00", WHENPAID: "" });
    expect(firstError(pay("700.00", "03/11/2026"))?.description2).toBe("The amount 700.00 is more than the amount due (600.00) on INV-1000.00.");
    const second = keyOf(ok(pay("600.00", "03/12/2026")));
    expect(state()).toEqual({ STATE: "Paid", TOTALPAID: "1000.00", TOTALDUE: "0.00", WHENPAID: "03/12/2026" });
    expect(firstError(pay("1.00", "03/13/2026"))?.description2).toBe("There is no due on the bill INV-1000.00");
    expect(firstError(run(east, `<update><APBILL><RECORDNO>${billNo}</RECORDNO><WHENDUE>05/01/2026</WHENDUE></APBILL></update>`))?.description2).toContain("payments have been applied");
    ok(run(east, `<delete><object>APPYMT</object><keys>${second}</keys></delete>`));
    expect(state()).toEqual({ STATE: "Partially Paid", TOTALPAID: "400.00", TOTALDUE: "600.00", WHENPAID: "" });
  });

  it("applies a vendor credit (debit memo adjustment) in a credit-only payment", () => {
    const billNo = keyOf(ok(run(east, bill("V-EAST", "03/01/2026", "500.00"))));
    const adj = ok(
      run(east, "<create_apadjustment><vendorid>V-EAST</vendorid><datecreated><year>2026</year><month>03</month><day>02</day></datecreated><adjustmentno>VC-1</adjustmentno><apadjustmentitems><lineitem><glaccountno>6400</glaccountno><amount>-150.00</amount><locationid>E-NYC</locationid></lineitem></apadjustmentitems></create_apadjustment>"),
    );
    expect(adj.key).toMatch(/^\d+$/);
    ok(run(east, `<create><APPYMT><VENDORID>V-EAST</VENDORID><PAYMENTDATE>03/05/2026</PAYMENTDATE><CURRENCY>USD</CURRENCY><APPYMTDETAILS><APPYMTDETAIL><RECORDKEY>${billNo}</RECORDKEY><ADJUSTMENTKEY>${adj.key ?? ""}</ADJUSTMENTKEY><TRX_ADJUSTMENTAMOUNT>150.00</TRX_ADJUSTMENTAMOUNT></APPYMTDETAIL></APPYMTDETAILS></APPYMT></create>`));
    const credit = recs(ok(run(east, `<read><object>APADJUSTMENT</object><keys>${adj.key ?? ""}</keys><fields>STATE,TOTALDUE,ADJUSTMENTTYPE</fields></read>`)))[0];
    expect(credit).toEqual({ STATE: "Paid", TOTALDUE: "0.00", ADJUSTMENTTYPE: "Debit Memo" });
    const b = recs(ok(run(east, `<read><object>APBILL</object><keys>${billNo}</keys><fields>STATE,TOTALDUE</fields></read>`)))[0];
    expect(b).toEqual({ STATE: "Partially Paid", TOTALDUE: "350.00" });
  });

  it("creates a bill through legacy create_bill, answering <key>, with the due date from the term", () => {
    const o = ok(run(east, "<create_bill><vendorid>V-EAST</vendorid><datecreated><year>2026</year><month>03</month><day>04</day></datecreated><termname>Net 30</termname><billno>B-7</billno><billitems><lineitem><glaccountno>6400</glaccountno><amount>12.5</amount><locationid>E-NYC</locationid></lineitem></billitems></create_bill>"));
    expect(o.data).toBeUndefined();
    const read = recs(ok(run(east, `<read><object>APBILL</object><keys>${o.key ?? ""}</keys><fields>RECORDID,WHENDUE,TOTALENTERED</fields></read>`)));
    expect(read).toEqual([{ RECORDID: "B-7", WHENDUE: "04/03/2026", TOTALENTERED: "12.50" }]);
  });

  it("reads a bill with its lines nested as APBILLITEMS/apbillitem", () => {
    const key = keyOf(ok(run(east, bill("V-EAST", "03/01/2026", "42.00"))));
    const r = recs(ok(run(east, `<read><object>APBILL</object><keys>${key}</keys><fields>*</fields></read>`)))[0];
    const items = r?.["APBILLITEMS"];
    const line = typeof items === "object" && !Array.isArray(items) ? items["apbillitem"] : undefined;
    expect(Array.isArray(line) ? line : [line]).toMatchObject([{ RECORDKEY: key, LINE_NO: "1", ACCOUNTNO: "6400", ACCOUNTTITLE: "Facilities", TRX_AMOUNT: "42.00", LOCATIONID: "E-NYC", MEGAENTITYID: "EAST" }]);
  });

  it("updates lines through legacy update_bill and the generic update, then deletes with delete_bill", () => {
    const key = keyOf(ok(run(east, bill("V-EAST", "03/01/2026", "100.00"))));
    ok(run(east, `<update_bill key="${key}"><updatebillitems><updatelineitem line_num="1"><amount>120</amount></updatelineitem><lineitem><glaccountno>6400</glaccountno><amount>30</amount><locationid>E-NYC</locationid></lineitem></updatebillitems></update_bill>`));
    const total = () => recs(ok(run(east, `<read><object>APBILL</object><keys>${key}</keys><fields>TOTALENTERED,TOTALDUE</fields></read>`)))[0];
    expect(total()).toEqual({ TOTALENTERED: "150.00", TOTALDUE: "150.00" });
    expect(firstError(run(east, `<update><APBILL><RECORDNO>${key}</RECORDNO><DESCRIPTION>x</DESCRIPTION></APBILL></update>`))?.description2).toBe("Required field Due date is missing");
    ok(run(east, `<update><APBILL><RECORDNO>${key}</RECORDNO><WHENDUE>05/01/2026</WHENDUE><APBILLITEMS><APBILLITEM><ACCOUNTNO>6400</ACCOUNTNO><TRX_AMOUNT>75</TRX_AMOUNT><LOCATIONID>E-NYC</LOCATIONID></APBILLITEM></APBILLITEMS></APBILL></update>`));
    expect(total()).toEqual({ TOTALENTERED: "75.00", TOTALDUE: "75.00" });
    expect(ok(run(east, `<delete_bill key="${key}"/>`)).key).toBe(key);
    expect(recs(ok(run(east, `<read><object>APBILL</object><keys>${key}</keys></read>`)))).toEqual([]);
    expect(m.listRecords("ACME", "APBILLITEM").filter((l) => l["RECORDKEY"] === key)).toEqual([]);
  });

  it("creates an invoice with legacy create_invoice and pays it with ARPYMT", () => {
    ok(run(top, "<create><CUSTOMER><CUSTOMERID>C1</CUSTOMERID><NAME>Northwind</NAME></CUSTOMER></create>"));
    const inv = ok(run(east, "<create_invoice><customerid>C1</customerid><datecreated><year>2026</year><month>03</month><day>12</day></datecreated><termname>Net 30</termname><invoiceno>AR-1</invoiceno><invoiceitems><lineitem><glaccountno>6400</glaccountno><amount>220</amount><locationid>E-NYC</locationid></lineitem></invoiceitems></create_invoice>"));
    ok(run(east, `<create><ARPYMT><PAYMENTMETHOD>EFT</PAYMENTMETHOD><CUSTOMERID>C1</CUSTOMERID><RECEIPTDATE>03/14/2026</RECEIPTDATE><CURRENCY>USD</CURRENCY><FINANCIALENTITY>CHK-EAST</FINANCIALENTITY><ARPYMTDETAILS><ARPYMTDETAIL><RECORDKEY>${inv.key ?? ""}</RECORDKEY><TRX_PAYMENTAMOUNT>220</TRX_PAYMENTAMOUNT></ARPYMTDETAIL></ARPYMTDETAILS></ARPYMT></create>`));
    const r = recs(ok(run(east, `<read><object>ARINVOICE</object><keys>${inv.key ?? ""}</keys><fields>RECORDID,STATE,TOTALDUE,WHENDUE,WHENPAID</fields></read>`)));
    expect(r).toEqual([{ RECORDID: "AR-1", STATE: "Paid", TOTALDUE: "0.00", WHENDUE: "04/11/2026", WHENPAID: "03/14/2026" }]);
  });

  it("enforces GL account REQUIRE* dimensions on lines", () => {
    const o = run(east, bill("V-EAST", "03/01/2026", "10.00").replace("<ACCOUNTNO>6400", "<ACCOUNTNO>6500"));
    expect(firstError(o)?.description2).toBe("This transaction is missing the Department dimension for the Account 6500.");
  });

  it("answers a generic create of ARINVOICE with the operation-not-allowed text (Q7)", () => {
    const o = m.requirement(parseXml("<create><ARINVOICE><CUSTOMERID>C1</CUSTOMERID></ARINVOICE></create>"));
    expect(o && "status" in o ? o.errors?.[0]?.description2 : undefined).toBe("API operation 'CREATE' cannot be performed on objects of type arinvoice");
  });
});

describe("closed periods", () => {
  it("refuses a bill dated in EAST's closed period, accepts it in WEST, and exposes the date per entity", () => {
    const o = run(east, bill("V-EAST", "01/31/2026", "10.00"));
    expect(o.errors?.[0]).toEqual({
      errorno: "BL01001973",
      description: "Periods are closed.",
      description2: "Your transaction date (01/31/2026) is within a period that's been closed.",
      correction: "You can add, modify, or delete a transaction only if the date of the transaction is within a period that's open.",
    });
    ok(run(east, bill("V-EAST", "02/01/2026", "10.00")));
    ok(run(west, bill("V-WEST", "01/15/2026", "10.00", "W-SF")));
    expect(recs(ok(run(east, "<get_closedbooksdate/>")))).toEqual([{ year: "2026", month: "01", day: "31" }]);
    expect(recs(ok(run(west, "<get_closedbooksdate/>")))).toEqual([]);
  });

  it("checks the GL posting date (WHENPOSTED, else WHENCREATED) by default: a bill dated in the closed period but posting into an open one is accepted", () => {
    const moved = ok(run(east, bill("V-EAST", "01/20/2026", "11.00", "E-NYC", "<WHENPOSTED>02/01/2026</WHENPOSTED>")));
    const key = keyOf(moved);
    expect(recs(ok(run(east, `<read><object>APBILL</object><keys>${key}</keys><fields>WHENCREATED,WHENPOSTED</fields></read>`)))).toEqual([{ WHENCREATED: "01/20/2026", WHENPOSTED: "02/01/2026" }]);
    // Posting into the closed period is refused, whatever the bill date; the error names the posting date.
    expect(firstError(run(east, bill("V-EAST", "02/05/2026", "12.00", "E-NYC", "<WHENPOSTED>01/31/2026</WHENPOSTED>")))?.description2).toBe("Your transaction date (01/31/2026) is within a period that's been closed.");
    // Moving an open bill's posting date back into the closed period is refused too; the moved bill can be edited and deleted.
    expect(firstError(run(east, `<update><APBILL><RECORDNO>${key}</RECORDNO><WHENDUE>05/01/2026</WHENDUE><WHENPOSTED>01/30/2026</WHENPOSTED></APBILL></update>`))?.description).toBe("Periods are closed.");
    ok(run(east, `<update><APBILL><RECORDNO>${key}</RECORDNO><WHENDUE>05/01/2026</WHENDUE><DESCRIPTION>edited</DESCRIPTION></APBILL></update>`));
    ok(run(east, `<delete><object>APBILL</object><keys>${key}</keys></delete>`));
  });

  it('with closedPeriodDate "both" (UNCONFIRMED alternative) the bill date must be open as well', () => {
    m = createObjectsModule(new Database(":memory:"), { closedPeriodDate: "both" });
    m.seedRecords("ACME", { LOCATIONENTITY: [{ LOCATIONID: "EAST", NAME: "Zephyr East" }], GLACCOUNT: [{ ACCOUNTNO: "6400", TITLE: "Facilities" }], LOCATION: [{ LOCATIONID: "E-NYC", NAME: "New York", PARENTID: "EAST" }], VENDOR: [{ VENDORID: "V-EAST", NAME: "East Only", MEGAENTITYID: "EAST" }] }, { entityIds: ["EAST"], closedThrough: { EAST: "2026-01-31" }, now: NOW });
    expect(firstError(run(east, bill("V-EAST", "01/20/2026", "11.00", "E-NYC", "<WHENPOSTED>02/01/2026</WHENPOSTED>")))?.description2).toBe("Your transaction date (01/20/2026) is within a period that's been closed.");
    ok(run(east, bill("V-EAST", "02/02/2026", "11.00", "E-NYC", "<WHENPOSTED>02/03/2026</WHENPOSTED>")));
  });

  it("shows each entity's closed-through date on LOCATIONENTITY and moves WHENMODIFIED when it changes", () => {
    const entities = () => recs(ok(run(top, "<query><object>LOCATIONENTITY</object><select><field>LOCATIONID</field><field>NAME</field><field>CLOSEDTHROUGH</field><field>WHENMODIFIED</field></select></query>")));
    expect(entities()).toEqual([
      { LOCATIONID: "EAST", NAME: "Zephyr East", CLOSEDTHROUGH: "01/31/2026", WHENMODIFIED: "03/15/2026 12:00:00" },
      { LOCATIONID: "WEST", NAME: "Zephyr West", CLOSEDTHROUGH: "", WHENMODIFIED: "03/15/2026 12:00:00" },
    ]);
    m.setClosedThrough("ACME", "WEST", "2026-02-28", NOW + 3_600_000);
    expect(entities()[1]).toEqual({ LOCATIONID: "WEST", NAME: "Zephyr West", CLOSEDTHROUGH: "02/28/2026", WHENMODIFIED: "03/15/2026 13:00:00" });
    expect(recs(ok(run(west, "<readByName><object>LOCATIONENTITY</object><keys>WEST</keys><fields>CLOSEDTHROUGH</fields></readByName>")))).toEqual([{ CLOSEDTHROUGH: "02/28/2026" }]);
    expect(firstError(run(west, bill("V-WEST", "02/28/2026", "10.00", "W-SF")))?.description).toBe("Periods are closed.");
  });
});

describe("queries and paging", () => {
  beforeEach(() => {
    const many = Array.from({ length: 250 }, (_, i) => `<VENDOR><VENDORID>Q${String(i).padStart(3, "0")}</VENDORID><NAME>Vendor ${i}</NAME><STATUS>${i % 10 === 0 ? "inactive" : "active"}</STATUS></VENDOR>`);
    for (let i = 0; i < many.length; i += 100) ok(run(top, `<create>${many.slice(i, i + 100).join("")}</create>`));
  });

  it("pages readByQuery with readMore and a resultId, lower-case tags and enum codes in filters", () => {
    const first = ok(run(top, "<readByQuery><object>VENDOR</object><fields>VENDORID,STATUS</fields><query>STATUS = 'T' AND VENDORID like 'Q%'</query><pagesize>100</pagesize></readByQuery>"));
    expect(first.data?.attrs).toMatchObject({ listtype: "vendor", count: "100", totalcount: "225", numremaining: "125" });
    expect(first.data?.records[0]).toEqual({ tag: "vendor", record: { VENDORID: "Q001", STATUS: "active" } });
    const resultId = first.data?.attrs["resultId"] ?? "";
    const second = ok(run(top, `<readMore><resultId>${resultId}</resultId></readMore>`));
    expect(second.data?.attrs).toMatchObject({ count: "100", totalcount: "225", numremaining: "25", resultId });
    const third = ok(run(top, `<readMore><resultId>${resultId}</resultId></readMore>`));
    expect(third.data?.attrs).toMatchObject({ count: "25", numremaining: "0" });
  });

  it("expires readMore results after the configured time and binds them to the session", () => {
    const first = ok(run(top, "<readByQuery><object>VENDOR</object><fields>VENDORID</fields><query/><pagesize>10</pagesize></readByQuery>"));
    const resultId = first.data?.attrs["resultId"] ?? "";
    expect(run({ ...top, sessionKey: "other" }, `<readMore><resultId>${resultId}</resultId></readMore>`).errors?.[0]).toEqual({
      errorno: "readMore failed",
      description: "",
      description2: `Attempt to readMore with an invalid or expired resultId: ${resultId}`,
      correction: "",
    });
    expect(run({ ...top, now: NOW + 30 * 60_000 }, `<readMore><resultId>${resultId}</resultId></readMore>`).status).toBe("failure");
    ok(run({ ...top, now: NOW + 29 * 60_000 }, `<readMore><resultId>${resultId}</resultId></readMore>`));
  });

  it("runs query with filters, orderby, offset and upper-case tags; labels not codes", () => {
    const o = ok(
      run(
        top,
        "<query><object>VENDOR</object><select><field>VENDORID</field><field>STATUS</field></select><filter><and><equalto><field>STATUS</field><value>inactive</value></equalto><like><field>VENDORID</field><value>Q%</value></like></and></filter><orderby><order><field>VENDORID</field><descending/></order></orderby><pagesize>10</pagesize><offset>5</offset></query>",
      ),
    );
    expect(o.data?.attrs).toEqual({ listtype: "VENDOR", totalcount: "25", offset: "5", count: "10", numremaining: "10" });
    expect(o.data?.records[0]).toEqual({ tag: "VENDOR", record: { VENDORID: "Q190", STATUS: "inactive" } });
  });

  it("enforces page size limits and unknown fields", () => {
    expect(firstError(run(top, "<query><object>VENDOR</object><select><field>VENDORID</field></select><pagesize>2001</pagesize></query>"))?.description2).toContain("between 1 and 2000");
    expect(firstError(run(top, "<readByQuery><object>VENDOR</object><query/><pagesize>1001</pagesize></readByQuery>"))?.description2).toContain("between 1 and 1000");
    expect(firstError(run(top, "<query><object>VENDOR</object><select><field>NOPE</field></select></query>"))).toMatchObject({ errorno: "XL03000006", description2: "The following fields cannot be queried: [ vendor: [NOPE] ]" });
    expect(firstError(run(top, "<readByQuery><object>VENDOR</object><fields>NOPE</fields><query/></readByQuery>"))?.errorno).toBe("Invalid fields list NOPE");
    expect(firstError(run(top, "<readByQuery><object>VENDOR9</object><query/></readByQuery>"))).toMatchObject({ errorno: "Query Failed", description2: "Object definition VENDOR9 not found" });
  });
});

describe("audit history and requirements", () => {
  it("records deletions readable as AUDITHISTORY with OBJECTKEY <RECORDNO>--REC", () => {
    const key = keyOf(ok(run(top, "<create><CLASS><CLASSID>GONE</CLASSID><NAME>x</NAME></CLASS></create>")));
    ok(run(top, `<delete><object>CLASS</object><keys>${key}</keys></delete>`));
    const q = recs(ok(run(top, "<query><object>AUDITHISTORY</object><select><field>OBJECTKEY</field><field>ACCESSMODE</field><field>ACCESSTIME</field></select><filter><and><equalto><field>OBJECTTYPE</field><value>class</value></equalto><equalto><field>ACCESSMODE</field><value>D</value></equalto></and></filter></query>")));
    expect(q).toEqual([{ OBJECTKEY: `${key}--REC`, ACCESSMODE: "D", ACCESSTIME: "03/15/2026 12:00:00" }]);
    const r = recs(ok(run(top, "<readByQuery><object>AUDITHISTORY</object><fields>OBJECTKEY</fields><query>ACCESSMODE = 'Delete'</query></readByQuery>")));
    expect(r).toEqual([{ OBJECTKEY: `${key}--REC` }]);
  });

  it("maps functions to application, policy, right and API operation", () => {
    expect(m.requirement(parseXml("<readByQuery><object>ARINVOICE</object><query/></readByQuery>"))).toEqual({ application: "Accounts Receivable", policy: "Invoices", right: "List", apiOperation: "READ_BY_QUERY", object: "arinvoice" });
    expect(m.requirement(parseXml("<create_bill><vendorid>x</vendorid></create_bill>"))).toMatchObject({ application: "Accounts Payable", policy: "Bills", right: "Add" });
    expect(m.requirement(parseXml("<lookup><object>APBILL</object></lookup>"))).toBeNull();
    expect(m.requirement(parseXml("<frobnicate/>"))).toMatchObject({ status: "failure" });
  });
});
