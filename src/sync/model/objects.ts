/**
 * The objects the engine syncs, as data: which Intacct object and ID field each maps to, the
 * fields an incremental pull selects, the directions (PRODUCT.md "What syncs"), and the
 * dependency order (lists before transactions, credits before the bills and payments that use
 * them, bills before payments — `bill-intacct-sync.md` §7.1).
 */

/** A side of the sync. */
export type Side = "platform" | "intacct";

/** Every object of PRODUCT.md's object table, in canonical (side-neutral) names. */
export type SyncObject =
  | "currency"
  | "bankAccount"
  | "booksClosed"
  | "glAccount"
  | "department"
  | "location"
  | "class"
  | "paymentTerm"
  | "employee"
  | "item"
  | "customer"
  | "vendor"
  | "project"
  | "vendorCredit"
  | "bill"
  | "billPayment"
  | "invoice"
  | "receivedPayment"
  | "attachment";

/** List (master data) or transaction; transactions obey the two-way/one-way preference. */
export type ObjectKind = "list" | "transaction" | "setting";

/**
 * What flows in (Intacct → platform):
 * - `records`: records are created/updated on the platform;
 * - `status`: only the status of linked records (paid, voided) or, for payments, Intacct-side
 *   payments of linked documents recorded on the platform;
 * - `none`.
 */
export type InboundMode = "records" | "status" | "none";

/** Static description of one object. */
export interface ObjectSpec {
  readonly object: SyncObject;
  readonly kind: ObjectKind;
  /** Intacct object read and written (vendor credits are negative `APBILL`s, B14). */
  readonly intacctObject: string;
  /** The Intacct business ID field (`readByName` key), when the object has one. */
  readonly intacctIdField?: string;
  /** Whether this object flows Intacct → platform, and how. */
  readonly inbound: InboundMode;
  /** Whether this object flows platform → Intacct. */
  readonly outbound: boolean;
  /** Objects whose records this one references; they sync first. */
  readonly dependsOn: readonly SyncObject[];
  /**
   * Fields an incremental `query` selects (only what the mappers read; B19). `WHENMODIFIED` and
   * `RECORDNO` are always included.
   */
  readonly intacctFields: readonly string[];
}

const AUDIT = ["RECORDNO", "WHENMODIFIED"] as const;
const MEGA = ["MEGAENTITYID"] as const;

