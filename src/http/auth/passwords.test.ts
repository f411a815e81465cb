import { describe, expect, it } from "vitest";

import { DECOY_PASSWORD_HASH, generatePassword, hashPassword, verifyPassword } from "./passwords.js";

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(stored).toMatch(/^scrypt\$15\$8\$3\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", stored)).toBe(false);
  });

  it("salts each hash, so equal passwords hash differently", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("treats Unicode forms of one password as the same password", async () => {
    const stored = await hashPassword("caf\u00e9");
    expect(await verifyPassword("cafe\u0301", stored)).toBe(true);
  });

  it("answers false for malformed or hostile hashes instead of throwing", async () => {
    for (const bad of ["", "plain", "bcrypt$x", "scrypt$30$8$1$AAAA$AAAA", "scrypt$15$8$1$AAAA$short"]) expect(await verifyPassword("x", bad)).toBe(false);
  });

  it("has a decoy hash no password matches", async () => {
    expect(await verifyPassword("", DECOY_PASSWORD_HASH)).toBe(false);
  });

  it("generates 24-character random passwords", () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(generatePassword()).not.toBe(a);
  });
});
