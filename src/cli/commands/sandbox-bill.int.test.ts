import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { createBillClient } from "../../bill/index.js";
import { billDemoSeed } from "../../sandbox/bill/index.js";
import { main } from "../main.js";
import { runBillSandbox } from "./sandbox-bill.js";

interface Ready {
  url: string;
  adminUrl: string;
  organizations: Array<{ organizationId: string; username: string; password: string; devKey: string; intacctEntityId: string }>;
}

async function start(seed: string, json = true): Promise<{ lines: string[]; stop: () => Promise<void> }> {
  const lines: string[] = [];
  let resolveStop!: () => void;
  const stopped = new Promise<void>((r) => (resolveStop = r));
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  const done = runBillSandbox({ port: 0, adminPort: 0, host: "127.0.0.1", seed, json }, (l) => {
    lines.push(l);
    ready();
  }, stopped);
  await Promise.race([isReady, done]);
  return {
    lines,
    stop: async () => {
      resolveStop();
      await done;
    },
  };
}

describe("intacct-sync sandbox bill", () => {
  it("--seed demo --json prints one ready line with url, adminUrl and each organization's login facts", async () => {
    const { lines, stop } = await start("demo");
    try {
      expect(lines).toHaveLength(1);
      const ready = JSON.parse(lines[0] ?? "") as Ready;
      expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/connect$/);
      expect(ready.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/admin$/);
      expect(ready.organizations.map((o) => o.intacctEntityId)).toEqual(["EAST", "WEST"]);
      for (const o of ready.organizations) {
        const bill = createBillClient({ baseUrl: ready.url, credentials: o });
        expect((await bill.vendors.listPage()).results.length).toBe(5);
      }
    } finally {
      await stop();
    }
  });

  it("loads a seed file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bill-seed-"));
    try {
      const file = join(dir, "seed.json");
      const seed = billDemoSeed({ now: Date.now() });
      writeFileSync(file, JSON.stringify({ ...seed, organizations: seed.organizations.slice(0, 1) }));
      const { lines, stop } = await start(file, false);
      await stop();
      expect(lines[0]).toMatch(/^BILL sandbox: http:\/\/127\.0\.0\.1:\d+\/connect/);
      expect(lines.some((l) => l.includes("organizationId=008DEMOEAST00000001"))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits 2 on a bad seed file or a bad port", async () => {
    const stderr = process.stderr.write.bind(process.stderr);
    process.stderr.write = () => true;
    try {
      expect(await main(["sandbox", "bill", "--seed", "/nonexistent/seed.json"])).toBe(2);
      expect(await main(["sandbox", "bill", "--port", "http"])).toBe(2);
    } finally {
      process.stderr.write = stderr;
      process.exitCode = undefined;
    }
  });
});
