/**
 * Parser and printer for the `readByQuery` `<query>` string (`intacct-xml-api.md` §4.6): an
 * SQL-WHERE subset with `= != <> < <= > >=`, `like`/`not like` (`%`, `_`), `in`/`not in`,
 * `IS NULL`/`IS NOT NULL`, `AND`/`OR`/`NOT`, parentheses, single-quoted strings with backslash
 * escapes, numbers, and `rownum`. Keywords are case-insensitive; field names are kept as written.
 *
 * @example
 * parseQueryString("VENDORNAME = 'Erin\\'s Deli' AND TOTALDUE > 250");
 */
import type { CompareOp, FilterNode } from "./filter-ast.js";

/** A syntax error in a query string; `position` is the 0-based character offset. */
export class QuerySyntaxError extends Error {
  readonly code = "QUERY_SYNTAX" as const;
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = "QuerySyntaxError";
  }
}

type Token =
  | { readonly t: "ident"; readonly v: string; readonly pos: number }
  | { readonly t: "string"; readonly v: string; readonly pos: number }
  | { readonly t: "number"; readonly v: string; readonly pos: number }
  | { readonly t: "op"; readonly v: CompareOp; readonly pos: number }
  | { readonly t: "("; readonly pos: number }
  | { readonly t: ")"; readonly pos: number }
  | { readonly t: ","; readonly pos: number }
  | { readonly t: "end"; readonly pos: number };

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_.#]/;
const NUMBER = /^-?\d+(?:\.\d+)?/;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? "";
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const pos = i;
    if (c === "(" || c === ")" || c === ",") {
      out.push({ t: c, pos });
      i++;
    } else if (c === "'") {
      let v = "";
      i++;
      for (;;) {
        if (i >= src.length) throw new QuerySyntaxError("Unterminated string literal", pos);
        const d = src[i] ?? "";
        if (d === "\\" && i + 1 < src.length) {
          v += src[i + 1] ?? "";
          i += 2;
        } else if (d === "'") {
          i++;
          break;
        } else {
          v += d;
          i++;
        }
      }
      out.push({ t: "string", v, pos });
    } else if (c === "<" || c === ">" || c === "=" || c === "!") {
      const two = src.slice(i, i + 2);
      if (two === "<=" || two === ">=" || two === "!=" || two === "<>") {
        out.push({ t: "op", v: two === "<>" ? "!=" : two, pos });
        i += 2;
      } else if (c === "!") {
        throw new QuerySyntaxError("Unexpected character '!'", pos);
      } else {
        out.push({ t: "op", v: c as CompareOp, pos });
        i++;
      }
    } else if (/[-\d]/.test(c)) {
      const m = NUMBER.exec(src.slice(i));
      if (!m) throw new QuerySyntaxError(`Unexpected character '${c}'`, pos);
      out.push({ t: "number", v: m[0], pos });
      i += m[0].length;
    } else if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < src.length && IDENT_PART.test(src[j] ?? "")) j++;
      out.push({ t: "ident", v: src.slice(i, j), pos });
      i = j;
    } else {
      throw new QuerySyntaxError(`Unexpected character '${c}'`, pos);
    }
  }
  out.push({ t: "end", pos: src.length });
  return out;
}

const KEYWORDS = new Set(["AND", "OR", "NOT", "LIKE", "IN", "IS", "NULL"]);

