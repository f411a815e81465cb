import { describe, expect, it } from "vitest";

import { IntacctUsageError } from "../errors.js";
import { writeXml } from "../xml/index.js";
import {
  addSupdocAttachments,
  create,
  createApAdjustment,
  createBill,
  createInvoice,
  createMixed,
  createSupdoc,
  createSupdocFolder,
  deleteBill,
  deleteRecords,
  getAPISession,
  getLegacy,
  getList,
  getUserPermissions,
  inspect,
  lookup,
  read,
  readByName,
  readByQuery,
  readEntityDetails,
  readMore,
  update,
  updateBill,
  updateInvoiceSupdoc,
} from "./index.js";
import { query, where } from "./query.js";
import type { IntacctFunction } from "./types.js";

const xml = (f: IntacctFunction) => writeXml(f.body);
const w = { controlId: "cid-1" };

describe("generic function builders", () => {
  it("create writes one element per record, is a write and keeps the caller's control id", () => {
    const f = create("CLASS", [{ CLASSID: "C-1", NAME: "Retail & Co" }], w);
    expect(f).toMatchObject({ kind: "write", controlId: "cid-1" });
    expect(xml(f)).toBe("<create><CLASS><CLASSID>C-1</CLASSID><NAME>Retail &amp; Co</NAME></CLASS></create>");
    expect(xml(createMixed([{ object: "CLASS", record: { CLASSID: "A" } }, { object: "LOCATION", record: { LOCATIONID: "B" } }], w))).toBe(
      "<create><CLASS><CLASSID>A</CLASSID></CLASS><LOCATION><LOCATIONID>B</LOCATIONID></LOCATION></create>",
    );
    expect(xml(update("VENDOR", { VENDORID: "V1", NAME: "N" }, w))).toBe("<update><VENDOR><VENDORID>V1</VENDORID><NAME>N</NAME></VENDOR></update>");
  });

  it("requires a deterministic control id on every write", () => {
    expect(() => create("CLASS", { CLASSID: "x" }, { controlId: "" })).toThrow(IntacctUsageError);
    expect(() => deleteRecords("VENDOR", [1], { controlId: "x".repeat(257) })).toThrow("at most 256");
  });

  it("enforces 100 records and 100 keys per call", () => {
    const recs = Array.from({ length: 101 }, (_, i) => ({ CLASSID: String(i) }));
    expect(() => create("CLASS", recs, w)).toThrow("create records: 101 given, at most 100 allowed per call");
    expect(() => read("VENDOR", Array.from({ length: 101 }, (_, i) => i))).toThrow("read keys: 101 given, at most 100");
    expect(() => create("CLASS", [], w)).toThrow("at least one");
  });

  it("delete, read, readByName, readByQuery, readMore, lookup, inspect", () => {
    expect(xml(deleteRecords("VENDOR", [41, 42], w))).toBe("<delete><object>VENDOR</object><keys>41,42</keys></delete>");
    expect(xml(read("VENDOR", [41], { fields: ["RECORDNO", "NAME"] }))).toBe("<read><object>VENDOR</object><keys>41</keys><fields>RECORDNO,NAME</fields><returnFormat>xml</returnFormat></read>");
    expect(xml(readByName("VENDOR", ["V1", "V2"]))).toBe("<readByName><object>VENDOR</object><keys>V1,V2</keys><fields>*</fields><returnFormat>xml</returnFormat></readByName>");
    expect(xml(readByQuery("APBILL", { query: "TOTALDUE > 250 AND VENDORNAME = 'Hollis & Sons'", pageSize: 250 }))).toBe(
      "<readByQuery><object>APBILL</object><fields>*</fields><query>TOTALDUE &gt; 250 AND VENDORNAME = 'Hollis &amp; Sons'</query><pagesize>250</pagesize><returnFormat>xml</returnFormat></readByQuery>",
    );
    expect(() => readByQuery("VENDOR", { pageSize: 1001 })).toThrow("readByQuery pagesize must be an integer from 1 to 1000");
    expect(xml(readMore({ resultId: "r1" }))).toBe("<readMore><resultId>r1</resultId></readMore>");
    expect(xml(readMore({ object: "VENDOR" }))).toBe("<readMore><object>VENDOR</object></readMore>");
    expect(xml(lookup("GLBATCH"))).toBe("<lookup><object>GLBATCH</object></lookup>");
    expect(xml(inspect("APBILL", { detail: true }))).toBe('<inspect detail="1"><object>APBILL</object></inspect>');
    expect(xml(inspect())).toBe("<inspect><object>*</object></inspect>");
    expect(xml(readEntityDetails())).toMatch(/^<readEntityDetails\s*\/>$/);
    expect(xml(getUserPermissions("xml_sync"))).toBe("<getUserPermissions><userId>xml_sync</userId></getUserPermissions>");
  });

  it("getAPISession: no locationid, an entity, or empty to return to the top level", () => {
    expect(xml(getAPISession())).toMatch(/^<getAPISession\s*\/>$/);
    expect(xml(getAPISession("EAST"))).toBe("<getAPISession><locationid>EAST</locationid></getAPISession>");
    expect(xml(getAPISession(""))).toMatch(/^<getAPISession><locationid\s*\/><\/getAPISession>$|^<getAPISession><locationid><\/locationid><\/getAPISession>$/);
  });
});

