/**
 * List query encoding (pure): `filters=<field>:<op>:<value>,…`, `sort=<field>:<asc|desc>`, `max`,
 * `page` (developer.bill.com "Search operations with lists"; `reference/bill-api.md` §5).
 */
import { BillLimits } from "./limits.js";

/** Filter operators BILL documents. `in`/`nin` take a list. */
export type FilterOp = "eq" | "ne" | "gt" | "gte" | "lt" | "lte" | "in" | "nin" | "sw";

/** One filter; several are ANDed. */
export interface Filter {
  readonly field: string;
  readonly op: FilterOp;
  readonly value: string | number | boolean | readonly string[];
}

/** One sort key. */
export interface Sort {
  readonly field: string;
  readonly order: "asc" | "desc";
}

/** Options of a list call. */
export interface ListOptions {
  /** ANDed filters. @default [] */
  readonly filters?: readonly Filter[];
  /** Sort keys. @default BILL's default order */
  readonly sort?: readonly Sort[];
  /** Page size, 1–100. @default 100 */
  readonly max?: number;
  /** Page token from a previous page's `nextPage` (only for `listPage`). @default first page */
  readonly page?: string;
}

/** One page of a list. */
export interface Page<T> {
  readonly results: readonly T[];
  /** Token for the next page; undefined on the last page. */
  readonly nextPage: string | undefined;
}

const NEEDS_QUOTES = /[,:"\s]/;

function encodeScalar(value: string | number | boolean): string {
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '\\"')}"` : text;
}

/**
 * Encodes filters into BILL's `filters` value. Values with colons, commas, quotes or spaces are
 * quoted; `in`/`nin` lists become one quoted comma list.
 *
 * @example
 * encodeFilters([{ field: "updatedTime", op: "gt", value: "2026-03-01T00:00:00.000Z" }])
 * // 'updatedTime:gt:"2026-03-01T00:00:00.000Z"'
 */
export function encodeFilters(filters: readonly Filter[]): string {
  return filters
    .map((f) => {
      if (Array.isArray(f.value)) {
        if (f.op !== "in" && f.op !== "nin") throw new TypeError(`filter ${f.field}: a list needs op in or nin`);
        return `${f.field}:${f.op}:"${(f.value as readonly string[]).join(",")}"`;
      }
      if (f.op === "in" || f.op === "nin") throw new TypeError(`filter ${f.field}: op ${f.op} needs a list`);
      return `${f.field}:${f.op}:${encodeScalar(f.value as string | number | boolean)}`;
    })
    .join(",");
}

/** Encodes sort keys into BILL's `sort` value. */
export function encodeSort(sort: readonly Sort[]): string {
  return sort.map((s) => `${s.field}:${s.order}`).join(",");
}

/** Builds the query parameters of a list call. Throws `RangeError` for `max` outside 1–100. */
export function listQuery(options: ListOptions): Record<string, string> {
  const max = options.max ?? BillLimits.maxPageSize;
  if (!Number.isInteger(max) || max < 1 || max > BillLimits.maxPageSize) throw new RangeError(`max must be an integer from 1 to ${BillLimits.maxPageSize}, got ${max}`);
  const query: Record<string, string> = { max: String(max) };
  if (options.filters !== undefined && options.filters.length > 0) query["filters"] = encodeFilters(options.filters);
  if (options.sort !== undefined && options.sort.length > 0) query["sort"] = encodeSort(options.sort);
  if (options.page !== undefined) query["page"] = options.page;
  return query;
}

/**
 * The incremental-pull filter: records changed strictly after `watermark` (ISO-8601).
 * Pair it with `sort: [{ field: "updatedTime", order: "asc" }]` and keep the largest `updatedTime` seen.
 */
export function updatedAfter(watermark: string | Date): Filter {
  return { field: "updatedTime", op: "gt", value: typeof watermark === "string" ? watermark : watermark.toISOString() };
}

/** The filter for "sync only approved bills and vendor credits" (`approvalStatus` is UNCONFIRMED in BILL's docs). */
export function approvedOnly(): Filter {
  return { field: "approvalStatus", op: "eq", value: "APPROVED" };
}

/** Archived records changed after `watermark`: the sweep that detects removals (archive is BILL's delete). */
export function archivedAfter(watermark: string | Date): Filter[] {
  return [{ field: "archived", op: "eq", value: true }, updatedAfter(watermark)];
}
