/**
 * Legacy (2.1-style) functions the sync and the official SDK use: `create_bill`/`update_bill`/
 * `delete_bill`, `create_apadjustment`/`update_apadjustment`/`delete_apadjustment`,
 * `create_invoice`/`update_invoice`/`delete_invoice`, `create_supdoc`/`update_supdoc`/
 * `delete_supdoc`, `get_list`/`get` of `supdoc`, `get_closedbooksdate`, and the SDK's list
 * deletes (`delete_vendor vendorid="…"`, …). Lower-case element names and nested dates are mapped
 * to the generic fields (B13, B14, B16, B18, A8); creates answer `<key>`.
 */
import type { IntacctRecord, XmlElement } from "../../../intacct/xml/index.js";
import { childElement, childElements, childText, elementToRecord } from "../../../intacct/xml/index.js";
import type { FunctionOutcome } from "../contracts.js";
import { createDocument, deleteDocument, findDocument, updateDocument } from "./documents.js";
import type { Env } from "./environment.js";
import { closedThroughFor, isVisible, str } from "./environment.js";
import { ErrorTexts, fail } from "./error-texts.js";
import { createListRecord, deleteListRecord } from "./list-objects.js";
import type { ObjectDef } from "./object-definition.js";
import type { ParsedInput } from "./record-input.js";
import { normalizeValue } from "./record-input.js";
import { deleteRecord, updateRecord } from "./record-writer.js";


/** Legacy header element → generic field, per document object. */
const HEADER_MAP: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  APBILL: { vendorid: "VENDORID", datecreated: "WHENCREATED", dateposted: "WHENPOSTED", datedue: "WHENDUE", termname: "TERMNAME", action: "ACTION", billno: "RECORDID", ponumber: "DOCNUMBER", onhold: "ONHOLD", description: "DESCRIPTION", basecurr: "BASECURR", currency: "CURRENCY", supdocid: "SUPDOCID", batchkey: "PRBATCH" },
  APADJUSTMENT: { vendorid: "VENDORID", datecreated: "WHENCREATED", dateposted: "WHENPOSTED", adjustmentno: "RECORDID", billno: "DOCNUMBER", action: "ACTION", description: "DESCRIPTION", basecurr: "BASECURR", currency: "CURRENCY" },
  ARINVOICE: { customerid: "CUSTOMERID", datecreated: "WHENCREATED", dateposted: "WHENPOSTED", datedue: "WHENDUE", termname: "TERMNAME", action: "ACTION", invoiceno: "RECORDID", ponumber: "DOCNUMBER", description: "DESCRIPTION", basecurr: "BASECURR", currency: "CURRENCY", supdocid: "SUPDOCID" },
};

/** Legacy line element → generic line field. */
const LINE_MAP: Readonly<Record<string, string>> = {
  glaccountno: "ACCOUNTNO",
  offsetglaccountno: "OFFSETGLACCOUNTNO",
  amount: "TRX_AMOUNT",
  memo: "ENTRYDESCRIPTION",
  locationid: "LOCATIONID",
  departmentid: "DEPARTMENTID",
  projectid: "PROJECTID",
  customerid: "CUSTOMERID",
  vendorid: "VENDORID",
  employeeid: "EMPLOYEEID",
  itemid: "ITEMID",
  classid: "CLASSID",
  billable: "BILLABLE",
};

/**
 * Line elements the official SDK writes that the sandbox accepts and ignores (read-only echoes,
 * allocations, tax and project-costing details it does not model).
 */
const LINE_IGNORED: readonly string[] = ["customfields", "line_num", "allocationid", "item1099", "form1099type", "form1099box", "key", "totalpaid", "totaldue", "taskid", "costtypeid", "contractid", "warehouseid", "totaltrxamount", "partialexempt", "taxentries", "revrectemplate", "defrevaccount", "revrecstartdate", "revrecenddate"];

/** Line containers of the legacy calls. */
const LINE_CONTAINER: Readonly<Record<string, string>> = { APBILL: "billitems", APADJUSTMENT: "apadjustmentitems", ARINVOICE: "invoiceitems" };
const UPDATE_LINE_CONTAINER: Readonly<Record<string, string>> = { APBILL: "updatebillitems", APADJUSTMENT: "updateapadjustmentitems", ARINVOICE: "updateinvoiceitems" };