describe("query builder", () => {
  it("writes select with aggregates, every filter operator nested in and/or, orderby, options, pagesize and offset", () => {
    const f = query({
      object: "APBILL",
      select: { fields: ["VENDORID"], count: ["RECORDNO"], sum: ["TOTALDUE"], avg: ["TOTALDUE"], min: ["WHENDUE"], max: ["WHENDUE"] },
      filter: where.and(
        where.equalTo("A", "1"),
        where.notEqualTo("B", 2),
        where.or(where.lessThan("C", 3), where.lessThanOrEqualTo("D", 4), where.greaterThan("E", 5), where.greaterThanOrEqualTo("F", 6)),
        where.between("G", "01/01/2026", "12/31/2026"),
        where.in("H", ["x", "y"]),
        where.notIn("I", ["z"]),
        where.like("J", "b%"),
        where.notLike("K", "_c"),
        where.isNull("L"),
        where.isNotNull("M"),
      ),
      orderBy: [{ field: "VENDORID" }, { field: "WHENDUE", direction: "desc" }],
      caseInsensitive: true,
      showPrivate: true,
      pageSize: 500,
      offset: 1000,
    });
    expect(xml(f)).toBe(
      "<query><object>APBILL</object><select><field>VENDORID</field><count>RECORDNO</count><sum>TOTALDUE</sum><avg>TOTALDUE</avg><min>WHENDUE</min><max>WHENDUE</max></select>" +
        "<filter><and><equalto><field>A</field><value>1</value></equalto><notequalto><field>B</field><value>2</value></notequalto>" +
        "<or><lessthan><field>C</field><value>3</value></lessthan><lessthanorequalto><field>D</field><value>4</value></lessthanorequalto><greaterthan><field>E</field><value>5</value></greaterthan><greaterthanorequalto><field>F</field><value>6</value></greaterthanorequalto></or>" +
        "<between><field>G</field><value>01/01/2026</value><value>12/31/2026</value></between><in><field>H</field><value>x</value><value>y</value></in><notin><field>I</field><value>z</value></notin>" +
        "<like><field>J</field><value>b%</value></like><notlike><field>K</field><value>_c</value></notlike><isnull><field>L</field></isnull><isnotnull><field>M</field></isnotnull></and></filter>" +
        "<orderby><order><field>VENDORID</field><ascending/></order><order><field>WHENDUE</field><descending/></order></orderby>" +
        "<options><caseinsensitive>true</caseinsensitive><showprivate>true</showprivate></options><pagesize>500</pagesize><offset>1000</offset></query>",
    );
  });

  it("validates pagesize 1–2000, offset, in-list size and and/or arity", () => {
    expect(() => query({ object: "V", select: ["A"], pageSize: 2001 })).toThrow("query pagesize must be an integer from 1 to 2000; got 2001");
    expect(() => query({ object: "V", select: ["A"], pageSize: 0 })).toThrow(IntacctUsageError);
    expect(() => query({ object: "V", select: ["A"], offset: -1 })).toThrow("offset");
    expect(() => query({ object: "V", select: ["A"], filter: where.in("X", Array.from({ length: 1001 }, String)) })).toThrow("1001 values, at most 1000");
    expect(() => query({ object: "V", select: ["A"], filter: where.and(where.isNull("X")) })).toThrow("needs at least 2");
    expect(() => query({ object: "V", select: [] })).toThrow("at least one field");
    expect(xml(query({ object: "V", select: ["A"] }))).toContain("<pagesize>2000</pagesize><offset>0</offset>");
  });
});

