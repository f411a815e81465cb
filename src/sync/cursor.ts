/**
 * Incremental cursors (pure helpers). A cursor is a high-water mark of the side's change stamp —
 * Intacct `WHENMODIFIED` (`mm/dd/yyyy HH:MM:SS`, in the API user's time zone, §0.3), BILL
 * `updatedTime` (ISO-8601) — read again with an overlap window because both APIs are eventually
 * consistent (Estuary re-reads two hours of Intacct, B0) and BILL's `gte` boundary is inclusive
 * (§5.2). Re-read rows are harmless: a record whose fingerprint matches its link plans nothing.
 *
 * Encoded form: `v1|<side>|<watermark>` — text, so the store keeps it verbatim.
 */
import type { Side } from "./model/objects.js";
import { SyncError } from "./sync-error.js";

/** A decoded cursor. */
export interface Cursor {
  readonly side: Side;
  /** The largest change stamp processed, in the side's own format. */
  readonly watermark: string;
}

/** Overlap windows, in seconds. */
export const CursorLimits = {
  /** Intacct re-read window (Estuary uses two hours, `intacct-objects-permissions.md` B0). */
  INTACCT_OVERLAP_SECONDS: 2 * 3600,
  /** BILL re-read window (inclusive `gte` plus clock skew). */
  PLATFORM_OVERLAP_SECONDS: 300,
} as const;

const INTACCT_STAMP = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/;

/** Encodes a cursor as text. */
export function encodeCursor(cursor: Cursor): string {
  if (cursor.watermark.includes("\n")) throw new SyncError("CURSOR_INVALID", "cursor watermark contains a newline");
  return `v1|${cursor.side}|${cursor.watermark}`;
}

/** Decodes {@link encodeCursor}'s text; throws `CURSOR_INVALID` for anything else. */
export function decodeCursor(text: string): Cursor {
  const m = /^v1\|(platform|intacct)\|([^\n]*)$/.exec(text);
  if (m === null) throw new SyncError("CURSOR_INVALID", `not a v1 cursor: ${JSON.stringify(text.slice(0, 80))}`);
  return { side: m[1] as Side, watermark: m[2] ?? "" };
}

/** Sortable form of a change stamp (`yyyy-mm-ddTHH:MM:SS…`); unknown formats sort as given. */
export function stampKey(side: Side, stamp: string): string {
  if (side === "intacct") {
    const m = INTACCT_STAMP.exec(stamp.trim());
    if (m !== null) return `${m[3]}-${m[1]}-${m[2]}T${m[4]}:${m[5]}:${m[6]}`;
    const d = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(stamp.trim());
    return d === null ? stamp : `${d[3]}-${d[1]}-${d[2]}T00:00:00`;
  }
  const t = Date.parse(stamp);
  return Number.isNaN(t) ? stamp : new Date(t).toISOString();
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

/**
 * The lower bound the next pull filters on (`WHENMODIFIED >= …` / `updatedTime:gte:…`): the
 * watermark minus the side's overlap; undefined for a first (full) pull.
 *
 * Intacct stamps are wall-clock times in the user's zone, so the arithmetic is done on the
 * naive wall-clock value; a DST shift moves the window by an hour, which the two-hour overlap
 * absorbs.
 */
export function pullFrom(cursor: Cursor | undefined, overlapSeconds?: number): string | undefined {
  if (cursor === undefined || cursor.watermark === "") return undefined;
  if (cursor.side === "intacct") {
    const m = INTACCT_STAMP.exec(cursor.watermark);
    if (m === null) throw new SyncError("CURSOR_INVALID", `Intacct watermark is not mm/dd/yyyy HH:MM:SS: ${cursor.watermark}`);
    const t = Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6])) - (overlapSeconds ?? CursorLimits.INTACCT_OVERLAP_SECONDS) * 1000;
    const d = new Date(t);
    return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCFullYear(), 4)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  }
  const t = Date.parse(cursor.watermark);
  if (Number.isNaN(t)) throw new SyncError("CURSOR_INVALID", `platform watermark is not ISO-8601: ${cursor.watermark}`);
  return new Date(t - (overlapSeconds ?? CursorLimits.PLATFORM_OVERLAP_SECONDS) * 1000).toISOString();
}

/**
 * The cursor after processing `stamps` (a page or a whole pull): the largest stamp seen, never
 * moving backwards. Empty stamps (never-modified Intacct rows) are ignored.
 *
 * @example
 * nextCursor(undefined, "intacct", ["03/01/2026 10:00:00", "02/28/2026 23:59:59"]); // { side: "intacct", watermark: "03/01/2026 10:00:00" }
 */
export function nextCursor(previous: Cursor | undefined, side: Side, stamps: Iterable<string>): Cursor | undefined {
  let best = previous?.watermark ?? "";
  let bestKey = best === "" ? "" : stampKey(side, best);
  for (const s of stamps) {
    if (s === "") continue;
    const key = stampKey(side, s);
    if (key > bestKey) {
      best = s;
      bestKey = key;
    }
  }
  return best === "" ? previous : { side, watermark: best };
}

/**
 * De-duplicates rows read more than once (overlap windows, pages shifting under concurrent
 * edits): one row per id, the one with the latest change stamp; ties keep the later row. Rows
 * come out in the order their kept version was read.
 */
export function dedupeRows<T>(rows: Iterable<T>, side: Side, id: (row: T) => string, stamp: (row: T) => string): T[] {
  const byId = new Map<string, T>();
  for (const row of rows) {
    const key = id(row);
    const prev = byId.get(key);
    if (prev === undefined || stampKey(side, stamp(row)) >= stampKey(side, stamp(prev))) {
      if (prev !== undefined) byId.delete(key);
      byId.set(key, row);
    }
  }
  return [...byId.values()];
}
