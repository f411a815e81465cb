/**
 * A tiny constructor for {@link XmlElement} values. Function builders produce plain element trees
 * (no string concatenation); the codec's `encodeRequest` serialises and escapes them.
 */
import type { XmlElement } from "./xml/index.js";

/** Child accepted by {@link node}: an element, or `undefined`/`false` to skip it. */
export type NodeChild = XmlElement | undefined | false;

/**
 * Builds an element. A string `content` becomes the element's text; an array becomes children.
 *
 * @example
 * node("readMore", {}, [node("resultId", {}, "abc")]);
 */
export function node(name: string, attrs: Readonly<Record<string, string>> = {}, content: string | readonly NodeChild[] = []): XmlElement {
  if (typeof content === "string") return { name, attrs, children: [], text: content };
  const children: XmlElement[] = [];
  for (const c of content) if (c) children.push(c);
  return { name, attrs, children, text: "" };
}

/** `node(name, {}, text)` when `value` is defined, else `undefined` (optional elements). */
export function optionalText(name: string, value: string | number | boolean | undefined): XmlElement | undefined {
  return value === undefined ? undefined : node(name, {}, String(value));
}
