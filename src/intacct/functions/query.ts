/**
 * The structured `query` function (`intacct-xml-api.md` §4.8): select with aggregates, every
 * filter operator, and/or nesting, orderby, options, pagesize (1–2000), offset.
 */
import { IntacctUsageError } from "../errors.js";
import { IntacctLimits } from "../limits.js";
import { node, optionalText } from "../xml-node.js";
import type { XmlElement } from "../xml/index.js";
import type { IntacctFunction } from "./types.js";
import { checkPageSize } from "./validate.js";

/** A filter value; numbers are written as-is, dates must already be `mm/dd/yyyy[ HH:MM:SS]`. */
export type FilterValue = string | number;

/** Single-value comparison operators. */
export type ComparisonOperator =
  | "equalto"
  | "notequalto"
  | "lessthan"
  | "lessthanorequalto"
  | "greaterthan"
  | "greaterthanorequalto"
  | "like"
  | "notlike";

/** A `query` filter tree. */
export type QueryFilter =
  | { readonly op: ComparisonOperator; readonly field: string; readonly value: FilterValue }
  | { readonly op: "between"; readonly field: string; readonly values: readonly [FilterValue, FilterValue] }
  | { readonly op: "in" | "notin"; readonly field: string; readonly values: readonly FilterValue[] }
  | { readonly op: "isnull" | "isnotnull"; readonly field: string }
  | { readonly op: "and" | "or"; readonly filters: readonly QueryFilter[] };

/**
 * Filter constructors.
 *
 * @example
 * where.and(where.greaterThanOrEqualTo("WHENMODIFIED", "03/01/2026 00:00:00"), where.in("STATE", ["Posted", "Partially Paid"]));
 */
export const where = {
  equalTo: (field: string, value: FilterValue): QueryFilter => ({ op: "equalto", field, value }),
  notEqualTo: (field: string, value: FilterValue): QueryFilter => ({ op: "notequalto", field, value }),
  lessThan: (field: string, value: FilterValue): QueryFilter => ({ op: "lessthan", field, value }),
  lessThanOrEqualTo: (field: string, value: FilterValue): QueryFilter => ({ op: "lessthanorequalto", field, value }),
  greaterThan: (field: string, value: FilterValue): QueryFilter => ({ op: "greaterthan", field, value }),
  greaterThanOrEqualTo: (field: string, value: FilterValue): QueryFilter => ({ op: "greaterthanorequalto", field, value }),
  between: (field: string, low: FilterValue, high: FilterValue): QueryFilter => ({ op: "between", field, values: [low, high] }),
  in: (field: string, values: readonly FilterValue[]): QueryFilter => ({ op: "in", field, values }),
  notIn: (field: string, values: readonly FilterValue[]): QueryFilter => ({ op: "notin", field, values }),
  like: (field: string, pattern: string): QueryFilter => ({ op: "like", field, value: pattern }),
  notLike: (field: string, pattern: string): QueryFilter => ({ op: "notlike", field, value: pattern }),
  isNull: (field: string): QueryFilter => ({ op: "isnull", field }),
  isNotNull: (field: string): QueryFilter => ({ op: "isnotnull", field }),
  and: (...filters: QueryFilter[]): QueryFilter => ({ op: "and", filters }),
  or: (...filters: QueryFilter[]): QueryFilter => ({ op: "or", filters }),
} as const;

/** The `select` list: plain fields plus aggregates (non-aggregate fields group). */
export interface QuerySelect {
  readonly fields?: readonly string[];
  readonly count?: readonly string[];
  readonly sum?: readonly string[];
  readonly avg?: readonly string[];
  readonly min?: readonly string[];
  readonly max?: readonly string[];
}

/** One `orderby/order`. */
export interface QueryOrder {
  readonly field: string;
  /** @default "asc" */
  readonly direction?: "asc" | "desc";
}

