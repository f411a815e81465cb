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

/** One sort key: an SQL expression over `data` (NULL read as '') and its direction. */
export interface SortKey {
  readonly expr: string;
  readonly desc: boolean;
}

/** Where the previous page ended: its last row's sort values and insertion sequence. */
export interface PageCursor {
  readonly values: readonly unknown[];
  readonly seq: number;
}

/** A parsed list request. */
export interface ParsedList {
  readonly where: { sql: string; params: unknown[] };
  /** Sort keys; the insertion sequence is always the last, ascending, tie-breaker. */
  readonly keys: readonly SortKey[];
  readonly max: number;
  /** Keyset cursor from the `page` token: rows strictly after it. */
  readonly after: PageCursor | undefined;
  /** Signature of filters+sort+max; page tokens are bound to it. */
  readonly signature: string;
}

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
  const keys: SortKey[] = [];
  const sort = query["sort"];
  if (sort !== undefined && sort !== "") {
    for (const part of sort.split(",")) {
      const [field = "", dir = "asc"] = part.trim().split(":");
      if (!sortable.includes(field) || !SAFE_FIELD.test(field)) throw BillErrors.invalid("sort", `${field} is not a sortable field`);
      if (dir !== "asc" && dir !== "desc") throw BillErrors.invalid("sort", `${dir} is not asc or desc`);
      keys.push({ expr: `coalesce(json_extract(data, '$.${field}'), '')`, desc: dir === "desc" });
    }
  }
  const signature = `${filters ?? ""}|${sort ?? ""}|${max}`;
  const page = query["page"];
  const after = page === undefined ? undefined : decodePageToken(page, signature, keys.length);
  return { where: { sql: conds.join(" AND "), params }, keys, max, after, signature };
}

/**
 * An opaque page token: the last row's sort values and sequence (keyset paging), bound to the
 * query's signature. Unlike an offset, a record updated during a walk moves past the cursor and
 * is seen again later (a duplicate the caller removes by id) instead of making another one skipped.
 */
export function encodePageToken(cursor: PageCursor, signature: string): string {
  return Buffer.from(JSON.stringify({ v: cursor.values, q: cursor.seq, s: signature }), "utf8").toString("base64url");
}

function decodePageToken(token: string, signature: string, keyCount: number): PageCursor {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { v?: unknown; q?: unknown; s?: unknown };
    if (Array.isArray(parsed.v) && parsed.v.length === keyCount && typeof parsed.q === "number" && Number.isInteger(parsed.q) && parsed.s === signature) return { values: parsed.v as unknown[], seq: parsed.q };
  } catch {
    // fall through
  }
  throw BillErrors.invalid("page", "is not a valid page token for this query");
}

/**
 * The keyset condition "strictly after `cursor`" for `keys` then `seq` ascending, as SQL and
 * parameters: `(k0 > v0) OR (k0 = v0 AND k1 > v1) OR … OR (k0 = v0 AND … AND seq > s)`.
 */
export function keysetCondition(keys: readonly SortKey[], cursor: PageCursor): { sql: string; params: unknown[] } {
  const all = [...keys.map((k, i) => ({ expr: k.expr, desc: k.desc, value: cursor.values[i] })), { expr: "seq", desc: false, value: cursor.seq }];
  const terms: string[] = [];
  const params: unknown[] = [];
  all.forEach((k, i) => {
    const parts: string[] = [];
    for (let j = 0; j < i; j++) {
      const prev = all[j];
      if (prev === undefined) continue;
      parts.push(`${prev.expr} = ?`);
      params.push(prev.value);
    }
    parts.push(`${k.expr} ${k.desc ? "<" : ">"} ?`);
    params.push(k.value);
    terms.push(`(${parts.join(" AND ")})`);
  });
  return { sql: `(${terms.join(" OR ")})`, params };
}
