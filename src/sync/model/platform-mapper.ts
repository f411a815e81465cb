/**
 * Pure mappers between BILL v3 JSON (`bill-api.md` §8; shapes in `src/bill/types.ts`) and
 * canonical records. Reading is defensive (several field names are UNCONFIRMED in the reference,
 * so unknown JSON is read field by field); writing produces the client's input types.
 *
 * BILL has no idempotency keys (§10): the writer appends a marker `[is:<key>]` to a free-text
 * field before a create so an uncertain outcome can be settled by a look-up. Reading strips that
 * marker again, so it never shows up as a change.
 */
import type {
  BillInput, ChartOfAccountInput, ClassificationInput, CustomerInput, EmployeeInput, InvoiceInput, ItemInput, RecordBillPaymentInput, RecordInvoicePaymentInput, VendorCreditInput, VendorInput,
} from "../../bill/types.js";
import { SyncError } from "../sync-error.js";
import type { CanonicalRecord, Line, LineCoding, Observation, PaidState, ReceivedPaymentMethod, RecordFacts, Ref } from "./canonical.js";
import type { SyncObject } from "./objects.js";
import { billDateToIso, centsToNumber, numberToCents, text } from "./values.js";

/** A BILL record as decoded JSON. */
export type PlatformJson = Readonly<Record<string, unknown>>;

const MARKER = /\s*\[is:[A-Za-z0-9._-]{1,40}\]/g;

/** Removes dedupe markers (`[is:key]`) from a description. */
export function stripMarker(value: string | undefined): string | undefined {
  return value === undefined ? undefined : text(value.replace(MARKER, ""));
}

function str(j: PlatformJson, name: string): string | undefined {
  const v = j[name];
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
}

function num(j: PlatformJson, name: string): number | undefined {
  const v = j[name];
  return typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : undefined;
}

function obj(j: PlatformJson, name: string): PlatformJson | undefined {
  const v = j[name];
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as PlatformJson) : undefined;
}

function arr(j: PlatformJson, name: string): PlatformJson[] {
  const v = j[name];
  return Array.isArray(v) ? v.filter((x): x is PlatformJson => x !== null && typeof x === "object" && !Array.isArray(x)) : [];
}

function req(j: PlatformJson, name: string, object: SyncObject): string {
  const v = text(str(j, name));
  if (v === undefined) throw new SyncError("RECORD_INVALID", `BILL ${object} without ${name}`);
  return v;
}

function pref(object: SyncObject, id: string | undefined): Ref | undefined {
  const v = text(id);
  return v === undefined ? undefined : { object, side: "platform", id: v };
}

const CODING: ReadonlyArray<[keyof LineCoding, SyncObject, string]> = [
  ["account", "glAccount", "chartOfAccountId"], ["department", "department", "departmentId"], ["location", "location", "locationId"],
  ["class", "class", "accountingClassId"], ["item", "item", "itemId"], ["project", "project", "jobId"], ["employee", "employee", "employeeId"],
];

function lineFrom(l: PlatformJson): Line {
  const amount = num(l, "amount") ?? (num(l, "quantity") ?? 0) * (num(l, "price") ?? 0);
  const out: Record<string, unknown> = { amount: numberToCents(amount) };
  const d = text(str(l, "description"));
  if (d !== undefined) out["description"] = d;
  const c = obj(l, "classifications") ?? {};
  for (const [key, object, name] of CODING) {
    const r = pref(object, str(c, name));
    if (r !== undefined) out[key] = r;
  }
  return out as unknown as Line;
}

function paidFrom(status: string | undefined): PaidState {
  switch ((status ?? "").toUpperCase()) {
    case "PAID": case "FULLY_APPLIED": return "paid";
    case "PARTIAL": case "PARTIALLY_APPLIED": return "partial";
    default: return "unpaid";
  }
}

