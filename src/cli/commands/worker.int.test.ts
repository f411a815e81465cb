/**
 * `intacct-sync worker`: usage errors (SQLite, bad --concurrency), --help, and on a real PostgreSQL
 * database (DATABASE_TEST_URL; a loud skip without it) a worker that takes a run requested by
 * another process, records its failure with the connector's code, and stops cleanly on its signal.
 */
import crypto from "node:crypto";

import pg from "pg";
import { describe, expect, it, vi } from "vitest";

import { AccountService } from "../../connections/accounts.js";
import { createCredentialCipher } from "../../connections/credential-cipher.js";
import { createPgBossRunner } from "../../queue/pg-boss-runner.js";
import { openPostgresStore } from "../../store/postgres/postgres-store.js";
import { runCommand } from "./cli-test-support.js";
import { workerCommand } from "./worker.js";

const pgUrl = process.env["DATABASE_TEST_URL"];

describe("intacct-sync worker", () => {
  it("refuses SQLite with a usage error (exit 2)", async () => {
    const r = await runCommand((io) => workerCommand(io, () => Promise.resolve("test")), ["worker"], { env: { DATABASE_URL: "sqlite::memory:", INTACCT_SENDER_ID: "s", INTACCT_SENDER_PASSWORD: "p" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("intacct-sync: The worker needs a PostgreSQL database: set DATABASE_URL=postgres://… (or --database-url).");
  });

  it("refuses --concurrency 0 (exit 2) and documents its options in --help", async () => {
    const bad = await runCommand((io) => workerCommand(io, () => Promise.resolve("test")), ["worker", "--concurrency", "0"], { env: {} });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--concurrency must be an integer of at least 1.");
    const help = await runCommand((io) => workerCommand(io), ["worker", "--help"], { env: {} });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--concurrency <n>");
    expect(help.stdout).toContain("--intacct-concurrency <n>");
    expect(help.stdout).toContain("Requires DATABASE_URL=postgres://");
  });
});

if (pgUrl === undefined || pgUrl === "") {
  describe("intacct-sync worker on PostgreSQL", () => {
    it("is skipped: DATABASE_TEST_URL is not set", () => {
      console.warn("\n*** SKIPPING the worker command on PostgreSQL: set DATABASE_TEST_URL=postgres://postgres@127.0.0.1:5432/test to run it (CI does). ***\n");
    });
  });
} else {
  describe("intacct-sync worker on PostgreSQL", () => {
    it("runs a run another process requested, records its typed failure, and stops on its signal", async () => {
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      const db = `worker_${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
      await admin.query(`CREATE DATABASE ${db}`);
      const url = new URL(pgUrl);
      url.pathname = `/${db}`;
      const dbUrl = url.toString();
      const key = crypto.randomBytes(32);
      try {
        const store = await openPostgresStore({ url: dbUrl, maxConnections: 2 });
        const accounts = new AccountService({ store, cipher: createCredentialCipher(key) });
        await accounts.add({ id: "acme", loginInfo: { companyId: "ACME", userId: "XML_Bill.com", password: "pw", entityId: "" } });
        let stop: (signal: string) => void = () => undefined;
        const stopped = new Promise<string>((resolve) => {
          stop = resolve;
        });
        const env = { DATABASE_URL: dbUrl, INTACCT_SYNC_SECRET_KEY: key.toString("hex"), INTACCT_SENDER_ID: "sender", INTACCT_SENDER_PASSWORD: "sender-pw", INTACCT_ENDPOINT_URL: "http://127.0.0.1:9/ia/xml/xmlgw.phtml" };
        const worker = runCommand((io) => workerCommand(io, () => stopped), ["worker", "--concurrency", "2", "--stop-timeout", "1000"], { env });
        const serve = createPgBossRunner({ store, url: dbUrl, concurrency: 0, schedule: { enabled: false } });
        await serve.start();
        try {
          const { runId } = await serve.requestRun({ accountId: "acme", reason: "manual" });
          await vi.waitFor(async () => expect((await store.runs.get(runId))?.status).toBe("failed"), { timeout: 30_000, interval: 100 });
          expect((await store.runs.get(runId))?.error).toMatchObject({ code: "PLATFORM_LOGIN_MISSING" });
          expect(await store.runQueue.active("acme")).toBeUndefined();
        } finally {
          await serve.stop();
          stop("SIGTERM");
        }
        const r = await worker;
        expect(r.code).toBe(0);
        expect(r.stderr).toContain("intacct-sync worker: running up to 2 run(s) at once, 2 Intacct request(s) per company across workers.");
        expect(r.stderr).toContain("intacct-sync worker: SIGTERM, stopping once running runs reach a safe point…");
        expect(r.stderr).toContain("intacct-sync worker: stopped.");
        expect(r.stderr).not.toContain("sender-pw");
        await store.close();
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
        await admin.end();
      }
    }, 60_000);
  });
}
