/**
 * Pure mappers between Intacct records (`IntacctRecord`: string leaves, nested records, arrays)
 * and canonical records. Field names are those of `intacct-objects-permissions.md` Part B.
 *
 * Reading accepts both shapes a `query` may return for dotted fields (`DISPLAYCONTACT.EMAIL1` as
 * one element or nested), and lines either nested under `APBILLITEMS/APBILLITEM` (a `read`) or
 * attached by the caller the same way after an `APBILLITEM` query.
 */
import type { LegacyInvoice, LegacyLine } from "../../intacct/functions/legacy.js";
import type { IntacctRecord, IntacctValue } from "../../intacct/xml/types.js";
import { SyncError } from "../sync-error.js";
import { DEFAULT_ATTACHMENT_FOLDER } from "./attachments.js";
import type { AttachmentFile, BillApplication, CanonicalRecord, CreditApplication, Line, Observation, PaidState, ReceivedPaymentMethod, RecordFacts, Ref } from "./canonical.js";
import { OBJECT_SPECS, type SyncObject } from "./objects.js";
import { centsToDecimal, decimalToCents, intacctActive, intacctDateToIso, isoToIntacctDate, text } from "./values.js";

/** Reads a leaf field; `A.B` is looked up flat first, then as a nested path. */
export function field(record: IntacctRecord, name: string): string | undefined {
  const flat = record[name];
  if (typeof flat === "string") return flat;
  if (!name.includes(".")) return undefined;
  let cur: IntacctValue | undefined = record;
  for (const part of name.split(".")) {
    if (cur === undefined || typeof cur === "string" || Array.isArray(cur)) return undefined;
    cur = cur[part];
  }
  return typeof cur === "string" ? cur : undefined;
}

/** Child records under `container/item` (one or many), e.g. `APBILLITEMS/APBILLITEM`. */
export function children(record: IntacctRecord, container: string, item: string): IntacctRecord[] {
  const c = record[container];
  if (c === undefined || typeof c === "string" || Array.isArray(c)) return [];
  const v = c[item];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is IntacctRecord => typeof x === "object" && !Array.isArray(x));
}

function required(record: IntacctRecord, name: string, object: SyncObject): string {
  const v = text(field(record, name));
  if (v === undefined) throw new SyncError("RECORD_INVALID", `Intacct ${OBJECT_SPECS[object].intacctObject} record without ${name}`);
  return v;
}

function ref(object: SyncObject, id: string | undefined): Ref | undefined {
  const v = text(id);
  return v === undefined ? undefined : { object, side: "intacct", id: v };
}

function lineFrom(l: IntacctRecord, sign: 1 | -1): Line {
  const amount = text(l["TRX_AMOUNT"] as string | undefined) ?? text(l["AMOUNT"] as string | undefined);
  const out: { -readonly [K in keyof Line]: Line[K] } = { amount: sign * decimalToCents(amount) };
  const desc = text(field(l, "ENTRYDESCRIPTION") ?? field(l, "MEMO"));
  if (desc !== undefined) out.description = desc;
  const pairs: Array<[keyof Line, SyncObject, string]> = [
    ["account", "glAccount", "ACCOUNTNO"], ["department", "department", "DEPARTMENTID"], ["location", "location", "LOCATIONID"],
    ["class", "class", "CLASSID"], ["item", "item", "ITEMID"], ["project", "project", "PROJECTID"], ["employee", "employee", "EMPLOYEEID"],
  ];
  for (const [key, object, name] of pairs) {
    const r = ref(object, field(l, name));
    if (r !== undefined) (out as Record<string, unknown>)[key] = r;
  }
  return out;
}

/** Paid state of an APBILL/ARINVOICE from STATE and totals (Q4: Paid, Partially Paid, Posted share raw state A). */
export function intacctPaidState(record: IntacctRecord): PaidState {
  const state = (field(record, "STATE") ?? "").toLowerCase();
  if (state === "paid") return "paid";
  if (state === "partially paid" || state === "selected") return "partial";
  const paid = decimalToCents(field(record, "TRX_TOTALPAID") ?? field(record, "TOTALPAID"));
  const due = decimalToCents(field(record, "TRX_TOTALDUE") ?? field(record, "TOTALDUE"));
  if (paid === 0) return "unpaid";
  return due === 0 ? "paid" : "partial";
}

