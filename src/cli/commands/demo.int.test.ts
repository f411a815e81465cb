/** The `demo` command in-process: `demo --once --json` runs the doctor and a full sync for both demo accounts. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { runCommand } from "./cli-test-support.js";
import { demoCommand, startDemoService, startDemoWorld } from "./demo.js";

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

  it("leaves the web UI and API running on the demo data: the printed admin signs in, sees both accounts, and a Sync Now run finishes", async () => {
    const world = await startDemoWorld({ databasePath: ":memory:" });
    const service = await startDemoService(world, { host: "127.0.0.1", port: 0 });
    try {
      expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(service.admin.username).toBe("admin");
      expect((await fetch(`${service.url}/login`)).status).toBe(200);
      const signIn = await fetch(`${service.url}/api/v1/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: service.admin.password }) });
      expect(signIn.status).toBe(200);
      const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const { csrfToken } = (await signIn.json()) as { csrfToken: string };
      const accounts = ((await (await fetch(`${service.url}/api/v1/accounts`, { headers: { cookie } })).json()) as Array<{ account: { id: string; entityId: string } }>).map((s) => s.account);
      expect(accounts.map((a) => [a.id, a.entityId])).toEqual([["demo-east", "EAST"], ["demo-west", "WEST"]]);
      const run = await fetch(`${service.url}/api/v1/accounts/demo-east/runs`, { method: "POST", headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" }, body: "{}" });
      expect(run.status).toBeLessThan(300);
      const { runId } = (await run.json()) as { runId: string };
      let status = "queued";
      for (let i = 0; i < 240 && (status === "queued" || status === "running"); i++) {
        await new Promise((r) => setTimeout(r, 250));
        status = ((await (await fetch(`${service.url}/api/v1/accounts/demo-east/runs/${runId}`, { headers: { cookie } })).json()) as { status: string }).status;
      }
      expect(status).toBe("succeeded");
    } finally {
      await service.close();
      await world.close();
    }
  }, 90_000);
});
