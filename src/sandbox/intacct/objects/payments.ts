/**
 * AP bill payments (`APPYMT` + `APPYMTDETAIL`, B15, Q5, Q6) and AR received payments (`ARPYMT` +
 * `ARPYMTDETAIL`, B16). A posted payment applies cash and credits to documents' lines, moving the
 * documents through Posted → Partially Paid → Paid; deleting it reverses the applications. Only
 * Draft payments can be updated, and an update replaces the detail set.
 */
import type { IntacctRecord } from "../../../intacct/xml/index.js";
import type { Env } from "./environment.js";
import { assertMayChange, assertOpenPeriod, isVisible, str } from "./environment.js";
import { ErrorTexts, fail } from "./error-texts.js";
import { applyToLines, recalcDocument } from "./documents.js";
import type { ObjectDef } from "./object-definition.js";
import type { ParsedInput } from "./record-input.js";
import { applyDefaults, checkReferences, checkRequired } from "./record-input.js";
import type { StoredRecord } from "./record-store.js";
import { deleteRecord, insertRecord, updateRecord } from "./record-writer.js";
import { formatAmount } from "./value-format.js";

interface PaymentKind {
  readonly detail: string;
  readonly document: string;
  readonly party: "VENDORID" | "CUSTOMERID";
  readonly partyName: "VENDORNAME" | "CUSTOMERNAME";
  readonly dateField: "PAYMENTDATE" | "RECEIPTDATE";
  readonly recordType: string;
}

const KINDS: Readonly<Record<string, PaymentKind>> = {
  APPYMT: { detail: "APPYMTDETAIL", document: "APBILL", party: "VENDORID", partyName: "VENDORNAME", dateField: "PAYMENTDATE", recordType: "pp" },
  ARPYMT: { detail: "ARPYMTDETAIL", document: "ARINVOICE", party: "CUSTOMERID", partyName: "CUSTOMERNAME", dateField: "RECEIPTDATE", recordType: "rp" },
};

const num = (v: IntacctRecord[string] | undefined): number => Number(str(v) || "0");

function kindOf(def: ObjectDef): PaymentKind {
  const k = KINDS[def.name];
  if (!k) throw new Error(`${def.name} is not a payment`);
  return k;
}

function objectDef(env: Env, name: string): ObjectDef {
  const d = env.catalog.object(name);
  if (!d) throw new Error(`unknown object ${name}`);
  return d;
}

/** Credits a detail may apply with the bill payment (key field, line key field, amount field, object). */
const CREDITS: ReadonlyArray<readonly [key: string, entryKey: string, amount: string, object: string]> = [
  ["ADJUSTMENTKEY", "ADJUSTMENTENTRYKEY", "TRX_ADJUSTMENTAMOUNT", "APADJUSTMENT"],
  ["INLINEKEY", "INLINEENTRYKEY", "TRX_INLINEAMOUNT", "APBILL"],
];

/** Cash part of a detail. */
const cashOf = (d: IntacctRecord): number => num(d["TRX_PAYMENTAMOUNT"]);
/** Credit parts of a detail. */
const creditsOf = (d: IntacctRecord): number => CREDITS.reduce((s, [, , amount]) => s + num(d[amount]), 0);

/** Loads a document a detail points at, checking party and owner. */
function documentFor(env: Env, object: string, key: string, partyField: string, party: string, owner: string, label: string): StoredRecord {
  const rec = /^\d+$/.test(key) ? env.store.byRecordNo(env.ctx.companyId, object, Number(key)) : undefined;
  const def = objectDef(env, object);
  if (!rec || !isVisible(env, def, rec, true) || str(rec.fields[partyField]) !== party || rec.entity !== owner || rec.fields["RAWSTATE"] === "D") {
    fail(ErrorTexts.invalidReference(label, key));
  }
  return rec;
}

