/**
 * Builders for the generic DTD 3.0 functions (`intacct-xml-api.md` §4): pure, validated against
 * {@link IntacctLimits}, returning {@link IntacctFunction}s.
 */
import { IntacctLimits } from "../limits.js";
import { node, optionalText } from "../xml-node.js";
import { type IntacctRecord, recordToElement } from "../xml/index.js";
import type { IntacctFunction, WriteOptions } from "./types.js";
import { checkMax, checkNonEmpty, checkPageSize, checkWriteControlId } from "./validate.js";

/** One record of a (possibly mixed-object) `create` or `update`. */
export interface ObjectRecord {
  /** Object name, e.g. `VENDOR`, `APBILL` (custom objects: their integration name). */
  readonly object: string;
  readonly record: IntacctRecord;
}

function toList<T>(v: T | readonly T[]): readonly T[] {
  return Array.isArray(v) ? (v as readonly T[]) : [v as T];
}

function writeRecords(fn: "create" | "update", items: readonly ObjectRecord[], options: WriteOptions): IntacctFunction {
  const controlId = checkWriteControlId(fn, options);
  checkNonEmpty(`${fn} records`, items.length);
  checkMax(`${fn} records`, items.length, IntacctLimits.MAX_RECORDS);
  return { kind: "write", controlId, body: node(fn, {}, items.map((i) => recordToElement(i.object, i.record))) };
}

/**
 * `create` of up to 100 records of one object (§4.2).
 *
 * @example
 * create("CLASS", { CLASSID: "C-100", NAME: "Retail" }, { controlId: controlIdFor(["class", "C-100"]) });
 */
export function create(object: string, records: IntacctRecord | readonly IntacctRecord[], options: WriteOptions): IntacctFunction {
  return writeRecords("create", toList(records).map((record) => ({ object, record })), options);
}

/** `create` of up to 100 records of mixed objects (§4.2). */
export function createMixed(items: readonly ObjectRecord[], options: WriteOptions): IntacctFunction {
  return writeRecords("create", items, options);
}

/** `update` of up to 100 records, each identified by `RECORDNO` or the object's ID field (§4.3). */
export function update(object: string, records: IntacctRecord | readonly IntacctRecord[], options: WriteOptions): IntacctFunction {
  return writeRecords("update", toList(records).map((record) => ({ object, record })), options);
}

/** `update` of mixed objects. */
export function updateMixed(items: readonly ObjectRecord[], options: WriteOptions): IntacctFunction {
  return writeRecords("update", items, options);
}

function keyList(what: string, keys: readonly (string | number)[]): string {
  checkNonEmpty(`${what} keys`, keys.length);
  checkMax(`${what} keys`, keys.length, IntacctLimits.MAX_KEYS);
  for (const k of keys) {
    if (String(k).includes(",")) throw new TypeError(`${what}: key ${String(k)} contains a comma`);
  }
  return keys.map(String).join(",");
}

/** `delete` of up to 100 records by `RECORDNO` (§4.4). Named `deleteRecords` because `delete` is reserved. */
export function deleteRecords(object: string, keys: readonly (string | number)[], options: WriteOptions): IntacctFunction {
  const controlId = checkWriteControlId("delete", options);
  return { kind: "write", controlId, body: node("delete", {}, [node("object", {}, object), node("keys", {}, keyList("delete", keys))]) };
}

/** Options of `read` and `readByName`. */
export interface ReadOptions {
  /** Fields to return. @default ["*"] (all) */
  readonly fields?: readonly string[];
  /** Transaction definition (SODOCUMENT/PODOCUMENT). @default undefined */
  readonly docparid?: string;
}

function readLike(fn: "read" | "readByName", object: string, keys: readonly (string | number)[], options: ReadOptions): IntacctFunction {
  return {
    kind: "read",
    body: node(fn, {}, [
      node("object", {}, object),
      node("keys", {}, keyList(fn, keys)),
      node("fields", {}, (options.fields ?? ["*"]).join(",")),
      node("returnFormat", {}, "xml"),
      optionalText("docparid", options.docparid),
    ]),
  };
}

/** `read` by RECORDNO, up to 100 keys (§4.5). */
export function read(object: string, keys: readonly (string | number)[], options: ReadOptions = {}): IntacctFunction {
  return readLike("read", object, keys, options);
}

/** `readByName` by ID/name (VENDORID, LOCATIONID, …), up to 100 keys (§4.5). */
export function readByName(object: string, names: readonly string[], options: ReadOptions = {}): IntacctFunction {
  return readLike("readByName", object, names, options);
}

/** Options of `readByQuery`. */
export interface ReadByQueryOptions {
  /** SQL-like condition (§4.6); empty = all rows. @default "" */
  readonly query?: string;
  /** @default ["*"] */
  readonly fields?: readonly string[];
  /** 1–1000. @default 1000 */
  readonly pageSize?: number;
  /** @default undefined */
  readonly docparid?: string;
}

/** `readByQuery` (§4.6). Page with {@link readMore}. */
export function readByQuery(object: string, options: ReadByQueryOptions = {}): IntacctFunction {
  const pageSize = options.pageSize ?? IntacctLimits.READ_BY_QUERY_PAGESIZE_MAX;
  checkPageSize("readByQuery", pageSize, IntacctLimits.READ_BY_QUERY_PAGESIZE_MAX);
  return {
    kind: "read",
    body: node("readByQuery", {}, [
      node("object", {}, object),
      node("fields", {}, (options.fields ?? ["*"]).join(",")),
      node("query", {}, options.query ?? ""),
      node("pagesize", {}, String(pageSize)),
      node("returnFormat", {}, "xml"),
      optionalText("docparid", options.docparid),
    ]),
  };
}

/** `readMore` by `resultId` (preferred) or by object (§4.7). */
export function readMore(target: { readonly resultId: string } | { readonly object: string }): IntacctFunction {
  const child = "resultId" in target ? node("resultId", {}, target.resultId) : node("object", {}, target.object);
  return { kind: "read", body: node("readMore", {}, [child]) };
}

/** `lookup` of an object's fields and relationships (§4.9). */
export function lookup(object: string, options: { readonly docparid?: string } = {}): IntacctFunction {
  return { kind: "read", body: node("lookup", {}, [node("object", {}, object), optionalText("docparid", options.docparid)]) };
}

/** `inspect` (§4.9); `object` `*` lists all objects. */
export function inspect(object = "*", options: { readonly detail?: boolean } = {}): IntacctFunction {
  return { kind: "read", body: node("inspect", options.detail === true ? { detail: "1" } : {}, [node("object", {}, object)]) };
}

/** `readEntityDetails`: the entities the current user can access (no parameters). */
export function readEntityDetails(): IntacctFunction {
  return { kind: "read", body: node("readEntityDetails") };
}

/** `getUserPermissions` for a login ID (A6). */
export function getUserPermissions(userId: string): IntacctFunction {
  return { kind: "read", body: node("getUserPermissions", {}, [node("userId", {}, userId)]) };
}

/**
 * `getAPISession` (§4.1). `locationId` undefined → no element; `""` → `<locationid/>` (back to
 * the top level from an entity session); a value → that entity.
 */
export function getAPISession(locationId?: string): IntacctFunction {
  return { kind: "read", body: node("getAPISession", {}, [locationId === undefined ? undefined : node("locationid", {}, locationId)]) };
}
