/**
 * AP bills, AP adjustments and AR invoices: documents with lines (B13, B14, B16, Q4, Q6, Q7).
 * Totals and STATE follow payments and credits: Posted → Partially Paid → Paid, with the raw
 * state `A` shared by all three (Q4); lines are replaced as a set on update; paid documents and
 * documents in closed periods cannot change; a top-level document belongs to the entity its
 * lines' locations roll up to.
 */
import type { IntacctRecord } from "../../../intacct/xml/index.js";
import type { Env } from "./environment.js";
import { assertMayChange, assertOpenDocumentPeriod, isMultiEntity, isVisible, str } from "./environment.js";
import { ErrorTexts, fail } from "./error-texts.js";
import type { ObjectDef } from "./object-definition.js";
import type { ParsedInput } from "./record-input.js";
import { applyDefaults, checkReferences, checkRequired, resolveReference } from "./record-input.js";
import type { StoredRecord } from "./record-store.js";
import { deleteRecord, insertRecord, orderFields, updateRecord } from "./record-writer.js";
import { addDays, formatAmount } from "./value-format.js";

/** Per-object facts of a document. */
interface DocumentKind {
  readonly party: "VENDORID" | "CUSTOMERID";
  readonly partyObject: "VENDOR" | "CUSTOMER";
  readonly partyName: "VENDORNAME" | "CUSTOMERNAME";
  readonly recordType: string;
  readonly moduleKey: string;
  readonly needsDue: boolean;
}

const KINDS: Readonly<Record<string, DocumentKind>> = {
  APBILL: { party: "VENDORID", partyObject: "VENDOR", partyName: "VENDORNAME", recordType: "pi", moduleKey: "3.AP", needsDue: true },
  APADJUSTMENT: { party: "VENDORID", partyObject: "VENDOR", partyName: "VENDORNAME", recordType: "pa", moduleKey: "3.AP", needsDue: false },
  ARINVOICE: { party: "CUSTOMERID", partyObject: "CUSTOMER", partyName: "CUSTOMERNAME", recordType: "ri", moduleKey: "4.AR", needsDue: true },
};

const num = (v: IntacctRecord[string] | undefined): number => Number(str(v) || "0");

const DIMENSIONS: ReadonlyArray<readonly [flag: string, field: string, label: string]> = [
  ["REQUIREDEPT", "DEPARTMENTID", "Department"],
  ["REQUIRELOC", "LOCATIONID", "Location"],
  ["REQUIREPROJECT", "PROJECTID", "Project"],
  ["REQUIRECUSTOMER", "CUSTOMERID", "Customer"],
  ["REQUIREVENDOR", "VENDORID", "Vendor"],
  ["REQUIREEMPLOYEE", "EMPLOYEEID", "Employee"],
  ["REQUIREITEM", "ITEMID", "Item"],
  ["REQUIRECLASS", "CLASSID", "Class"],
];

const NAME_FIELDS: ReadonlyArray<readonly [idField: string, nameField: string, source: string]> = [
  ["LOCATIONID", "LOCATIONNAME", "NAME"],
  ["DEPARTMENTID", "DEPARTMENTNAME", "TITLE"],
  ["PROJECTID", "PROJECTNAME", "NAME"],
  ["CUSTOMERID", "CUSTOMERNAME", "NAME"],
  ["VENDORID", "VENDORNAME", "NAME"],
  ["EMPLOYEEID", "EMPLOYEENAME", "TITLE"],
  ["ITEMID", "ITEMNAME", "NAME"],
  ["CLASSID", "CLASSNAME", "NAME"],
];

function kindOf(def: ObjectDef): DocumentKind {
  const k = KINDS[def.name];
  if (!k) throw new Error(`${def.name} is not a document`);
  return k;
}

function lineDefOf(env: Env, def: ObjectDef): ObjectDef {
  const d = def.lines ? env.catalog.object(def.lines.object) : undefined;
  if (!d) throw new Error(`${def.name} has no lines`);
  return d;
}