/** Applies (`direction` 1) or reverses (`direction` -1) one detail. */
function applyDetail(env: Env, kind: PaymentKind, detail: IntacctRecord, party: string, owner: string, date: string, direction: 1 | -1): void {
  // B15: a detail targets a bill (RECORDKEY [+ ENTRYKEY]) or, in AP, a credit memo (POSADJKEY [+ POSADJENTRYKEY]).
  const creditMemo = kind.document === "APBILL" && str(detail["RECORDKEY"]) === "" && str(detail["POSADJKEY"]) !== "";
  const docObject = creditMemo ? "APADJUSTMENT" : kind.document;
  const docDef = objectDef(env, docObject);
  const doc = documentFor(env, docObject, str(detail[creditMemo ? "POSADJKEY" : "RECORDKEY"]), kind.party, party, owner, creditMemo ? "Adjustment" : kind.document === "APBILL" ? "Bill" : "Invoice");
  const total = Math.round((cashOf(detail) + creditsOf(detail)) * 100) / 100;
  if (direction === 1) {
    const due = num(doc.fields["TOTALDUE"]);
    const label = str(doc.fields["RECORDID"]) || String(doc.recordNo);
    if (due <= 0) fail(ErrorTexts.noDue(label));
    if (total > due) fail(ErrorTexts.overpay(label, formatAmount(due), formatAmount(total)));
  }
  const left = applyToLines(env, docDef, doc, direction * total, str(detail[creditMemo ? "POSADJENTRYKEY" : "ENTRYKEY"]));
  if (left !== 0) fail(ErrorTexts.overpay(str(doc.fields["RECORDID"]) || String(doc.recordNo), formatAmount(total - Math.abs(left)), formatAmount(total)));
  recalcDocument(env, docDef, env.store.byRecordNo(env.ctx.companyId, docObject, doc.recordNo) ?? doc, date);
  for (const [key, entryKey, amountField, object] of CREDITS) {
    const amount = num(detail[amountField]);
    if (str(detail[key]) === "" || amount === 0) continue;
    const creditDef = objectDef(env, object);
    const credit = documentFor(env, object, str(detail[key]), kind.party, party, owner, object === "APBILL" ? "Bill" : "Adjustment");
    // A vendor credit (debit memo or negative bill) carries a negative due; consuming it moves paid toward it.
    if (direction === 1 && num(credit.fields["TOTALDUE"]) > -amount + 0.001) fail(ErrorTexts.overpay(str(credit.fields["RECORDID"]) || String(credit.recordNo), formatAmount(-num(credit.fields["TOTALDUE"])), formatAmount(amount)));
    const rest = applyToLines(env, creditDef, credit, -direction * amount, str(detail[entryKey]));
    if (rest !== 0) fail(ErrorTexts.overpay(str(credit.fields["RECORDID"]) || String(credit.recordNo), formatAmount(amount - Math.abs(rest)), formatAmount(amount)));
    recalcDocument(env, creditDef, env.store.byRecordNo(env.ctx.companyId, object, credit.recordNo) ?? credit, date);
  }
}

function ownerOf(env: Env, kind: PaymentKind, details: readonly IntacctRecord[]): string {
  if (env.ctx.entityId !== "") return env.ctx.entityId;
  const owners = new Set<string>();
  for (const d of details) {
    const memo = str(d["RECORDKEY"]) === "" && str(d["POSADJKEY"]) !== "";
    const key = str(d[memo ? "POSADJKEY" : "RECORDKEY"]);
    const doc = /^\d+$/.test(key) ? env.store.byRecordNo(env.ctx.companyId, memo ? "APADJUSTMENT" : kind.document, Number(key)) : undefined;
    if (doc) owners.add(doc.entity);
  }
  if (owners.size > 1) fail(ErrorTexts.mixedEntities());
  return [...owners][0] ?? "";
}

