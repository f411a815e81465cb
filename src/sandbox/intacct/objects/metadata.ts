/** `lookup` and `inspect` answers built from the catalog (`intacct-xml-api.md` §4.9). */
import type { IntacctRecord, XmlElement } from "../../../intacct/xml/index.js";
import { childText } from "../../../intacct/xml/index.js";
import type { FunctionOutcome } from "../contracts.js";
import type { Catalog } from "./catalog.js";
import { errorDetail, failure } from "./error-texts.js";
import type { FieldDef } from "./object-definition.js";

const DATATYPE: Readonly<Record<FieldDef["type"], string>> = {
  text: "TEXT",
  integer: "INTEGER",
  decimal: "DECIMAL",
  date: "DATE",
  timestamp: "TIMESTAMP",
  boolean: "BOOLEAN",
  enum: "ENUM",
  record: "TEXT",
};

function fieldRecord(f: FieldDef): IntacctRecord {
  const rec: IntacctRecord = {
    ID: f.name,
    LABEL: f.label,
    DESCRIPTION: f.label,
    REQUIRED: f.required ? "true" : "false",
    READONLY: f.readonly ? "true" : "false",
    DATATYPE: DATATYPE[f.type],
  };
  if (f.values) rec["VALIDVALUES"] = { VALIDVALUE: f.values.map(([label]) => label) };
  rec["ISCUSTOM"] = "false";
  return rec;
}

/** `lookup`: fields and relationships of one object. Unknown object → "Object type X not found". */
export function runLookup(catalog: Catalog, fn: XmlElement): FunctionOutcome {
  const name = (childText(fn, "object") ?? "").trim();
  const def = catalog.object(name);
  if (!def) return failure([errorDetail("Query Failed", `Object type ${name} not found`)]);
  const relationships = def.fields
    .filter((f) => f.ref)
    .map((f) => ({ OBJECTPATH: f.ref ?? "", OBJECTNAME: (f.ref ?? "").toLowerCase(), LABEL: f.label, RELATIONSHIPTYPE: "MANY2ONE", RELATEDBY: f.name }));
  const type: IntacctRecord = { "@": { Name: def.name, DocumentType: "" }, Fields: { Field: def.fields.map(fieldRecord) } };
  if (relationships.length > 0) type["Relationships"] = { Relationship: relationships };
  return { status: "success", data: { attrs: { listtype: "All", count: "1" }, records: [{ tag: "Type", record: type }] } };
}

/** `inspect`: `*` lists object types; a name without detail lists its fields. */
export function runInspect(catalog: Catalog, fn: XmlElement): FunctionOutcome {
  const name = (childText(fn, "object") ?? childText(fn, "name") ?? "*").trim();
  if (name === "*" || name === "") {
    return {
      status: "success",
      data: { attrs: { listtype: "All", count: String(catalog.all.length) }, records: catalog.all.map((d) => ({ tag: "type", record: { "@": { typename: d.name }, "#text": d.label } })) },
    };
  }
  const def = catalog.object(name);
  if (!def) return failure([errorDetail("Query Failed", `Object type ${name} not found`)]);
  const type: IntacctRecord = { "@": { Name: def.name }, Fields: { Field: def.fields.map((f) => f.name) } };
  return { status: "success", data: { attrs: { listtype: "All", count: "1" }, records: [{ tag: "Type", record: type }] } };
}
