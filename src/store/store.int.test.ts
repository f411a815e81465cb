/**
 * The store contract over both adapters: SQLite (in-memory and on disk) always, PostgreSQL when
 * DATABASE_TEST_URL is set (CI sets it to the local server); otherwise a loud skip reason.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

import type { ManualClock } from "../domain/clock.js";
import { openPostgresStore } from "./postgres/postgres-store.js";
import { toPostgresPlaceholders } from "./postgres/postgres-driver.js";
import { openSqliteStore } from "./sqlite/sqlite-store.js";
import { runStoreContract } from "./store-contract.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "store-int-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("SQLite store (in memory)", () => {
  runStoreContract({ make: (clock) => openSqliteStore({ path: ":memory:", clock }) });
});

describe("SQLite store (file, WAL)", () => {
  runStoreContract({
    make: (clock) => openSqliteStore({ path: path.join(tmp, `${randomUUID()}.db`), clock }),
    makeConcurrent: async (clock: ManualClock, count: number) => {
      const file = path.join(tmp, `${randomUUID()}.db`);
      return Promise.all(Array.from({ length: count }, () => openSqliteStore({ path: file, clock, migrate: false })));
    },
  });

  it("uses WAL journal mode", async () => {
    const file = path.join(tmp, "wal.db");
    const store = await openSqliteStore({ path: file });
    await store.accounts.list();
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    await store.close();
  });
});

const pgUrl = process.env["DATABASE_TEST_URL"];
if (pgUrl === undefined || pgUrl === "") {
  describe("PostgreSQL store", () => {
    it("is skipped: DATABASE_TEST_URL is not set", () => {
      console.warn("\n*** SKIPPING the PostgreSQL store contract: set DATABASE_TEST_URL=postgres://postgres@127.0.0.1:5432/test to run it (CI does). ***\n");
    });
  });
} else {
  const schemas: string[] = [];
  const freshSchema = (): string => {
    const s = `t_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
    schemas.push(s);
    return s;
  };
  afterAll(async () => {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await client.end();
  });
  describe("PostgreSQL store", () => {
    runStoreContract({
      make: (clock) => openPostgresStore({ url: pgUrl, schema: freshSchema(), clock, maxConnections: 4 }),
      makeConcurrent: async (clock: ManualClock, count: number) => {
        const schema = freshSchema();
        return Promise.all(Array.from({ length: count }, () => openPostgresStore({ url: pgUrl, schema, clock, migrate: false, maxConnections: 2 })));
      },
    });
  });
}

describe("toPostgresPlaceholders", () => {
  it("numbers placeholders and leaves quoted question marks alone", () => {
    expect(toPostgresPlaceholders("SELECT * FROM t WHERE a = ? AND b = '?' AND c = ?")).toBe("SELECT * FROM t WHERE a = $1 AND b = '?' AND c = $2");
  });
});