const VOIDED = new Set(["CANCELED", "CANCELLED", "VOIDED", "FUNDING_FAILED_VOIDED"]);

/**
 * A BILL record → its {@link Observation}. Archived transactions are observed as deleted (BILL
 * archives instead of deleting, §4); archived list records as inactive.
 *
 * @example
 * observePlatform("vendor", { id: "009ACME", name: "Acme", shortName: "V-ACME", archived: false, updatedTime: "2026-03-01T10:00:00.000Z" });
 */
export function observePlatform(object: SyncObject, json: PlatformJson): Observation {
  const key = req(json, "id", object);
  const archived = json["archived"] === true;
  const modified = str(json, "updatedTime") ?? str(json, "createdTime") ?? "";
  const { record, facts, naturalId } = canonicalFromPlatform(object, json, !archived);
  const isTransaction = ["bill", "vendorCredit", "billPayment", "invoice", "receivedPayment", "attachment"].includes(object);
  const base = { side: "platform" as const, object, key, modified, entityId: "", facts, ...(naturalId === undefined ? {} : { naturalId }) };
  return isTransaction && archived ? { ...base, deleted: true } : { ...base, deleted: false, record };
}

function canonicalFromPlatform(object: SyncObject, j: PlatformJson, active: boolean): { record: CanonicalRecord; facts: RecordFacts; naturalId?: string } {
  const opt = <K extends string>(k: K, v: string | undefined): Partial<Record<K, string>> => (v === undefined ? {} : ({ [k]: v } as Record<K, string>));
  const list = <O extends SyncObject>(o: O, codeField: string) => {
    const code = text(str(j, codeField));
    return { record: { object: o, name: text(str(j, "name")) ?? "", active, ...opt("code", code) }, facts: {}, ...opt("naturalId", code) };
  };
  const approved = (): boolean => {
    const a = str(j, "approvalStatus");
    return a === undefined || a.toUpperCase() === "APPROVED";
  };
  switch (object) {
    case "glAccount": return list("glAccount", "accountNumber");
    case "department": return list("department", "shortName");
    case "location": return list("location", "shortName");
    case "class": return list("class", "shortName");
    case "project": return list("project", "shortName");
    case "item": return list("item", "shortName");
    case "paymentTerm": {
      const name = req(j, "name", object);
      return { record: { object: "paymentTerm", name, code: name, active, ...opt("description", text(str(j, "description"))) }, facts: {}, naturalId: name };
    }
    case "employee": {
      const firstName = text(str(j, "firstName")) ?? "";
      const lastName = text(str(j, "lastName")) ?? "";
      const code = text(str(j, "shortName"));
      return {
        record: { object: "employee", firstName, lastName, name: `${firstName} ${lastName}`.trim(), active, ...opt("code", code), ...opt("email", text(str(j, "email"))) },
        facts: {}, ...opt("naturalId", code),
      };
    }
    case "customer": case "vendor": {
      const l = list(object, "shortName");
      return { ...l, record: { ...l.record, ...opt("email", text(str(j, "email"))) } };
    }
    case "bill": {
      const invoice = obj(j, "invoice") ?? {};
      const date = billDateToIso(str(invoice, "invoiceDate")) ?? "";
      const number = text(str(invoice, "invoiceNumber")) ?? "";
      return {
        record: {
          object: "bill", number, vendor: { object: "vendor", side: "platform", id: req(j, "vendorId", object) }, date, dueDate: billDateToIso(str(j, "dueDate")) ?? date,
          postingDate: billDateToIso(str(j, "glPostingDate")) ?? date, lines: arr(j, "billLineItems").map(lineFrom), ...opt("description", stripMarker(str(j, "description"))),
        },
        facts: { paid: paidFrom(str(j, "paymentStatus")), approved: approved() },
        naturalId: number,
      };
    }
    case "vendorCredit": {
      const number = text(str(j, "referenceNumber")) ?? "";
      return {
        record: {
          object: "vendorCredit", number, vendor: { object: "vendor", side: "platform", id: req(j, "vendorId", object) }, date: billDateToIso(str(j, "creditDate")) ?? "",
          lines: arr(j, "vendorCreditLineItems").map(lineFrom), ...opt("description", stripMarker(str(j, "description"))),
        },
        facts: { paid: paidFrom(str(j, "creditStatus")), approved: approved() },
        naturalId: number,
      };
    }
    case "billPayment": {
      const billId = text(str(j, "billId"));
      const amount = numberToCents(num(j, "amount"));
      return {
        record: {
          object: "billPayment", vendor: { object: "vendor", side: "platform", id: req(j, "vendorId", object) }, date: billDateToIso(str(j, "processDate")) ?? "", amount,
          applications: billId === undefined ? [] : [{ bill: { object: "bill", side: "platform", id: billId }, amount }], credits: [],
          ...opt("reference", stripMarker(str(j, "description"))),
        },
        facts: { voided: VOIDED.has((str(j, "singleStatus") ?? str(j, "status") ?? "").toUpperCase()) },
      };
    }
    case "invoice": {
      const number = text(str(j, "invoiceNumber")) ?? "";
      const date = billDateToIso(str(j, "invoiceDate")) ?? "";
      const customerId = text(str(j, "customerId")) ?? text(str(obj(j, "customer") ?? {}, "id"));
      if (customerId === undefined) throw new SyncError("RECORD_INVALID", "BILL invoice without customerId");
      return {
        record: {
          object: "invoice", number, customer: { object: "customer", side: "platform", id: customerId }, date, dueDate: billDateToIso(str(j, "dueDate")) ?? date,
          lines: arr(j, "invoiceLineItems").map(lineFrom), ...opt("description", stripMarker(str(j, "description"))),
        },
        facts: { paid: paidFrom(str(j, "paymentStatus")) },
        naturalId: number,
      };
    }
    case "receivedPayment": {
      const t = (str(j, "paymentType") ?? "OTHER").toUpperCase();
      const method: ReceivedPaymentMethod = (["CASH", "CHECK", "CREDIT_CARD", "ACH", "PAYPAL", "OTHER"] as const).find((m) => m === t) ?? "OTHER";
      return {
        record: {
          object: "receivedPayment", customer: { object: "customer", side: "platform", id: req(j, "customerId", object) }, date: billDateToIso(str(j, "paymentDate")) ?? "",
          amount: numberToCents(num(j, "amount")), method,
          applications: arr(j, "invoices").map((i) => ({ invoice: { object: "invoice" as const, side: "platform" as const, id: req(i, "id", object) }, amount: numberToCents(num(i, "amount")) })),
          ...opt("reference", stripMarker(str(j, "description"))),
        },
        facts: { voided: VOIDED.has((str(j, "status") ?? "").toUpperCase()) },
      };
    }
    case "attachment": {
      // Built by the platform adapter from BILL's document lists (shapes UNCONFIRMED, bill-api.md
      // §8.11): `{ id: <parent id>, parentObject: "bill"|"invoice", number, updatedTime, files: [{ id, name, size }] }`.
      const parentObject = str(j, "parentObject");
      if (parentObject !== "bill" && parentObject !== "invoice") throw new SyncError("RECORD_INVALID", "attachment without parentObject bill or invoice");
      const id = req(j, "id", object);
      const files = arr(j, "files").map((f) => {
        const fileName = text(str(f, "name")) ?? "document";
        const dot = fileName.lastIndexOf(".");
        const size = num(f, "size");
        return { id: req(f, "id", object), name: dot > 0 ? fileName.slice(0, dot) : fileName, fileType: dot > 0 ? fileName.slice(dot + 1).toLowerCase() : "pdf", ...(size === undefined ? {} : { size }) };
      }).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return { record: { object: "attachment", name: text(str(j, "number")) ?? id, parent: { object: parentObject, side: "platform", id }, files }, facts: {} };
    }
    case "currency": case "bankAccount": case "booksClosed":
      throw new SyncError("DIRECTION_UNSUPPORTED", `${object} is read from Intacct only (PRODUCT.md object table)`);
  }
}

