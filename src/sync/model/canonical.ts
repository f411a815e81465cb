/**
 * Canonical, side-neutral records: what both sides agree a record *is*. Only fields that both
 * sides can carry are here, so that a record read back from either side after a sync has the
 * same fingerprint (otherwise a field one side lacks would look like a change on every run).
 * Side-only state that drives rules (paid, approved, voided) lives in {@link RecordFacts}.
 *
 * References to other records are {@link Ref}s in the reading side's own ids (an Intacct bill
 * names its vendor by VENDORID, a BILL bill by vendor id); `fingerprint.ts` neutralises them
 * through the link table and `apply` resolves them to the target side's ids.
 */
import type { Side, SyncObject } from "./objects.js";
import type { Cents } from "./values.js";

/** A reference to another record, in the id space of the side it was read from. */
export interface Ref {
  readonly object: SyncObject;
  readonly side: Side;
  /** Platform id; or, for Intacct, the business ID of lists (VENDORID…) and RECORDNO of transactions. */
  readonly id: string;
}

/** Fields of list records shared by most objects. */
interface ListFields {
  /** Business code: Intacct ID field (DEPARTMENTID…) ⇄ BILL `shortName`/`accountNumber`. */
  readonly code?: string;
  readonly name: string;
  readonly active: boolean;
}

/** GLACCOUNT ⇄ chart-of-accounts. `code` is the account number, locked once linked. */
export interface GlAccount extends ListFields { readonly object: "glAccount"; }
/** DEPARTMENT ⇄ departments. */
export interface Department extends ListFields { readonly object: "department"; }
/** LOCATION ⇄ locations. */
export interface Location extends ListFields { readonly object: "location"; }
/** CLASS ⇄ accounting classes. */
export interface AccountingClass extends ListFields { readonly object: "class"; }
/** PROJECT → jobs (read-only on the platform). */
export interface Project extends ListFields { readonly object: "project"; }
/** ITEM ⇄ items. */
export interface Item extends ListFields { readonly object: "item"; }
/** APTERM ⇄ payment terms; the term's name is its ID. */
export interface PaymentTerm extends ListFields { readonly object: "paymentTerm"; readonly description?: string; }
/** EMPLOYEE ⇄ employees. `name` is "First Last". */
export interface Employee extends ListFields {
  readonly object: "employee";
  readonly firstName: string;
  readonly lastName: string;
  readonly email?: string;
}
/** CUSTOMER ⇄ customers. */
export interface Customer extends ListFields { readonly object: "customer"; readonly email?: string; }
/** VENDOR ⇄ vendors. */
export interface Vendor extends ListFields { readonly object: "vendor"; readonly email?: string; }

/** TRXCURRENCIES → platform (display). */
export interface Currency { readonly object: "currency"; readonly code: string; readonly name?: string; }
/** CHECKINGACCOUNT balance → platform (display). */
export interface BankAccount {
  readonly object: "bankAccount";
  readonly code: string;
  readonly name: string;
  readonly glAccountNo?: string;
  readonly currency?: string;
  readonly balance: Cents;
  readonly balanceDate?: string;
  readonly active: boolean;
}
/** Books-closed date of one entity (`""` = top level / single-entity company). */
export interface BooksClosed {
  readonly object: "booksClosed";
  readonly entityId: string;
  /** Last closed date (ISO); transactions dated on or before it are in a closed period. */
  readonly closedThrough?: string;
}

/** Dimensions and account of a line. */
export interface LineCoding {
  readonly account?: Ref;
  readonly department?: Ref;
  readonly location?: Ref;
  readonly class?: Ref;
  readonly item?: Ref;
  readonly project?: Ref;
  readonly employee?: Ref;
}

/** A bill, credit or invoice line. Amounts are positive for bills and invoices. */
export interface Line extends LineCoding {
  readonly amount: Cents;
  readonly description?: string;
}

/** APBILL (+ lines) ⇄ bills. */
export interface Bill {
  readonly object: "bill";
  /** Vendor's invoice number: Intacct RECORDID ⇄ BILL `invoice.invoiceNumber`. */
  readonly number: string;
  readonly vendor: Ref;
  readonly date: string;
  readonly dueDate: string;
  /** GL posting date; defaults to `date` on both sides. */
  readonly postingDate: string;
  readonly description?: string;
  readonly lines: readonly Line[];
}

/** Negative APBILL ⇄ vendor credits (BILL's convention, B14). Line amounts are positive here. */
export interface VendorCredit {
  readonly object: "vendorCredit";
  readonly number: string;
  readonly vendor: Ref;
  readonly date: string;
  readonly description?: string;
  readonly lines: readonly Line[];
}

/** One application of a bill payment. */
export interface BillApplication {
  readonly bill: Ref;
  /** Cash part. */
  readonly amount: Cents;
}

/** A vendor credit consumed by a payment (Intacct `INLINEKEY`/`TRX_INLINEAMOUNT`, B15). */
export interface CreditApplication {
  readonly credit: Ref;
  readonly bill: Ref;
  readonly amount: Cents;
}

/** APPYMT ⇄ BILL payments. */
export interface BillPayment {
  readonly object: "billPayment";
  readonly vendor: Ref;
  readonly date: string;
  readonly amount: Cents;
  readonly reference?: string;
  readonly applications: readonly BillApplication[];
  readonly credits: readonly CreditApplication[];
}

/** ARINVOICE ⇄ invoices. */
export interface Invoice {
  readonly object: "invoice";
  readonly number: string;
  readonly customer: Ref;
  readonly date: string;
  readonly dueDate: string;
  readonly description?: string;
  readonly lines: readonly Line[];
}

