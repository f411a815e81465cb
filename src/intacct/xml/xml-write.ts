/**
 * XML building and writing. Values are always escaped; nothing is ever inserted raw.
 */
import type { XmlElement } from "./types.js";

/** What {@link el} builds and {@link writeXml} writes (an {@link XmlElement}). */
export type XmlNodeInput = XmlElement;

/** A child accepted by {@link el}: an element, text, or nothing (skipped). */
export type XmlChild = XmlElement | string | number | boolean | undefined | null;

const NO_ATTRS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Builds an element. String children become the element's text; `undefined`/`null` are skipped,
 * which makes optional fields easy.
 *
 * @example
 * el("readByQuery", {}, el("object", {}, "VENDOR"), el("query", {}, ""), el("pagesize", {}, 1000));
 */
export function el(
  name: string,
  attrs?: Readonly<Record<string, string | undefined>> | null,
  ...children: readonly XmlChild[]
): XmlElement {
  const kids: XmlElement[] = [];
  let text = "";
  for (const c of children) {
    if (c === undefined || c === null) continue;
    if (typeof c === "object") kids.push(c);
    else text += String(c);
  }
  let cleanAttrs = NO_ATTRS;
  if (attrs) {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined) out[k] = v;
    cleanAttrs = out;
  }
  return { name, attrs: cleanAttrs, children: kids, text };
}

const TEXT_RE = /[&<>\r]/g;
// Tab, newline and CR are written as character references in attributes, or attribute-value
// normalization (XML 1.0 §3.3.3) would turn them into spaces.
const ATTR_RE = /[&<>"'\t\n\r]/g;
const ENTITY: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};
// XML 1.0 forbids most C0 control characters even as character references; drop them.
// eslint-disable-next-line no-control-regex -- matching the control characters XML 1.0 forbids is the point
const INVALID_CHARS_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes element text (`&`, `<`, `>`; CR as `&#13;` so it survives end-of-line handling), dropping characters XML 1.0 cannot carry. */
export function escapeText(s: string): string {
  return s.replace(INVALID_CHARS_RE, "").replace(TEXT_RE, (c) => ENTITY[c] ?? c);
}

/** Escapes an attribute value (`&`, `<`, `>`, `"`, `'`). */
export function escapeAttr(s: string): string {
  return s.replace(INVALID_CHARS_RE, "").replace(ATTR_RE, (c) => ENTITY[c] ?? c);
}

/** Options of {@link writeXml}. */
export interface WriteXmlOptions {
  /** Indent with two spaces and newlines. @default false */
  readonly pretty?: boolean;
  /** Prolog to write first; `true` writes `<?xml version="1.0" encoding="UTF-8"?>`. @default false */
  readonly prolog?: boolean | string;
  /** Write elements without children or text as `<a></a>` instead of `<a/>`. @default false */
  readonly expandEmpty?: boolean;
}

/** Serializes an element tree. */
export function writeXml(node: XmlElement, options: WriteXmlOptions = {}): string {
  const out: string[] = [];
  if (options.prolog)
    out.push(
      typeof options.prolog === "string" ? options.prolog : '<?xml version="1.0" encoding="UTF-8"?>',
      options.pretty ? "\n" : "",
    );
  writeNode(node, out, options.pretty ? 0 : -1, options.expandEmpty ?? false);
  return out.join("");
}

function writeNode(node: XmlElement, out: string[], indent: number, expandEmpty: boolean): void {
  const pad = indent >= 0 ? "  ".repeat(indent) : "";
  out.push(pad, "<", node.name);
  for (const k in node.attrs) out.push(" ", k, '="', escapeAttr(node.attrs[k] ?? ""), '"');
  if (node.children.length === 0) {
    if (node.text === "" && !expandEmpty) out.push("/>");
    else out.push(">", escapeText(node.text), "</", node.name, ">");
    if (indent >= 0) out.push("\n");
    return;
  }
  out.push(">");
  if (indent >= 0) out.push("\n");
  if (node.text.trim() !== "") out.push(escapeText(node.text));
  for (const c of node.children) writeNode(c, out, indent >= 0 ? indent + 1 : -1, expandEmpty);
  out.push(pad, "</", node.name, ">");
  if (indent >= 0) out.push("\n");
}
