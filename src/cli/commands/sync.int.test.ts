/**
 * The `sync` command in-process against the demo sandboxes: `--dry-run --json` prints the plan of a
 * stored account (its stored BILL sign-in), the real run prints the summary table, unknown objects
 * exit 2, an account without BILL sign-in exits 2 or uses the deprecated BILL_* variables.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { DEMO_FACTS } from "../../sandbox/intacct/demo-seed.js";
import { runCommand } from "./cli-test-support.js";
import { BILL_ENV_DEPRECATION } from "./connector-context.js";
import { type DemoWorld, startDemoWorld } from "./demo.js";
import { syncCommand } from "./sync.js";

let world: DemoWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("intacct-sync sync", () => {
  it("--dry-run --json prints the plan and writes nothing; the real run syncs; usage errors exit 2", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sync-cli-"));
    const key = crypto.randomBytes(32);
    const databasePath = path.join(dir, "state.db");
    world = await startDemoWorld({ databasePath, secretKey: key });
    const east = world.billSandbox.logins.find((l) => l.intacctEntityId === "EAST");
    if (east === undefined) throw new Error("no EAST organization");
    const env = {
      DATABASE_URL: databasePath, INTACCT_SYNC_SECRET_KEY: key.toString("base64"), INTACCT_SENDER_ID: DEMO_FACTS.senderId, INTACCT_SENDER_PASSWORD: DEMO_FACTS.senderPassword,
      INTACCT_ENDPOINT_URL: world.intacctSandbox.endpointUrl, BILL_BASE_URL: world.billSandbox.url,
    };
    const dry = await runCommand(syncCommand, ["sync", "--account", "demo-east", "--dry-run", "--json", "--objects", "vendor,glAccount"], { env, cwd: dir });
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.stdout) as { dryRun: boolean; writes: number; objects: string[]; operations: Array<{ object: string; kind: string }> };
    expect(plan.dryRun).toBe(true);
    expect(plan.writes).toBe(0);
    expect(plan.objects).toEqual(["glAccount", "vendor"]);
    expect(plan.operations.filter((o) => o.object === "vendor" && o.kind === "create").length).toBeGreaterThan(100);

    const real = await runCommand(syncCommand, ["sync", "--account", "demo-east", "--objects", "glAccount,vendor"], { env, cwd: dir });
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/^object +to Intacct/m);
    // The demo vendor also in Intacct (V-201) is linked by ID and updated there.
    expect(real.stdout).toMatch(/^vendor +\d+\/1\/0 +2\d\d\/0\/0/m);

    const bad = await runCommand(syncCommand, ["sync", "--account", "demo-east", "--objects", "vendors"], { env, cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Unknown object(s): vendors.");
  }, 30_000);

  it("an account without a stored BILL sign-in: exit 2 naming the fix, or the deprecated BILL_* variables with a warning", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sync-cli-"));
    const key = crypto.randomBytes(32);
    const databasePath = path.join(dir, "state.db");
    world = await startDemoWorld({ databasePath, secretKey: key });
    const east = world.billSandbox.logins.find((l) => l.intacctEntityId === "EAST");
    if (east === undefined) throw new Error("no EAST organization");
    await world.accounts.remove("demo-east");
    await world.accounts.add({ id: "east-env", platformOrgId: east.organizationId, loginInfo: { companyId: DEMO_FACTS.companyId, userId: DEMO_FACTS.userId, password: DEMO_FACTS.password, entityId: "EAST" } });
    const env = {
      DATABASE_URL: databasePath, INTACCT_SYNC_SECRET_KEY: key.toString("base64"), INTACCT_SENDER_ID: DEMO_FACTS.senderId, INTACCT_SENDER_PASSWORD: DEMO_FACTS.senderPassword,
      INTACCT_ENDPOINT_URL: world.intacctSandbox.endpointUrl, BILL_BASE_URL: world.billSandbox.url,
    };
    const missing = await runCommand(syncCommand, ["sync", "--account", "east-env", "--dry-run", "--json", "--objects", "glAccount"], { env, cwd: dir });
    expect(missing).toEqual({ code: 2, stdout: "", stderr: 'intacct-sync: Account "east-env" has no BILL sign-in. Set it with: intacct-sync accounts set east-env --bill-username … --bill-password-stdin --bill-dev-key …\n' });
    const viaEnv = await runCommand(syncCommand, ["sync", "--account", "east-env", "--dry-run", "--json", "--objects", "glAccount"], { env: { ...env, BILL_USERNAME: east.username, BILL_PASSWORD: east.password, BILL_DEV_KEY: east.devKey }, cwd: dir });
    expect(viaEnv.code).toBe(0);
    expect(viaEnv.stderr).toBe(BILL_ENV_DEPRECATION);
    expect((JSON.parse(viaEnv.stdout) as { dryRun: boolean }).dryRun).toBe(true);
  }, 30_000);
});
