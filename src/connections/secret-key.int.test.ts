import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { loadSecretKey } from "./secret-key.js";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "secret-key-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("loadSecretKey", () => {
  it("takes the key from INTACCT_SYNC_SECRET_KEY without touching the disk", () => {
    const value = Buffer.alloc(32, 9).toString("hex");
    expect(loadSecretKey({ kind: "env", value })).toEqual({ key: Buffer.alloc(32, 9), created: false, origin: "INTACCT_SYNC_SECRET_KEY" });
  });

  it("creates the key file once (mode 0600, in a new folder) and reads the same key afterwards", () => {
    const file = path.join(dir, "nested", "secret.key");
    const first = loadSecretKey({ kind: "file", path: file });
    expect(first.created).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = loadSecretKey({ kind: "file", path: file });
    expect(second.created).toBe(false);
    expect(second.key.equals(first.key)).toBe(true);
  });

  it("refuses a key file that does not hold a 32-byte key", () => {
    const file = path.join(dir, "bad.key");
    fs.writeFileSync(file, "not a key", { mode: 0o600 });
    expect(() => loadSecretKey({ kind: "file", path: file })).toThrow(`The key file ${file} does not hold a 32-byte base64 or hex key.`);
  });
});