/** Legacy document functions → object. */
export const LEGACY_DOCUMENT_FUNCTIONS: Readonly<Record<string, { readonly object: string; readonly op: "create" | "update" | "delete" }>> = {
  create_bill: { object: "APBILL", op: "create" },
  update_bill: { object: "APBILL", op: "update" },
  delete_bill: { object: "APBILL", op: "delete" },
  create_apadjustment: { object: "APADJUSTMENT", op: "create" },
  update_apadjustment: { object: "APADJUSTMENT", op: "update" },
  delete_apadjustment: { object: "APADJUSTMENT", op: "delete" },
  create_invoice: { object: "ARINVOICE", op: "create" },
  update_invoice: { object: "ARINVOICE", op: "update" },
  delete_invoice: { object: "ARINVOICE", op: "delete" },
};

/** The SDK's legacy list deletes: function → object and the attribute holding the ID. */
export const LEGACY_LIST_DELETES: Readonly<Record<string, { readonly object: string; readonly attr: string }>> = {
  delete_vendor: { object: "VENDOR", attr: "vendorid" },
  delete_customer: { object: "CUSTOMER", attr: "customerid" },
  delete_department: { object: "DEPARTMENT", attr: "departmentid" },
  delete_location: { object: "LOCATION", attr: "locationid" },
  delete_class: { object: "CLASS", attr: "key" },
  delete_project: { object: "PROJECT", attr: "key" },
  delete_employee: { object: "EMPLOYEE", attr: "employeeid" },
  delete_glaccount: { object: "GLACCOUNT", attr: "glaccountno" },
};

/** Supporting-document functions → object. */
export const LEGACY_SUPDOC_FUNCTIONS: Readonly<Record<string, "create" | "update" | "delete" | "create_folder">> = {
  create_supdoc: "create",
  update_supdoc: "update",
  delete_supdoc: "delete",
  create_supdocfolder: "create_folder",
};

/** `<year/><month/><day/>` → `mm/dd/yyyy` (the legacy date shape, §0.3). */
function legacyDate(e: XmlElement): string {
  const y = childText(e, "year")?.trim() ?? "";
  const m = childText(e, "month")?.trim() ?? "";
  const d = childText(e, "day")?.trim() ?? "";
  if (y === "" && m === "" && d === "") return e.text.trim();
  return `${m}/${d}/${y}`;
}

function mapElements(env: Env, def: ObjectDef, parent: XmlElement, map: Readonly<Record<string, string>>, skip: readonly string[]): IntacctRecord {
  const out: IntacctRecord = {};
  for (const c of parent.children) {
    if (skip.includes(c.name)) continue;
    const target = map[c.name];
    if (!target) fail(ErrorTexts.unknownField(def.name, c.name));
    const field = env.catalog.field(def, target);
    if (!field) continue;
    out[target] = normalizeValue(field, c.children.length > 0 ? legacyDate(c) : c.text);
  }
  return out;
}

function legacyLines(env: Env, def: ObjectDef, container: XmlElement | undefined, tag = "lineitem"): IntacctRecord[] | undefined {
  if (!container) return undefined;
  const lineDef = def.lines ? env.catalog.object(def.lines.object) : undefined;
  if (!lineDef) return undefined;
  return childElements(container, tag).map((li) => mapElements(env, lineDef, li, LINE_MAP, LINE_IGNORED));
}

function legacyInput(env: Env, def: ObjectDef, fn: XmlElement): ParsedInput {
  const container = LINE_CONTAINER[def.name] ?? "";
  const values = mapElements(env, def, fn, HEADER_MAP[def.name] ?? {}, [container, UPDATE_LINE_CONTAINER[def.name] ?? "", "customfields", "exchratedate", "exchratetype", "exchrate", "nogl", "externalid", "payto", "returnto", "billto", "shipto", "taxsolutionid", "inclusivetax"]);
  const lines = legacyLines(env, def, childElement(fn, container));
  return lines ? { values, lines } : { values };
}

