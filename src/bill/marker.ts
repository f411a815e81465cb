/**
 * External markers: BILL has no idempotency keys and no external-ID field on AP/AR records
 * (`reference/bill-api.md` §10). To settle an uncertain create, the writer puts a short marker
 * that it chose (and recorded in its own state before the write) into a free-text field the
 * record keeps, e.g. a bill's or payment's `description`, then looks for it after a timeout.
 * Markers are short because a payment description holds 70 characters.
 */

const KEY_RE = /^[A-Za-z0-9._-]{1,40}$/;
const MARKER_RE = /\[is:([A-Za-z0-9._-]{1,40})\]/;

/** Renders a marker: `[is:<key>]`. Keys are 1–40 characters of `A-Z a-z 0-9 . _ -`. */
export function formatMarker(key: string): string {
  if (!KEY_RE.test(key)) throw new RangeError(`marker key must match ${KEY_RE.source}, got ${JSON.stringify(key)}`);
  return `[is:${key}]`;
}

/**
 * Appends the marker to `text`, shortening `text` (never the marker) to fit `maxLength`.
 *
 * @example
 * withMarker("Inv AP-7731", "p-1f3a", 70) // "Inv AP-7731 [is:p-1f3a]"
 */
export function withMarker(text: string | undefined, key: string, maxLength = 4000): string {
  const marker = formatMarker(key);
  const base = (text ?? "").replace(MARKER_RE, "").trim();
  if (base === "") return marker;
  const room = maxLength - marker.length - 1;
  if (room <= 0) return marker;
  return `${base.slice(0, room).trimEnd()} ${marker}`;
}

/** The marker key in `text`, if any. */
export function readMarker(text: string | undefined): string | undefined {
  return text === undefined ? undefined : MARKER_RE.exec(text)?.[1];
}

/** Scans `records` for the first whose `field` carries marker `key`. */
export async function findByMarker<T>(records: AsyncIterable<T>, key: string, field: (record: T) => string | undefined): Promise<T | undefined> {
  formatMarker(key);
  for await (const r of records) if (readMarker(field(r)) === key) return r;
  return undefined;
}