const NOT_POSTED = new Set(["draft", "analyzing", "declined", "partially approved", "submitted"]);
const REVERSED = new Set(["reversed", "reversal", "voided", "v"]);

/** True for an APBILL whose total is negative: a vendor credit the BILL way (B14). */
export function isNegativeBill(record: IntacctRecord): boolean {
  const total = field(record, "TRX_TOTALENTERED") ?? field(record, "TOTALENTERED");
  if (text(total) !== undefined) return decimalToCents(total) < 0;
  return children(record, "APBILLITEMS", "APBILLITEM").reduce((s, l) => s + decimalToCents(field(l, "TRX_AMOUNT") ?? field(l, "AMOUNT")), 0) < 0;
}

const METHOD_IN: Readonly<Record<string, ReceivedPaymentMethod>> = {
  "printed check": "CHECK", cash: "CASH", eft: "ACH", "online ach debit": "ACH", "credit card": "CREDIT_CARD", "online charge card": "CREDIT_CARD",
};

/**
 * An Intacct record → its {@link Observation}. `object` says what the record is (an APBILL row
 * is a `bill` or, when negative, a `vendorCredit`: see {@link isNegativeBill}).
 *
 * @example
 * observeIntacct("vendor", { RECORDNO: "12", VENDORID: "V-ACME", NAME: "Acme", STATUS: "active", WHENMODIFIED: "03/01/2026 10:00:00" });
 */
export function observeIntacct(object: SyncObject, record: IntacctRecord): Observation {
  const spec = OBJECT_SPECS[object];
  const key = object === "booksClosed" ? (text(field(record, "LOCATIONID")) ?? "") : required(record, "RECORDNO", object);
  const naturalId = spec.intacctIdField === undefined ? undefined : text(field(record, spec.intacctIdField));
  const base = {
    side: "intacct" as const,
    object,
    key,
    modified: text(field(record, "WHENMODIFIED")) ?? text(field(record, "WHENCREATED")) ?? "",
    entityId: object === "booksClosed" ? key : (text(field(record, "MEGAENTITYID")) ?? ""),
    deleted: false,
    ...(naturalId === undefined ? {} : { naturalId }),
  };
  const { record: canonical, facts } = canonicalFromIntacct(object, record);
  return { ...base, record: canonical, facts };
}

/** A deletion seen in AUDITHISTORY (`OBJECTKEY` `"<RECORDNO>--REC"` or a bare RECORDNO, Q10). */
export function observeIntacctDeletion(object: SyncObject, objectKey: string, accessTime: string): Observation {
  const key = objectKey.replace(/--REC$/, "");
  return { side: "intacct", object, key, modified: accessTime, entityId: "", deleted: true, facts: {} };
}

