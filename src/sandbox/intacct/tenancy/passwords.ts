/**
 * Password hashing for senders and users. The sandbox never stores a password in clear (only the
 * outbox e-mail carries the temporary password, as Intacct's does). SHA-256 with a per-row salt:
 * these are sandbox credentials, and a slow KDF would dominate login-per-request benchmarks.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A salted hash. */
export interface PasswordHash {
  readonly hash: string;
  readonly salt: string;
}

/** Hashes `password` with a fresh salt. */
export function hashPassword(password: string): PasswordHash {
  const salt = randomBytes(16).toString("hex");
  return { salt, hash: digest(salt, password) };
}

/** True when `password` matches. */
export function verifyPassword(password: string, stored: PasswordHash): boolean {
  const a = Buffer.from(digest(stored.salt, password), "hex");
  const b = Buffer.from(stored.hash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

function digest(salt: string, password: string): string {
  return createHash("sha256").update(salt).update("\0").update(password, "utf8").digest("hex");
}

const TEMP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/** A temporary password like the one Intacct e-mails to a new user (12 characters, unambiguous). */
export function temporaryPassword(): string {
  const bytes = randomBytes(12);
  let out = "";
  for (const b of bytes) out += TEMP_ALPHABET[b % TEMP_ALPHABET.length] ?? "x";
  return `${out}#1`;
}
