/**
 * Accounts end to end on a real SQLite file, through the CLI: including the MUST-SHOW check that
 * the raw database bytes (and its WAL) never contain a password.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { runCommand } from "../cli/commands/cli-test-support.js";
import { accountsCommand } from "../cli/commands/accounts.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import { AccountService } from "./accounts.js";
import { createCredentialCipher } from "./credential-cipher.js";
import { loadSecretKey } from "./secret-key.js";

const PASSWORDS = ["Tr0ub4dor&3-US-entity", "correct-horse-battery-UK", "S3cret/Top+Level=="];

let dir: string;
let env: Record<string, string>;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "accounts-"));
  env = { DATABASE_URL: path.join(dir, "state", "intacct-sync.db") };
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (argv: string[], stdin?: string, extraEnv: Record<string, string> = {}) =>
  runCommand(accountsCommand, ["accounts", ...argv], { env: { ...env, ...extraEnv }, cwd: dir, ...(stdin === undefined ? {} : { stdin }) });

function occurrences(bytes: Buffer, secret: string): string[] {
  const forms: Array<[string, Buffer]> = [
    ["utf8", Buffer.from(secret, "utf8")],
    ["utf16le", Buffer.from(secret, "utf16le")],
    ["base64", Buffer.from(Buffer.from(secret).toString("base64").replace(/=+$/, ""), "utf8")],
    ["hex", Buffer.from(Buffer.from(secret).toString("hex"), "utf8")],
  ];
  return forms.filter(([, f]) => bytes.includes(f)).map(([n]) => n);
}

describe("intacct-sync accounts", () => {
  it("adds, lists, shows and removes accounts sharing one sync user, never printing a password", async () => {
    const us = await cli(["add", "bill-us", "--company-id", "DEMO-CO", "--user-id", "XML_Bill.com", "--password-stdin", "--entity-id", "US", "--name", "BILL US"], `${PASSWORDS[0]}\n`);
    expect(us).toEqual({ code: 0, stdout: 'Added account bill-us: company "DEMO-CO", user XML_Bill.com, entity US, password ********\n', stderr: "" });
    const uk = await cli(["add", "bill-uk", "--company-id", "DEMO-CO", "--user-id", "XML_Bill.com", "--entity-id", "UK", "--json"], undefined, { INTACCT_USER_PASSWORD: PASSWORDS[1] ?? "" });
    expect(JSON.parse(uk.stdout)).toMatchObject({ id: "bill-uk", entityId: "UK", password: "********" });

    const list = await cli(["list"]);
    expect(list.code).toBe(0);
    expect(list.stdout.split("\n")[0]).toMatch(/^ID\s+NAME\s+ORG\s+COMPANY ID\s+USER ID\s+ENTITY ID\s+PASSWORD\s+BILL USER$/);
    expect(list.stdout).toContain("bill-uk");
    expect(list.stdout).toContain("bill-us");
    const json = JSON.parse((await cli(["list", "--json"])).stdout) as Array<{ id: string; password: string }>;
    expect(json.map((a) => [a.id, a.password])).toEqual([
      ["bill-uk", "********"],
      ["bill-us", "********"],
    ]);
    const show = await cli(["show", "bill-us"]);
    expect(show.stdout).toMatch(/Password\s+\*{8}/);
    expect(show.stdout).toMatch(/Entity ID\s+US/);

    for (const out of [us, uk, list, show]) for (const p of PASSWORDS) expect(out.stdout + out.stderr).not.toContain(p);

    expect(await cli(["remove", "bill-uk"])).toEqual({ code: 0, stdout: "Removed account bill-uk\n", stderr: "" });
    const missing = await cli(["show", "bill-uk"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('intacct-sync: No account with id "bill-uk". List them with: intacct-sync accounts list\n');
  });

  it("creates a 0600 key file next to the database on first run", async () => {
    await cli(["add", "a", "--company-id", "C", "--user-id", "U", "--password", "pw-12345"]);
    const keyFile = path.join(dir, "state", "secret.key");
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it("refuses a key file other users can read", async () => {
    fs.mkdirSync(path.join(dir, "state"), { recursive: true });
    fs.writeFileSync(path.join(dir, "state", "secret.key"), Buffer.alloc(32, 1).toString("base64"), { mode: 0o644 });
    fs.chmodSync(path.join(dir, "state", "secret.key"), 0o644);
    const r = await cli(["list"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is readable by other users (mode 644); run: chmod 600");
  });

  it("answers a usage error (exit 2) when Login Info is missing", async () => {
    const r = await cli(["add", "a", "--company-id", "C"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("intacct-sync: User ID is empty. Password is empty. Pass --company-id, --user-id and --password-stdin (or the INTACCT_* variables).\n");
  });

  it("warns about a Company ID with stray spaces but keeps it as typed for the doctor", async () => {
    const r = await cli(["add", "a", "--company-id", "DEMO-CO ", "--user-id", "U", "--password", "pw-12345"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('warning: Company ID "DEMO-CO " has a trailing space. Run `intacct-sync doctor --account a` before the first sync.\n');
  });

  it("refuses a second account for the same platform organization (exit 2)", async () => {
    await cli(["add", "a", "--org", "org-1", "--company-id", "C", "--user-id", "U", "--password", "pw-12345"]);
    const r = await cli(["add", "b", "--org", "org-1", "--company-id", "C", "--user-id", "U", "--password", "pw-12345"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('platform organization "org-1" already exists');
  });

  it("MUST-SHOW: the raw database file and its WAL hold no password", async () => {
    const file = path.join(dir, "raw.db");
    const { key } = loadSecretKey({ kind: "file", path: path.join(dir, "raw.key") });
    const store = await openSqliteStore({ path: file });
    const accounts = new AccountService({ store, cipher: createCredentialCipher(key) });
    await accounts.add({ id: "us", loginInfo: { companyId: "DEMO-CO", userId: "XML_Bill.com", password: PASSWORDS[0] ?? "", entityId: "US" } });
    await accounts.add({ id: "uk", loginInfo: { companyId: "DEMO-CO", userId: "XML_Bill.com", password: PASSWORDS[1] ?? "", entityId: "UK" } });
    await accounts.add({ id: "top", loginInfo: { companyId: "DEMO-CO", userId: "XML_Bill.com", password: PASSWORDS[2] ?? "", entityId: "" } });

    // While the store is open, recent pages live in the WAL: read both files.
    const walBytes = fs.existsSync(`${file}-wal`) ? fs.readFileSync(`${file}-wal`) : Buffer.alloc(0);
    const dbBytes = fs.readFileSync(file);
    expect(walBytes.length + dbBytes.length).toBeGreaterThan(0);
    expect(Buffer.concat([dbBytes, walBytes]).includes(Buffer.from("XML_Bill.com"))).toBe(true); // the data is there…
    for (const p of PASSWORDS) expect(occurrences(Buffer.concat([dbBytes, walBytes]), p)).toEqual([]); // …the passwords are not
    expect((await accounts.loginInfo("us")).password).toBe(PASSWORDS[0]);
    await store.close();

    // After close (checkpoint), the main file alone.
    const after = fs.readFileSync(file);
    for (const p of PASSWORDS) expect(occurrences(after, p)).toEqual([]);
  });

  it("stores the BILL sign-in from add and set, shows only the user name, and keeps it across --replace", async () => {
    const BILL_PW = "bill-Pa55word!";
    const DEV_KEY = "DEVKEY-0123456789abcdef";
    const noBill = await cli(["add", "a", "--company-id", "C", "--user-id", "U", "--password", "pw-12345", "--json"]);
    expect(JSON.parse(noBill.stdout)).toMatchObject({ platformUsername: null, platformLoginSet: false });
    expect((await cli(["show", "a"])).stdout).toMatch(/BILL sign-in\s+not set \(intacct-sync accounts set a --bill-username/);

    const set = await cli(["set", "a", "--bill-username", "ap@acme.example", "--bill-password-stdin", "--json"], `${BILL_PW}\n`, { BILL_DEV_KEY: DEV_KEY });
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ id: "a", platformUsername: "ap@acme.example", platformLoginSet: true });
    const show = await cli(["show", "a"]);
    expect(show.stdout).toMatch(/BILL sign-in\s+user ap@acme\.example, password \*{8}, developer key \*{8}/);
    const list = await cli(["list"]);
    expect(list.stdout).toMatch(/\*{8}\s+ap@acme\.example\n/);
    for (const out of [set, show, list, await cli(["list", "--json"])]) for (const secret of [BILL_PW, DEV_KEY]) expect(out.stdout + out.stderr).not.toContain(secret);

    const added = await cli(["add", "b", "--org", "org-b", "--company-id", "C", "--user-id", "U", "--password", "pw-12345", "--bill-username", "b@acme.example", "--bill-dev-key", "K2"], undefined, { BILL_PASSWORD: "pw-b" });
    expect(added.code).toBe(0);
    await cli(["add", "a", "--company-id", "C2", "--user-id", "U", "--password", "pw-67890", "--replace"]);

    const { key } = loadSecretKey({ kind: "file", path: path.join(dir, "state", "secret.key") });
    const store = await openSqliteStore({ path: path.join(dir, "state", "intacct-sync.db") });
    try {
      const accounts = new AccountService({ store, cipher: createCredentialCipher(key) });
      expect(await accounts.platformLogin("a")).toEqual({ username: "ap@acme.example", password: BILL_PW, devKey: DEV_KEY });
      expect(await accounts.platformLogin("b")).toEqual({ username: "b@acme.example", password: "pw-b", devKey: "K2" });
      const raw = await store.accounts.get("a");
      expect(raw?.platformSecretEncrypted).toMatch(/^v1:/);
      for (const secret of [BILL_PW, DEV_KEY]) expect(JSON.stringify(raw)).not.toContain(secret);
      // The BILL secret is bound to its column: pasted into the Intacct password column it does not decrypt.
      await store.accounts.update("a", { passwordEncrypted: raw?.platformSecretEncrypted ?? "" });
      await expect(accounts.loginInfo("a")).rejects.toMatchObject({ code: "DECRYPT_FAILED" });
    } finally {
      await store.close();
    }
  });

  it("answers usage errors for an incomplete BILL sign-in", async () => {
    await cli(["add", "a", "--company-id", "C", "--user-id", "U", "--password", "pw-12345"]);
    expect(await cli(["set", "a", "--bill-username", "u"])).toEqual({ code: 2, stdout: "", stderr: "intacct-sync: Missing the BILL password (--bill-password-stdin or BILL_PASSWORD) and the developer key (--bill-dev-key or BILL_DEV_KEY).\n" });
    expect((await cli(["set", "a"])).code).toBe(2);
    const twoStdin = await cli(["add", "b", "--org", "o-b", "--company-id", "C", "--user-id", "U", "--password-stdin", "--bill-username", "u", "--bill-password-stdin", "--bill-dev-key", "k"], "pw\n");
    expect(twoStdin.stderr).toContain("Only one password can come from stdin");
    expect((await cli(["set", "nope", "--bill-username", "u", "--bill-dev-key", "k"], undefined, { BILL_PASSWORD: "p" })).stderr).toBe('intacct-sync: No account with id "nope". List them with: intacct-sync accounts list\n');
  });

  it("replaces Login Info with --replace", async () => {
    await cli(["add", "a", "--company-id", "C", "--user-id", "U", "--password", "pw-12345"]);
    const r = await cli(["add", "a", "--company-id", "C2", "--user-id", "U", "--password", "pw-67890", "--replace", "--json"]);
    expect(JSON.parse(r.stdout)).toMatchObject({ companyId: "C2" });
  });
});