describe("legacy function builders", () => {
  const line = { glAccountNo: "6400", amount: "1250.00", memo: "Janitorial", locationId: "E-EAST", departmentId: "OPS", classId: "RETAIL" };

  it("create_bill in the SDK's element order with nested dates", () => {
    const f = createBill({ vendorId: "V-ACME", dateCreated: "2026-03-04", termName: "Net 30", billNo: "INV-1", poNumber: "PO-1", description: "d", currency: "USD", supDocId: "S1", items: [line] }, w);
    expect(xml(f)).toBe(
      "<create_bill><vendorid>V-ACME</vendorid><datecreated><year>2026</year><month>03</month><day>04</day></datecreated><termname>Net 30</termname><billno>INV-1</billno><ponumber>PO-1</ponumber><description>d</description><currency>USD</currency><supdocid>S1</supdocid>" +
        "<billitems><lineitem><glaccountno>6400</glaccountno><amount>1250.00</amount><memo>Janitorial</memo><locationid>E-EAST</locationid><departmentid>OPS</departmentid><classid>RETAIL</classid></lineitem></billitems></create_bill>",
    );
    expect(() => createBill({ vendorId: "V", dateCreated: "2026-03-04", items: [line] }, w)).toThrow("dateDue or termName");
    expect(() => createBill({ vendorId: "V", dateCreated: "03/04/2026", termName: "N", items: [line] }, w)).toThrow("YYYY-MM-DD");
  });

  it("update_bill with key attribute and line updates, delete_bill with key", () => {
    expect(xml(updateBill("4471", { dateDue: "2026-04-10", items: [{ ...line, lineNum: 1 }, { glAccountNo: "6410", amount: "1.00" }] }, w))).toBe(
      '<update_bill key="4471"><datedue><year>2026</year><month>04</month><day>10</day></datedue><updatebillitems><updatelineitem line_num="1"><glaccountno>6400</glaccountno><amount>1250.00</amount><memo>Janitorial</memo><locationid>E-EAST</locationid><departmentid>OPS</departmentid><classid>RETAIL</classid></updatelineitem><lineitem><glaccountno>6410</glaccountno><amount>1.00</amount></lineitem></updatebillitems></update_bill>',
    );
    expect(xml(deleteBill("4471", w))).toMatch(/^<delete_bill key="4471"\s*\/>$/);
  });

  it("create_apadjustment requires one sign across lines", () => {
    const f = createApAdjustment({ vendorId: "V", dateCreated: "2026-03-09", adjustmentNo: "VC-1", billNo: "INV-1", items: [{ glAccountNo: "6400", amount: "-150.00" }] }, w);
    expect(xml(f)).toBe(
      "<create_apadjustment><vendorid>V</vendorid><datecreated><year>2026</year><month>03</month><day>09</day></datecreated><adjustmentno>VC-1</adjustmentno><billno>INV-1</billno><apadjustmentitems><lineitem><glaccountno>6400</glaccountno><amount>-150.00</amount></lineitem></apadjustmentitems></create_apadjustment>",
    );
    expect(() => createApAdjustment({ vendorId: "V", dateCreated: "2026-03-09", items: [{ glAccountNo: "1", amount: "-1" }, { glAccountNo: "1", amount: "2" }] }, w)).toThrow("one sign");
  });

  it("create_invoice, supdoc and get_list", () => {
    expect(xml(createInvoice({ customerId: "C1", dateCreated: "2026-03-12", termName: "Net 15", invoiceNo: "BC-1", items: [{ glAccountNo: "4100", amount: "2200.00" }] }, w))).toBe(
      "<create_invoice><customerid>C1</customerid><datecreated><year>2026</year><month>03</month><day>12</day></datecreated><termname>Net 15</termname><invoiceno>BC-1</invoiceno><invoiceitems><lineitem><glaccountno>4100</glaccountno><amount>2200.00</amount></lineitem></invoiceitems></create_invoice>",
    );
    expect(xml(createSupdoc({ supdocId: "S1", name: "INV-1", folderName: "BILL Sync", attachments: [{ name: "inv", type: "pdf", base64: "JVBE" }] }, w))).toBe(
      "<create_supdoc><supdocid>S1</supdocid><supdocname>INV-1</supdocname><supdocfoldername>BILL Sync</supdocfoldername><attachments><attachment><attachmentname>inv</attachmentname><attachmenttype>pdf</attachmenttype><attachmentdata>JVBE</attachmentdata></attachment></attachments></create_supdoc>",
    );
    expect(addSupdocAttachments("S1", [{ name: "b", type: "png", base64: "iVBO" }], w).kind).toBe("write");
    expect(xml(updateInvoiceSupdoc("4471", "S1", w))).toBe('<update_invoice key="4471"><supdocid>S1</supdocid></update_invoice>');
    expect(xml(createSupdocFolder({ name: "BILL Sync" }, w))).toBe("<create_supdocfolder><supdocfoldername>BILL Sync</supdocfoldername></create_supdocfolder>");
    expect(xml(getLegacy("supdoc", "S1"))).toBe('<get object="supdoc" key="S1"/>');
    expect(xml(getList("supdoc", { maxItems: 10, filter: { field: "supdocid", value: "S1" } }))).toBe(
      '<get_list object="supdoc" maxitems="10"><filter><expression><field>supdocid</field><operator>=</operator><value>S1</value></expression></filter></get_list>',
    );
  });
});