function canonicalFromIntacct(object: SyncObject, r: IntacctRecord): { record: CanonicalRecord; facts: RecordFacts } {
  const active = intacctActive(field(r, "STATUS"));
  const list = <O extends SyncObject>(o: O, idField: string, nameField: string) => {
    const code = text(field(r, idField));
    return { object: o, name: text(field(r, nameField)) ?? code ?? "", active, ...(code === undefined ? {} : { code }) };
  };
  const opt = <K extends string>(k: K, v: string | undefined): Partial<Record<K, string>> => (v === undefined ? {} : ({ [k]: v } as Record<K, string>));
  switch (object) {
    case "glAccount": return { record: list("glAccount", "ACCOUNTNO", "TITLE"), facts: {} };
    case "department": return { record: list("department", "DEPARTMENTID", "TITLE"), facts: {} };
    case "location": return { record: list("location", "LOCATIONID", "NAME"), facts: {} };
    case "class": return { record: list("class", "CLASSID", "NAME"), facts: {} };
    case "project": return { record: list("project", "PROJECTID", "NAME"), facts: {} };
    case "item": return { record: list("item", "ITEMID", "NAME"), facts: {} };
    case "paymentTerm": return { record: { ...list("paymentTerm", "NAME", "NAME"), ...opt("description", text(field(r, "DESCRIPTION"))) }, facts: {} };
    case "employee": {
      const firstName = text(field(r, "CONTACT.FIRSTNAME")) ?? "";
      const lastName = text(field(r, "CONTACT.LASTNAME")) ?? "";
      const code = text(field(r, "EMPLOYEEID"));
      return {
        record: { object: "employee", firstName, lastName, name: `${firstName} ${lastName}`.trim() || (code ?? ""), active, ...opt("code", code), ...opt("email", text(field(r, "CONTACT.EMAIL1"))) },
        facts: {},
      };
    }
    case "customer": return { record: { ...list("customer", "CUSTOMERID", "NAME"), ...opt("email", text(field(r, "DISPLAYCONTACT.EMAIL1"))) }, facts: {} };
    case "vendor": return { record: { ...list("vendor", "VENDORID", "NAME"), ...opt("email", text(field(r, "DISPLAYCONTACT.EMAIL1"))) }, facts: {} };
    case "currency": return { record: { object: "currency", code: required(r, "CODE", object), ...opt("name", text(field(r, "NAME"))) }, facts: {} };
    case "bankAccount": {
      const code = required(r, "BANKACCOUNTID", object);
      return {
        record: {
          object: "bankAccount", code, name: text(field(r, "BANKNAME")) ?? code, active, balance: decimalToCents(field(r, "LASTRECONCILEDBALANCE")),
          ...opt("glAccountNo", text(field(r, "GLACCOUNTNO"))), ...opt("currency", text(field(r, "CURRENCY"))), ...opt("balanceDate", intacctDateToIso(field(r, "LASTRECONCILEDDATE"))),
        },
        facts: {},
      };
    }
    case "booksClosed":
      // How Intacct exposes the closed-through date is UNCONFIRMED (B17); the I/O layer puts it
      // in CLOSEDTHROUGH of the entity's row, whatever read path the company turns out to use.
      return { record: { object: "booksClosed", entityId: text(field(r, "LOCATIONID")) ?? "", ...opt("closedThrough", intacctDateToIso(field(r, "CLOSEDTHROUGH"))) }, facts: {} };
    case "bill":
    case "vendorCredit": {
      const sign = object === "vendorCredit" ? -1 : 1;
      const date = intacctDateToIso(field(r, "WHENCREATED")) ?? "";
      const lines = children(r, "APBILLITEMS", "APBILLITEM").map((l) => lineFrom(l, sign));
      const vendor = { object: "vendor" as const, side: "intacct" as const, id: required(r, "VENDORID", object) };
      const number = text(field(r, "RECORDID")) ?? "";
      const description = text(field(r, "DESCRIPTION"));
      const state = (field(r, "STATE") ?? "").toLowerCase();
      const facts: RecordFacts = {
        paid: intacctPaidState(r), draft: NOT_POSTED.has(state), voided: REVERSED.has(state), generated: (field(r, "MODULEKEY") ?? "").endsWith(".PO"),
      };
      if (object === "vendorCredit") return { record: { object, number, vendor, date, lines, ...opt("description", description) }, facts };
      return {
        record: { object, number, vendor, date, dueDate: intacctDateToIso(field(r, "WHENDUE")) ?? date, postingDate: intacctDateToIso(field(r, "WHENPOSTED")) ?? date, lines, ...opt("description", description) },
        facts,
      };
    }
    case "billPayment": {
      const details = children(r, "APPYMTDETAILS", "APPYMTDETAIL");
      const applications: BillApplication[] = [];
      const credits: CreditApplication[] = [];
      for (const d of details) {
        const bill = ref("bill", field(d, "RECORDKEY"));
        if (bill === undefined) continue;
        const cash = decimalToCents(field(d, "TRX_PAYMENTAMOUNT"));
        const credit = ref("vendorCredit", field(d, "INLINEKEY"));
        if (credit !== undefined) credits.push({ credit, bill, amount: decimalToCents(field(d, "TRX_INLINEAMOUNT")) });
        if (cash !== 0) applications.push({ bill, amount: cash });
      }
      const state = (field(r, "STATE") ?? "").toLowerCase();
      return {
        record: {
          object: "billPayment", vendor: { object: "vendor", side: "intacct", id: required(r, "VENDORID", object) }, date: intacctDateToIso(field(r, "WHENCREATED") ?? field(r, "PAYMENTDATE")) ?? "",
          amount: decimalToCents(field(r, "TRX_TOTALENTERED") ?? field(r, "TOTALENTERED")), applications, credits, ...opt("reference", text(field(r, "DOCNUMBER"))),
        },
        facts: { voided: REVERSED.has(state), draft: state === "d" || state === "draft" },
      };
    }
    case "invoice": {
      const date = intacctDateToIso(field(r, "WHENCREATED")) ?? "";
      const state = (field(r, "STATE") ?? "").toLowerCase();
      return {
        record: {
          object: "invoice", number: text(field(r, "RECORDID")) ?? "", customer: { object: "customer", side: "intacct", id: required(r, "CUSTOMERID", object) }, date,
          dueDate: intacctDateToIso(field(r, "WHENDUE")) ?? date, lines: children(r, "ARINVOICEITEMS", "ARINVOICEITEM").map((l) => lineFrom(l, 1)), ...opt("description", text(field(r, "DESCRIPTION"))),
        },
        facts: { paid: intacctPaidState(r), draft: NOT_POSTED.has(state), voided: REVERSED.has(state) },
      };
    }
    case "receivedPayment": {
      const applications = children(r, "ARPYMTDETAILS", "ARPYMTDETAIL").flatMap((d) => {
        const invoice = ref("invoice", field(d, "RECORDKEY"));
        return invoice === undefined ? [] : [{ invoice, amount: decimalToCents(field(d, "TRX_PAYMENTAMOUNT")) }];
      });
      const state = (field(r, "STATE") ?? "").toLowerCase();
      return {
        record: {
          object: "receivedPayment", customer: { object: "customer", side: "intacct", id: required(r, "CUSTOMERID", object) }, date: intacctDateToIso(field(r, "RECEIPTDATE") ?? field(r, "WHENCREATED")) ?? "",
          amount: decimalToCents(field(r, "TRX_TOTALENTERED") ?? field(r, "TOTALENTERED")), method: METHOD_IN[(field(r, "PAYMENTMETHOD") ?? "").toLowerCase()] ?? "OTHER", applications,
          ...opt("reference", text(field(r, "DOCNUMBER"))),
        },
        facts: { voided: REVERSED.has(state) },
      };
    }
    case "attachment":
      throw new SyncError("DIRECTION_UNSUPPORTED", "attachments do not flow Intacct → platform (PRODUCT.md object table)");
  }
}