/** The entity the lines' locations roll up to (top-level sessions); fails when they disagree. */
function ownerFromLines(env: Env, lines: readonly IntacctRecord[]): string {
  if (env.ctx.entityId !== "") return env.ctx.entityId;
  const owners = new Set<string>();
  for (const line of lines) {
    const loc = str(line["LOCATIONID"]);
    if (loc === "") continue;
    const rec = env.store.byId(env.ctx.companyId, "LOCATION", loc);
    if (rec) owners.add(str(rec.fields["ENTITY"]));
  }
  if (owners.size > 1) fail(ErrorTexts.mixedEntities());
  return [...owners][0] ?? "";
}

/** Validates and completes lines (defaults, required fields, references, REQUIRE* dimensions). */
function prepareLines(env: Env, def: ObjectDef, lines: readonly IntacctRecord[], owner: string, date: string): IntacctRecord[] {
  const lineDef = lineDefOf(env, def);
  const multi = env.ctx.entityId === "" && isMultiEntity(env);
  if (lines.length === 0) fail(ErrorTexts.required("Line items"));
  const out = lines.map((input, i) => {
    const line: IntacctRecord = { ...input };
    delete line["RECORDNO"];
    applyDefaults(lineDef, line);
    checkRequired(lineDef, line, "create");
    if (multi && str(line["LOCATIONID"]) === "") fail(ErrorTexts.required("Location"));
    const refs = checkReferences(env, lineDef, line, owner);
    const account = refs.get("ACCOUNTNO");
    if (account) {
      line["ACCOUNTTITLE"] = str(account.fields["TITLE"]);
      for (const [flag, field, label] of DIMENSIONS) {
        if (account.fields[flag] === "true" && str(line[field]) === "") fail(ErrorTexts.missingDimension(label, str(account.fields["ACCOUNTNO"])));
      }
    }
    for (const [idField, nameField, source] of NAME_FIELDS) {
      const ref = refs.get(idField);
      if (ref) line[nameField] = idField === "EMPLOYEEID" ? employeeName(ref) : str(ref.fields[source]);
    }
    line["LINE_NO"] = String(i + 1);
    line["AMOUNT"] = str(line["TRX_AMOUNT"]);
    line["ENTRY_DATE"] = date;
    line["TOTALPAID"] = "0.00";
    line["TRX_TOTALPAID"] = "0.00";
    line["TOTALDUE"] = line["AMOUNT"];
    line["TRX_TOTALDUE"] = line["AMOUNT"];
    return line;
  });
  if (def.name === "APADJUSTMENT") {
    const signs = new Set(out.map((l) => Math.sign(num(l["TRX_AMOUNT"]))).filter((s) => s !== 0));
    if (signs.size > 1) fail(ErrorTexts.invalidValue("Amount", "mixed signs: all line amounts of an adjustment must share one sign"));
  }
  return out;
}

function employeeName(rec: StoredRecord): string {
  const info = rec.fields["PERSONALINFO"];
  return typeof info === "object" && !Array.isArray(info) ? str(info["CONTACTNAME"]) : "";
}

function insertLines(env: Env, def: ObjectDef, parent: StoredRecord, lines: readonly IntacctRecord[]): void {
  const lineDef = lineDefOf(env, def);
  for (const line of lines) insertRecord(env, lineDef, { ...line, RECORDKEY: String(parent.recordNo), CURRENCY: str(parent.fields["CURRENCY"]), BASECURR: str(parent.fields["BASECURR"]) }, parent.entity, parent.recordNo);
}

/** STATE label and raw code from the action and totals (Q4). */
export function documentState(action: string, entered: number, paid: number, due: number): readonly [string, string] {
  if (action === "Draft") return ["Draft", "D"];
  if (entered === 0) return ["No Value", "A"];
  if (paid === 0) return ["Posted", "A"];
  if (due === 0) return ["Paid", "A"];
  return ["Partially Paid", "A"];
}

