import { describe, expect, it } from "vitest";

import { parseXml } from "../../../intacct/xml/index.js";
import { filterRows } from "./evaluate.js";
import { parseOrderBy, parseSelect, parseStructuredFilter, QueryStructureError } from "./structured-query.js";

type Row = Record<string, string>;
const rows: Row[] = [
  { ID: "a", NAME: "Acme", AMT: "5" },
  { ID: "b", NAME: "acme", AMT: "15" },
  { ID: "c", NAME: "Zeta", AMT: "" },
];
const run = (filter: string, caseInsensitive = false) =>
  filterRows(rows, parseStructuredFilter(parseXml(`<filter>${filter}</filter>`)), { valueOf: (r: Row, f: string) => r[f] ?? "", kindOf: (f: string) => (f === "AMT" ? "number" : "text"), caseInsensitive }).map((r) => r["ID"]);

describe("query function filters", () => {
  it("supports every leaf operator", () => {
    expect(run("<equalto><field>NAME</field><value>Acme</value></equalto>")).toEqual(["a"]);
    expect(run("<notequalto><field>NAME</field><value>Acme</value></notequalto>")).toEqual(["b", "c"]);
    expect(run("<lessthan><field>AMT</field><value>10</value></lessthan>")).toEqual(["a"]);
    expect(run("<lessthanorequalto><field>AMT</field><value>15</value></lessthanorequalto>")).toEqual(["a", "b"]);
    expect(run("<greaterthan><field>AMT</field><value>5</value></greaterthan>")).toEqual(["b"]);
    expect(run("<greaterthanorequalto><field>AMT</field><value>5</value></greaterthanorequalto>")).toEqual(["a", "b"]);
    expect(run("<between><field>AMT</field><value>1</value><value>10</value></between>")).toEqual(["a"]);
    expect(run("<in><field>NAME</field><value>Zeta</value><value>acme</value></in>")).toEqual(["b", "c"]);
    expect(run("<notin><field>NAME</field><value>Zeta</value></notin>")).toEqual(["a", "b"]);
    expect(run("<like><field>NAME</field><value>%me</value></like>")).toEqual(["a", "b"]);
    expect(run("<notlike><field>NAME</field><value>A%</value></notlike>")).toEqual(["b", "c"]);
    expect(run("<isnull><field>AMT</field></isnull>")).toEqual(["c"]);
    expect(run("<isnotnull><field>AMT</field></isnotnull>")).toEqual(["a", "b"]);
  });

  it("nests and/or and honours caseinsensitive", () => {
    expect(run("<or><equalto><field>ID</field><value>c</value></equalto><and><like><field>NAME</field><value>a%</value></like><greaterthan><field>AMT</field><value>1</value></greaterthan></and></or>")).toEqual(["b", "c"]);
    expect(run("<equalto><field>NAME</field><value>ACME</value></equalto>", true)).toEqual(["a", "b"]);
  });

  it("rejects malformed structures", () => {
    const bad = (xml: string) => () => parseStructuredFilter(parseXml(`<filter>${xml}</filter>`));
    expect(bad("<and><isnull><field>A</field></isnull></and>")).toThrow(QueryStructureError);
    expect(bad("<between><field>A</field><value>1</value></between>")).toThrow(/exactly two values/);
    expect(bad("<equalto><field>A</field></equalto>")).toThrow(/exactly one value/);
    expect(bad("<isnull><field>A</field></isnull><isnull><field>B</field></isnull>")).toThrow(/exactly one operator/);
    expect(bad("<resembles><field>A</field></resembles>")).toThrow(/Unknown filter operator/);
    expect(() => parseSelect(parseXml("<select/>"))).toThrow(QueryStructureError);
  });

  it("reads select items, aggregates and order terms", () => {
    expect(parseSelect(parseXml("<select><field>A</field><sum>B</sum></select>"))).toEqual([{ field: "A" }, { field: "B", aggregate: "sum" }]);
    expect(parseOrderBy(parseXml("<orderby><order><field>A</field><descending/></order><order><field>B</field></order></orderby>"))).toEqual([
      { field: "A", descending: true },
      { field: "B", descending: false },
    ]);
  });
});
