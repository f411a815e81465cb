/**
 * Fingerprints of canonical records. Two flavours:
 *
 * - {@link fingerprint} is **side-neutral**: references are replaced by the platform id of the
 *   linked pair (the platform id is the pair's identity), so the same business record read from
 *   either side hashes the same once its references are linked. Links store these per side; a
 *   side "changed" when its current fingerprint differs from the stored one.
 * - {@link contentVersion} is **side-local**: references stay as `side:object:id`. It does not
 *   move when links are added, so function control ids derived from it are stable across runs
 *   and distinct across versions of the content.
 */
import { createHash } from "node:crypto";

import type { LinkIndex } from "./links.js";
import type { CanonicalRecord, Ref } from "./model/canonical.js";

/** JSON text with object keys sorted and `undefined` members dropped. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : stableStringify(v))).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${stableStringify(v)}`).join(",")}}`;
}

/** Short SHA-256 digest (22 base64url characters, 132 bits). */
export function digest(text: string): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, 22);
}

function isRef(value: unknown): value is Ref {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v["object"] === "string" && (v["side"] === "platform" || v["side"] === "intacct") && typeof v["id"] === "string" && Object.keys(v).length === 3;
}

function mapRefs(value: unknown, token: (r: Ref) => string): unknown {
  if (isRef(value)) return token(value);
  if (Array.isArray(value)) return value.map((v) => mapRefs(v, token));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) out[key] = mapRefs(v, token);
    return out;
  }
  return value;
}

/** The side-neutral token of a reference: `=platformId` when known, else `intacct:object:id`. */
export function neutralRef(ref: Ref, links: LinkIndex): string {
  if (ref.side === "platform") return `=${ref.id}`;
  const link = links.byIntacctRef(ref.object, ref.id);
  return link === undefined ? `intacct:${ref.object}:${ref.id}` : `=${link.platformId}`;
}

/**
 * Side-neutral fingerprint of a record (see the module comment).
 *
 * @example
 * fingerprint(vendorFromIntacct, links) === fingerprint(vendorFromBill, links) // after a sync
 */
export function fingerprint(record: CanonicalRecord, links: LinkIndex): string {
  return digest(stableStringify(mapRefs(record, (r) => neutralRef(r, links))));
}

/** Side-local content version (references as `side:object:id`); stable whatever is linked. */
export function contentVersion(record: CanonicalRecord): string {
  return digest(stableStringify(mapRefs(record, (r) => `${r.side}:${r.object}:${r.id}`)));
}