/** Account-level settings the Intacct writers need (from the account's preferences). */
export interface IntacctWriteSettings {
  /** AP liability account for bill lines (`OFFSETGLACCOUNTNO`). @default the vendor's */
  readonly apAccountNo?: string;
  /** AR account for invoice lines. @default the customer's */
  readonly arAccountNo?: string;
  /** Checking account (`FINANCIALENTITY`) that BILL payments are paid from: the clearing account. */
  readonly clearingBankAccountId: string;
  /** Checking account that received payments are deposited to. @default clearingBankAccountId */
  readonly depositBankAccountId?: string;
  /** Expense account for lines without one (BILL's "Unallocated Expenses Account"). @default none: such lines are an error */
  readonly defaultExpenseAccountNo?: string;
  /** Transaction currency. @default "USD" */
  readonly currency?: string;
  /** `PAYMENTMETHOD` of bill payments (UI "Record transfer" = `EFT`, Q5). @default "EFT" */
  readonly paymentMethod?: string;
  /** Folder attachments are filed in. @default "BILL Sync" */
  readonly attachmentFolder?: string;
}

/** One write against Intacct, ready for the client's builders. */
export type IntacctWrite =
  | { readonly fn: "create" | "update"; readonly object: string; readonly record: IntacctRecord }
  | { readonly fn: "delete"; readonly object: string; readonly key: string }
  | { readonly fn: "create_invoice"; readonly invoice: LegacyInvoice }
  /**
   * Attach a platform document's files to its Intacct APBILL/ARINVOICE: `create_supdoc` (or
   * `update_supdoc` adding the files not there yet) and `update <parent> {RECORDNO, SUPDOCID}`.
   * The Intacct side downloads the files when it sends (they are not in the plan).
   */
  | {
      readonly fn: "supdoc";
      readonly supdocId: string;
      readonly name: string;
      readonly folder: string;
      /** The Intacct parent (`APBILL`/`ARINVOICE` RECORDNO) and the platform parent whose files are sent. */
      readonly parent: { readonly object: "APBILL" | "ARINVOICE"; readonly key: string; readonly platformObject: "bill" | "invoice"; readonly platformId: string };
      readonly files: readonly AttachmentFile[];
    };

