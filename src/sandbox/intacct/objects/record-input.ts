/**
 * Turns a create/update record element into normalized field values: unknown fields rejected,
 * read-only fields ignored, dates to `mm/dd/yyyy`, amounts rounded to 2 decimals, enums to their
 * label (codes accepted too), booleans to `true`/`false`; then required-field and reference checks
 * with Intacct's texts (A9).
 */
import type { IntacctRecord, XmlElement } from "../../../intacct/xml/index.js";
import { elementToRecord } from "../../../intacct/xml/index.js";
import type { Env } from "./environment.js";
import { mayReference, str } from "./environment.js";
import { ErrorTexts, fail } from "./error-texts.js";
import type { FieldDef, ObjectDef } from "./object-definition.js";
import type { StoredRecord } from "./record-store.js";
import { formatAmount, normalizeDate, parseAmount } from "./value-format.js";

/** A parsed create/update record. */
export interface ParsedInput {
  /** Normalized values of the fields that were sent. */
  readonly values: IntacctRecord;
  /** Parsed lines when the line container was sent (undefined = not sent). */
  readonly lines?: readonly IntacctRecord[];
}

/** Normalizes one value for `field`; fails with Intacct's invalid-value text. */
export function normalizeValue(field: FieldDef, raw: string): string {
  const v = raw.trim();
  if (v === "") return "";
  switch (field.type) {
    case "date": {
      const d = normalizeDate(v);
      if (d === null) fail(ErrorTexts.invalidValue(field.label, v));
      return d;
    }
    case "decimal": {
      const n = parseAmount(v);
      if (n === null) fail(ErrorTexts.invalidValue(field.label, v));
      return formatAmount(n);
    }
    case "integer":
      if (!/^-?\d+$/.test(v)) fail(ErrorTexts.invalidValue(field.label, v));
      return String(Number(v));
    case "boolean": {
      const l = v.toLowerCase();
      if (l === "true" || l === "t" || l === "1") return "true";
      if (l === "false" || l === "f" || l === "0") return "false";
      return fail(ErrorTexts.invalidValue(field.label, v));
    }
    case "enum": {
      const values = field.values ?? [];
      const hit = values.find(([label]) => label.toLowerCase() === v.toLowerCase()) ?? values.find(([, code]) => code.toLowerCase() === v.toLowerCase());
      if (!hit) fail(ErrorTexts.invalidValue(field.label, v));
      return hit[0];
    }
    case "text":
    case "timestamp":
    case "record":
      return v;
  }
}

/** Parses the children of a record element against `def`. `keyFields` are accepted even if read-only. */
export function parseFields(env: Env, def: ObjectDef, element: XmlElement, keyFields: readonly string[] = []): ParsedInput {
  const values: IntacctRecord = {};
  let lines: IntacctRecord[] | undefined;
  for (const child of element.children) {
    const name = child.name.toUpperCase();
    if (def.lines && name === def.lines.container) {
      const lineDef = env.catalog.object(def.lines.object);
      if (!lineDef) continue;
      lines = child.children.filter((c) => c.name.toUpperCase() === def.lines?.item).map((c) => parseFields(env, lineDef, c, ["RECORDNO"]).values);
      continue;
    }
    const field = env.catalog.field(def, name);
    if (!field) fail(ErrorTexts.unknownField(def.name, child.name));
    if (field.readonly && !keyFields.includes(field.name)) continue;
    values[field.name] = field.type === "record" ? elementToRecord(child) : normalizeValue(field, child.text);
  }
  return lines ? { values, lines } : { values };
}

/** Applies defaults for absent fields (create only). */
export function applyDefaults(def: ObjectDef, values: IntacctRecord): void {
  for (const f of def.fields) if (f.default !== undefined && values[f.name] === undefined) values[f.name] = f.default;
}

/** Fails with "Required field <label> is missing" for the first missing required field. */
export function checkRequired(def: ObjectDef, values: IntacctRecord, mode: "create" | "update", skip: readonly string[] = []): void {
  for (const f of def.fields) {
    if (skip.includes(f.name)) continue;
    const needed = mode === "create" ? f.required === true : f.requiredOnUpdate === true;
    if (!needed) continue;
    const v = values[f.name];
    if (v === undefined || (typeof v === "string" && v.trim() === "")) fail(ErrorTexts.required(f.label));
  }
}

/**
 * Resolves a reference by the target's ID field, as seen by a record owned by `owner`: a record
 * private to another entity is invalid (§6), as is one that does not exist.
 */
export function resolveReference(env: Env, target: string, label: string, value: string, owner: string): StoredRecord {
  const def = env.catalog.object(target);
  const rec = def ? env.store.byId(env.ctx.companyId, def.name, value) : undefined;
  if (!rec || !mayReference(owner, rec.entity)) fail(ErrorTexts.invalidReference(label, value));
  if (def?.name === "LOCATION" && owner !== "") {
    const rollsUpTo = str(rec.fields["ENTITY"]);
    if (rollsUpTo !== "" && rollsUpTo !== owner) fail(ErrorTexts.invalidReference(label, value));
  }
  return rec;
}

/** Checks every reference field that has a value. Returns the resolved records by field name. */
export function checkReferences(env: Env, def: ObjectDef, values: IntacctRecord, owner: string): Map<string, StoredRecord> {
  const out = new Map<string, StoredRecord>();
  for (const f of def.fields) {
    if (!f.ref || f.readonly) continue;
    const v = str(values[f.name]);
    if (v === "") continue;
    out.set(f.name, resolveReference(env, f.ref, f.label, v, owner));
  }
  return out;
}
