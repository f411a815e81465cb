/**
 * Conversions between the engine's state and the store's rows (`src/store/port.ts`): links,
 * cursors and suppressions. The row shapes are declared structurally here so the engine's pure
 * core does not depend on the store's module.
 */
import { decodeCursor, encodeCursor } from "./cursor.js";
import type { Link } from "./links.js";
import { OBJECT_SPECS, type Side, type SyncObject } from "./model/objects.js";
import type { CursorState, Suppression } from "./plan.js";
import { SyncError } from "./sync-error.js";

/** The store's link row (`LinkRecord` without `updatedAt`). */
export interface LinkRow {
  readonly accountId: string;
  readonly object: string;
  readonly platformId: string;
  readonly intacctKey: string;
  readonly intacctId?: string;
  readonly version?: string;
  readonly data: { readonly [key: string]: string | number | boolean | null };
}

function isSyncObject(value: string): value is SyncObject {
  return Object.hasOwn(OBJECT_SPECS, value);
}

/**
 * A link → the store's row. `object` is the engine's object name (`vendor`, `bill`,
 * `vendorCredit` — credits and bills are both APBILLs in Intacct, so the Intacct object name
 * would not tell them apart); `version` holds the Intacct-side fingerprint and `data` the rest.
 */
export function toLinkRow(accountId: string, link: Link): LinkRow {
  return {
    accountId, object: link.object, platformId: link.platformId, intacctKey: link.intacctKey, version: link.intacctVersion,
    ...(link.intacctId === undefined ? {} : { intacctId: link.intacctId }),
    data: { pv: link.platformVersion, iv: link.intacctVersion, e: link.entityId, ...(link.intacctPaid === undefined ? {} : { paid: link.intacctPaid }) },
  };
}

/** The store's row → a link. Throws `RECORD_INVALID` for a row of an unknown object. */
export function fromLinkRow(row: LinkRow): Link {
  if (!isSyncObject(row.object)) throw new SyncError("RECORD_INVALID", `link row of unknown object ${row.object}`);
  const s = (k: string): string => {
    const v = row.data[k];
    return typeof v === "string" ? v : "";
  };
  const paid = row.data["paid"];
  return {
    object: row.object, platformId: row.platformId, intacctKey: row.intacctKey, entityId: s("e"), platformVersion: s("pv"), intacctVersion: s("iv") || (row.version ?? ""),
    ...(row.intacctId === undefined ? {} : { intacctId: row.intacctId }), ...(typeof paid === "boolean" ? { intacctPaid: paid } : {}),
  };
}

/** The store cursor key of a cursor state: the object, with `#deletions` for the deletion feed. */
export function cursorRowKey(c: Pick<CursorState, "object" | "stream">): string {
  return c.stream === "deletions" ? `${c.object}#deletions` : c.object;
}

/** A cursor state → the store's (side, object, value). */
export function toCursorRow(c: CursorState): { readonly side: Side; readonly object: string; readonly value: string } {
  return { side: c.side, object: cursorRowKey(c), value: encodeCursor(c.cursor) };
}

/** The store's cursor row → a cursor state. Throws `CURSOR_INVALID` for an undecodable value. */
export function fromCursorRow(row: { readonly side: Side; readonly object: string; readonly value: string }): CursorState {
  const [name = "", suffix] = row.object.split("#");
  if (!isSyncObject(name)) throw new SyncError("CURSOR_INVALID", `cursor of unknown object ${row.object}`);
  const cursor = decodeCursor(row.value);
  if (cursor.side !== row.side) throw new SyncError("CURSOR_INVALID", `cursor ${row.object} is stored under side ${row.side} but encodes ${cursor.side}`);
  return { object: name, side: row.side, stream: suffix === "deletions" ? "deletions" : "changes", cursor };
}

/** State-table namespace and key of a suppression (`StateRepository.put(account, ns, key, version)`). */
export function suppressionEntry(s: Suppression): { readonly namespace: "sync-suppressions"; readonly key: string; readonly value: string } {
  return { namespace: "sync-suppressions", key: `${s.object}|${s.side}|${s.key}`, value: s.version };
}

/** Reads a suppression back from its state-table key and value. */
export function fromSuppressionEntry(key: string, value: unknown): Suppression | undefined {
  const [object = "", side, ...rest] = key.split("|");
  if (!isSyncObject(object) || (side !== "platform" && side !== "intacct") || typeof value !== "string") return undefined;
  return { object, side, key: rest.join("|"), version: value };
}
