import fc from "fast-check";
import { describe, expect, it } from "vitest";

import type { FilterNode } from "./filter-ast.js";
import { filterRows } from "./evaluate.js";
import { formatQueryString, parseQueryString, QuerySyntaxError } from "./query-string.js";

type Row = Record<string, string>;
const scope = {
  valueOf: (r: Row, f: string) => r[f] ?? "",
  kindOf: (f: string) => (f === "N" ? ("number" as const) : f === "D" ? ("date" as const) : ("text" as const)),
};
const rows: Row[] = [
  { A: "Erin's Deli", N: "10", D: "01/05/2026" },
  { A: "Acme", N: "250.5", D: "12/31/2025" },
  { A: "acme", N: "", D: "" },
  { A: "", N: "7", D: "1/6/2026" },
];
const run = (q: string) => filterRows(rows, parseQueryString(q), scope).map((r) => r["A"]);

describe("readByQuery query strings", () => {
  it("reads comparisons, quoted strings with backslash escapes and AND/OR precedence", () => {
    expect(run("A = 'Erin\\'s Deli'")).toEqual(["Erin's Deli"]);
    expect(run("N > 8 AND N < 300")).toEqual(["Erin's Deli", "Acme"]);
    expect(run("A = 'Acme' OR A = 'acme' AND N = 1")).toEqual(["Acme"]);
    expect(run("(A = 'Acme' OR A = 'acme') AND N IS NULL")).toEqual(["acme"]);
  });

  it("compares numbers numerically and dates chronologically, leading zeros optional", () => {
    expect(run("N >= 10")).toEqual(["Erin's Deli", "Acme"]);
    expect(run("D > '01/01/2026'")).toEqual(["Erin's Deli", ""]);
  });

  it("matches like with % and _ case-sensitively, and not like / in / not in", () => {
    expect(run("A like 'A%'")).toEqual(["Acme"]);
    expect(run("A like '_cme'")).toEqual(["Acme", "acme"]);
    expect(run("A not like '%e'")).toEqual(["Erin's Deli"]);
    expect(run("A in ('Acme', 'x')")).toEqual(["Acme"]);
    expect(run("A NOT IN ('Acme')")).toEqual(["Erin's Deli", "acme"]);
  });

  it("treats empty values as NULL with three-valued logic", () => {
    expect(run("A IS NULL")).toEqual([""]);
    expect(run("A IS NOT NULL AND N IS NULL")).toEqual(["acme"]);
    expect(run("NOT (N > 8)")).toEqual([""]);
  });

  it("numbers rownum among the rows matching the rest of the condition", () => {
    expect(run("rownum < 3")).toEqual(["Erin's Deli", "Acme"]);
    expect(run("A IS NOT NULL AND rownum > 1")).toEqual(["Acme", "acme"]);
  });

  it("rejects malformed strings with a position", () => {
    expect(() => parseQueryString("A = ")).toThrow(QuerySyntaxError);
    expect(() => parseQueryString("A = 'open")).toThrow(/Unterminated/);
    expect(() => parseQueryString("A = 'x' B")).toThrow(/Unexpected text/);
    expect(parseQueryString("   ")).toBeUndefined();
  });

  const field = fc.constantFrom("A", "N", "D", "VENDOR.NAME");
  const value = fc.string({ maxLength: 8 });
  const leaf: fc.Arbitrary<FilterNode> = fc.oneof(
    fc.record({ kind: fc.constant("compare" as const), field, op: fc.constantFrom("=" as const, "!=" as const, "<" as const, "<=" as const, ">" as const, ">=" as const), value }),
    fc.record({ kind: fc.constant("like" as const), field, pattern: value, negated: fc.boolean() }),
    fc.record({ kind: fc.constant("in" as const), field, values: fc.array(value, { minLength: 1, maxLength: 3 }), negated: fc.boolean() }),
    fc.record({ kind: fc.constant("null" as const), field, negated: fc.boolean() }),
  );
  const tree = fc.letrec<{ node: FilterNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.record({ kind: fc.constant("and" as const), items: fc.array(tie("node"), { minLength: 2, maxLength: 3 }) }),
      fc.record({ kind: fc.constant("or" as const), items: fc.array(tie("node"), { minLength: 2, maxLength: 3 }) }),
      fc.record({ kind: fc.constant("not" as const), item: tie("node") }),
    ),
  })).node;

  it("round-trips: printing a tree and parsing it back gives the same tree", () => {
    fc.assert(
      fc.property(tree, (node) => {
        expect(parseQueryString(formatQueryString(node))).toEqual(node);
      }),
      { numRuns: 300 },
    );
  });
});