/** Recomputes a document's totals and state from its lines; `paidOn` stamps WHENPAID when it becomes Paid. */
export function recalcDocument(env: Env, def: ObjectDef, rec: StoredRecord, paidOn?: string): StoredRecord {
  const lines = def.lines ? env.store.children(env.ctx.companyId, def.lines.object, rec.recordNo) : [];
  const entered = Math.round(lines.reduce((s, l) => s + num(l.fields["TRX_AMOUNT"]), 0) * 100) / 100;
  const paid = Math.round(lines.reduce((s, l) => s + num(l.fields["TOTALPAID"]), 0) * 100) / 100;
  const due = Math.round((entered - paid) * 100) / 100;
  const [state, raw] = documentState(str(rec.fields["ACTION"]), entered, paid, due);
  const changes: IntacctRecord = {
    STATE: state,
    RAWSTATE: raw,
    TOTALENTERED: formatAmount(entered),
    TRX_TOTALENTERED: formatAmount(entered),
    TOTALPAID: formatAmount(paid),
    TRX_TOTALPAID: formatAmount(paid),
    TOTALDUE: formatAmount(due),
    TRX_TOTALDUE: formatAmount(due),
    TOTALSELECTED: "0.00",
    TRX_TOTALSELECTED: "0.00",
    WHENPAID: state === "Paid" ? (paidOn ?? str(rec.fields["WHENPAID"])) : "",
  };
  if (def.name === "APADJUSTMENT") changes["ADJUSTMENTTYPE"] = entered < 0 ? "Debit Memo" : "Credit Memo";
  const same = Object.entries(changes).every(([k, v]) => rec.fields[k] === v);
  if (same) return rec;
  const next: StoredRecord = { ...rec, fields: orderFields(def, { ...rec.fields, ...changes }) };
  env.store.update(env.ctx.companyId, def.name, next);
  return next;
}

/** Creates a bill, adjustment or invoice with its lines. */
export function createDocument(env: Env, def: ObjectDef, input: ParsedInput): StoredRecord {
  const kind = kindOf(def);
  const values: IntacctRecord = { ...input.values };
  applyDefaults(def, values);
  const draft = values["ACTION"] === "Draft";
  const lines = input.lines ?? [];
  const owner = ownerFromLines(env, lines);
  if (!draft) {
    checkRequired(def, values, "create");
    if (kind.needsDue && str(values["WHENDUE"]) === "") {
      const termName = str(values["TERMNAME"]);
      if (termName === "") fail(ErrorTexts.required("Due date"), ErrorTexts.couldNotCreate(def.name));
      const term = resolveReference(env, "APTERM", "Term", termName, owner);
      values["WHENDUE"] = addDays(str(values["WHENCREATED"]), num(term.fields["DUEDATE"]));
    }
  }
  const refs = checkReferences(env, def, values, owner);
  const party = refs.get(kind.party);
  if (party) {
    values[kind.partyName] = str(party.fields["NAME"]);
    if (def.name === "APBILL") values["VENDORKEY"] = String(party.recordNo);
  }
  assertOpenDocumentPeriod(env, owner, values);
  const prepared = prepareLines(env, def, lines, owner, str(values["WHENCREATED"]));
  values["RECORDTYPE"] = kind.recordType;
  if (def.fields.some((f) => f.name === "MODULEKEY")) values["MODULEKEY"] = kind.moduleKey;
  const rec = insertRecord(env, def, values, owner);
  insertLines(env, def, rec, prepared);
  return recalcDocument(env, def, rec);
}

/** Finds a document by RECORDNO as the session sees it; fails with A5's update text. */
export function findDocument(env: Env, def: ObjectDef, key: string, purpose: "update" | "delete"): StoredRecord {
  const rec = /^\d+$/.test(key) ? env.store.byRecordNo(env.ctx.companyId, def.name, Number(key)) : undefined;
  if (!rec || !isVisible(env, def, rec, true)) fail(purpose === "update" ? ErrorTexts.updateMissing(def.name, "RECORDNO", key) : ErrorTexts.deleteMissing(def.name, key));
  return rec;
}

function assertUnpaid(def: ObjectDef, rec: StoredRecord): void {
  if (num(rec.fields["TOTALPAID"]) !== 0) fail(ErrorTexts.paidTransaction(def.name, String(rec.recordNo)));
}

/**
 * Updates a document: header fields merge; a line set, when sent, replaces all lines (B13).
 * `requireDue`: the generic update requires WHENDUE (B13); legacy updates do not.
 */