/** The table itself, in dependency order (see {@link SYNC_ORDER}). */
export const OBJECT_SPECS: Readonly<Record<SyncObject, ObjectSpec>> = {
  currency: { object: "currency", kind: "setting", intacctObject: "TRXCURRENCIES", intacctIdField: "CODE", inbound: "records", outbound: false, dependsOn: [], intacctFields: [...AUDIT, "CODE", "NAME"] },
  bankAccount: {
    object: "bankAccount", kind: "setting", intacctObject: "CHECKINGACCOUNT", intacctIdField: "BANKACCOUNTID", inbound: "records", outbound: false, dependsOn: [],
    intacctFields: [...AUDIT, ...MEGA, "BANKACCOUNTID", "BANKNAME", "GLACCOUNTNO", "CURRENCY", "STATUS", "LASTRECONCILEDBALANCE", "LASTRECONCILEDDATE"],
  },
  booksClosed: { object: "booksClosed", kind: "setting", intacctObject: "LOCATIONENTITY", intacctIdField: "LOCATIONID", inbound: "records", outbound: false, dependsOn: [], intacctFields: [...AUDIT, "LOCATIONID", "NAME"] },
  glAccount: {
    object: "glAccount", kind: "list", intacctObject: "GLACCOUNT", intacctIdField: "ACCOUNTNO", inbound: "records", outbound: true, dependsOn: [],
    intacctFields: [...AUDIT, "ACCOUNTNO", "TITLE", "ACCOUNTTYPE", "NORMALBALANCE", "STATUS"],
  },
  department: { object: "department", kind: "list", intacctObject: "DEPARTMENT", intacctIdField: "DEPARTMENTID", inbound: "records", outbound: true, dependsOn: [], intacctFields: [...AUDIT, "DEPARTMENTID", "TITLE", "STATUS"] },
  location: { object: "location", kind: "list", intacctObject: "LOCATION", intacctIdField: "LOCATIONID", inbound: "records", outbound: true, dependsOn: [], intacctFields: [...AUDIT, "LOCATIONID", "NAME", "STATUS", "ENTITY"] },
  class: { object: "class", kind: "list", intacctObject: "CLASS", intacctIdField: "CLASSID", inbound: "records", outbound: true, dependsOn: [], intacctFields: [...AUDIT, ...MEGA, "CLASSID", "NAME", "STATUS"] },
  paymentTerm: { object: "paymentTerm", kind: "list", intacctObject: "APTERM", intacctIdField: "NAME", inbound: "records", outbound: true, dependsOn: [], intacctFields: [...AUDIT, "NAME", "DESCRIPTION", "STATUS"] },
  employee: {
    object: "employee", kind: "list", intacctObject: "EMPLOYEE", intacctIdField: "EMPLOYEEID", inbound: "records", outbound: true, dependsOn: ["department", "location"],
    intacctFields: [...AUDIT, ...MEGA, "EMPLOYEEID", "STATUS", "CONTACT.FIRSTNAME", "CONTACT.LASTNAME", "CONTACT.EMAIL1"],
  },
  item: { object: "item", kind: "list", intacctObject: "ITEM", intacctIdField: "ITEMID", inbound: "records", outbound: true, dependsOn: ["glAccount"], intacctFields: [...AUDIT, "ITEMID", "NAME", "STATUS", "ITEMTYPE"] },
  customer: {
    object: "customer", kind: "list", intacctObject: "CUSTOMER", intacctIdField: "CUSTOMERID", inbound: "records", outbound: true, dependsOn: ["paymentTerm"],
    intacctFields: [...AUDIT, ...MEGA, "CUSTOMERID", "NAME", "STATUS", "DISPLAYCONTACT.EMAIL1"],
  },
  vendor: {
    object: "vendor", kind: "list", intacctObject: "VENDOR", intacctIdField: "VENDORID", inbound: "records", outbound: true, dependsOn: ["paymentTerm", "glAccount"],
    intacctFields: [...AUDIT, ...MEGA, "VENDORID", "NAME", "STATUS", "DISPLAYCONTACT.EMAIL1", "OBJECTRESTRICTION"],
  },
  project: { object: "project", kind: "list", intacctObject: "PROJECT", intacctIdField: "PROJECTID", inbound: "records", outbound: false, dependsOn: ["customer"], intacctFields: [...AUDIT, ...MEGA, "PROJECTID", "NAME", "STATUS"] },
  vendorCredit: {
    object: "vendorCredit", kind: "transaction", intacctObject: "APBILL", inbound: "records", outbound: true, dependsOn: ["vendor", "glAccount", "department", "location", "class", "item", "project", "employee"],
    intacctFields: [...AUDIT, ...MEGA, "RECORDID", "VENDORID", "WHENCREATED", "WHENPOSTED", "WHENDUE", "DESCRIPTION", "DOCNUMBER", "STATE", "TOTALENTERED", "TOTALPAID", "TOTALDUE"],
  },
  bill: {
    object: "bill", kind: "transaction", intacctObject: "APBILL", inbound: "records", outbound: true, dependsOn: ["vendor", "glAccount", "department", "location", "class", "item", "project", "employee", "paymentTerm", "vendorCredit"],
    intacctFields: [...AUDIT, ...MEGA, "RECORDID", "VENDORID", "WHENCREATED", "WHENPOSTED", "WHENDUE", "DESCRIPTION", "DOCNUMBER", "STATE", "TOTALENTERED", "TOTALPAID", "TOTALDUE"],
  },
  billPayment: {
    object: "billPayment", kind: "transaction", intacctObject: "APPYMT", inbound: "status", outbound: true, dependsOn: ["bill", "vendorCredit", "vendor", "bankAccount"],
    intacctFields: [...AUDIT, ...MEGA, "VENDORID", "WHENCREATED", "DOCNUMBER", "DESCRIPTION", "STATE", "TOTALENTERED", "FINANCIALENTITY"],
  },
  invoice: {
    object: "invoice", kind: "transaction", intacctObject: "ARINVOICE", inbound: "status", outbound: true, dependsOn: ["customer", "glAccount", "department", "location", "class", "item", "project", "paymentTerm"],
    intacctFields: [...AUDIT, ...MEGA, "RECORDID", "CUSTOMERID", "WHENCREATED", "WHENDUE", "DESCRIPTION", "STATE", "TOTALENTERED", "TOTALPAID", "TOTALDUE"],
  },
  receivedPayment: {
    object: "receivedPayment", kind: "transaction", intacctObject: "ARPYMT", inbound: "status", outbound: true, dependsOn: ["invoice", "customer"],
    intacctFields: [...AUDIT, ...MEGA, "CUSTOMERID", "RECEIPTDATE", "DOCNUMBER", "DESCRIPTION", "STATE", "TOTALENTERED"],
  },
  attachment: { object: "attachment", kind: "transaction", intacctObject: "SUPDOC", intacctIdField: "supdocid", inbound: "none", outbound: true, dependsOn: ["bill", "invoice"], intacctFields: [] },
};

/** All objects in the order a run processes them: every object after the objects it depends on. */
export const SYNC_ORDER: readonly SyncObject[] = Object.keys(OBJECT_SPECS) as SyncObject[];

/** Position of an object in {@link SYNC_ORDER} (lower runs first). */
export function orderOf(object: SyncObject): number {
  return SYNC_ORDER.indexOf(object);
}

/** Objects whose records flow Intacct → platform as records (not only status). */
export function isInboundRecords(object: SyncObject): boolean {
  return OBJECT_SPECS[object].inbound === "records";
}

/** Sorts objects into dependency order (stable; unknown names are a type error). */
export function inDependencyOrder(objects: Iterable<SyncObject>): SyncObject[] {
  return [...new Set(objects)].sort((a, b) => orderOf(a) - orderOf(b));
}