function validateDetails(env: Env, def: ObjectDef, kind: PaymentKind, details: readonly IntacctRecord[] | undefined): IntacctRecord[] {
  if (!details || details.length === 0) fail(ErrorTexts.required("Payment details"), ErrorTexts.couldNotCreate(def.name));
  const detailDef = objectDef(env, kind.detail);
  return details.map((d) => {
    const detail: IntacctRecord = { ...d };
    delete detail["RECORDNO"];
    if (str(detail["RECORDKEY"]) === "" && (kind.document !== "APBILL" || str(detail["POSADJKEY"]) === "")) fail(ErrorTexts.required(kind.document === "APBILL" ? "Bill key" : "Invoice key"));
    if (cashOf(detail) < 0 || creditsOf(detail) < 0) fail(ErrorTexts.invalidValue("Payment amount", "negative"));
    if (cashOf(detail) + creditsOf(detail) === 0) fail(ErrorTexts.required("Payment amount"));
    checkRequired(detailDef, detail, "create", ["RECORDKEY", "TRX_PAYMENTAMOUNT"]);
    detail["PAYMENTAMOUNT"] = str(detail["TRX_PAYMENTAMOUNT"]) || "0.00";
    if (detail["TRX_ADJUSTMENTAMOUNT"] !== undefined) detail["ADJUSTMENTAMOUNT"] = detail["TRX_ADJUSTMENTAMOUNT"];
    if (detail["TRX_INLINEAMOUNT"] !== undefined) detail["INLINEAMOUNT"] = detail["TRX_INLINEAMOUNT"];
    return detail;
  });
}

function postDetails(env: Env, def: ObjectDef, kind: PaymentKind, payment: StoredRecord, details: readonly IntacctRecord[], draft: boolean): void {
  const detailDef = objectDef(env, kind.detail);
  const party = str(payment.fields[kind.party]);
  const date = str(payment.fields[kind.dateField]);
  for (const d of details) {
    insertRecord(env, detailDef, { ...d, PAYMENTKEY: String(payment.recordNo), STATE: str(payment.fields["STATE"]), CURRENCY: str(payment.fields["CURRENCY"]) }, payment.entity, payment.recordNo);
    if (!draft) applyDetail(env, kind, d, party, payment.entity, date, 1);
  }
}

function paymentState(draft: boolean): IntacctRecord {
  return draft ? { STATE: "Draft", RAWSTATE: "D" } : { STATE: "Complete", RAWSTATE: "C" };
}

function paymentTotals(details: readonly IntacctRecord[], draft: boolean, date: string): IntacctRecord {
  const cash = formatAmount(details.reduce((s, d) => s + cashOf(d), 0));
  return {
    TOTALENTERED: cash,
    TRX_TOTALENTERED: cash,
    TOTALPAID: draft ? "0.00" : cash,
    TRX_TOTALPAID: draft ? "0.00" : cash,
    TOTALDUE: draft ? cash : "0.00",
    TRX_TOTALDUE: draft ? cash : "0.00",
    TOTALSELECTED: "0.00",
    TRX_TOTALSELECTED: "0.00",
    WHENPAID: draft ? "" : date,
  };
}

/** Creates (and unless Draft, posts) a payment. */
export function createPayment(env: Env, def: ObjectDef, input: ParsedInput): StoredRecord {
  const kind = kindOf(def);
  const values: IntacctRecord = { ...input.values };
  applyDefaults(def, values);
  const details = validateDetails(env, def, kind, input.lines);
  const creditOnly = details.every((d) => cashOf(d) === 0);
  checkRequired(def, values, "create");
  if (def.name === "APPYMT" && !creditOnly) {
    if (str(values["FINANCIALENTITY"]) === "") fail(ErrorTexts.required("Bank account"), ErrorTexts.couldNotCreate(def.name));
    if (str(values["PAYMENTMETHOD"]) === "") fail(ErrorTexts.required("Payment method"), ErrorTexts.couldNotCreate(def.name));
  }
  if (def.name === "ARPYMT" && str(values["FINANCIALENTITY"]) === "" && str(values["UNDEPOSITEDACCOUNTNO"]) === "") fail(ErrorTexts.required("Bank account"), ErrorTexts.couldNotCreate(def.name));
  const owner = ownerOf(env, kind, details);
  const refs = checkReferences(env, def, values, owner);
  const party = refs.get(kind.party);
  if (party) values[kind.partyName] = str(party.fields["NAME"]);
  const bank = refs.get("FINANCIALENTITY");
  if (bank) {
    values["FINANCIALENTITYTYPE"] = "CA";
    values["FINANCIALACCOUNTNAME"] = str(bank.fields["BANKNAME"]);
  }
  const date = str(values[kind.dateField]);
  assertOpenPeriod(env, owner, date);
  const draft = values["ACTION"] === "Draft";
  Object.assign(values, { RECORDTYPE: kind.recordType, WHENCREATED: date }, paymentState(draft), paymentTotals(details, draft, date));
  const payment = insertRecord(env, def, values, owner);
  postDetails(env, def, kind, payment, details, draft);
  return payment;
}