/** BILL list resources the writers target (paths per `src/bill/endpoints.ts`). */
export type PlatformResource =
  | "chartOfAccounts" | "departments" | "locations" | "accountingClasses" | "employees" | "jobs" | "items" | "paymentTerms"
  | "vendors" | "customers" | "bills" | "vendorCredits" | "invoices" | "settings";

/** One write against the platform. */
export type PlatformWrite =
  | {
    /** Create (no `id`) or update (`id`) and then set `archived` (archive/restore when it differs). */
    readonly op: "upsert";
    readonly resource: PlatformResource;
    readonly id?: string;
    readonly body:
      | ChartOfAccountInput | ClassificationInput | EmployeeInput | ItemInput | VendorInput | CustomerInput | BillInput | VendorCreditInput | InvoiceInput
      | { readonly name: string; readonly description?: string };
    readonly archived: boolean;
  }
  | { readonly op: "archive"; readonly resource: PlatformResource; readonly id: string }
  | { readonly op: "recordBillPayment"; readonly body: RecordBillPaymentInput }
  | { readonly op: "recordInvoicePayment"; readonly body: RecordInvoicePaymentInput }
  /** Account-level display values (currencies, bank balances, books-closed date per entity). */
  | { readonly op: "putSetting"; readonly key: string; readonly value: CanonicalRecord };