/** Runs a legacy document function. */
export function runLegacyDocument(env: Env, def: ObjectDef, fn: XmlElement, op: "create" | "update" | "delete"): FunctionOutcome {
  switch (op) {
    case "create": {
      const input = legacyInput(env, def, fn);
      // B13/B16: the legacy call needs `datedue` or `termname`.
      if (def.name !== "APADJUSTMENT" && str(input.values["WHENDUE"]) === "" && str(input.values["TERMNAME"]) === "") fail(ErrorTexts.required("Due date"), ErrorTexts.couldNotCreate(def.name));
      const rec = createDocument(env, def, input);
      return { status: "success", key: String(rec.recordNo) };
    }
    case "update": {
      const key = fn.attrs["key"] ?? "";
      const existing = findDocument(env, def, key, "update");
      const input = legacyInput(env, def, fn);
      const updates = childElement(fn, UPDATE_LINE_CONTAINER[def.name] ?? "");
      let lines: IntacctRecord[] | undefined;
      if (updates && def.lines) {
        // B13: `updatelineitem line_num="n"` (1-based) changes a line, `lineitem` adds one.
        lines = env.store.children(env.ctx.companyId, def.lines.object, existing.recordNo).map((l) => pickLineInput(l.fields));
        const lineDef = env.catalog.object(def.lines.object);
        for (const u of updates.children) {
          if (!lineDef) break;
          const mapped = mapElements(env, lineDef, u, LINE_MAP, LINE_IGNORED);
          if (u.name === "updatelineitem") {
            const n = Number(u.attrs["line_num"] ?? childText(u, "line_num") ?? "0");
            const target = lines[n - 1];
            if (!target) fail(ErrorTexts.invalidReference("Line number", String(n)));
            lines[n - 1] = { ...target, ...mapped };
          } else if (u.name === "lineitem") lines.push(mapped);
        }
      }
      const rec = updateDocument(env, def, lines ? { values: { ...input.values, RECORDNO: String(existing.recordNo) }, lines } : { values: { ...input.values, RECORDNO: String(existing.recordNo) } }, false);
      return { status: "success", key: String(rec.recordNo) };
    }
    case "delete": {
      const key = fn.attrs["key"] ?? childText(fn, "key") ?? "";
      const rec = findDocument(env, def, key, "delete");
      deleteDocument(env, def, rec);
      return { status: "success", key };
    }
  }
}

function pickLineInput(fields: IntacctRecord): IntacctRecord {
  const out: IntacctRecord = {};
  for (const f of Object.values(LINE_MAP)) if (str(fields[f]) !== "") out[f] = fields[f] ?? "";
  return out;
}

/** Runs a legacy list delete (`delete_vendor vendorid="V1"`). */
export function runLegacyListDelete(env: Env, def: ObjectDef, fn: XmlElement, attr: string): FunctionOutcome {
  const id = fn.attrs[attr] ?? childText(fn, attr) ?? "";
  const rec = env.store.byId(env.ctx.companyId, def.name, id);
  if (!rec || !isVisible(env, def, rec, true)) fail(ErrorTexts.deleteMissing(def.name, id));
  deleteListRecord(env, def, rec);
  return { status: "success", key: id };
}

function supdocValues(fn: XmlElement): IntacctRecord {
  const out: IntacctRecord = {};
  for (const name of ["supdocid", "supdocname", "supdocfoldername", "supdocdescription"]) {
    const v = childText(fn, name);
    if (v !== undefined) out[name.toUpperCase()] = v.trim();
  }
  return out;
}

function attachmentsOf(fn: XmlElement): IntacctRecord[] {
  const list = childElement(fn, "attachments");
  return list ? childElements(list, "attachment").map((a) => elementToRecord(a)) : [];
}

function existingAttachments(rec: IntacctRecord): IntacctRecord[] {
  const a = rec["ATTACHMENTS"];
  if (typeof a !== "object" || Array.isArray(a)) return [];
  const list = a["attachment"];
  if (list === undefined) return [];
  return (Array.isArray(list) ? list : [list]).filter((x): x is IntacctRecord => typeof x === "object" && !Array.isArray(x));
}

/** Runs `create_supdoc` (the folder must exist), `update_supdoc` (adds files; B18), `delete_supdoc` or `create_supdocfolder` (`def` is then SUPDOCFOLDER). */
export function runLegacySupdoc(env: Env, def: ObjectDef, fn: XmlElement, op: "create" | "update" | "delete" | "create_folder"): FunctionOutcome {
  switch (op) {
    case "create_folder": {
      const values: IntacctRecord = {};
      for (const name of ["supdocfoldername", "supdocfolderdescription", "supdocparentfoldername"]) {
        const v = childText(fn, name);
        if (v !== undefined && v.trim() !== "") values[name.toUpperCase()] = v.trim();
      }
      const rec = createListRecord(env, def, { values });
      return { status: "success", key: str(rec.fields["SUPDOCFOLDERNAME"]) };
    }
    case "create": {
      const values = supdocValues(fn);
      const files = attachmentsOf(fn);
      values["ATTACHMENTS"] = files.length > 0 ? { attachment: files } : "";
      values["ATTACHMENTCOUNT"] = String(files.length);
      const rec = createListRecord(env, def, { values });
      return { status: "success", key: rec.id ?? String(rec.recordNo) };
    }
    case "update": {
      const id = childText(fn, "supdocid")?.trim() ?? fn.attrs["key"] ?? "";
      const rec = env.store.byId(env.ctx.companyId, def.name, id);
      if (!rec || !isVisible(env, def, rec, true)) fail(ErrorTexts.updateMissing(def.name, "SUPDOCID", id));
      const files = [...existingAttachments(rec.fields), ...attachmentsOf(fn)];
      const changes = supdocValues(fn);
      delete changes["SUPDOCID"];
      updateRecord(env, def, rec, { ...changes, ATTACHMENTS: files.length > 0 ? { attachment: files } : "", ATTACHMENTCOUNT: String(files.length) });
      return { status: "success", key: id };
    }
    case "delete": {
      const id = fn.attrs["key"] ?? childText(fn, "key") ?? "";
      const rec = env.store.byId(env.ctx.companyId, def.name, id);
      if (!rec || !isVisible(env, def, rec, true)) fail(ErrorTexts.deleteMissing(def.name, id));
      deleteRecord(env, def, rec);
      return { status: "success", key: id };
    }
  }
}

