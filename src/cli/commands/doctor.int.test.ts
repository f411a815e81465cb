/**
 * `intacct-sync doctor` end to end over HTTP against a listening demo sandbox: from the INTACCT_*
 * variables and from stored accounts sharing one sync user on two entities.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createIntacctSandbox } from "../../sandbox/intacct/create-intacct-sandbox.js";
import { DEMO_FACTS as F } from "../../sandbox/intacct/demo-seed.js";
import type { IntacctSandbox } from "../../sandbox/intacct/sandbox-server.js";
import { accountsCommand } from "./accounts.js";
import { runCommand } from "./cli-test-support.js";
import { startDemoWorld } from "./demo.js";
import { doctorCommand } from "./doctor.js";

let sandbox: IntacctSandbox;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await createIntacctSandbox({ seed: "demo" });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-cli-"));
  env = {
    DATABASE_URL: path.join(dir, "state.db"),
    INTACCT_SENDER_ID: F.senderId,
    INTACCT_SENDER_PASSWORD: F.senderPassword,
    INTACCT_ENDPOINT_URL: sandbox.endpointUrl,
  };
});
afterAll(async () => {
  await sandbox.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const login = { INTACCT_COMPANY_ID: F.companyId, INTACCT_USER_ID: F.userId, INTACCT_USER_PASSWORD: F.password };

describe("intacct-sync doctor", () => {
  it("passes XML_Bill.com from the INTACCT_* variables and prints one JSON object (exit 0)", async () => {
    const r = await runCommand(doctorCommand, ["doctor", "--json"], { env: { ...env, ...login }, cwd: dir });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const json = JSON.parse(r.stdout) as { ok: boolean; checks: Array<{ id: string; status: string; message: string; fix: string | null }> };
    expect(json.ok).toBe(true);
    expect(json.checks.length).toBeGreaterThan(30);
    expect(Object.keys(json.checks[0] ?? {})).toEqual(["id", "status", "message", "fix"]);
    expect(r.stdout).not.toContain(F.password);
  });

  it("checks stored accounts sharing the sync user on each entity (exit 0)", async () => {
    for (const entity of F.entityIds) {
      const add = await runCommand(accountsCommand, ["accounts", "add", `bill-${entity.toLowerCase()}`, "--company-id", F.companyId, "--user-id", F.userId, "--password-stdin", "--entity-id", entity], { env, cwd: dir, stdin: F.password });
      expect(add.code, add.stderr).toBe(0);
    }
    for (const entity of F.entityIds) {
      const r = await runCommand(doctorCommand, ["doctor", "--account", `bill-${entity.toLowerCase()}`], { env, cwd: dir });
      expect(r.code, r.stdout).toBe(0);
      expect(r.stdout.split("\n")[0]).toBe(`Doctor for company "${F.companyId}", user ${F.userId}, entity ${entity} (account bill-${entity.toLowerCase()})`);
      expect(r.stdout).toMatch(new RegExp(`PASS\\s+entity\\.session\\s+A session in entity ${entity} works\\.`));
      expect(r.stdout).toMatch(/^OK: \d+ passed, \d+ warnings, 0 failed, \d+ skipped\.$/m);
    }
  });

  it("fails a misconfigured user with its check and fix in the table (exit 1)", async () => {
    const r = await runCommand(doctorCommand, ["doctor", "--user-id", "XML_LIMITED_ADMIN", "--password-stdin"], { env: { ...env, ...login }, cwd: dir, stdin: `${F.misconfiguredPassword}\n` });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+user\.admin\s+Admin privileges are "Limited", not Full\./);
    expect(r.stdout).toContain("  user.admin: Company > Web Services Users > Edit next to XML_LIMITED_ADMIN: Admin privileges: select Full, then Save.");
    expect(r.stdout).toMatch(/^FAILED: /m);
  });

  it("answers a usage error (exit 2) without an account or Login Info", async () => {
    const r = await runCommand(doctorCommand, ["doctor"], { env, cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("intacct-sync: Pass --account ID, or Login Info: missing --company-id (or INTACCT_COMPANY_ID), --user-id (or INTACCT_USER_ID), --password-stdin (or INTACCT_USER_PASSWORD).\n");
  });

  it("a stored account: signs in to BILL through the connector, and warns about the deprecated clearingAccountId key while still checking its value", async () => {
    const key = crypto.randomBytes(32);
    const world = await startDemoWorld({ databasePath: path.join(dir, "demo.db"), secretKey: key });
    try {
      const demoEnv = { ...env, DATABASE_URL: world.databasePath, INTACCT_SYNC_SECRET_KEY: key.toString("base64"), INTACCT_ENDPOINT_URL: world.intacctSandbox.endpointUrl, BILL_BASE_URL: world.billSandbox.url };
      const ok = await runCommand(doctorCommand, ["doctor", "--account", "demo-east", "--json", "--no-write-probe"], { env: demoEnv, cwd: dir });
      const okJson = JSON.parse(ok.stdout) as { ok: boolean; checks: Array<{ id: string; status: string; message: string; fix: string | null }> };
      expect(ok.code, ok.stdout).toBe(0);
      expect(okJson.checks.find((c) => c.id === "bill.sign-in")).toMatchObject({ status: "pass" });
      expect(okJson.checks.find((c) => c.id === "prefs.clearing-account")?.message).toContain("EAST-CLEARING");
      expect(okJson.checks.some((c) => c.id === "prefs.deprecated-key")).toBe(false);

      await world.store.accounts.update("demo-east", { preferences: { apAccountNo: "2000", clearingAccountId: "EAST-CLEARING" } });
      const old = await runCommand(doctorCommand, ["doctor", "--account", "demo-east", "--json", "--no-write-probe"], { env: demoEnv, cwd: dir });
      const oldJson = JSON.parse(old.stdout) as typeof okJson;
      expect(old.code, old.stdout).toBe(0);
      expect(oldJson.checks.find((c) => c.id === "prefs.deprecated-key")).toEqual({
        id: "prefs.deprecated-key",
        status: "warn",
        message: 'The clearing account is stored under the deprecated name "clearingAccountId"; the doctor reads it, but the sync refuses it.',
        fix: 'Rename the preference "clearingAccountId" to "clearingBankAccountId" (same value) in the account\'s sync preferences.',
      });
      expect(oldJson.checks.find((c) => c.id === "prefs.clearing-account")?.message).toContain("EAST-CLEARING");
    } finally {
      await world.close();
    }
  }, 30_000);

  it("answers exit 2 for an unknown account", async () => {
    const r = await runCommand(doctorCommand, ["doctor", "--account", "nope"], { env, cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No account with id "nope"');
  });
});
