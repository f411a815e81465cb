/**
 * Strict XML parsing on saxes (chosen by measurement: `reference/xml-parsers-measured.md` — saxes
 * building records on the fly was 6.6× the official SDK's decode, fast-xml-parser was slower).
 *
 * Hostile input: any DOCTYPE is refused before its content is looked at, so neither external
 * entities (XXE) nor entity expansion ("billion laughs") can happen; saxes itself never expands
 * DTD entities and rejects undefined ones. Size and depth are bounded.
 */
import { SaxesParser } from "saxes";

import type { XmlElement } from "./types.js";
import { XmlCodecError } from "./xml-codec-error.js";

/** Limits applied to every parse. */
export const XML_LIMITS = {
  /** Largest document accepted, in UTF-16 code units (≈ characters). 64 MiB holds > 100k rows. */
  maxChars: 64 * 1024 * 1024,
  /** Deepest element nesting accepted. Intacct envelopes nest < 15 deep. */
  maxDepth: 64,
} as const;

/** Options of {@link parseXml}. */
export interface ParseXmlOptions {
  /** @default XML_LIMITS.maxChars */
  readonly maxChars?: number;
  /** @default XML_LIMITS.maxDepth */
  readonly maxDepth?: number;
}

interface MutableElement {
  name: string;
  attrs: Record<string, string>;
  children: MutableElement[];
  text: string;
}

/**
 * Parses a whole document into an element tree.
 *
 * @throws {XmlCodecError} `XML_MALFORMED`, `XML_FORBIDDEN_DTD` or `XML_TOO_LARGE`.
 * @example
 * const root = parseXml("<request><control/></request>");
 * root.children[0]?.name; // "control"
 */
export function parseXml(xml: string, options: ParseXmlOptions = {}): XmlElement {
  const maxChars = options.maxChars ?? XML_LIMITS.maxChars;
  const maxDepth = options.maxDepth ?? XML_LIMITS.maxDepth;
  if (xml.length > maxChars) {
    throw new XmlCodecError(
      "XML_TOO_LARGE",
      `Document of ${xml.length} characters exceeds the limit of ${maxChars}.`,
    );
  }
  const parser = new SaxesParser({ position: true });
  const stack: MutableElement[] = [];
  let root: MutableElement | undefined;
  const fail = (code: "XML_MALFORMED" | "XML_FORBIDDEN_DTD" | "XML_TOO_LARGE", message: string): never => {
    throw new XmlCodecError(code, message, { line: parser.line, column: parser.column });
  };
  parser.on("doctype", () => fail("XML_FORBIDDEN_DTD", "DOCTYPE and entity declarations are not allowed."));
  parser.on("error", (e) => fail("XML_MALFORMED", e.message));
  parser.on("opentag", (tag) => {
    if (stack.length >= maxDepth) fail("XML_TOO_LARGE", `Element nesting deeper than ${maxDepth}.`);
    const node: MutableElement = {
      name: tag.name,
      attrs: tag.attributes as Record<string, string>,
      children: [],
      text: "",
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else root = node;
    stack.push(node);
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  const onText = (t: string): void => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.write(xml).close();
  if (!root) return fail("XML_MALFORMED", "Document has no root element.");
  return root;
}
