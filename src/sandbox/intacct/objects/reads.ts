/**
 * The read side: `read`, `readByName`, `readByQuery` + `readMore`, and `query`, with the result
 * shapes of `intacct-xml-api.md` §3.4 and the limits of §4.10. Enum fields compare on their codes
 * in readByQuery and on their labels in query (B0, §0.2); a top-level session sees entity-private
 * rows only through `query` with `showprivate` (§6).
 */
import { randomBytes } from "node:crypto";

import type { IntacctRecord, ResultData, XmlElement } from "../../../intacct/xml/index.js";
import { childElement, childText } from "../../../intacct/xml/index.js";
import type { FunctionOutcome } from "../contracts.js";
import type { FilterNode } from "../query/filter-ast.js";
import { filterFields } from "../query/filter-ast.js";
import type { ValueKind } from "../query/evaluate.js";
import { compareValues, filterRows, parseUsDateTime } from "../query/evaluate.js";
import { QueryLimits } from "../query/limits.js";
import { parseQueryString, QuerySyntaxError } from "../query/query-string.js";
import type { OrderTerm, SelectItem } from "../query/structured-query.js";
import { booleanOption, parseOrderBy, parseSelect, parseStructuredFilter, QueryStructureError } from "../query/structured-query.js";
import type { Env } from "./environment.js";
import { isVisible, visibleOwners } from "./environment.js";
import { ErrorTexts, fail } from "./error-texts.js";
import type { FieldDef, ObjectDef } from "./object-definition.js";
import type { StoredRecord } from "./record-store.js";
import { fromIsoDate } from "./value-format.js";

/** A resolved output/filter field: a plain field, or a dotted path into a nested record. */
interface ResolvedField {
  readonly name: string;
  readonly tag: string;
  readonly def: FieldDef;
  readonly path: readonly string[];
}

function kindOfField(f: FieldDef): ValueKind {
  switch (f.type) {
    case "integer":
    case "decimal":
      return "number";
    case "date":
      return "date";
    case "timestamp":
      return "timestamp";
    case "text":
    case "boolean":
    case "enum":
    case "record":
      return "text";
  }
}