/** Context of {@link toIntacct}. */
export interface IntacctWriteContext {
  /** Resolves a reference to Intacct's id (business ID for lists, RECORDNO for transactions); undefined when not linked. */
  readonly resolve: (ref: Ref) => string | undefined;
  readonly settings: IntacctWriteSettings;
  /** RECORDNO of the record being updated; absent for a create. */
  readonly recordNo?: string;
}

function resolveOrThrow(ctx: IntacctWriteContext, r: Ref): string {
  const id = ctx.resolve(r);
  if (id === undefined) throw new SyncError("REF_UNRESOLVED", `${r.object} ${r.id} is not linked to an Intacct record yet`);
  return id;
}

function lineTo(ctx: IntacctWriteContext, l: Line, sign: 1 | -1, offset: string | undefined): IntacctRecord {
  const out: IntacctRecord = {};
  const account = l.account === undefined ? ctx.settings.defaultExpenseAccountNo : resolveOrThrow(ctx, l.account);
  if (account === undefined) throw new SyncError("RECORD_INVALID", "a line has no GL account and the account has no default expense account");
  out["ACCOUNTNO"] = account;
  if (offset !== undefined) out["OFFSETGLACCOUNTNO"] = offset;
  out["TRX_AMOUNT"] = centsToDecimal(sign * l.amount);
  if (l.description !== undefined) out["ENTRYDESCRIPTION"] = l.description;
  const dims: Array<[Ref | undefined, string]> = [[l.location, "LOCATIONID"], [l.department, "DEPARTMENTID"], [l.project, "PROJECTID"], [l.employee, "EMPLOYEEID"], [l.item, "ITEMID"], [l.class, "CLASSID"]];
  for (const [r, name] of dims) if (r !== undefined) out[name] = resolveOrThrow(ctx, r);
  return out;
}

function legacyLine(ctx: IntacctWriteContext, l: Line): LegacyLine {
  const account = l.account === undefined ? undefined : resolveOrThrow(ctx, l.account);
  const opt = (k: string, r: Ref | undefined): Record<string, string> => (r === undefined ? {} : { [k]: resolveOrThrow(ctx, r) });
  if (account === undefined) throw new SyncError("RECORD_INVALID", "an invoice line has no GL account");
  return {
    glAccountNo: account, amount: centsToDecimal(l.amount),
    ...(ctx.settings.arAccountNo === undefined ? {} : { offsetGlAccountNo: ctx.settings.arAccountNo }),
    ...(l.description === undefined ? {} : { memo: l.description }),
    ...opt("locationId", l.location), ...opt("departmentId", l.department), ...opt("projectId", l.project), ...opt("employeeId", l.employee), ...opt("itemId", l.item), ...opt("classId", l.class),
  };
}

function withKey(ctx: IntacctWriteContext, record: IntacctRecord): IntacctRecord {
  return ctx.recordNo === undefined ? record : { RECORDNO: ctx.recordNo, ...record };
}

