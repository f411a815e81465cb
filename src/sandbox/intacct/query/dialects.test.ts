import fc from "fast-check";
import { describe, expect, it } from "vitest";

import type { XmlElement } from "../../../intacct/xml/index.js";
import { el } from "../../../intacct/xml/index.js";
import { filterRows } from "./evaluate.js";
import type { CompareOp, FilterNode } from "./filter-ast.js";
import { formatQueryString, parseQueryString } from "./query-string.js";
import { parseStructuredFilter } from "./structured-query.js";

type Row = Readonly<Record<string, string>>;
const scope = { valueOf: (r: Row, f: string) => r[f] ?? "", kindOf: (f: string) => (f === "N" ? ("number" as const) : ("text" as const)) };

const OPS: Readonly<Record<CompareOp, string>> = { "=": "equalto", "!=": "notequalto", "<": "lessthan", "<=": "lessthanorequalto", ">": "greaterthan", ">=": "greaterthanorequalto" };

/** The `query` function's XML for a tree (`not` has no structured form, so trees here avoid it). */
function toXml(n: FilterNode): XmlElement {
  switch (n.kind) {
    case "and":
    case "or":
      return el(n.kind, null, ...n.items.map(toXml));
    case "compare":
      return el(OPS[n.op], null, el("field", null, n.field), el("value", null, n.value));
    case "between":
      return el("between", null, el("field", null, n.field), el("value", null, n.low), el("value", null, n.high));
    case "like":
      return el(n.negated ? "notlike" : "like", null, el("field", null, n.field), el("value", null, n.pattern));
    case "in":
      return el(n.negated ? "notin" : "in", null, el("field", null, n.field), ...n.values.map((v) => el("value", null, v)));
    case "null":
      return el(n.negated ? "isnotnull" : "isnull", null, el("field", null, n.field));
    case "not":
    case "rownum":
      throw new Error("no structured form");
  }
}

const letters = fc.constantFrom("", "a", "b", "ab", "ba", "A", "a%");
const numbers = fc.constantFrom("", "0", "1", "2.5", "10", "-3");
const row = fc.record({ T: letters, N: numbers });
const leaf: fc.Arbitrary<FilterNode> = fc.oneof(
  fc.record({ kind: fc.constant("compare" as const), field: fc.constant("T"), op: fc.constantFrom<CompareOp>("=", "!=", "<", "<=", ">", ">="), value: letters }),
  fc.record({ kind: fc.constant("compare" as const), field: fc.constant("N"), op: fc.constantFrom<CompareOp>("=", "!=", "<", "<=", ">", ">="), value: numbers.filter((v) => v !== "") }),
  fc.record({ kind: fc.constant("like" as const), field: fc.constant("T"), pattern: fc.constantFrom("a%", "_", "%b", "a_"), negated: fc.boolean() }),
  fc.record({ kind: fc.constant("in" as const), field: fc.constantFrom("T", "N"), values: fc.array(fc.constantFrom("a", "b", "1", "10"), { minLength: 1, maxLength: 3 }), negated: fc.boolean() }),
  fc.record({ kind: fc.constant("null" as const), field: fc.constantFrom("T", "N"), negated: fc.boolean() }),
);
const tree = fc.letrec<{ node: FilterNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constant("and" as const), items: fc.array(tie("node"), { minLength: 2, maxLength: 3 }) }),
    fc.record({ kind: fc.constant("or" as const), items: fc.array(tie("node"), { minLength: 2, maxLength: 3 }) }),
  ),
})).node;

describe("the two query dialects", () => {
  it("select the same rows for the same condition (readByQuery string vs query <filter>)", () => {
    fc.assert(
      fc.property(tree, fc.array(row, { maxLength: 12 }), (node, rows) => {
        const viaString = filterRows(rows, parseQueryString(formatQueryString(node)), scope);
        const viaXml = filterRows(rows, parseStructuredFilter(el("filter", null, toXml(node))), scope);
        expect(viaString).toEqual(viaXml);
      }),
      { numRuns: 300 },
    );
  });
});
