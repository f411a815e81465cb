/** `intacct-sync serve` in-process on 127.0.0.1 port 0 over a SQLite file. */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { Command } from "commander";
import { afterAll, describe, expect, it } from "vitest";

import { coerceError } from "../../domain/errors.js";
import { fakeIo, runCommand } from "./cli-test-support.js";
import { serveCommand } from "./serve.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "serve-int-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const env = { DATABASE_URL: path.join(tmp, "state.db"), INTACCT_SYNC_SECRET_KEY: randomBytes(32).toString("base64"), INTACCT_SENDER_ID: "sender", INTACCT_SENDER_PASSWORD: "sender-password" };

/** Starts serve; resolves with its first stdout chunk once it printed the ready line, and a stop function. */
async function start(argv: readonly string[], extraEnv: Record<string, string> = {}): Promise<{ out: () => string; err: () => string; stop: () => Promise<number | undefined> }> {
  const io = fakeIo({ ...env, ...extraEnv }, tmp);
  let signal!: (s: string) => void;
  const stopped = new Promise<string>((resolve) => (signal = resolve));
  const root = new Command("intacct-sync").exitOverride();
  root.addCommand(serveCommand(io, () => stopped).exitOverride());
  const done = root.parseAsync(["serve", "--port", "0", ...argv], { from: "user" });
  const failed = done.then(() => "ended", (e: unknown) => e);
  for (let i = 0; i < 400 && !io.out_.join("").includes("listening"); i++) {
    const settled = await Promise.race([failed, new Promise((r) => setTimeout(() => r(undefined), 25))]);
    if (settled !== undefined) throw new Error(`serve ended early: ${settled === "ended" ? "ended" : coerceError(settled).message} ${io.err_.join("")}`);
  }
  return {
    out: () => io.out_.join(""),
    err: () => io.err_.join(""),
    stop: async () => {
      signal("SIGTERM");
      await done;
      return io.code;
    },
  };
}

describe("intacct-sync serve", () => {
  it("creates the first admin once, prints the ready line as JSON, serves the API and the pages, and stops cleanly", async () => {
    const s = await start(["--json"]);
    const ready = JSON.parse(s.out().trim()) as { event: string; url: string; api: string; openapi: string; docs: string; firstAdmin: { username: string; password: string } };
    expect(ready).toMatchObject({ event: "ready", firstAdmin: { username: "admin" } });
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.openapi).toBe(`${ready.url}/api/openapi.json`);
    expect(ready.firstAdmin.password).toMatch(/^[A-Za-z0-9_-]{24}$/);

    expect(((await (await fetch(ready.openapi)).json()) as { openapi: string }).openapi).toBe("3.1.0");
    const signIn = await fetch(`${ready.api}/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: ready.firstAdmin.password }) });
    expect(signIn.status).toBe(200);
    // Loopback over plain http: the browser would drop a Secure cookie, so it is not Secure.
    expect(signIn.headers.get("set-cookie")).not.toMatch(/Secure/);
    const login = await fetch(`${ready.url}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toMatch(/admin/);

    expect(await s.stop()).toBe(0);
    expect(s.err()).toContain("intacct-sync serve: stopped.");
    expect(s.err()).not.toContain(ready.firstAdmin.password);

    const again = await start([]);
    expect(again.out()).not.toContain("First run");
    expect(again.out()).toMatch(/^intacct-sync serve: listening on http:\/\/127\.0\.0\.1:\d+ \(web UI /);
    expect(await again.stop()).toBe(0);
  });

  it("takes the first admin's password from INTACCT_SYNC_ADMIN_PASSWORD without printing it", async () => {
    const dir = fs.mkdtempSync(path.join(tmp, "env-"));
    const s = await start(["--secure-cookies"], { DATABASE_URL: path.join(dir, "state.db"), INTACCT_SYNC_ADMIN_PASSWORD: "from-the-environment-1" });
    expect(s.out()).toContain('First run: created the user "admin" with the password from INTACCT_SYNC_ADMIN_PASSWORD.');
    expect(s.out()).not.toContain("from-the-environment-1");
    const url = /listening on (\S+) /.exec(s.out())?.[1] ?? "";
    const res = await fetch(`${url}/api/v1/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: "from-the-environment-1" }) });
    expect(res.headers.get("set-cookie")).toMatch(/; Secure/);
    expect(await s.stop()).toBe(0);
  });

  it("refuses a bad port and --concurrency 0 with SQLite as usage errors (exit 2)", async () => {
    expect((await runCommand((io) => serveCommand(io, () => Promise.resolve("x")), ["serve", "--port", "70000"], { env, cwd: tmp })).code).toBe(2);
    const r = await runCommand((io) => serveCommand(io, () => Promise.resolve("x")), ["serve", "--concurrency", "0"], { env, cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--concurrency 0 needs PostgreSQL");
  });
});
