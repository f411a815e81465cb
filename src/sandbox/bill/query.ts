/**
 * List queries: `max`, `page`, `filters` and `sort` parsed into SQL over the records' JSON
 * (developer.bill.com "Search operations with lists", "Filterable fields", "Sortable fields").
 * Only whitelisted fields reach SQL; values are always bound parameters.
 */
import { toBillTime } from "./clock.js";
import { BillErrors } from "./errors.js";
import type { BillSandboxLimits } from "./limits.js";

/** Type of a filterable field; decides how filter values are parsed and compared. */
export type FieldType = "string" | "number" | "boolean" | "time" | "date";

/** A filterable field. `lines` also matches the same key on any line item (e.g. bill line classifications). */
export interface FieldSpec {
  readonly type: FieldType;
  readonly lines?: string;
}

const OPS = new Set(["eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "sw"]);
const SQL_OP: Readonly<Record<string, string>> = { eq: "=", ne: "!=", gt: ">", gte: ">=", lt: "<", lte: "<=" };
const SAFE_FIELD = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)?$/;

/** Splits on commas outside double quotes. */
function splitOutsideQuotes(text: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? "";
    if (ch === "\\" && quoted && i + 1 < text.length) {
      cur += ch + (text[i + 1] ?? "");
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
      cur += ch;
    } else if (ch === "," && !quoted) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function unquote(v: string): string {
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1).replace(/\\"/g, '"') : v;
}

const TIME_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses one filter value for a field type; throws BILL-style 400s. */
function parseValue(field: string, type: FieldType, raw: string): string | number {
  switch (type) {
    case "string":
      return raw;
    case "number": {
      const n = Number(raw);
      if (raw.trim() === "" || Number.isNaN(n)) throw BillErrors.invalid("filters", `${field} value ${raw} is not a number`);
      return n;
    }
    case "boolean":
      if (raw !== "true" && raw !== "false") throw BillErrors.invalid("filters", `${field} value ${raw} is not true or false`);
      return raw === "true" ? 1 : 0;
    case "date":
      if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) throw BillErrors.invalid("filters", `${field} value ${raw} is not a yyyy-MM-dd date`);
      return raw;
    case "time": {
      // Accepted: yyyy-MM-dd'T'HH:mm:ss.SSSX, …ss.SSS, …ss, …HH:mm, yyyy-MM-dd (zone-less = UTC).
      if (!TIME_RE.test(raw)) throw BillErrors.invalid("filters", `${field} value ${raw} is not a supported date-time`);
      const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(raw) ? raw : raw.length === 10 ? `${raw}T00:00:00Z` : `${raw}Z`;
      const ms = Date.parse(zoned);
      if (Number.isNaN(ms)) throw BillErrors.invalid("filters", `${field} value ${raw} is not a supported date-time`);
      return toBillTime(ms);
    }
  }
}

/** A parsed list request. */
export interface ParsedList {
  readonly where: { sql: string; params: unknown[] };
  readonly order: string;
  readonly max: number;
  readonly offset: number;
  /** Signature of filters+sort+max; page tokens are bound to it. */
  readonly signature: string;
}

/** Parses the query string of a list call against an object's whitelists. */
export function parseListQuery(
  query: Readonly<Record<string, string | undefined>>,
  fields: Readonly<Record<string, FieldSpec>>,
  sortable: readonly string[],
  limits: BillSandboxLimits,
): ParsedList {
  for (const key of Object.keys(query)) {
    // BILL answers BDC_1002 for an unknown or misspelt parameter.
    if (!["max", "page", "filters", "sort"].includes(key)) throw BillErrors.unknownError();
  }
  const maxRaw = query["max"];
  let max = limits.defaultPageSize;
  if (maxRaw !== undefined) {
    max = Number(maxRaw);
    if (!/^\d+$/.test(maxRaw) || max < 1 || max > limits.maxPageSize) throw BillErrors.invalid("max", `must be between 1 and ${limits.maxPageSize}`);
  }
  const conds: string[] = [];
  const params: unknown[] = [];
  const filters = query["filters"];
  if (filters !== undefined && filters !== "") {
    for (const part of splitOutsideQuotes(filters)) {
      const m = /^([^:]+):([a-z]+):(.*)$/s.exec(part.trim());
      if (m === null) throw BillErrors.invalid("filters", `${part} is not field:operator:value`);
      const field = m[1] ?? "";
      const op = m[2] ?? "";
      const rawValue = m[3] ?? "";
      const spec = fields[field];
      if (spec === undefined || !SAFE_FIELD.test(field)) throw BillErrors.invalid("filters", `${field} is not a filterable field`);
      if (!OPS.has(op)) throw BillErrors.invalid("filters", `${op} is not a supported operator`);
      const path = `$.${field}`;
      const expr = (col: string) => `json_extract(${col}, '${path}')`;
      let cond: (col: string) => string;
      if (op === "in" || op === "nin") {
        const values = unquote(rawValue)
          .split(",")
          .map((v) => parseValue(field, spec.type, v.trim()));
        if (values.length === 0) throw BillErrors.invalid("filters", `${field} ${op} needs a list`);
        const marks = values.map(() => "?").join(", ");
        cond = (col) => `${expr(col)} ${op === "in" ? "IN" : "NOT IN"} (${marks})`;
        params.push(...values);
        if (spec.lines !== undefined) params.push(...values);
      } else if (op === "sw") {
        const value = String(parseValue(field, spec.type === "string" ? "string" : spec.type, unquote(rawValue)));
        cond = (col) => `substr(${expr(col)}, 1, ?) = ?`;
        params.push(value.length, value);
        if (spec.lines !== undefined) params.push(value.length, value);
      } else {
        const value = parseValue(field, spec.type, unquote(rawValue));
        cond = (col) => `${expr(col)} ${SQL_OP[op] ?? "="} ?`;
        params.push(value);
        if (spec.lines !== undefined) params.push(value);
      }
      conds.push(spec.lines === undefined ? cond("data") : `(${cond("data")} OR EXISTS (SELECT 1 FROM json_each(data, '$.${spec.lines}') AS li WHERE ${cond("li.value")}))`);
    }
  }
  const orderParts: string[] = [];
  const sort = query["sort"];
  if (sort !== undefined && sort !== "") {
    for (const part of sort.split(",")) {
      const [field = "", dir = "asc"] = part.trim().split(":");
      if (!sortable.includes(field) || !SAFE_FIELD.test(field)) throw BillErrors.invalid("sort", `${field} is not a sortable field`);
      if (dir !== "asc" && dir !== "desc") throw BillErrors.invalid("sort", `${dir} is not asc or desc`);
      orderParts.push(`json_extract(data, '$.${field}') ${dir.toUpperCase()}`);
    }
  }
  const signature = `${filters ?? ""}|${sort ?? ""}|${max}`;
  let offset = 0;
  const page = query["page"];
  if (page !== undefined) offset = decodePageToken(page, signature);
  return { where: { sql: conds.join(" AND "), params }, order: orderParts.join(", "), max, offset, signature };
}

/** An opaque page token: the offset, bound to the query's signature. */
export function encodePageToken(offset: number, signature: string): string {
  return Buffer.from(JSON.stringify({ o: offset, s: signature }), "utf8").toString("base64url");
}

function decodePageToken(token: string, signature: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { o?: unknown; s?: unknown };
    if (typeof parsed.o === "number" && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.s === signature) return parsed.o;
  } catch {
    // fall through
  }
  throw BillErrors.invalid("page", "is not a valid page token for this query");
}