function supdocOutput(rec: IntacctRecord, withFiles: boolean): IntacctRecord {
  const out: IntacctRecord = {
    recordno: str(rec["RECORDNO"]),
    supdocid: str(rec["SUPDOCID"]),
    supdocname: str(rec["SUPDOCNAME"]),
    folder: str(rec["SUPDOCFOLDERNAME"]),
    description: str(rec["SUPDOCDESCRIPTION"]),
    creationdate: str(rec["WHENCREATED"]).slice(0, 10),
    createdby: "",
  };
  if (withFiles) out["attachments"] = rec["ATTACHMENTS"] ?? "";
  return out;
}

/** A folder as `get`/`get_list object="supdocfolder"` answers it (element names UNCONFIRMED). */
function folderOutput(rec: IntacctRecord): IntacctRecord {
  return {
    recordno: str(rec["RECORDNO"]),
    supdocfoldername: str(rec["SUPDOCFOLDERNAME"]),
    supdocfolderdescription: str(rec["SUPDOCFOLDERDESCRIPTION"]),
    supdocparentfoldername: str(rec["SUPDOCPARENTFOLDERNAME"]),
    creationdate: str(rec["WHENCREATED"]).slice(0, 10),
  };
}

/**
 * `get_list object="supdoc"|"supdocfolder"` (with `maxitems`, `start`, and an equality
 * `filter/expression`) and `get object="supdoc"|"supdocfolder" key="…"`.
 */
export function runLegacyGet(env: Env, def: ObjectDef, fn: XmlElement): FunctionOutcome {
  const company = env.ctx.companyId;
  const folder = def.name === "SUPDOCFOLDER";
  const tag = folder ? "supdocfolder" : "supdoc";
  const output = (rec: IntacctRecord, withFiles: boolean): IntacctRecord => (folder ? folderOutput(rec) : supdocOutput(rec, withFiles));
  if (fn.name === "get") {
    const key = fn.attrs["key"] ?? "";
    const rec = env.store.byId(company, def.name, key);
    const records = rec && isVisible(env, def, rec, true) ? [{ tag, record: output(rec.fields, true) }] : [];
    return { status: "success", data: { attrs: {}, records } };
  }
  const start = Number(fn.attrs["start"] ?? "0") || 0;
  const max = Number(fn.attrs["maxitems"] ?? "100") || 100;
  const filter = childElement(fn, "filter");
  const expression = filter === undefined ? undefined : childElement(filter, "expression");
  const filterField = expression ? childText(expression, "field")?.trim().toLowerCase() : undefined;
  const filterValue = expression ? (childText(expression, "value") ?? "").trim() : undefined;
  const rows = env.store
    .list(company, def.name)
    .filter((r) => isVisible(env, def, r, false))
    .filter((r) => filterField === undefined || str(output(r.fields, false)[filterField]) === filterValue);
  const page = rows.slice(start, start + max);
  return { status: "success", data: { attrs: {}, records: page.map((r) => ({ tag, record: output(r.fields, false) })) } };
}

/**
 * `get_closedbooksdate` (A8): the session entity's books-closed date; at the top level, the
 * top level's own date or else the most recent across entities (what BILL sees there, B17).
 * Empty data when nothing is closed.
 */
export function runClosedBooksDate(env: Env): FunctionOutcome {
  let iso = closedThroughFor(env, env.ctx.entityId);
  if (iso === undefined && env.ctx.entityId === "") {
    const all = [...env.store.closedThrough(env.ctx.companyId).values()].sort();
    iso = all[all.length - 1];
  }
  if (iso === undefined) return { status: "success", data: { attrs: {}, records: [] } };
  const [year = "", month = "", day = ""] = iso.split("-");
  return { status: "success", data: { attrs: {}, records: [{ tag: "closedbooksdate", record: { year, month, day } }] } };
}

