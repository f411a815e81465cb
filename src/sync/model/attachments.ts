/**
 * Attachment rules shared by the planner and the Intacct writer: the deterministic SUPDOCID of a
 * platform bill or invoice, the name each file gets inside the SUPDOC (which is how a retry sees
 * what already landed), and the size limits (B18; `reference/bill-api.md` §8.11).
 */
import { createHash } from "node:crypto";

import type { AttachmentFile } from "./canonical.js";

/** Real-world limits of attachments (one constant so every rule cites the same number). */
export const AttachmentLimits = {
  /**
   * Longest SUPDOCID the engine writes. Intacct's limit on `supdocid` is UNCONFIRMED (the
   * sandbox has none); 20 characters matches Intacct's other record IDs, so it is safe either way.
   */
  maxSupdocIdLength: 20,
  /**
   * Largest file sent to Intacct, bytes: BILL's own upload limit (6 MB, changelog 2024-06-14).
   * Intacct's per-file limit is UNCONFIRMED; a larger file is a per-record error.
   */
  maxFileBytes: 6 * 1024 * 1024,
  /**
   * Base64 bytes of files per request (create_supdoc or one update_supdoc): files beyond it go in
   * further `update_supdoc` calls. Intacct's request size limit is UNCONFIRMED.
   */
  maxRequestBase64Bytes: 8 * 1024 * 1024,
  /** Longest `attachmentname` written (UNCONFIRMED in Intacct). */
  maxAttachmentNameLength: 100,
} as const;

/** The folder SUPDOCs are filed in when the preferences name none. */
export const DEFAULT_ATTACHMENT_FOLDER = "BILL Sync";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * The SUPDOCID of a platform bill or invoice: `BS` + 18 base32 characters of SHA-256(account,
 * parent id) — the same on every run and every process, distinct between accounts (two accounts
 * of one company never share a SUPDOC), and within {@link AttachmentLimits.maxSupdocIdLength}.
 *
 * @example
 * supdocIdFor("acct-east", "00nEDEMO000000000001"); // "BS…" (20 characters, always the same)
 */
export function supdocIdFor(accountId: string, parentPlatformId: string): string {
  const hash = createHash("sha256").update(`${accountId.length}:${accountId};${parentPlatformId}`).digest();
  let out = "BS";
  let bits = 0;
  let value = 0;
  for (const byte of hash) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < AttachmentLimits.maxSupdocIdLength) {
      out += BASE32[(value >>> (bits - 5)) & 31] ?? "A";
      bits -= 5;
    }
    if (out.length >= AttachmentLimits.maxSupdocIdLength) break;
    value &= (1 << bits) - 1;
  }
  return out;
}

/**
 * The `attachmentname` of a file inside its SUPDOC: the file name, then the platform document id
 * in brackets, so a retry (or a later run adding files) can tell exactly which files are already
 * there even when two files share a name.
 *
 * @example
 * intacctAttachmentName({ id: "0du1", name: "invoice", fileType: "pdf" }); // "invoice [0du1]"
 */
export function intacctAttachmentName(file: Pick<AttachmentFile, "id" | "name">): string {
  const suffix = ` [${file.id}]`;
  return `${file.name.slice(0, Math.max(1, AttachmentLimits.maxAttachmentNameLength - suffix.length))}${suffix}`;
}

/** The platform document id an `attachmentname` written by {@link intacctAttachmentName} carries. */
export function fileIdOfAttachmentName(name: string): string | undefined {
  const m = /\[([^\]]+)\]$/.exec(name.trim());
  return m?.[1];
}