/** Payment method of a received payment (BILL `paymentType`). */
export type ReceivedPaymentMethod = "CASH" | "CHECK" | "CREDIT_CARD" | "ACH" | "PAYPAL" | "OTHER";

/** ARPYMT ⇄ received payments. */
export interface ReceivedPayment {
  readonly object: "receivedPayment";
  readonly customer: Ref;
  readonly date: string;
  readonly amount: Cents;
  readonly method: ReceivedPaymentMethod;
  readonly reference?: string;
  readonly applications: ReadonlyArray<{ readonly invoice: Ref; readonly amount: Cents }>;
}

/** One platform file of an {@link Attachment}. */
export interface AttachmentFile {
  /** Platform document id (BILL `0du…` for bill documents, `att…` for invoice attachments). */
  readonly id: string;
  /** File name without extension. */
  readonly name: string;
  /** Extension without dot (`pdf`). */
  readonly fileType: string;
  /** Size in bytes, when the platform reports it. */
  readonly size?: number;
}

/**
 * The documents of one platform bill or invoice → one Intacct SUPDOC linked from the synced
 * APBILL/ARINVOICE (`SUPDOCID`). Keyed by the parent's platform id: one SUPDOC per document
 * holding all of its files; files are only ever added (B18: bodies cannot be replaced).
 */
export interface Attachment {
  readonly object: "attachment";
  /** SUPDOC name: the parent's document number. */
  readonly name: string;
  readonly parent: Ref;
  /** Files, sorted by id. */
  readonly files: readonly AttachmentFile[];
  /** Intacct SUPDOCID (deterministic, set by the planner on what is written to Intacct). */
  readonly supdocId?: string;
}

/** Any canonical record. */
export type CanonicalRecord =
  | GlAccount | Department | Location | AccountingClass | Project | Item | PaymentTerm | Employee | Customer | Vendor
  | Currency | BankAccount | BooksClosed
  | Bill | VendorCredit | BillPayment | Invoice | ReceivedPayment | Attachment;

/** The canonical record type of one object. */
export type RecordOf<O extends SyncObject> = Extract<CanonicalRecord, { readonly object: O }>;

/** Payment state of a bill, credit or invoice on its side. */
export type PaidState = "unpaid" | "partial" | "paid";

/** Side state that drives the rules but is not synced content. */
export interface RecordFacts {
  /** Bills, credits, invoices: how much is paid/applied on this side. */
  readonly paid?: PaidState;
  /** Platform bills and credits: approval finished (for "sync only approved"). */
  readonly approved?: boolean;
  /** Payments voided/cancelled; Intacct bills reversed. */
  readonly voided?: boolean;
  /** Intacct bill is a Draft or still being analysed: never pulled. */
  readonly draft?: boolean;
  /** Intacct: the record was created from another module (PO, OE) and gets a new RECORDNO on edit. */
  readonly generated?: boolean;
}

/**
 * One record as seen on one side in a run: its identity, change stamp, owner entity, canonical
 * content (absent when deleted) and facts.
 */
export interface Observation<R extends CanonicalRecord = CanonicalRecord> {
  readonly side: Side;
  readonly object: SyncObject;
  /** Platform id, or Intacct RECORDNO (for books-closed: the entity ID). */
  readonly key: string;
  /** Intacct business ID (VENDORID…) or the platform's code for it; used for first-sync matching. */
  readonly naturalId?: string;
  /** Raw change stamp on its side: Intacct WHENMODIFIED, BILL updatedTime. */
  readonly modified: string;
  /** Owning Intacct entity (MEGAENTITYID); `""` = top level. Always `""` on the platform. */
  readonly entityId: string;
  /** Deleted (Intacct AUDITHISTORY delete) — `record` is then absent. */
  readonly deleted: boolean;
  readonly record?: R;
  readonly facts: RecordFacts;
}

/** The display name used for name matching and messages. */
export function displayName(record: CanonicalRecord): string {
  switch (record.object) {
    case "glAccount": case "department": case "location": case "class": case "project": case "item":
    case "paymentTerm": case "employee": case "customer": case "vendor": case "bankAccount":
      return record.name;
    case "currency":
      return record.code;
    case "booksClosed":
      return record.entityId === "" ? "top level" : record.entityId;
    case "bill": case "vendorCredit": case "invoice":
      return record.number;
    case "billPayment": case "receivedPayment":
      return record.reference ?? record.date;
    case "attachment":
      return record.name;
  }
}

/** The references a record holds (for dependency ordering and neutralisation). */
export function refsOf(record: CanonicalRecord): Ref[] {
  const out: Ref[] = [];
  const line = (l: LineCoding): void => {
    for (const r of [l.account, l.department, l.location, l.class, l.item, l.project, l.employee]) if (r !== undefined) out.push(r);
  };
  if (record.object === "bill" || record.object === "vendorCredit") {
    out.push(record.vendor);
    record.lines.forEach(line);
  } else if (record.object === "invoice") {
    out.push(record.customer);
    record.lines.forEach(line);
  } else if (record.object === "billPayment") {
    out.push(record.vendor);
    for (const a of record.applications) out.push(a.bill);
    for (const c of record.credits) out.push(c.credit, c.bill);
  } else if (record.object === "receivedPayment") {
    out.push(record.customer);
    for (const a of record.applications) out.push(a.invoice);
  } else if (record.object === "attachment") {
    out.push(record.parent);
  }
  return out;
}
