/**
 * Create, update and delete of list objects (B1–B11): defaults, auto-numbered IDs (document
 * sequencing on), required fields, references visible to the owner, location roll-up to entities,
 * and the entity rules of §6.
 */
import type { IntacctRecord } from "../../../intacct/xml/index.js";
import type { Env } from "./environment.js";
import { assertMayChange, isVisible, str } from "./environment.js";
import { ErrorTexts, fail } from "./error-texts.js";
import type { ObjectDef } from "./object-definition.js";
import type { ParsedInput } from "./record-input.js";
import { applyDefaults, checkReferences, checkRequired } from "./record-input.js";
import type { StoredRecord } from "./record-store.js";
import { deleteRecord, insertRecord, updateRecord } from "./record-writer.js";

/** The owner entity of a new list record. */
function ownerFor(env: Env, def: ObjectDef, values: IntacctRecord): string {
  switch (def.ownership) {
    case "shared":
      return "";
    case "mega":
      return env.ctx.entityId;
    case "location": {
      if (env.ctx.entityId !== "") return env.ctx.entityId;
      const parentId = str(values["PARENTID"]);
      if (parentId === "") return "";
      const parent = env.store.byId(env.ctx.companyId, "LOCATION", parentId);
      return parent ? str(parent.fields["ENTITY"]) : "";
    }
  }
}

/** Object-specific rules on create and update. */
function applyObjectRules(env: Env, def: ObjectDef, values: IntacctRecord, owner: string, mode: "create" | "update"): void {
  switch (def.name) {
    case "GLACCOUNT":
      if (values["CLOSINGTYPE"] === "closing account" && str(values["CLOSINGACCOUNTNO"]) === "") fail(ErrorTexts.required("Close into account"));
      return;
    case "LOCATION":
      if (mode === "create") {
        values["LOCATIONTYPE"] = "N";
        values["ENTITY"] = owner;
        values["ENTITYNAME"] = owner === "" ? "" : str(env.store.byId(env.ctx.companyId, "LOCATION", owner)?.fields["NAME"]);
      }
      return;
    case "EMPLOYEE": {
      const info = values["PERSONALINFO"];
      const valid = typeof info === "object" && !Array.isArray(info) && str(info["CONTACTNAME"]) !== "";
      if (mode === "create" && !valid) fail(ErrorTexts.required("Contact name"));
      if (typeof info === "object" && !Array.isArray(info)) values["CONTACT"] = { ...info };
      return;
    }
    case "VENDOR":
    case "CUSTOMER": {
      // B8/B9: PRINTAS defaults to the name; CONTACTNAME to "NAME(V<ID>)" / "NAME(C<ID>)".
      if (mode !== "create") return;
      const contact = values["DISPLAYCONTACT"];
      const c: IntacctRecord = typeof contact === "object" && !Array.isArray(contact) ? { ...contact } : {};
      if (str(c["PRINTAS"]) === "") c["PRINTAS"] = str(values["NAME"]);
      if (str(c["CONTACTNAME"]) === "") c["CONTACTNAME"] = `${str(values["NAME"])}(${def.name === "VENDOR" ? "V" : "C"}${str(values[def.idField ?? ""])})`;
      values["DISPLAYCONTACT"] = c;
      return;
    }
    default:
      return;
  }
}

/** Generic create of a list object. */
export function createListRecord(env: Env, def: ObjectDef, input: ParsedInput): StoredRecord {
  const values: IntacctRecord = { ...input.values };
  applyDefaults(def, values);
  if (def.idField && str(values[def.idField]) === "" && def.autoIdPrefix !== undefined) {
    values[def.idField] = `${def.autoIdPrefix}${env.store.nextRecordNo(env.ctx.companyId, `${def.name}#ID`)}`;
  }
  if (def.idField && str(values[def.idField]) === "") fail(ErrorTexts.required(def.fields.find((f) => f.name === def.idField)?.label ?? def.idField), ErrorTexts.couldNotCreate(def.name));
  checkRequired(def, values, "create");
  const owner = ownerFor(env, def, values);
  checkReferences(env, def, values, owner);
  applyObjectRules(env, def, values, owner, "create");
  return insertRecord(env, def, values, owner);
}

/**
 * Finds the record an update names: by RECORDNO, or by the object's ID field (B0); transactions
 * by RECORDNO only. Fails with A5's "Cannot update non-existing …" text.
 */
export function findForUpdate(env: Env, def: ObjectDef, values: IntacctRecord): StoredRecord {
  const recordNo = str(values["RECORDNO"]);
  const company = env.ctx.companyId;
  let rec: StoredRecord | undefined;
  let keyField = "RECORDNO";
  let key = recordNo;
  if (recordNo !== "") rec = env.store.byRecordNo(company, def.name, Number(recordNo));
  else if (def.idField && !def.transaction && str(values[def.idField]) !== "") {
    keyField = def.idField;
    key = str(values[def.idField]);
    rec = env.store.byId(company, def.name, key);
  } else {
    fail(ErrorTexts.required(def.transaction || !def.idField ? "Record number" : (def.fields.find((f) => f.name === def.idField)?.label ?? def.idField)));
  }
  if (!rec || !isVisible(env, def, rec, true)) fail(ErrorTexts.updateMissing(def.name, keyField, key));
  return rec;
}

/** Generic update of a list object. */
export function updateListRecord(env: Env, def: ObjectDef, input: ParsedInput): StoredRecord {
  const rec = findForUpdate(env, def, input.values);
  assertMayChange(env, def, rec, rec.id ?? String(rec.recordNo));
  const changes: IntacctRecord = { ...input.values };
  delete changes["RECORDNO"];
  // An ID field sent together with RECORDNO renames the record; sent alone it only identified it.
  if (def.idField && str(input.values["RECORDNO"]) === "") delete changes[def.idField];
  checkRequired(def, { ...rec.fields, ...changes }, "update");
  for (const f of def.fields) if (f.requiredOnUpdate && input.values[f.name] === undefined) fail(ErrorTexts.required(f.label));
  checkReferences(env, def, changes, rec.entity);
  applyObjectRules(env, def, changes, rec.entity, "update");
  return updateRecord(env, def, rec, changes);
}

/** Finds the record a delete names by RECORDNO; fails with A5's "Cannot find … to delete." text. */
export function findForDelete(env: Env, def: ObjectDef, key: string): StoredRecord {
  const rec = /^\d+$/.test(key) ? env.store.byRecordNo(env.ctx.companyId, def.name, Number(key)) : undefined;
  if (!rec || !isVisible(env, def, rec, true)) fail(ErrorTexts.deleteMissing(def.name, key));
  return rec;
}

/**
 * Generic delete of a list object by RECORDNO. A record other records still reference cannot be
 * deleted (Intacct refuses to delete, e.g., a vendor with bills; the text is UNCONFIRMED).
 */
export function deleteListRecord(env: Env, def: ObjectDef, rec: StoredRecord): void {
  assertMayChange(env, def, rec, rec.id ?? String(rec.recordNo));
  if (rec.id !== null) {
    for (const other of env.catalog.all) {
      const refs = other.fields.filter((f) => f.ref === def.name && !f.readonly);
      if (refs.length === 0) continue;
      const user = env.store.list(env.ctx.companyId, other.name).find((r) => r.recordNo !== rec.recordNo || other.name !== def.name ? refs.some((f) => r.fields[f.name] === rec.id) : false);
      if (user) fail(ErrorTexts.inUse(def.name, rec.id, other.name));
    }
  }
  deleteRecord(env, def, rec);
}
