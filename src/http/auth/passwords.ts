/**
 * Password hashing with scrypt from `node:crypto` (OpenSSL's implementation, kept with Node
 * itself, so no native add-on to build). Parameters follow OWASP's Password Storage Cheat Sheet:
 * its minimum is N=2^17, r=8, p=1 (128 MiB), with equal-cost alternatives that trade memory for
 * CPU; we use its N=2^15, r=8, p=3 (32 MiB per hash). The encoded hash carries its parameters,
 * so they can be raised later without breaking old ones, and tests can store cheaper hashes.
 */
import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from "node:crypto";

const KEY_LENGTH = 32;
const SALT_BYTES = 16;
const LOG_N = 15;
const R = 8;
const P = 3;

/** scrypt cost parameters (see the file comment for the defaults). */
export interface ScryptCost {
  /** log2 of N. @default 15 */
  readonly logN: number;
  /** Block size. @default 8 */
  readonly r: number;
  /** Parallelism. @default 3 */
  readonly p: number;
}

/** OWASP's N=2^15, r=8, p=3. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { logN: LOG_N, r: R, p: P };

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, KEY_LENGTH, options, (err, key) => (err === null ? resolve(key) : reject(err)));
  });
}

function options(logN: number, r: number, p: number): ScryptOptions {
  // maxmem must exceed 128 * N * r bytes (32 MiB here); Node's default is exactly 32 MiB.
  return { N: 2 ** logN, r, p, maxmem: 256 * 2 ** logN * r };
}

/**
 * Hashes a password: `scrypt$<log2 N>$<r>$<p>$<salt base64url>$<hash base64url>`. Pass a lower
 * `cost` only in tests.
 *
 * @example
 * const stored = await hashPassword("correct horse battery staple");
 * await verifyPassword("correct horse battery staple", stored); // true
 */
export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, options(cost.logN, cost.r, cost.p));
  return ["scrypt", cost.logN, cost.r, cost.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** Checks a password against {@link hashPassword}'s output in constant time; false for a malformed hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parts = encoded.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [logN, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![logN, r, p].every((n) => Number.isInteger(n) && n > 0) || logN > 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4] ?? "", "base64url");
  const expected = Buffer.from(parts[5] ?? "", "base64url");
  if (expected.length !== KEY_LENGTH) return false;
  const actual = await scryptAsync(password, salt, options(logN, r, p));
  return timingSafeEqual(actual, expected);
}

/** A hash of nothing anyone knows: verified against when the username does not exist, so both cases take as long. */
export const DECOY_PASSWORD_HASH = `scrypt$${LOG_N}$${R}$${P}$${Buffer.alloc(SALT_BYTES).toString("base64url")}$${Buffer.alloc(KEY_LENGTH).toString("base64url")}`;

/** A random password for the first admin: 24 base64url characters (144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}
