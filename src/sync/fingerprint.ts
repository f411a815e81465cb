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
  return serialize(value, undefined);
}

/** Short SHA-256 digest (22 base64url characters, 132 bits). */
export function digest(text: string): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, 22);
}

function isRef(value: object): value is Ref {
  const v = value as Record<string, unknown>;
  return typeof v["id"] === "string" && typeof v["object"] === "string" && (v["side"] === "platform" || v["side"] === "intacct");
}

/**
 * One pass: sorted keys, `undefined` members dropped, references replaced by `token(ref)` when
 * a token function is given (no intermediate copy of the record for the GC to collect).
 */
function serialize(value: unknown, token: ((r: Ref) => string) | undefined): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      out += (i === 0 ? "" : ",") + (v === undefined ? "null" : serialize(v, token));
    }
    return `${out}]`;
  }
  if (token !== undefined && isRef(value)) return JSON.stringify(token(value));
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = "{";
  let first = true;
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    out += `${first ? "" : ","}${JSON.stringify(key)}:${serialize(v, token)}`;
    first = false;
  }
  return `${out}}`;
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
  return digest(serialize(record, (r) => neutralRef(r, links)));
}

/** Side-local content version (references as `side:object:id`); stable whatever is linked. */
export function contentVersion(record: CanonicalRecord): string {
  return digest(serialize(record, (r) => `${r.side}:${r.object}:${r.id}`));
}