/** Parses a query string; an empty or blank string means "all rows" (`undefined`). */
export function parseQueryString(src: string): FilterNode | undefined {
  const tokens = tokenize(src);
  if (tokens.length === 1) return undefined;
  let k = 0;
  const peek = (): Token => tokens[k] ?? { t: "end", pos: src.length };
  const next = (): Token => {
    const tok = peek();
    k++;
    return tok;
  };
  const isKeyword = (tok: Token, kw: string): boolean => tok.t === "ident" && tok.v.toUpperCase() === kw;
  const expectKeyword = (kw: string): void => {
    const tok = next();
    if (!isKeyword(tok, kw)) throw new QuerySyntaxError(`Expected ${kw}`, tok.pos);
  };

  const parseOr = (): FilterNode => {
    const items = [parseAnd()];
    while (isKeyword(peek(), "OR")) {
      next();
      items.push(parseAnd());
    }
    return items.length === 1 && items[0] ? items[0] : { kind: "or", items };
  };
  const parseAnd = (): FilterNode => {
    const items = [parseUnary()];
    while (isKeyword(peek(), "AND")) {
      next();
      items.push(parseUnary());
    }
    return items.length === 1 && items[0] ? items[0] : { kind: "and", items };
  };
  const parseUnary = (): FilterNode => {
    if (isKeyword(peek(), "NOT")) {
      next();
      return { kind: "not", item: parseUnary() };
    }
    const tok = peek();
    if (tok.t === "(") {
      next();
      const inner = parseOr();
      const close = next();
      if (close.t !== ")") throw new QuerySyntaxError("Expected ')'", close.pos);
      return inner;
    }
    return parsePredicate();
  };
  const parseValue = (): string => {
    const tok = next();
    if (tok.t === "string" || tok.t === "number") return tok.v;
    throw new QuerySyntaxError("Expected a quoted string or a number", tok.pos);
  };
  const parsePredicate = (): FilterNode => {
    const fieldTok = next();
    if (fieldTok.t !== "ident" || KEYWORDS.has(fieldTok.v.toUpperCase())) throw new QuerySyntaxError("Expected a field name", fieldTok.pos);
    const field = fieldTok.v;
    const tok = peek();
    if (tok.t === "op") {
      next();
      if (field.toLowerCase() === "rownum") {
        const v = next();
        if (v.t !== "number" || !/^\d+$/.test(v.v)) throw new QuerySyntaxError("rownum needs a whole number", v.pos);
        return { kind: "rownum", op: tok.v, value: Number(v.v) };
      }
      return { kind: "compare", field, op: tok.v, value: parseValue() };
    }
    let negated = false;
    if (isKeyword(tok, "NOT")) {
      next();
      negated = true;
    }
    const kw = next();
    if (isKeyword(kw, "LIKE")) {
      const p = next();
      if (p.t !== "string") throw new QuerySyntaxError("like needs a quoted pattern", p.pos);
      return { kind: "like", field, pattern: p.v, negated };
    }
    if (isKeyword(kw, "IN")) {
      const open = next();
      if (open.t !== "(") throw new QuerySyntaxError("Expected '(' after IN", open.pos);
      const values = [parseValue()];
      while (peek().t === ",") {
        next();
        values.push(parseValue());
      }
      const close = next();
      if (close.t !== ")") throw new QuerySyntaxError("Expected ')'", close.pos);
      return { kind: "in", field, values, negated };
    }
    if (!negated && isKeyword(kw, "IS")) {
      let isNot = false;
      if (isKeyword(peek(), "NOT")) {
        next();
        isNot = true;
      }
      expectKeyword("NULL");
      return { kind: "null", field, negated: isNot };
    }
    throw new QuerySyntaxError(`Expected an operator after ${field}`, kw.pos);
  };

  const tree = parseOr();
  const end = peek();
  if (end.t !== "end") throw new QuerySyntaxError("Unexpected text after the end of the condition", end.pos);
  return tree;
}

/** Quotes a literal for a query string (backslash before `'` and `\`). */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/**
 * Prints a filter as a query string that {@link parseQueryString} reads back to the same tree
 * (`between` prints as `>= AND <=`, which parses to an equivalent `and`).
 */
export function formatQueryString(node: FilterNode): string {
  switch (node.kind) {
    case "and":
      return node.items.map((n) => `(${formatQueryString(n)})`).join(" AND ");
    case "or":
      return node.items.map((n) => `(${formatQueryString(n)})`).join(" OR ");
    case "not":
      return `NOT (${formatQueryString(node.item)})`;
    case "compare":
      return `${node.field} ${node.op} ${quoteLiteral(node.value)}`;
    case "between":
      return `(${node.field} >= ${quoteLiteral(node.low)}) AND (${node.field} <= ${quoteLiteral(node.high)})`;
    case "like":
      return `${node.field} ${node.negated ? "NOT LIKE" : "LIKE"} ${quoteLiteral(node.pattern)}`;
    case "in":
      return `${node.field} ${node.negated ? "NOT IN" : "IN"} (${node.values.map(quoteLiteral).join(", ")})`;
    case "null":
      return `${node.field} IS ${node.negated ? "NOT NULL" : "NULL"}`;
    case "rownum":
      return `rownum ${node.op} ${node.value}`;
  }
}
