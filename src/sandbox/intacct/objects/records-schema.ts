/**
 * The JSON Schema of seed records (`schemas/intacct-sandbox-records.schema.json`), generated from
 * the object catalog so it cannot drift: object name → array of records in the generic create
 * shape (dates `mm/dd/yyyy`, amounts as decimal strings, line items nested under their container,
 * `MEGAENTITYID` to create a record inside an entity).
 */
import { createCatalog } from "./catalog.js";
import type { FieldDef, ObjectDef } from "./object-definition.js";

/** Objects a seed may contain (the objects half's seed order). */
export const SEEDABLE_OBJECTS = ["LOCATIONENTITY", "TRXCURRENCIES", "GLACCOUNT", "DEPARTMENT", "LOCATION", "CLASS", "EMPLOYEE", "CUSTOMER", "PROJECT", "ITEM", "APTERM", "VENDOR", "CHECKINGACCOUNT", "SUPDOCFOLDER", "SUPDOC", "APBILL", "APADJUSTMENT", "ARINVOICE", "APPYMT", "ARPYMT"] as const;

function fieldSchema(f: FieldDef): Record<string, unknown> {
  const description = `${f.label}${f.required ? " (required)" : ""}${f.ref ? `; ${f.ref} ID` : ""}`;
  switch (f.type) {
    case "record":
      return { type: "object", description };
    case "date":
      return { type: "string", pattern: "^\\d{1,2}/\\d{1,2}/\\d{4}$", description };
    case "decimal":
      return { type: "string", pattern: "^-?\\d+(\\.\\d+)?$", description };
    case "integer":
      return { type: "string", pattern: "^-?\\d+$", description };
    case "enum":
    case "boolean":
      return { type: "string", enum: (f.values ?? []).map(([label]) => label), description };
    case "text":
    case "timestamp":
      return { type: "string", description };
  }
}

function objectSchema(def: ObjectDef, catalogObject: (name: string) => ObjectDef | undefined): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const f of def.fields) if (!f.readonly || f.name === "RECORDKEY") properties[f.name] = fieldSchema(f);
  if (def.ownership === "mega") properties["MEGAENTITYID"] = { type: "string", description: "Create the record inside this entity (private to it)" };
  if (def.lines) {
    const lineDef = catalogObject(def.lines.object);
    const line = lineDef ? objectSchema(lineDef, catalogObject) : { type: "object" };
    properties[def.lines.container] = {
      type: "object",
      properties: { [def.lines.item]: { oneOf: [line, { type: "array", items: line }] } },
      required: [def.lines.item],
      additionalProperties: false,
    };
  }
  return { type: "object", properties, additionalProperties: false };
}

/** Builds the records JSON Schema. */
export function recordsJsonSchema(): Record<string, unknown> {
  const catalog = createCatalog();
  const properties: Record<string, unknown> = {};
  for (const name of SEEDABLE_OBJECTS) {
    const def = catalog.object(name);
    if (def) properties[name] = { type: "array", items: objectSchema(def, (n) => catalog.object(n)) };
  }
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://github.com/intacct-sync/intacct-sync/schemas/intacct-sandbox-records.schema.json",
    title: "intacct-sync Intacct sandbox seed records",
    description: "The `records` of a seed company: object name → records in the generic create shape (src/sandbox/intacct/README.md, section Objects).",
    type: "object",
    properties,
    additionalProperties: false,
  };
}
