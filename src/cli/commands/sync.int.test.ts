/**
 * The `sync` command in-process against the demo sandboxes: `--dry-run --json` prints the plan of a
 * stored account, the real run prints the summary table, unknown objects exit 2.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { DEMO_FACTS } from "../../sandbox/intacct/demo-seed.js";
import { runCommand } from "./cli-test-support.js";
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
      INTACCT_ENDPOINT_URL: world.intacctSandbox.endpointUrl, BILL_BASE_URL: world.billSandbox.url, BILL_USERNAME: east.username, BILL_PASSWORD: east.password, BILL_DEV_KEY: east.devKey,
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
    expect(real.stdout).toMatch(/^vendor +\d+\/0\/0 +2\d\d\/0\/0/m);

    const bad = await runCommand(syncCommand, ["sync", "--account", "demo-east", "--objects", "vendors"], { env, cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Unknown object(s): vendors.");
  }, 30_000);
});