/**
 * A canonical record → the Intacct write that creates it (or updates it when `ctx.recordNo` is
 * set). Throws `REF_UNRESOLVED` when a reference is not linked yet (apply turns it into a
 * per-record error and the next run retries).
 *
 * @example
 * toIntacct(bill, { resolve, settings: { clearingBankAccountId: "BILL-CLR" } }); // { fn: "create", object: "APBILL", record: {...} }
 */
export function toIntacct(record: CanonicalRecord, ctx: IntacctWriteContext): IntacctWrite {
  const status = (active: boolean): string => (active ? "active" : "inactive");
  const update = ctx.recordNo !== undefined;
  const list = (object: string, idField: string, nameField: string, r: { code?: string; name: string; active: boolean }): IntacctWrite => ({
    fn: update ? "update" : "create", object,
    record: withKey(ctx, { ...(r.code === undefined || update ? {} : { [idField]: r.code }), [nameField]: r.name, STATUS: status(r.active) }),
  });
  switch (record.object) {
    case "glAccount": return list("GLACCOUNT", "ACCOUNTNO", "TITLE", record);
    case "department": return list("DEPARTMENT", "DEPARTMENTID", "TITLE", record);
    case "location": return list("LOCATION", "LOCATIONID", "NAME", record);
    case "class": return list("CLASS", "CLASSID", "NAME", record);
    case "item": {
      const w = list("ITEM", "ITEMID", "NAME", record);
      return w.fn === "create" ? { ...w, record: { ...w.record, ITEMTYPE: "Non-Inventory" } } : w;
    }
    case "paymentTerm":
      // No generic create is documented for APTERM (B10, UNCONFIRMED); the sandbox accepts it.
      return { fn: update ? "update" : "create", object: "APTERM", record: withKey(ctx, { NAME: record.name, ...(record.description === undefined ? {} : { DESCRIPTION: record.description }), STATUS: status(record.active) }) };
    case "employee":
      return {
        fn: update ? "update" : "create", object: "EMPLOYEE",
        record: withKey(ctx, {
          ...(record.code === undefined || update ? {} : { EMPLOYEEID: record.code }), STATUS: status(record.active),
          PERSONALINFO: { CONTACTNAME: record.name, FIRSTNAME: record.firstName, LASTNAME: record.lastName, ...(record.email === undefined ? {} : { EMAIL1: record.email }) },
        }),
      };
    case "customer":
    case "vendor": {
      const object = record.object === "vendor" ? "VENDOR" : "CUSTOMER";
      const idField = record.object === "vendor" ? "VENDORID" : "CUSTOMERID";
      return {
        fn: update ? "update" : "create", object,
        record: withKey(ctx, {
          ...(record.code === undefined || update ? {} : { [idField]: record.code }), NAME: record.name, STATUS: status(record.active),
          DISPLAYCONTACT: { PRINTAS: record.name, ...(record.email === undefined ? {} : { EMAIL1: record.email }) },
        }),
      };
    }
    case "bill":
      return {
        fn: update ? "update" : "create", object: "APBILL",
        record: withKey(ctx, {
          VENDORID: resolveOrThrow(ctx, record.vendor), WHENCREATED: isoToIntacctDate(record.date), WHENPOSTED: isoToIntacctDate(record.postingDate), WHENDUE: isoToIntacctDate(record.dueDate),
          RECORDID: record.number, ...(record.description === undefined ? {} : { DESCRIPTION: record.description }), CURRENCY: ctx.settings.currency ?? "USD",
          APBILLITEMS: { APBILLITEM: record.lines.map((l) => lineTo(ctx, l, 1, ctx.settings.apAccountNo)) },
        }),
      };
    case "vendorCredit":
      return {
        fn: update ? "update" : "create", object: "APBILL",
        record: withKey(ctx, {
          VENDORID: resolveOrThrow(ctx, record.vendor), WHENCREATED: isoToIntacctDate(record.date), WHENDUE: isoToIntacctDate(record.date), RECORDID: record.number,
          ...(record.description === undefined ? {} : { DESCRIPTION: record.description }), CURRENCY: ctx.settings.currency ?? "USD",
          APBILLITEMS: { APBILLITEM: record.lines.map((l) => lineTo(ctx, l, -1, ctx.settings.apAccountNo)) },
        }),
      };
    case "billPayment": {
      const details: IntacctRecord[] = [
        ...record.applications.map((a) => ({ RECORDKEY: resolveOrThrow(ctx, a.bill), TRX_PAYMENTAMOUNT: centsToDecimal(a.amount) })),
        ...record.credits.map((c) => ({ RECORDKEY: resolveOrThrow(ctx, c.bill), INLINEKEY: resolveOrThrow(ctx, c.credit), TRX_INLINEAMOUNT: centsToDecimal(c.amount) })),
      ];
      return {
        fn: "create", object: "APPYMT",
        record: {
          FINANCIALENTITY: ctx.settings.clearingBankAccountId, PAYMENTMETHOD: ctx.settings.paymentMethod ?? "EFT", VENDORID: resolveOrThrow(ctx, record.vendor),
          PAYMENTDATE: isoToIntacctDate(record.date), CURRENCY: ctx.settings.currency ?? "USD", ...(record.reference === undefined ? {} : { DOCNUMBER: record.reference }),
          APPYMTDETAILS: { APPYMTDETAIL: details },
        },
      };
    }
    case "invoice":
      return {
        fn: "create_invoice",
        invoice: {
          customerId: resolveOrThrow(ctx, record.customer), dateCreated: record.date, dateDue: record.dueDate, invoiceNo: record.number, currency: ctx.settings.currency ?? "USD",
          ...(record.description === undefined ? {} : { description: record.description }), items: record.lines.map((l) => legacyLine(ctx, l)),
        },
      };
    case "receivedPayment": {
      const method: Record<ReceivedPaymentMethod, string> = { CASH: "Cash", CHECK: "Printed Check", CREDIT_CARD: "Credit Card", ACH: "EFT", PAYPAL: "EFT", OTHER: "EFT" };
      return {
        fn: "create", object: "ARPYMT",
        record: {
          PAYMENTMETHOD: method[record.method], RECEIPTDATE: isoToIntacctDate(record.date), CURRENCY: ctx.settings.currency ?? "USD",
          FINANCIALENTITY: ctx.settings.depositBankAccountId ?? ctx.settings.clearingBankAccountId, CUSTOMERID: resolveOrThrow(ctx, record.customer),
          ...(record.reference === undefined ? {} : { DOCNUMBER: record.reference }),
          ARPYMTDETAILS: { ARPYMTDETAIL: record.applications.map((a) => ({ RECORDKEY: resolveOrThrow(ctx, a.invoice), TRX_PAYMENTAMOUNT: centsToDecimal(a.amount) })) },
        },
      };
    }
    case "attachment": {
      if (record.supdocId === undefined) throw new SyncError("RECORD_INVALID", "an attachment write needs a supdocId");
      if (record.parent.side !== "platform" || (record.parent.object !== "bill" && record.parent.object !== "invoice")) throw new SyncError("RECORD_INVALID", "attachments belong to a platform bill or invoice");
      return {
        fn: "supdoc", supdocId: record.supdocId, name: record.name, folder: ctx.settings.attachmentFolder ?? DEFAULT_ATTACHMENT_FOLDER,
        parent: { object: record.parent.object === "invoice" ? "ARINVOICE" : "APBILL", key: resolveOrThrow(ctx, record.parent), platformObject: record.parent.object, platformId: record.parent.id },
        files: record.files,
      };
    }
    case "project": case "currency": case "bankAccount": case "booksClosed":
      throw new SyncError("DIRECTION_UNSUPPORTED", `${record.object} does not flow platform → Intacct (PRODUCT.md object table)`);
  }
}

/** Deleting the Intacct record of a bill, credit or payment (`delete` by RECORDNO, B13–B15). */
export function intacctDelete(object: SyncObject, recordNo: string): IntacctWrite {
  return { fn: "delete", object: OBJECT_SPECS[object].intacctObject, key: recordNo };
}