/** Context of {@link toPlatform}. */
export interface PlatformWriteContext {
  /** Resolves a reference to the platform id; undefined when not linked. */
  readonly resolve: (ref: Ref) => string | undefined;
  /** Platform id being updated; absent for a create. */
  readonly platformId?: string;
}

function resolveOrThrow(ctx: PlatformWriteContext, r: Ref): string {
  const id = ctx.resolve(r);
  if (id === undefined) throw new SyncError("REF_UNRESOLVED", `${r.object} ${r.id} is not linked to a platform record yet`);
  return id;
}

function classificationsOf(ctx: PlatformWriteContext, l: LineCoding): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, , name] of CODING) {
    const r = l[key];
    if (r !== undefined) out[name] = resolveOrThrow(ctx, r);
  }
  return out;
}

/**
 * A canonical record → the platform write that creates it (or updates `ctx.platformId`).
 *
 * @example
 * toPlatform(vendor, { resolve }); // { op: "upsert", resource: "vendors", body: { name, accountType: "BUSINESS", shortName }, archived: false }
 */
export function toPlatform(record: CanonicalRecord, ctx: PlatformWriteContext): PlatformWrite {
  const id = ctx.platformId === undefined ? {} : { id: ctx.platformId };
  const opt = <K extends string>(k: K, v: string | undefined): Partial<Record<K, string>> => (v === undefined ? {} : ({ [k]: v } as Record<K, string>));
  const classification = (resource: PlatformResource, r: { name: string; code?: string; active: boolean }): PlatformWrite => ({
    op: "upsert", resource, ...id, body: { name: r.name, ...opt("shortName", r.code) }, archived: !r.active,
  });
  switch (record.object) {
    case "glAccount":
      return { op: "upsert", resource: "chartOfAccounts", ...id, body: { name: record.name, accountType: "EXPENSE", ...opt("accountNumber", record.code) }, archived: !record.active };
    case "department": return classification("departments", record);
    case "location": return classification("locations", record);
    case "class": return classification("accountingClasses", record);
    case "project": return classification("jobs", record);
    case "item": return classification("items", record);
    case "paymentTerm":
      return { op: "upsert", resource: "paymentTerms", ...id, body: { name: record.name, ...opt("description", record.description) }, archived: !record.active };
    case "employee":
      return {
        op: "upsert", resource: "employees", ...id, body: { firstName: record.firstName, lastName: record.lastName, ...opt("shortName", record.code), ...opt("email", record.email) }, archived: !record.active,
      };
    case "vendor":
      return { op: "upsert", resource: "vendors", ...id, body: { name: record.name, accountType: "BUSINESS", ...opt("shortName", record.code), ...opt("email", record.email) }, archived: !record.active };
    case "customer":
      // BILL requires an e-mail for customers in practice (§8.7); an Intacct customer without one
      // gets no e-mail and BILL's answer becomes a per-record error.
      return { op: "upsert", resource: "customers", ...id, body: { name: record.name, email: record.email ?? "", ...opt("shortName", record.code) }, archived: !record.active };
    case "bill":
      return {
        op: "upsert", resource: "bills", ...id, archived: false,
        body: {
          vendorId: resolveOrThrow(ctx, record.vendor), dueDate: record.dueDate, invoice: { invoiceNumber: record.number, invoiceDate: record.date },
          ...(record.postingDate === record.date ? {} : { glPostingDate: record.postingDate }), ...opt("description", record.description),
          billLineItems: record.lines.map((l) => ({ amount: centsToNumber(l.amount), ...opt("description", l.description), classifications: classificationsOf(ctx, l) })),
        },
      };
    case "vendorCredit":
      return {
        op: "upsert", resource: "vendorCredits", ...id, archived: false,
        body: {
          vendorId: resolveOrThrow(ctx, record.vendor), referenceNumber: record.number, creditDate: record.date, ...opt("description", record.description),
          vendorCreditLineItems: record.lines.map((l) => ({ amount: centsToNumber(l.amount), ...opt("description", l.description), classifications: classificationsOf(ctx, l) })),
        },
      };
    case "invoice":
      return {
        op: "upsert", resource: "invoices", ...id, archived: false,
        body: {
          customer: { id: resolveOrThrow(ctx, record.customer) }, invoiceNumber: record.number, invoiceDate: record.date, dueDate: record.dueDate, ...opt("description", record.description),
          invoiceLineItems: record.lines.map((l) => ({ quantity: 1, price: centsToNumber(l.amount), ...opt("description", l.description), classifications: classificationsOf(ctx, l) })),
          processingOptions: { sendEmail: false },
        },
      };
    case "billPayment":
      // A payment made in Intacct is recorded on the platform as an outside payment (§8.4).
      return {
        op: "recordBillPayment",
        body: {
          vendorId: resolveOrThrow(ctx, record.vendor), processDate: record.date, payments: record.applications.map((a) => ({ billId: resolveOrThrow(ctx, a.bill), amount: centsToNumber(a.amount) })),
          ...(record.credits.length === 0 ? {} : { vendorCredits: record.credits.map((c) => ({ id: resolveOrThrow(ctx, c.credit), amount: centsToNumber(c.amount) })) }),
          ...opt("description", record.reference),
        },
      };
    case "receivedPayment":
      return {
        op: "recordInvoicePayment",
        body: {
          customerId: resolveOrThrow(ctx, record.customer), paymentDate: record.date, paymentType: record.method, amount: centsToNumber(record.amount),
          invoices: record.applications.map((a) => ({ id: resolveOrThrow(ctx, a.invoice), amount: centsToNumber(a.amount) })), ...opt("description", record.reference),
        },
      };
    case "currency":
      return { op: "putSetting", key: `currency:${record.code}`, value: record };
    case "bankAccount":
      return { op: "putSetting", key: `bankAccount:${record.code}`, value: record };
    case "booksClosed":
      return { op: "putSetting", key: `booksClosed:${record.entityId}`, value: record };
    case "attachment":
      throw new SyncError("DIRECTION_UNSUPPORTED", "attachments do not flow Intacct → platform (PRODUCT.md object table)");
  }
}
