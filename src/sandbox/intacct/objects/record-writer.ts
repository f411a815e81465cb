/**
 * Low-level writes shared by every object: assign RECORDNO, stamp audit and owner fields, keep
 * the audit history, enforce ID uniqueness (A9).
 */
import type { IntacctRecord } from "../../../intacct/xml/index.js";
import type { Env } from "./environment.js";
import { audit, nowStamp, stampOwner, str } from "./environment.js";
import { ErrorTexts, fail } from "./error-texts.js";
import type { ObjectDef } from "./object-definition.js";
import type { StoredRecord } from "./record-store.js";

/** Orders fields as the definition lists them (responses follow this order). */
export function orderFields(def: ObjectDef, values: IntacctRecord): IntacctRecord {
  const out: IntacctRecord = {};
  for (const f of def.fields) {
    const v = values[f.name];
    if (v !== undefined) out[f.name] = v;
  }
  return out;
}

/** Inserts a new record owned by `owner`; fails with BL34000061 on a duplicate ID. */
export function insertRecord(env: Env, def: ObjectDef, values: IntacctRecord, owner: string, parent: number | null = null): StoredRecord {
  const company = env.ctx.companyId;
  const id = def.idField ? str(values[def.idField]) : "";
  if (def.idField && id !== "" && env.store.byId(company, def.name, id)) fail(ErrorTexts.duplicate(def.label, id), ErrorTexts.couldNotCreate(def.name));
  const recordNo = env.store.nextRecordNo(company, def.name);
  const fields: IntacctRecord = { ...values, RECORDNO: String(recordNo) };
  const now = nowStamp(env);
  if (def.transaction) fields["AUWHENCREATED"] = now;
  else if (def.fields.some((f) => f.name === "WHENCREATED" && f.type === "timestamp")) fields["WHENCREATED"] = now;
  fields["WHENMODIFIED"] = now;
  stampOwner(env, def, fields, owner);
  const rec: StoredRecord = { recordNo, id: def.idField && id !== "" ? id : null, parent, entity: owner, fields: orderFields(def, fields) };
  env.store.insert(company, def.name, rec);
  audit(env, def, rec, "C");
  return rec;
}

/** Replaces a record's fields (merging `changes`), bumps WHENMODIFIED and records a modify audit row. */
export function updateRecord(env: Env, def: ObjectDef, rec: StoredRecord, changes: IntacctRecord, options: { readonly silent?: boolean } = {}): StoredRecord {
  const company = env.ctx.companyId;
  const merged: IntacctRecord = { ...rec.fields, ...changes, WHENMODIFIED: nowStamp(env) };
  let id = rec.id;
  if (def.idField && changes[def.idField] !== undefined) {
    const newId = str(changes[def.idField]);
    if (newId !== "" && newId !== rec.id) {
      const other = env.store.byId(company, def.name, newId);
      if (other && other.recordNo !== rec.recordNo) fail(ErrorTexts.duplicate(def.label, newId), ErrorTexts.couldNotUpdate(def.name));
      id = newId;
    }
  }
  const next: StoredRecord = { ...rec, id, fields: orderFields(def, merged) };
  env.store.update(company, def.name, next);
  if (!options.silent) audit(env, def, next, "M");
  return next;
}

/** Deletes a record (and its lines) and records a delete audit row. */
export function deleteRecord(env: Env, def: ObjectDef, rec: StoredRecord): void {
  const company = env.ctx.companyId;
  if (def.lines) for (const line of env.store.children(company, def.lines.object, rec.recordNo)) env.store.remove(company, def.lines.object, line.recordNo);
  env.store.remove(company, def.name, rec.recordNo);
  audit(env, def, rec, "D");
}
