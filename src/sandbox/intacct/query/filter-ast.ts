/**
 * The filter tree shared by both query dialects of the Intacct sandbox: the `readByQuery`
 * string grammar (`intacct-xml-api.md` §4.6) and the `query` function's structured `<filter>`
 * (§4.8) both compile to this tree, which {@link evaluateFilter} runs against records.
 */

/** Comparison operators of both dialects. */
export type CompareOp = "=" | "!=" | "<" | "<=" | ">" | ">=";

/** One node of a filter. Field names are kept as written; resolution happens at evaluation. */
export type FilterNode =
  | { readonly kind: "and"; readonly items: readonly FilterNode[] }
  | { readonly kind: "or"; readonly items: readonly FilterNode[] }
  | { readonly kind: "not"; readonly item: FilterNode }
  | { readonly kind: "compare"; readonly field: string; readonly op: CompareOp; readonly value: string }
  | { readonly kind: "between"; readonly field: string; readonly low: string; readonly high: string }
  | { readonly kind: "like"; readonly field: string; readonly pattern: string; readonly negated: boolean }
  | { readonly kind: "in"; readonly field: string; readonly values: readonly string[]; readonly negated: boolean }
  | { readonly kind: "null"; readonly field: string; readonly negated: boolean }
  /** `rownum` of readByQuery: the 1-based position among rows matching the rest of the filter. */
  | { readonly kind: "rownum"; readonly op: CompareOp; readonly value: number };

/** Every field name a filter mentions (rownum excluded), in first-seen order. */
export function filterFields(node: FilterNode | undefined): string[] {
  const out: string[] = [];
  const visit = (n: FilterNode): void => {
    switch (n.kind) {
      case "and":
      case "or":
        n.items.forEach(visit);
        return;
      case "not":
        visit(n.item);
        return;
      case "rownum":
        return;
      case "compare":
      case "between":
      case "like":
      case "in":
      case "null":
        if (!out.includes(n.field)) out.push(n.field);
        return;
    }
  };
  if (node) visit(node);
  return out;
}

/** True when the tree contains a `rownum` condition (evaluation then needs two passes). */
export function usesRownum(node: FilterNode | undefined): boolean {
  if (!node) return false;
  switch (node.kind) {
    case "and":
    case "or":
      return node.items.some(usesRownum);
    case "not":
      return usesRownum(node.item);
    case "rownum":
      return true;
    case "compare":
    case "between":
    case "like":
    case "in":
    case "null":
      return false;
  }
}