export function updateDocument(env: Env, def: ObjectDef, input: ParsedInput, requireDue: boolean): StoredRecord {
  const rec = findDocument(env, def, str(input.values["RECORDNO"]), "update");
  assertMayChange(env, def, rec, String(rec.recordNo));
  // Linking supporting documents (`update APBILL {RECORDNO, SUPDOCID}`, B18) changes no amount or
  // date: the sandbox allows it on paid documents, in closed periods and without WHENDUE, as
  // Intacct's UI allows attaching to posted bills (UNCONFIRMED for the API).
  const attachOnly = input.lines === undefined && Object.keys(input.values).every((k) => k === "RECORDNO" || k === "SUPDOCID");
  if (!attachOnly) assertUnpaid(def, rec);
  if (!attachOnly && requireDue && kindOf(def).needsDue && str(input.values["WHENDUE"]) === "") fail(ErrorTexts.required("Due date"), ErrorTexts.couldNotUpdate(def.name));
  const changes: IntacctRecord = { ...input.values };
  delete changes["RECORDNO"];
  const merged = { ...rec.fields, ...changes };
  if (!attachOnly) {
    assertOpenDocumentPeriod(env, rec.entity, rec.fields);
    assertOpenDocumentPeriod(env, rec.entity, merged);
  }
  const refs = checkReferences(env, def, changes, rec.entity);
  const kind = kindOf(def);
  const party = refs.get(kind.party);
  if (party) changes[kind.partyName] = str(party.fields["NAME"]);
  let prepared: IntacctRecord[] | undefined;
  if (input.lines) {
    const owner = ownerFromLines(env, input.lines);
    if (owner !== rec.entity && env.ctx.entityId === "" && input.lines.some((l) => str(l["LOCATIONID"]) !== "")) fail(ErrorTexts.mixedEntities());
    prepared = prepareLines(env, def, input.lines, rec.entity, str(merged["WHENCREATED"]));
  }
  const next = updateRecord(env, def, rec, changes);
  if (prepared && def.lines) {
    for (const old of env.store.children(env.ctx.companyId, def.lines.object, rec.recordNo)) env.store.remove(env.ctx.companyId, def.lines.object, old.recordNo);
    insertLines(env, def, next, prepared);
  }
  return recalcDocument(env, def, next);
}

/** Deletes an unpaid document in an open period. */
export function deleteDocument(env: Env, def: ObjectDef, rec: StoredRecord): void {
  assertMayChange(env, def, rec, String(rec.recordNo));
  assertUnpaid(def, rec);
  assertOpenDocumentPeriod(env, rec.entity, rec.fields);
  deleteRecord(env, def, rec);
}

/**
 * Applies `amount` (positive pays a bill down; negative consumes a credit) to a document's lines:
 * to `entryKey`'s line, or spread over lines in LINE_NO order. Returns the amount not applied.
 */
export function applyToLines(env: Env, def: ObjectDef, doc: StoredRecord, amount: number, entryKey: string): number {
  const lineDef = lineDefOf(env, def);
  let lines = env.store.children(env.ctx.companyId, lineDef.name, doc.recordNo);
  if (entryKey !== "") {
    lines = lines.filter((l) => String(l.recordNo) === entryKey);
    if (lines.length === 0) fail(ErrorTexts.invalidReference("Line", entryKey));
  }
  let remaining = Math.round(amount * 100) / 100;
  for (const line of lines) {
    if (remaining === 0) break;
    const lineAmount = num(line.fields["TRX_AMOUNT"]);
    const paid = num(line.fields["TOTALPAID"]);
    // Applying moves paid toward the line amount; reversing (opposite sign) moves it back toward 0.
    const room = Math.sign(remaining) === Math.sign(lineAmount) ? lineAmount - paid : -paid;
    if (room === 0 || Math.sign(room) !== Math.sign(remaining)) continue;
    const take = Math.sign(remaining) * Math.min(Math.abs(room), Math.abs(remaining));
    const newPaid = Math.round((paid + take) * 100) / 100;
    updateRecord(env, lineDef, line, { TOTALPAID: formatAmount(newPaid), TRX_TOTALPAID: formatAmount(newPaid), TOTALDUE: formatAmount(lineAmount - newPaid), TRX_TOTALDUE: formatAmount(lineAmount - newPaid) }, { silent: true });
    remaining = Math.round((remaining - take) * 100) / 100;
  }
  return remaining;
}
