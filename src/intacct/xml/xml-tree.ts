/** Navigation of parsed elements and conversion between elements and Intacct records. */
import type { IntacctRecord, IntacctValue, XmlElement } from "./types.js";
import { el } from "./xml-write.js";

/** First child named `name`, or undefined. */
export function childElement(parent: XmlElement, name: string): XmlElement | undefined {
  for (const c of parent.children) if (c.name === name) return c;
  return undefined;
}

/** All children named `name`, in order. */
export function childElements(parent: XmlElement, name: string): XmlElement[] {
  return parent.children.filter((c) => c.name === name);
}

/** Text of the first child named `name` (untrimmed), or undefined when there is no such child. */
export function childText(parent: XmlElement, name: string): string | undefined {
  return childElement(parent, name)?.text;
}

/**
 * Converts an element's content into a record: leaf children become strings, nested children
 * records, repeated tags arrays; attributes (if any) go under `"@"`, and text of an element that
 * also has children under `"#text"`.
 */
export function elementToRecord(element: XmlElement): IntacctRecord {
  const rec: IntacctRecord = {};
  if (Object.keys(element.attrs).length > 0) rec["@"] = { ...element.attrs };
  for (const c of element.children) addField(rec, c.name, elementToValue(c));
  if (element.children.length > 0 && element.text.trim() !== "") rec["#text"] = element.text;
  else if (element.children.length === 0 && element.text !== "") rec["#text"] = element.text;
  return rec;
}

function elementToValue(element: XmlElement): IntacctValue {
  if (element.children.length === 0 && Object.keys(element.attrs).length === 0) return element.text;
  return elementToRecord(element);
}

/** Adds a field, turning repeated tags into arrays (shared with the streaming decoder). */
export function addField(rec: IntacctRecord, key: string, value: IntacctValue): void {
  const prev = rec[key];
  if (prev === undefined) rec[key] = value;
  else if (Array.isArray(prev)) prev.push(value);
  else rec[key] = [prev, value];
}

/**
 * Converts a record into an element named `name` (the inverse of {@link elementToRecord}):
 * arrays become repeated sibling tags, `"@"` attributes, `"#text"` text.
 *
 * @example
 * recordToElement("VENDOR", { VENDORID: "V1", NAME: "Acme" });
 */
export function recordToElement(name: string, record: IntacctRecord): XmlElement {
  const attrsValue = record["@"];
  const attrs =
    attrsValue !== undefined && typeof attrsValue === "object" && !Array.isArray(attrsValue)
      ? (attrsValue as Record<string, string>)
      : undefined;
  const textValue = record["#text"];
  const children: XmlElement[] = [];
  for (const key of Object.keys(record)) {
    if (key === "@" || key === "#text") continue;
    pushValue(children, key, record[key] as IntacctValue);
  }
  return el(name, attrs ?? null, ...children, typeof textValue === "string" ? textValue : undefined);
}

function pushValue(children: XmlElement[], key: string, value: IntacctValue): void {
  if (typeof value === "string") children.push(el(key, null, value));
  else if (Array.isArray(value)) for (const v of value) pushValue(children, key, v);
  else children.push(recordToElement(key, value));
}
