/**
 * Opens the one better-sqlite3 connection both halves of the sandbox share (see `contracts.ts`).
 * A file database runs in WAL mode; without a path the database lives in memory and disappears
 * with `close()` (Miniflare's "temporary storage by default, a persistence path on request").
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";

import Database from "better-sqlite3";

/** File name of the sandbox database inside `dataDir`. */
export const SANDBOX_DB_FILE = "intacct-sandbox.sqlite";

/** Opens the sandbox database: in memory when `dataDir` is undefined, else `<dataDir>/intacct-sandbox.sqlite` (WAL). */
export function openSandboxDatabase(dataDir: string | undefined): Database.Database {
  if (dataDir === undefined) {
    const db = new Database(":memory:");
    db.pragma("foreign_keys = ON");
    return db;
  }
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, SANDBOX_DB_FILE));
  db.pragma("journal_mode = WAL");
  // WAL + NORMAL is durable across application crashes; only an OS crash may lose the last commits.
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return db;
}
