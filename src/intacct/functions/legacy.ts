/**
 * Legacy (object-specific, DTD 2.1-shaped) functions the sync needs: bills, AP adjustments, AR
 * invoices, attachments (`intacct-objects-permissions.md` B13, B14, B16, B18). Their children are
 * validated against a DTD, so ORDER MATTERS: the orders below follow the official JS SDK 2.2.1
 * writers (`BillCreate`, `BillLineCreate`, `BillUpdate`, `ApAdjustmentCreate`, `InvoiceCreate`,
 * `InvoiceLineCreate`). Dates are ISO `YYYY-MM-DD` in, `<year><month><day>` out.
 *
 * Not built: `create_paymentrequest` — bill payments use the generic `create APPYMT` (B15),
 * which the SDK itself uses for `ApPaymentCreate`.
 */
import { IntacctUsageError } from "../errors.js";
import { node, type NodeChild, optionalText } from "../xml-node.js";
import type { XmlElement } from "../xml/index.js";
import type { IntacctFunction, WriteOptions } from "./types.js";
import { checkMax, checkNonEmpty, checkWriteControlId } from "./validate.js";

/** Writes `YYYY-MM-DD` as `<name><year/><month/><day/></name>`. */
export function legacyDate(name: string, iso: string | undefined): XmlElement | undefined {
  if (iso === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (m === null) throw new IntacctUsageError(`${name}: expected a date as YYYY-MM-DD; got ${iso}`);
  return node(name, {}, [node("year", {}, m[1] ?? ""), node("month", {}, m[2] ?? ""), node("day", {}, m[3] ?? "")]);
}

/** Custom field values by integration name. */
export type CustomFields = Readonly<Record<string, string>>;

function customFields(values: CustomFields | undefined): XmlElement | undefined {
  if (values === undefined || Object.keys(values).length === 0) return undefined;
  return node(
    "customfields",
    {},
    Object.entries(values).map(([k, v]) => node("customfield", {}, [node("customfieldname", {}, k), node("customfieldvalue", {}, v)])),
  );
}

/** Transaction currency block (SDK `AbstractTransaction` order). */
export interface LegacyCurrency {
  readonly baseCurrency?: string;
  readonly currency?: string;
  /** YYYY-MM-DD */
  readonly exchangeRateDate?: string;
  /** Exchange rate type ID (blank = Intacct Daily Rate); never together with `exchangeRate`. */
  readonly exchangeRateType?: string;
  readonly exchangeRate?: string;
}

function currencyBlock(c: LegacyCurrency): NodeChild[] {
  if (c.exchangeRateType !== undefined && c.exchangeRate !== undefined) {
    throw new IntacctUsageError("exchangeRateType and exchangeRate are mutually exclusive");
  }
  return [
    optionalText("basecurr", c.baseCurrency),
    optionalText("currency", c.currency),
    legacyDate("exchratedate", c.exchangeRateDate),
    optionalText("exchratetype", c.exchangeRateType),
    optionalText("exchrate", c.exchangeRate),
  ];
}

/** One AP/AR line (the union of the three line writers' fields). */
export interface LegacyLine {
  /** GL account number; or `accountLabel`. */
  readonly glAccountNo?: string;
  readonly accountLabel?: string;
  readonly offsetGlAccountNo?: string;
  /** Decimal string, e.g. `"1250.00"`. */
  readonly amount: string;
  readonly allocationId?: string;
  readonly memo?: string;
  readonly locationId?: string;
  readonly departmentId?: string;
  /** AP only: 1099 flag. */
  readonly item1099?: boolean;
  readonly key?: string;
  readonly totalPaid?: string;
  readonly totalDue?: string;
  readonly customFields?: CustomFields;
  readonly projectId?: string;
  readonly customerId?: string;
  readonly vendorId?: string;
  readonly employeeId?: string;
  readonly itemId?: string;
  readonly classId?: string;
  readonly contractId?: string;
  readonly warehouseId?: string;
  /** AP bills only. */
  readonly billable?: boolean;
}

type LineFlavor = "bill" | "apadjustment" | "invoice";

function lineChildren(l: LegacyLine, flavor: LineFlavor): NodeChild[] {
  if ((l.glAccountNo === undefined) === (l.accountLabel === undefined)) {
    throw new IntacctUsageError("each line needs exactly one of glAccountNo or accountLabel");
  }
  return [
    optionalText("accountlabel", l.accountLabel),
    optionalText("glaccountno", l.glAccountNo),
    optionalText("offsetglaccountno", l.offsetGlAccountNo),
    node("amount", {}, l.amount),
    optionalText("allocationid", l.allocationId),
    optionalText("memo", l.memo),
    optionalText("locationid", l.locationId),
    optionalText("departmentid", l.departmentId),
    flavor === "bill" ? optionalText("item1099", l.item1099) : undefined,
    optionalText("key", l.key),
    optionalText("totalpaid", l.totalPaid),
    optionalText("totaldue", l.totalDue),
    customFields(l.customFields),
    optionalText("projectid", l.projectId),
    optionalText("customerid", l.customerId),
    optionalText("vendorid", l.vendorId),
    optionalText("employeeid", l.employeeId),
    optionalText("itemid", l.itemId),
    optionalText("classid", l.classId),
    optionalText("contractid", l.contractId),
    optionalText("warehouseid", l.warehouseId),
    flavor === "bill" ? optionalText("billable", l.billable) : undefined,
  ];
}

function lines(container: string, items: readonly LegacyLine[], flavor: LineFlavor): XmlElement {
  checkNonEmpty(`${container} lines`, items.length);
  return node(container, {}, items.map((l) => node("lineitem", {}, lineChildren(l, flavor))));
}

/** Header of `create_bill` / `update_bill`. */
export interface LegacyBill extends LegacyCurrency {
  readonly vendorId: string;
  /** Bill date, YYYY-MM-DD. */
  readonly dateCreated: string;
  readonly datePosted?: string;
  /** Due date; or `termName` (one of the two is required by Intacct). */
  readonly dateDue?: string;
  readonly termName?: string;
  /** `Submit` (default) or `Draft`. */
  readonly action?: "Submit" | "Draft";
  readonly batchKey?: string;
  readonly billNo?: string;
  readonly poNumber?: string;
  readonly onHold?: boolean;
  readonly description?: string;
  readonly externalId?: string;
  readonly noGl?: boolean;
  readonly supDocId?: string;
  readonly customFields?: CustomFields;
  readonly items: readonly LegacyLine[];
}

function billHeader(b: Omit<LegacyBill, "items">, forUpdate: boolean): NodeChild[] {
  if (!forUpdate && b.dateDue === undefined && b.termName === undefined) throw new IntacctUsageError("create_bill needs dateDue or termName");
  return [
    optionalText("vendorid", b.vendorId),
    legacyDate("datecreated", b.dateCreated),
    legacyDate("dateposted", b.datePosted),
    legacyDate("datedue", b.dateDue),
    optionalText("termname", b.termName),
    optionalText("action", b.action),
    forUpdate ? undefined : optionalText("batchkey", b.batchKey),
    optionalText("billno", b.billNo),
    optionalText("ponumber", b.poNumber),
    optionalText("onhold", b.onHold),
    optionalText("description", b.description),
    forUpdate ? undefined : optionalText("externalid", b.externalId),
    ...currencyBlock(b),
    forUpdate ? undefined : optionalText("nogl", b.noGl),
    optionalText("supdocid", b.supDocId),
    customFields(b.customFields),
  ];
}

/** `create_bill` (B13). Returns `<key>` = new RECORDNO. */
export function createBill(bill: LegacyBill, options: WriteOptions): IntacctFunction {
  const controlId = checkWriteControlId("create_bill", options);
  checkMax("create_bill lines", bill.items.length, 500);
  return { kind: "write", controlId, body: node("create_bill", {}, [...billHeader(bill, false), lines("billitems", bill.items, "bill")]) };
}

/** A line of `update_bill`: `lineNum` (1-based) updates an existing line, otherwise a new line is added. */
export type LegacyBillLineUpdate = LegacyLine & { readonly lineNum?: number };

/** `update_bill key="…"` (B13): header fields, plus line updates/additions. */
export function updateBill(
  key: string,
  changes: Partial<Omit<LegacyBill, "items" | "vendorId" | "dateCreated">> & { readonly vendorId?: string; readonly dateCreated?: string; readonly items?: readonly LegacyBillLineUpdate[] },
  options: WriteOptions,
): IntacctFunction {
  const controlId = checkWriteControlId("update_bill", options);
  const { items, ...header } = changes;
  const itemsEl =
    items === undefined || items.length === 0
      ? undefined
      : node(
          "updatebillitems",
          {},
          items.map((l) =>
            l.lineNum === undefined ? node("lineitem", {}, lineChildren(l, "bill")) : node("updatelineitem", { line_num: String(l.lineNum) }, lineChildren(l, "bill")),
          ),
        );
  return {
    kind: "write",
    controlId,
    body: node("update_bill", { key }, [...billHeader(header as Omit<LegacyBill, "items">, true), itemsEl]),
  };
}

/** `delete_bill key="…"` (B13). */
export function deleteBill(key: string, options: WriteOptions): IntacctFunction {
  return { kind: "write", controlId: checkWriteControlId("delete_bill", options), body: node("delete_bill", { key }) };
}

/** `create_apadjustment` (B14). */
export interface LegacyApAdjustment extends LegacyCurrency {
  readonly vendorId: string;
  readonly dateCreated: string;
  readonly datePosted?: string;
  readonly batchKey?: string;
  readonly adjustmentNo?: string;
  readonly action?: "Submit" | "Draft";
  /** Reference bill number. */
  readonly billNo?: string;
  readonly description?: string;
  readonly externalId?: string;
  readonly noGl?: boolean;
  readonly customFields?: CustomFields;
  /** All line amounts must share one sign (B14). */
  readonly items: readonly LegacyLine[];
}

/** `create_apadjustment` (B14). Returns `<key>`. */
export function createApAdjustment(adj: LegacyApAdjustment, options: WriteOptions): IntacctFunction {
  const controlId = checkWriteControlId("create_apadjustment", options);
  const signs = new Set(adj.items.map((l) => l.amount.trim().startsWith("-")));
  if (signs.size > 1) throw new IntacctUsageError("create_apadjustment: all line amounts must share one sign");
  return {
    kind: "write",
    controlId,
    body: node("create_apadjustment", {}, [
      node("vendorid", {}, adj.vendorId),
      legacyDate("datecreated", adj.dateCreated),
      legacyDate("dateposted", adj.datePosted),
      optionalText("batchkey", adj.batchKey),
      optionalText("adjustmentno", adj.adjustmentNo),
      optionalText("action", adj.action),
      optionalText("billno", adj.billNo),
      optionalText("description", adj.description),
      optionalText("externalid", adj.externalId),
      ...currencyBlock(adj),
      optionalText("nogl", adj.noGl),
      customFields(adj.customFields),
      lines("apadjustmentitems", adj.items, "apadjustment"),
    ]),
  };
}

/** `delete_apadjustment key="…"` (B14). */
export function deleteApAdjustment(key: string, options: WriteOptions): IntacctFunction {
  return { kind: "write", controlId: checkWriteControlId("delete_apadjustment", options), body: node("delete_apadjustment", { key }) };
}

/** `create_invoice` (B16). */
export interface LegacyInvoice extends LegacyCurrency {
  readonly customerId: string;
  readonly dateCreated: string;
  readonly datePosted?: string;
  readonly dateDue?: string;
  readonly termName?: string;
  readonly action?: "Submit" | "Draft";
  readonly batchKey?: string;
  readonly invoiceNo?: string;
  readonly poNumber?: string;
  readonly onHold?: boolean;
  readonly description?: string;
  readonly externalId?: string;
  readonly noGl?: boolean;
  readonly supDocId?: string;
  readonly customFields?: CustomFields;
  readonly items: readonly LegacyLine[];
}

/** `create_invoice` (B16). Returns `<key>`. */
export function createInvoice(inv: LegacyInvoice, options: WriteOptions): IntacctFunction {
  const controlId = checkWriteControlId("create_invoice", options);
  if (inv.dateDue === undefined && inv.termName === undefined) throw new IntacctUsageError("create_invoice needs dateDue or termName");
  return {
    kind: "write",
    controlId,
    body: node("create_invoice", {}, [
      node("customerid", {}, inv.customerId),
      legacyDate("datecreated", inv.dateCreated),
      legacyDate("dateposted", inv.datePosted),
      legacyDate("datedue", inv.dateDue),
      optionalText("termname", inv.termName),
      optionalText("action", inv.action),
      optionalText("batchkey", inv.batchKey),
      optionalText("invoiceno", inv.invoiceNo),
      optionalText("ponumber", inv.poNumber),
      optionalText("onhold", inv.onHold),
      optionalText("description", inv.description),
      optionalText("externalid", inv.externalId),
      ...currencyBlock(inv),
      optionalText("nogl", inv.noGl),
      optionalText("supdocid", inv.supDocId),
      customFields(inv.customFields),
      lines("invoiceitems", inv.items, "invoice"),
    ]),
  };
}

/**
 * `update_invoice key="…"` changing only the attached supporting document (`supdocid`, B16/B18):
 * ARINVOICE has no generic update, so this is how an invoice is linked to a SUPDOC.
 */
export function updateInvoiceSupdoc(key: string, supDocId: string, options: WriteOptions): IntacctFunction {
  const controlId = checkWriteControlId("update_invoice", options);
  return { kind: "write", controlId, body: node("update_invoice", { key }, [node("supdocid", {}, supDocId)]) };
}

/** `delete_invoice key="…"` (B16). */
export function deleteInvoice(key: string, options: WriteOptions): IntacctFunction {
  return { kind: "write", controlId: checkWriteControlId("delete_invoice", options), body: node("delete_invoice", { key }) };
}

/** One attachment file of a supporting document. */
export interface SupdocAttachment {
  /** File name without extension. */
  readonly name: string;
  /** Extension without the dot, e.g. `pdf`. */
  readonly type: string;
  /** Base64 content. */
  readonly base64: string;
}

/** `create_supdoc` (B18). */
export interface LegacySupdoc {
  /** Optional when auto-numbered. */
  readonly supdocId?: string;
  readonly name: string;
  /** Required: the folder must exist (`create_supdocfolder`). */
  readonly folderName: string;
  readonly description?: string;
  readonly attachments: readonly SupdocAttachment[];
}

function attachments(files: readonly SupdocAttachment[]): XmlElement {
  return node(
    "attachments",
    {},
    files.map((f) => node("attachment", {}, [node("attachmentname", {}, f.name), node("attachmenttype", {}, f.type), node("attachmentdata", {}, f.base64)])),
  );
}

/** `create_supdoc` (B18). */
export function createSupdoc(doc: LegacySupdoc, options: WriteOptions): IntacctFunction {
  const controlId = checkWriteControlId("create_supdoc", options);
  return {
    kind: "write",
    controlId,
    body: node("create_supdoc", {}, [
      optionalText("supdocid", doc.supdocId),
      node("supdocname", {}, doc.name),
      node("supdocfoldername", {}, doc.folderName),
      optionalText("supdocdescription", doc.description),
      attachments(doc.attachments),
    ]),
  };
}

/** `update_supdoc` adding files to an existing supporting document (B18: bodies cannot be replaced). */
export function addSupdocAttachments(supdocId: string, files: readonly SupdocAttachment[], options: WriteOptions): IntacctFunction {
  const controlId = checkWriteControlId("update_supdoc", options);
  checkNonEmpty("update_supdoc attachments", files.length);
  return { kind: "write", controlId, body: node("update_supdoc", {}, [node("supdocid", {}, supdocId), attachments(files)]) };
}

/** `create_supdocfolder` (B18). */
export function createSupdocFolder(folder: { readonly name: string; readonly description?: string; readonly parentName?: string }, options: WriteOptions): IntacctFunction {
  const controlId = checkWriteControlId("create_supdocfolder", options);
  return {
    kind: "write",
    controlId,
    body: node("create_supdocfolder", {}, [
      node("supdocfoldername", {}, folder.name),
      optionalText("supdocfolderdescription", folder.description),
      optionalText("supdocparentfoldername", folder.parentName),
    ]),
  };
}

/** Options of the legacy `get_list`. */
export interface GetListOptions {
  /** @default undefined (server default) */
  readonly maxItems?: number;
  /** 0-based start. @default undefined */
  readonly start?: number;
  /** Field names to return. @default undefined (all) */
  readonly fields?: readonly string[];
  /** Simple equality filter `field = value`. @default undefined */
  readonly filter?: { readonly field: string; readonly operator?: string; readonly value: string };
}

/** Legacy `get_list object="…"` (e.g. `supdoc`, `supdocfolder`, `billbatch`). Returns a `<listtype>` element. */
export function getList(object: string, options: GetListOptions = {}): IntacctFunction {
  const attrs: Record<string, string> = { object };
  if (options.maxItems !== undefined) attrs["maxitems"] = String(options.maxItems);
  if (options.start !== undefined) attrs["start"] = String(options.start);
  const f = options.filter;
  return {
    kind: "read",
    body: node("get_list", attrs, [
      f === undefined
        ? undefined
        : node("filter", {}, [node("expression", {}, [node("field", {}, f.field), node("operator", {}, f.operator ?? "="), node("value", {}, f.value)])]),
      options.fields === undefined ? undefined : node("fields", {}, options.fields.map((x) => node("field", {}, x))),
    ]),
  };
}

/** Legacy `get object="…" key="…"` (e.g. one supdoc with its attachments). */
export function getLegacy(object: string, key: string): IntacctFunction {
  return { kind: "read", body: node("get", { object, key }) };
}
