/**
 * Deterministic function control ids for idempotent writes (`intacct-xml-api.md` §2.2: with
 * `uniqueid=true` the gateway refuses to repeat a function whose `controlid` already succeeded).
 * The same business operation must always produce the same id, so a retry after an uncertain
 * outcome is recognised instead of creating a duplicate.
 */
import { createHash } from "node:crypto";

import { IntacctLimits } from "./limits.js";

/**
 * Hashes the parts of a stable idempotency key into a control id (≤ 256 characters): a readable
 * prefix from the first part (letters, digits, `-`, `_`, `.`, at most 40 characters) and the
 * SHA-256 of all parts (length-prefixed, so `["a,b"]` and `["a", "b"]` differ).
 *
 * @example
 * controlIdFor(["bill", "acct-42", "00n01ABC"]); // "bill-5c1e…" (always the same for these parts)
 */
export function controlIdFor(parts: readonly string[]): string {
  if (parts.length === 0) throw new TypeError("controlIdFor needs at least one part");
  const hash = createHash("sha256");
  for (const p of parts) hash.update(`${p.length}:${p};`);
  const digest = hash.digest("base64url");
  const prefix = (parts[0] ?? "").replace(/[^A-Za-z0-9_.-]/g, "").slice(0, 40);
  const id = prefix === "" ? digest : `${prefix}-${digest}`;
  return id.slice(0, IntacctLimits.MAX_CONTROL_ID_LENGTH);
}
