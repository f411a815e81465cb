/**
 * AES-256-GCM for stored passwords (node:crypto). Format: `v1:` + base64url(iv ‖ tag ‖ ciphertext),
 * 12-byte random IV, 16-byte tag. The account id is bound as additional authenticated data, so a
 * ciphertext copied onto another account's row fails to decrypt instead of leaking across accounts.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

import { ConnectionError } from "./connection-error.js";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Encrypts and decrypts credentials with one key. */
export interface CredentialCipher {
  encrypt(plaintext: string, context: string): string;
  decrypt(ciphertext: string, context: string): string;
}

/**
 * Creates a cipher over a 32-byte key.
 *
 * @example
 * const cipher = createCredentialCipher(key);
 * const stored = cipher.encrypt(password, accountId);
 */
export function createCredentialCipher(key: Buffer): CredentialCipher {
  if (key.length !== 32) throw new ConnectionError("SECRET_KEY_INVALID", "The encryption key must be 32 bytes.");
  return {
    encrypt(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
    },
    decrypt(ciphertext, context) {
      const [version, payload] = ciphertext.split(":", 2);
      if (version !== VERSION || payload === undefined) throw new ConnectionError("DECRYPT_FAILED", "Stored password has an unknown format.");
      const raw = Buffer.from(payload, "base64url");
      if (raw.length < IV_BYTES + TAG_BYTES) throw new ConnectionError("DECRYPT_FAILED", "Stored password is truncated.");
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(context, "utf8"));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
      } catch (e) {
        throw new ConnectionError("DECRYPT_FAILED", "Stored password cannot be decrypted with this key (was INTACCT_SYNC_SECRET_KEY or the key file changed?). Re-enter the password with `intacct-sync accounts add --replace`.", { cause: e });
      }
    },
  };
}
