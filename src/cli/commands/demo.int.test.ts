/** The `demo` command in-process: `demo --once --json` runs the doctor and a full sync for both demo accounts. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { runCommand } from "./cli-test-support.js";
import { demoCommand } from "./demo.js";

describe("intacct-sync demo", () => {
  it("--once --json: doctor passes and a full sync runs for both accounts with no error", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "demo-cli-"));
    const r = await runCommand(demoCommand, ["demo", "--once", "--json", "--data", dir], { cwd: dir });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { ok: boolean; webUi: null; unexpectedErrors: string[]; accounts: Array<{ id: string; entityId: string; doctor: { ok: boolean }; sync: { status: string; notImplemented: string[]; writes: number } }> };
    expect(out.ok).toBe(true);
    expect(out.unexpectedErrors).toEqual([]);
    expect(out.webUi).toBeNull();
    expect(out.accounts.map((a) => [a.id, a.entityId, a.doctor.ok])).toEqual([["demo-east", "EAST", true], ["demo-west", "WEST", true]]);
    for (const a of out.accounts) {
      expect(a.sync.writes).toBeGreaterThan(100);
      expect(a.sync.notImplemented).toEqual([]);
      expect(a.sync.status).not.toBe("failed");
    }
    expect(fs.existsSync(path.join(dir, "intacct-sync.db"))).toBe(true);
  }, 30_000);
});