function findPayment(env: Env, def: ObjectDef, key: string, purpose: "update" | "delete"): StoredRecord {
  const rec = /^\d+$/.test(key) ? env.store.byRecordNo(env.ctx.companyId, def.name, Number(key)) : undefined;
  if (!rec || !isVisible(env, def, rec, true)) fail(purpose === "update" ? ErrorTexts.updateMissing(def.name, "RECORDNO", key) : ErrorTexts.deleteMissing(def.name, key));
  return rec;
}

function removeDetails(env: Env, kind: PaymentKind, payment: StoredRecord, reverse: boolean): void {
  const party = str(payment.fields[kind.party]);
  for (const d of env.store.children(env.ctx.companyId, kind.detail, payment.recordNo)) {
    if (reverse) applyDetail(env, kind, d.fields, party, payment.entity, "", -1);
    env.store.remove(env.ctx.companyId, kind.detail, d.recordNo);
  }
}

/** Updates a Draft payment: header fields merge, a detail set replaces the old one, `ACTION` Submit posts it. */
export function updatePayment(env: Env, def: ObjectDef, input: ParsedInput): StoredRecord {
  const kind = kindOf(def);
  const rec = findPayment(env, def, str(input.values["RECORDNO"]), "update");
  assertMayChange(env, def, rec, String(rec.recordNo));
  if (rec.fields["RAWSTATE"] !== "D") fail(ErrorTexts.paymentNotDraft(String(rec.recordNo)));
  const changes: IntacctRecord = { ...input.values };
  delete changes["RECORDNO"];
  const refs = checkReferences(env, def, changes, rec.entity);
  const bank = refs.get("FINANCIALENTITY");
  if (bank) changes["FINANCIALACCOUNTNAME"] = str(bank.fields["BANKNAME"]);
  const merged = { ...rec.fields, ...changes };
  const date = str(merged[kind.dateField]);
  if (changes[kind.dateField] !== undefined) changes["WHENCREATED"] = date;
  assertOpenPeriod(env, rec.entity, date);
  const details = input.lines ? validateDetails(env, def, kind, input.lines) : env.store.children(env.ctx.companyId, kind.detail, rec.recordNo).map((d) => d.fields);
  const draft = merged["ACTION"] === "Draft";
  Object.assign(changes, paymentState(draft), paymentTotals(details, draft, date));
  removeDetails(env, kind, rec, false);
  const next = updateRecord(env, def, rec, changes);
  postDetails(env, def, kind, next, details, draft);
  return next;
}

/** Deletes a payment, reversing its applications (the bills become due again). */
export function deletePayment(env: Env, def: ObjectDef, rec: StoredRecord): void {
  const kind = kindOf(def);
  assertMayChange(env, def, rec, String(rec.recordNo));
  assertOpenPeriod(env, rec.entity, str(rec.fields["WHENCREATED"]));
  removeDetails(env, kind, rec, rec.fields["RAWSTATE"] !== "D");
  deleteRecord(env, def, rec);
}

/** Finds a payment for delete (A5 text). */
export function findPaymentForDelete(env: Env, def: ObjectDef, key: string): StoredRecord {
  return findPayment(env, def, key, "delete");
}