/** A structured query. */
export interface QuerySpec {
  readonly object: string;
  /** Field names, or a {@link QuerySelect} with aggregates. "All fields" is not supported by Intacct. */
  readonly select: readonly string[] | QuerySelect;
  /** @default undefined (all rows) */
  readonly filter?: QueryFilter;
  /** Without it the order is undefined (§4.8). @default [] */
  readonly orderBy?: readonly QueryOrder[];
  /** Case-insensitive comparisons. @default false */
  readonly caseInsensitive?: boolean;
  /** At top level in multi-entity companies, include entity-private rows. @default false */
  readonly showPrivate?: boolean;
  /** 1–2000. @default 2000 */
  readonly pageSize?: number;
  /** ≥ 0. @default 0 */
  readonly offset?: number;
  /** @default undefined */
  readonly docparid?: string;
}

function filterElement(f: QueryFilter): XmlElement {
  switch (f.op) {
    case "and":
    case "or":
      if (f.filters.length < 2) throw new IntacctUsageError(`query filter <${f.op}> needs at least 2 conditions; got ${f.filters.length}`);
      return node(f.op, {}, f.filters.map(filterElement));
    case "between":
      return node("between", {}, [node("field", {}, f.field), node("value", {}, String(f.values[0])), node("value", {}, String(f.values[1]))]);
    case "in":
    case "notin":
      if (f.values.length === 0) throw new IntacctUsageError(`query filter <${f.op}> on ${f.field} needs at least one value`);
      if (f.values.length > IntacctLimits.MAX_IN_VALUES) {
        throw new IntacctUsageError(`query filter <${f.op}> on ${f.field}: ${f.values.length} values, at most ${IntacctLimits.MAX_IN_VALUES} allowed`);
      }
      return node(f.op, {}, [node("field", {}, f.field), ...f.values.map((v) => node("value", {}, String(v)))]);
    case "isnull":
    case "isnotnull":
      return node(f.op, {}, [node("field", {}, f.field)]);
    case "equalto":
    case "notequalto":
    case "lessthan":
    case "lessthanorequalto":
    case "greaterthan":
    case "greaterthanorequalto":
    case "like":
    case "notlike":
      return node(f.op, {}, [node("field", {}, f.field), node("value", {}, String(f.value))]);
  }
}

function selectElement(select: QuerySpec["select"]): XmlElement {
  const s: QuerySelect = Array.isArray(select) ? { fields: select as readonly string[] } : (select as QuerySelect);
  const children: XmlElement[] = [];
  for (const f of s.fields ?? []) children.push(node("field", {}, f));
  for (const agg of ["count", "sum", "avg", "min", "max"] as const) for (const f of s[agg] ?? []) children.push(node(agg, {}, f));
  if (children.length === 0) throw new IntacctUsageError("query select needs at least one field or aggregate (Intacct does not support returning all fields)");
  return node("select", {}, children);
}

/**
 * Builds a `query` function.
 *
 * @example
 * query({ object: "VENDOR", select: ["RECORDNO", "VENDORID"], filter: where.equalTo("STATUS", "active"),
 *         orderBy: [{ field: "RECORDNO" }], pageSize: 2000 });
 */
export function query(spec: QuerySpec): IntacctFunction {
  const pageSize = spec.pageSize ?? IntacctLimits.QUERY_PAGESIZE_MAX;
  checkPageSize("query", pageSize, IntacctLimits.QUERY_PAGESIZE_MAX);
  const offset = spec.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) throw new IntacctUsageError(`query offset must be a non-negative integer; got ${offset}`);
  const orderBy = spec.orderBy ?? [];
  return {
    kind: "read",
    body: node("query", {}, [
      node("object", {}, spec.object),
      selectElement(spec.select),
      spec.filter === undefined ? undefined : node("filter", {}, [filterElement(spec.filter)]),
      orderBy.length === 0
        ? undefined
        : node("orderby", {}, orderBy.map((o) => node("order", {}, [node("field", {}, o.field), node(o.direction === "desc" ? "descending" : "ascending")]))),
      node("options", {}, [node("caseinsensitive", {}, String(spec.caseInsensitive ?? false)), node("showprivate", {}, String(spec.showPrivate ?? false))]),
      node("pagesize", {}, String(pageSize)),
      node("offset", {}, String(offset)),
      optionalText("docparid", spec.docparid),
    ]),
  };
}
