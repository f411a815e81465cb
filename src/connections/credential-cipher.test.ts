import { randomBytes } from "node:crypto";

import { describe, expect, it } from "vitest";

import { ConnectionError } from "./connection-error.js";
import { createCredentialCipher } from "./credential-cipher.js";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof ConnectionError ? e.code : "not a ConnectionError";
  }
  return undefined;
}

describe("createCredentialCipher", () => {
  const key = randomBytes(32);
  const cipher = createCredentialCipher(key);

  it("round-trips a password and never repeats a ciphertext", () => {
    const a = cipher.encrypt("Sup3r-secret!", "acct-1");
    const b = cipher.encrypt("Sup3r-secret!", "acct-1");
    expect(a).not.toBe(b);
    expect(a.startsWith("v1:")).toBe(true);
    expect(a).not.toContain("Sup3r");
    expect(cipher.decrypt(a, "acct-1")).toBe("Sup3r-secret!");
  });

  it("refuses a ciphertext moved to another account", () => {
    const a = cipher.encrypt("pw-of-one", "acct-1");
    expect(() => cipher.decrypt(a, "acct-2")).toThrow(/cannot be decrypted with this key/);
  });

  it("refuses a tampered ciphertext and a wrong key with DECRYPT_FAILED", () => {
    const a = cipher.encrypt("pw", "x");
    const tampered = `${a.slice(0, -2)}${a.endsWith("A") ? "B" : "A"}${a.slice(-1)}`;
    expect(codeOf(() => cipher.decrypt(tampered, "x"))).toBe("DECRYPT_FAILED");
    expect(codeOf(() => createCredentialCipher(randomBytes(32)).decrypt(a, "x"))).toBe("DECRYPT_FAILED");
  });

  it("refuses keys that are not 32 bytes", () => {
    expect(codeOf(() => createCredentialCipher(randomBytes(16)))).toBe("SECRET_KEY_INVALID");
  });
});