/** Resolves a field name (case-insensitive; `A.B` reaches into a nested record field). */
function resolveField(env: Env, def: ObjectDef, name: string): ResolvedField | undefined {
  const parts = name.trim().toUpperCase().split(".");
  const head = parts[0] ?? "";
  const f = env.catalog.field(def, head);
  if (!f) return undefined;
  if (parts.length > 1 && f.type !== "record") return undefined;
  const canonical = parts.join(".");
  // §0.2: a selected field containing `#` comes back with the `#` dropped.
  return { name: canonical, tag: canonical.replace(/#/g, ""), def: f, path: parts.slice(1) };
}

function rawValue(rec: IntacctRecord, field: ResolvedField): string {
  let v: IntacctRecord[string] | undefined = rec[field.def.name];
  for (const p of field.path) {
    if (typeof v !== "object" || Array.isArray(v)) return "";
    v = v[p];
  }
  return typeof v === "string" ? v : "";
}

/** The all-fields list: every scalar field (nested records only when `withRecords`). */
function allFields(env: Env, def: ObjectDef, withRecords: boolean): ResolvedField[] {
  return def.fields.filter((f) => withRecords || f.type !== "record").map((f) => ({ name: f.name, tag: f.name, def: f, path: [] }));
}

/** Parses a comma field list (`*` or empty = all); fails with A5's "Invalid fields list". */
function fieldList(env: Env, def: ObjectDef, list: string | undefined, withRecords: boolean): ResolvedField[] {
  const t = (list ?? "").trim();
  if (t === "" || t === "*") return allFields(env, def, withRecords);
  const names = t.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const out: ResolvedField[] = [];
  const bad: string[] = [];
  for (const n of names) {
    const r = resolveField(env, def, n);
    if (r) out.push(r);
    else bad.push(n);
  }
  if (bad.length > 0) fail(ErrorTexts.invalidFieldsList(bad.join(",")));
  return out;
}

function outputRecord(rec: StoredRecord, fields: readonly ResolvedField[]): IntacctRecord {
  const out: IntacctRecord = {};
  for (const f of fields) {
    if (f.def.type === "record" && f.path.length === 0) {
      const v = rec.fields[f.def.name];
      out[f.tag] = v ?? "";
    } else out[f.tag] = rawValue(rec.fields, f);
  }
  return out;
}

/** Adds the line items to a `read` of a document (`APBILLITEMS/apbillitem`). */
function withLines(env: Env, def: ObjectDef, rec: StoredRecord, record: IntacctRecord): IntacctRecord {
  if (!def.lines) return record;
  const lineDef = env.catalog.object(def.lines.object);
  if (!lineDef) return record;
  const lines = env.store.children(env.ctx.companyId, lineDef.name, rec.recordNo).map((l) => outputRecord(l, allFields(env, lineDef, false)));
  const tag = env.options.lineItemTagCase === "lower" ? def.lines.item.toLowerCase() : def.lines.item;
  return { ...record, [def.lines.container]: lines.length > 0 ? { [tag]: lines } : "" };
}

function splitKeys(keys: string | undefined): string[] {
  const list = (keys ?? "").split(",").map((k) => k.trim()).filter((k) => k !== "");
  if (list.length > QueryLimits.maxKeys) fail(ErrorTexts.tooMany("keys", QueryLimits.maxKeys));
  return list;
}

function assertXmlFormat(fn: XmlElement): void {
  const format = (childText(fn, "returnFormat") ?? childText(fn, "returnformat") ?? "xml").trim().toLowerCase();
  if (format !== "" && format !== "xml") fail(ErrorTexts.notImplemented(`${fn.name} with returnFormat ${format}`));
}

/** `read` (keys = RECORDNOs) and `readByName` (keys = IDs): missing keys are skipped (A5). */
export function readByKeys(env: Env, def: ObjectDef, fn: XmlElement, byName: boolean): FunctionOutcome {
  assertXmlFormat(fn);
  const fields = fieldList(env, def, childText(fn, "fields"), true);
  const all = (childText(fn, "fields") ?? "*").trim();
  const company = env.ctx.companyId;
  const records: Array<{ tag: string; record: IntacctRecord }> = [];
  const source = sourceObject(def);
  for (const key of splitKeys(childText(fn, "keys"))) {
    const stored = byName ? env.store.byId(company, source, key) : /^\d+$/.test(key) ? env.store.byRecordNo(company, source, Number(key)) : undefined;
    if (!stored || !isVisible(env, def, stored, true) || (def.name === "LOCATIONENTITY" && stored.fields["LOCATIONTYPE"] !== "E")) continue;
    const rec = withEntityFacts(env, def, stored);
    const out = outputRecord(rec, fields);
    records.push({ tag: def.name, record: all === "*" || all === "" ? withLines(env, def, rec, out) : out });
  }
  return { status: "success", data: { attrs: { listtype: def.name, count: String(records.length) }, records } };
}

/** Entities are stored as LOCATION rows of type E. */
function sourceObject(def: ObjectDef): string {
  return def.name === "LOCATIONENTITY" ? "LOCATION" : def.name;
}

/** Adds the sandbox's CLOSEDTHROUGH to an entity row (records from the store are frozen: copy). */
function withEntityFacts(env: Env, def: ObjectDef, rec: StoredRecord, closed?: ReadonlyMap<string, string>): StoredRecord {
  if (def.name !== "LOCATIONENTITY") return rec;
  const iso = (closed ?? env.store.closedThrough(env.ctx.companyId)).get(rec.id ?? "");
  return { ...rec, fields: { ...rec.fields, CLOSEDTHROUGH: iso ? fromIsoDate(iso) : "" } };
}

/** Rows of an object visible to the session (and, for AUDITHISTORY etc., the same rules). */
function visibleRows(env: Env, def: ObjectDef, showPrivate: boolean): StoredRecord[] {
  const owners = visibleOwners(env, showPrivate);
  let rows = env.store.list(env.ctx.companyId, sourceObject(def), owners);
  if (def.name === "LOCATIONENTITY") {
    const closed = env.store.closedThrough(env.ctx.companyId);
    rows = rows.filter((r) => r.fields["LOCATIONTYPE"] === "E").map((r) => withEntityFacts(env, def, r, closed));
  }
  return rows.filter((r) => isVisible(env, def, r, showPrivate));
}

function scopeFor(env: Env, def: ObjectDef, fields: ReadonlyMap<string, ResolvedField>, useCodes: boolean, caseInsensitive: boolean) {
  return {
    caseInsensitive,
    kindOf: (name: string): ValueKind => {
      const f = fields.get(name);
      return f && f.path.length === 0 ? kindOfField(f.def) : "text";
    },
    valueOf: (row: StoredRecord, name: string): string => {
      const f = fields.get(name);
      if (!f) return "";
      const v = rawValue(row.fields, f);
      if (useCodes && f.def.values && f.path.length === 0) return f.def.values.find(([label]) => label === v)?.[1] ?? v;
      return v;
    },
  };
}

/** Resolves every field a filter names; returns the unknown ones. */
function resolveFilterFields(env: Env, def: ObjectDef, filter: FilterNode | undefined): { map: Map<string, ResolvedField>; unknown: string[] } {
  const map = new Map<string, ResolvedField>();
  const unknown: string[] = [];
  for (const name of filterFields(filter)) {
    const r = resolveField(env, def, name);
    if (r) map.set(name, r);
    else unknown.push(name);
  }
  return { map, unknown };
}

/** A comparable sort key: numbers for numeric/date kinds (parsed once per row), strings otherwise; null = empty. */
function sortKey(field: ResolvedField, row: StoredRecord): number | string | null {
  const v = rawValue(row.fields, field);
  if (v === "") return null;
  const kind = field.path.length === 0 ? kindOfField(field.def) : "text";
  if (kind === "number") return Number(v);
  if (kind === "date" || kind === "timestamp") return parseUsDateTime(v) ?? v;
  return v;
}

/**
 * Sorts by the order terms (empty values first ascending), RECORDNO breaking ties. Keys are
 * computed once per row: on 20,000 vendors ordered by WHENMODIFIED, parsing timestamps inside the
 * comparator cost ~600 ms, precomputed keys ~20 ms.
 */
function sortRows(rows: StoredRecord[], order: ReadonlyArray<{ field: ResolvedField; descending: boolean }>): StoredRecord[] {
  if (order.length === 0) return rows;
  const decorated = rows.map((row) => ({ row, keys: order.map((o) => sortKey(o.field, row)) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < order.length; i++) {
      const x = a.keys[i] ?? null;
      const y = b.keys[i] ?? null;
      let c: number;
      if (x === null || y === null) c = x === y ? 0 : x === null ? -1 : 1;
      else if (typeof x === "number" && typeof y === "number") c = x - y;
      else c = String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
      if (c !== 0) return order[i]?.descending ? -c : c;
    }
    return a.row.recordNo - b.row.recordNo;
  });
  return decorated.map((d) => d.row);
}

function pageSizeOf(fn: XmlElement, name: string, min: number, max: number, fallback: number): number {
  const raw = childText(fn, "pagesize")?.trim();
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) fail(ErrorTexts.pageSize(name, min, max));
  return n;
}

/** Per-session pointer for `readMore` with `<object>` instead of `<resultId>`. */
export type LastResultIndex = Map<string, string>;

/** `readByQuery`: first page plus a stored result set for `readMore`. */
export function readByQuery(env: Env, def: ObjectDef, fn: XmlElement, last: LastResultIndex): FunctionOutcome {
  assertXmlFormat(fn);
  const pageSize = pageSizeOf(fn, "readByQuery", QueryLimits.readByQueryMinPageSize, QueryLimits.readByQueryMaxPageSize, QueryLimits.readByQueryDefaultPageSize);
  const fields = fieldList(env, def, childText(fn, "fields"), false);
  let filter: FilterNode | undefined;
  try {
    filter = parseQueryString(childText(fn, "query") ?? "");
  } catch (e) {
    if (e instanceof QuerySyntaxError) fail(ErrorTexts.invalidQuery(`${e.message} at position ${e.position}`));
    throw e;
  }
  const { map, unknown } = resolveFilterFields(env, def, filter);
  if (unknown.length > 0) fail(ErrorTexts.invalidQuery(`unknown field ${unknown.join(", ")} for object ${def.name}`));
  const rows = filterRows(visibleRows(env, def, false), filter, scopeFor(env, def, map, true, false));
  const recordNos = rows.map((r) => r.recordNo);
  const page = rows.slice(0, pageSize);
  let resultId = "";
  if (recordNos.length > pageSize) {
    resultId = randomBytes(12).toString("hex");
    env.store.purgeResults(env.ctx.now);
    env.store.putResult({
      resultId,
      sessionKey: env.ctx.sessionKey,
      company: env.ctx.companyId,
      object: def.name,
      fields: fields.map((f) => f.name),
      recordNos,
      position: pageSize,
      pageSize,
      expiresAt: env.ctx.now + env.options.resultTtlMs,
    });
    last.set(`${env.ctx.sessionKey}\u0000${def.name}`, resultId);
  }
  return { status: "success", data: byQueryData(def, page, fields, recordNos.length, recordNos.length - page.length, resultId) };
}

function byQueryData(def: ObjectDef, page: readonly StoredRecord[], fields: readonly ResolvedField[], total: number, remaining: number, resultId: string): ResultData {
  const tag = def.name.toLowerCase();
  return {
    attrs: { listtype: tag, count: String(page.length), totalcount: String(total), numremaining: String(remaining), resultId },
    records: page.map((r) => ({ tag, record: outputRecord(r, fields) })),
  };
}

/** `readMore` by `<resultId>` (or `<object>`: the session's last readByQuery on it). */
export function readMore(env: Env, fn: XmlElement, last: LastResultIndex): FunctionOutcome {
  const object = childText(fn, "object")?.trim().toUpperCase();
  const resultId = (childText(fn, "resultId") ?? (object ? last.get(`${env.ctx.sessionKey}\u0000${object}`) : undefined) ?? "").trim();
  const stored = resultId === "" ? undefined : env.store.getResult(resultId);
  if (!stored || stored.expiresAt <= env.ctx.now || stored.sessionKey !== env.ctx.sessionKey || stored.company !== env.ctx.companyId) {
    fail(ErrorTexts.readMoreFailed(resultId || (object ?? "")));
  }
  const def = env.catalog.object(stored.object);
  if (!def) fail(ErrorTexts.unknownObject(stored.object));
  const fields = stored.fields.map((n) => resolveField(env, def, n)).filter((f): f is ResolvedField => f !== undefined);
  const slice = stored.recordNos.slice(stored.position, stored.position + stored.pageSize);
  const page = slice.map((n) => env.store.byRecordNo(env.ctx.companyId, sourceObject(def), n)).flatMap((r) => (r ? [withEntityFacts(env, def, r)] : []));
  const position = stored.position + slice.length;
  const remaining = stored.recordNos.length - position;
  if (remaining > 0) env.store.advanceResult(stored.resultId, position);
  else env.store.deleteResult(stored.resultId);
  return { status: "success", data: byQueryData(def, page, fields, stored.recordNos.length, remaining, stored.resultId) };
}

function aggregateTag(item: SelectItem, field: ResolvedField): string {
  return item.aggregate ? `${item.aggregate.toUpperCase()}.${field.tag}` : field.tag;
}

function aggregate(item: SelectItem, field: ResolvedField, rows: readonly StoredRecord[]): string {
  const values = rows.map((r) => rawValue(r.fields, field)).filter((v) => v !== "");
  switch (item.aggregate) {
    case "count":
      return String(values.length);
    case "sum":
      return String(Math.round(values.reduce((s, v) => s + Number(v), 0) * 100) / 100);
    case "avg":
      return values.length === 0 ? "" : String(Math.round((values.reduce((s, v) => s + Number(v), 0) / values.length) * 100) / 100);
    case "min":
    case "max": {
      const kind = kindOfField(field.def);
      const sorted = [...values].sort((a, b) => compareValues(kind, a, b, false) ?? 0);
      return (item.aggregate === "min" ? sorted[0] : sorted[sorted.length - 1]) ?? "";
    }
    case undefined:
    default:
      return rawValue(rows[0]?.fields ?? {}, field);
  }
}

/** The `query` function (§4.8): select, filter, orderby, options, pagesize, offset. */
export function runQuery(env: Env, def: ObjectDef, fn: XmlElement): FunctionOutcome {
  let select: SelectItem[];
  let filter: FilterNode | undefined;
  let orderTerms: OrderTerm[];
  try {
    select = parseSelect(childElement(fn, "select"));
    const f = childElement(fn, "filter");
    filter = f ? parseStructuredFilter(f) : undefined;
    orderTerms = parseOrderBy(childElement(fn, "orderby"));
  } catch (e) {
    if (e instanceof QueryStructureError) fail(ErrorTexts.invalidQuery(e.message));
    throw e;
  }
  const options = childElement(fn, "options");
  const format = options?.children.find((c) => c.name === "returnformat")?.text.trim().toLowerCase();
  if (format !== undefined && format !== "" && format !== "xml") fail(ErrorTexts.notImplemented(`query with returnformat ${format}`));
  const pageSize = pageSizeOf(fn, "query", QueryLimits.queryMinPageSize, QueryLimits.queryMaxPageSize, QueryLimits.queryDefaultPageSize);
  const offsetRaw = childText(fn, "offset")?.trim() ?? "";
  const offset = offsetRaw === "" ? 0 : Number(offsetRaw);
  if (!Number.isInteger(offset) || offset < 0) fail(ErrorTexts.invalidQuery("offset must be a whole number of at least 0"));

  const unknown: string[] = [];
  const selected = select.map((item) => {
    const r = resolveField(env, def, item.field);
    if (!r) unknown.push(item.field);
    return { item, field: r };
  });
  const { map, unknown: badFilter } = resolveFilterFields(env, def, filter);
  const order = orderTerms.map((o) => {
    const r = resolveField(env, def, o.field);
    if (!r) unknown.push(o.field);
    return { field: r, descending: o.descending };
  });
  unknown.push(...badFilter);
  if (unknown.length > 0) fail(ErrorTexts.cannotQuery(def.name, [...new Set(unknown.map((u) => u.toUpperCase()))]));

  const showPrivate = booleanOption(options, "showprivate", false);
  const caseInsensitive = booleanOption(options, "caseinsensitive", false);
  const matched = filterRows(visibleRows(env, def, showPrivate), filter, scopeFor(env, def, map, false, caseInsensitive));
  const sorted = sortRows(
    matched,
    order.flatMap((o) => (o.field ? [{ field: o.field, descending: o.descending }] : [])),
  );
  const items = selected.flatMap((s) => (s.field ? [{ item: s.item, field: s.field }] : []));
  let rows: IntacctRecord[];
  if (items.some((s) => s.item.aggregate)) {
    const groups = new Map<string, StoredRecord[]>();
    const keyFields = items.filter((s) => !s.item.aggregate);
    for (const r of sorted) {
      const key = JSON.stringify(keyFields.map((k) => rawValue(r.fields, k.field)));
      const g = groups.get(key);
      if (g) g.push(r);
      else groups.set(key, [r]);
    }
    if (groups.size === 0 && keyFields.length === 0) groups.set("[]", []);
    rows = [...groups.values()].map((g) => Object.fromEntries(items.map((s) => [aggregateTag(s.item, s.field), aggregate(s.item, s.field, g)])));
  } else {
    // Only the page is rendered; totalcount comes from the matched rows.
    rows = sorted.slice(offset, offset + pageSize).map((r) => Object.fromEntries(items.map((s) => [s.field.tag, rawValue(r.fields, s.field)])));
  }
  const total = items.some((s) => s.item.aggregate) ? rows.length : sorted.length;
  const page = items.some((s) => s.item.aggregate) ? rows.slice(offset, offset + pageSize) : rows;
  return {
    status: "success",
    data: {
      attrs: { listtype: def.name, totalcount: String(total), offset: String(offset), count: String(page.length), numremaining: String(Math.max(0, total - offset - page.length)) },
      records: page.map((record) => ({ tag: def.name, record })),
    },
  };
}
