/**
 * Reads the `query` function's structured parts (`intacct-xml-api.md` §4.8): `<filter>` with
 * exactly one top-level node, `and`/`or` (each at least two children, nestable), the leaf
 * operators, `<select>`, `<orderby>` and `<options>`.
 */
import type { XmlElement } from "../../../intacct/xml/index.js";
import type { CompareOp, FilterNode } from "./filter-ast.js";
import { QueryLimits } from "./limits.js";

/** An invalid `query` structure; the message is the description2 the sandbox answers with. */
export class QueryStructureError extends Error {
  readonly code = "QUERY_STRUCTURE" as const;
  constructor(message: string) {
    super(message);
    this.name = "QueryStructureError";
  }
}

const COMPARE: Readonly<Record<string, CompareOp>> = {
  equalto: "=",
  notequalto: "!=",
  lessthan: "<",
  lessthanorequalto: "<=",
  greaterthan: ">",
  greaterthanorequalto: ">=",
};

function fieldOf(node: XmlElement): string {
  const fields = node.children.filter((c) => c.name === "field");
  const f = fields[0];
  if (fields.length !== 1 || !f || f.text.trim() === "") throw new QueryStructureError(`Operator ${node.name} needs exactly one field`);
  return f.text.trim();
}

function valuesOf(node: XmlElement): string[] {
  return node.children.filter((c) => c.name === "value").map((c) => c.text);
}

/** Parses the content of `<filter>` (which must hold exactly one node). */
export function parseStructuredFilter(filter: XmlElement): FilterNode {
  if (filter.children.length !== 1 || !filter.children[0]) throw new QueryStructureError("filter must contain exactly one operator");
  return parseNode(filter.children[0]);
}

function parseNode(node: XmlElement): FilterNode {
  const op = COMPARE[node.name];
  if (op !== undefined) {
    const values = valuesOf(node);
    if (values.length !== 1 || values[0] === undefined) throw new QueryStructureError(`Operator ${node.name} needs exactly one value`);
    return { kind: "compare", field: fieldOf(node), op, value: values[0] };
  }
  switch (node.name) {
    case "and":
    case "or": {
      if (node.children.length < 2) throw new QueryStructureError(`Operator ${node.name} needs at least two conditions`);
      return { kind: node.name, items: node.children.map(parseNode) };
    }
    case "between": {
      const values = valuesOf(node);
      if (values.length !== 2 || values[0] === undefined || values[1] === undefined) throw new QueryStructureError("Operator between needs exactly two values");
      return { kind: "between", field: fieldOf(node), low: values[0], high: values[1] };
    }
    case "in":
    case "notin": {
      const values = valuesOf(node);
      if (values.length < 1 || values.length > QueryLimits.maxInValues) throw new QueryStructureError(`Operator ${node.name} needs 1 to ${QueryLimits.maxInValues} values`);
      return { kind: "in", field: fieldOf(node), values, negated: node.name === "notin" };
    }
    case "like":
    case "notlike": {
      const values = valuesOf(node);
      if (values.length !== 1 || values[0] === undefined) throw new QueryStructureError(`Operator ${node.name} needs exactly one value`);
      return { kind: "like", field: fieldOf(node), pattern: values[0], negated: node.name === "notlike" };
    }
    case "isnull":
    case "isnotnull":
      return { kind: "null", field: fieldOf(node), negated: node.name === "isnotnull" };
    default:
      throw new QueryStructureError(`Unknown filter operator ${node.name}`);
  }
}

/** One `<orderby><order>`. */
export interface OrderTerm {
  readonly field: string;
  readonly descending: boolean;
}

/** Parses `<orderby>`; missing direction = ascending. */
export function parseOrderBy(orderby: XmlElement | undefined): OrderTerm[] {
  if (!orderby) return [];
  return orderby.children
    .filter((c) => c.name === "order")
    .map((o) => ({ field: fieldOf(o), descending: o.children.some((c) => c.name === "descending") }));
}

/** One item of `<select>`: a field or an aggregate over a field. */
export interface SelectItem {
  readonly field: string;
  readonly aggregate?: "count" | "avg" | "min" | "max" | "sum";
}

/** Parses `<select>`; it must hold at least one item ("returning all fields is not supported"). */
export function parseSelect(select: XmlElement | undefined): SelectItem[] {
  if (!select || select.children.length === 0) throw new QueryStructureError("select must name at least one field");
  return select.children.map((c) => {
    const field = c.text.trim();
    if (field === "" || field === "*") throw new QueryStructureError("select must name fields; returning all fields is not supported");
    switch (c.name) {
      case "field":
        return { field };
      case "count":
      case "avg":
      case "min":
      case "max":
      case "sum":
        return { field, aggregate: c.name };
      default:
        throw new QueryStructureError(`Unknown select element ${c.name}`);
    }
  });
}

/** Reads a boolean option (`true`/`false`, case-insensitive); absent = `fallback`. */
export function booleanOption(options: XmlElement | undefined, name: string, fallback: boolean): boolean {
  const v = options?.children.find((c) => c.name === name)?.text.trim().toLowerCase();
  if (v === undefined || v === "") return fallback;
  return v === "true" || v === "1";
}
