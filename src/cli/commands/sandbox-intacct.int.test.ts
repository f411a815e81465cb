import { Command } from "commander";
import { describe, expect, it } from "vitest";

import { createIntacctSandbox } from "../../sandbox/intacct/create-intacct-sandbox.js";
import type { IntacctSandbox } from "../../sandbox/intacct/sandbox-server.js";
import { optionsFromFlags, sandboxIntacctCommand } from "./sandbox-intacct.js";

function harness(): { lines: string[]; stop: () => void; run: (args: string[]) => Promise<void>; started: Promise<IntacctSandbox> } {
  const lines: string[] = [];
  let stop: () => void = () => undefined;
  let resolveStarted: (s: IntacctSandbox) => void = () => undefined;
  const started = new Promise<IntacctSandbox>((r) => (resolveStarted = r));
  const cmd = sandboxIntacctCommand({
    out: { write: (t: string) => lines.push(t) },
    waitForStop: () => new Promise<void>((r) => (stop = r)),
    start: async (o) => {
      const s = await createIntacctSandbox(o);
      resolveStarted(s);
      return s;
    },
  });
  const program = new Command("intacct-sync").exitOverride().addCommand(new Command("sandbox").addCommand(cmd));
  return { lines, stop: () => stop(), run: (args) => program.parseAsync(["sandbox", "intacct", ...args], { from: "user" }).then(() => undefined), started };
}

describe("intacct-sync sandbox intacct", () => {
  it("serves the demo seed and prints one JSON ready line with the connection facts, then stops cleanly", async () => {
    const h = harness();
    const running = h.run(["--seed", "demo", "--json", "--concurrency", "3"]);
    const sandbox = await h.started;
    await expect.poll(() => h.lines.length).toBe(1);
    const ready = JSON.parse(h.lines[0] ?? "") as Record<string, unknown>;
    expect(ready).toMatchObject({
      url: sandbox.url,
      adminUrl: `${sandbox.url}/admin`,
      consoleUrl: `${sandbox.url}/console`,
      companyId: "ZEPHYR-DEMO",
      senderId: "intacct-sync-sandbox",
      userId: "XML_Bill.com",
      entityIds: ["EAST", "WEST"],
    });
    expect(typeof ready["password"]).toBe("string");
    expect(String(ready["url"])).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const faults = (await (await fetch(`${String(ready["adminUrl"])}/faults`)).json()) as { concurrencyLimit: number };
    expect(faults.concurrencyLimit).toBe(3);
    h.stop();
    await running;
    await expect(fetch(`${String(ready["adminUrl"])}/faults`)).rejects.toThrow();
  });

  it("maps fault and latency flags onto sandbox options", () => {
    const o = optionsFromFlags({ port: 0, host: "127.0.0.1", latency: "intacct", fault5xxRate: 0.1, fault5xxStatus: 502, dropNth: 3, faultPhase: "after-commit", randomSeed: 9, requestLatency: 20 });
    expect(o.latency).toEqual({ requestMs: 20, functionMs: 0, jitterMs: 0 });
    expect(o.faults?.rules).toEqual([
      { kind: "http-error", status: 502, phase: "after-commit", rate: 0.1 },
      { kind: "drop-connection", phase: "after-commit", nth: 3 },
    ]);
    expect(o.randomSeed).toBe(9);
  });

  it("refuses a non-loopback host", async () => {
    const h = harness();
    await expect(h.run(["--host", "0.0.0.0"])).rejects.toMatchObject({ code: "HOST_NOT_LOOPBACK" });
  });
});
