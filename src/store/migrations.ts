/**
 * Numbered, immutable schema migrations (Graphile Worker's `migrate.ts` model):
 *
 * - each migration runs in its own transaction under a database-wide lock (SQLite
 *   `BEGIN IMMEDIATE`, PostgreSQL `pg_advisory_xact_lock`), so processes starting together
 *   migrate one at a time and the later ones find the work done;
 * - the row recording a migration is inserted *before* its statements, so even without the lock
 *   a racing process would hit the primary key and roll back instead of applying twice;
 * - a database migrated by a newer release is refused with a readable error.
 *
 * The SQL is portable (TEXT, INTEGER, `ON DELETE CASCADE`); timestamps are ISO-8601 text and JSON
 * is text, so both dialects share one definition. Add a migration by appending; never edit one.
 */
import type { MigrationResult } from "./port.js";
import type { SqlDriver, SqlExecutor } from "./sql.js";
import { StoreError } from "./store-error.js";

/** One migration: its statements, run in order inside one transaction. */
export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly statements: readonly string[];
}

/** The schema, in order. */
export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: "accounts-runs-links-cursors-errors-state",
    statements: [
      `CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        platform_org_id TEXT NOT NULL UNIQUE,
        company_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        password_encrypted TEXT NOT NULL,
        entity_id TEXT NOT NULL DEFAULT '',
        preferences TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      `CREATE INDEX accounts_company_idx ON accounts (company_id, entity_id)`,
      `CREATE TABLE sync_runs (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        stats TEXT NOT NULL DEFAULT '{}',
        error TEXT
      )`,
      `CREATE INDEX sync_runs_account_idx ON sync_runs (account_id, started_at)`,
      `CREATE TABLE record_links (
        account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        object TEXT NOT NULL,
        platform_id TEXT NOT NULL,
        intacct_key TEXT NOT NULL,
        intacct_id TEXT,
        version TEXT,
        data TEXT NOT NULL DEFAULT '{}',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (account_id, object, platform_id),
        UNIQUE (account_id, object, intacct_key)
      )`,
      `CREATE TABLE sync_cursors (
        account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        side TEXT NOT NULL,
        object TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (account_id, side, object)
      )`,
      `CREATE TABLE record_errors (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        run_id TEXT,
        object TEXT NOT NULL,
        record_id TEXT NOT NULL,
        error_class TEXT NOT NULL,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        fix_actions TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL DEFAULT 'open',
        created_at TEXT NOT NULL,
        resolved_at TEXT,
        resolution TEXT
      )`,
      `CREATE INDEX record_errors_account_idx ON record_errors (account_id, status, created_at)`,
      `CREATE TABLE account_state (
        account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        namespace TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (account_id, namespace, key)
      )`,
    ],
  },
  {
    id: 2,
    name: "accounts-platform-login",
    statements: [
      // The account's BILL sign-in: the user name in clear, password and developer key encrypted together.
      `ALTER TABLE accounts ADD COLUMN platform_username TEXT`,
      `ALTER TABLE accounts ADD COLUMN platform_secret_encrypted TEXT`,
    ],
  },
  {
    id: 3,
    name: "users-grants-api-tokens-web-sessions",
    statements: [
      `CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL,
        created_at TEXT NOT NULL
      )`,
      `CREATE TABLE account_grants (
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        PRIMARY KEY (user_id, account_id)
      )`,
      `CREATE INDEX account_grants_account_idx ON account_grants (account_id)`,
      `CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at TEXT
      )`,
      `CREATE INDEX api_tokens_user_idx ON api_tokens (user_id)`,
      `CREATE TABLE web_sessions (
        id_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_secret TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      )`,
      `CREATE INDEX web_sessions_user_idx ON web_sessions (user_id)`,
    ],
  },
  {
    id: 4,
    name: "run-queue-schedules-events-api-usage",
    statements: [
      // The active run of each account (one per account: the unique key), held under a lease (src/queue, ADR 0007).
      `CREATE TABLE run_queue (
        run_id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL UNIQUE REFERENCES accounts (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        reason TEXT NOT NULL,
        requested_by TEXT,
        status TEXT NOT NULL,
        requested_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        claimed_by TEXT,
        lease_until TEXT
      )`,
      `CREATE TABLE run_schedules (
        account_id TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        every_ms BIGINT NOT NULL,
        next_run_at TEXT NOT NULL,
        last_run_id TEXT,
        updated_at TEXT NOT NULL
      )`,
      `CREATE TABLE run_events (
        run_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        event TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
      )`,
      `CREATE INDEX run_events_created_idx ON run_events (created_at)`,
      // Intacct API usage per run attempt (no foreign key: usage outlives a removed account).
      `CREATE TABLE api_usage (
        run_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        account_id TEXT NOT NULL,
        company_id TEXT NOT NULL,
        month TEXT NOT NULL,
        kind TEXT NOT NULL,
        calls BIGINT NOT NULL,
        writes BIGINT NOT NULL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (run_id, attempt)
      )`,
      `CREATE INDEX api_usage_month_idx ON api_usage (month, company_id)`,
    ],
  },
];

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS store_migrations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

/**
 * Applies pending migrations, one transaction each.
 *
 * @param now ISO timestamp recorded with each applied migration.
 */
export async function runMigrations(driver: SqlDriver, now: () => string, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationResult[]> {
  const results: MigrationResult[] = [];
  const latest = migrations.reduce((m, x) => Math.max(m, x.id), 0);
  for (const migration of migrations) {
    try {
      const status = await driver.transaction(async (tx) => applyOne(tx, migration, latest, now), { exclusive: true });
      results.push({ id: migration.id, name: migration.name, status });
    } catch (e) {
      if (e instanceof StoreError && e.code === "SCHEMA_TOO_NEW") throw e;
      if (driver.dialect.isUniqueViolation(e)) {
        // Another process recorded this migration between our check and our insert: it did the work.
        results.push({ id: migration.id, name: migration.name, status: "already-applied" });
        continue;
      }
      throw new StoreError("MIGRATION_FAILED", `Migration ${String(migration.id).padStart(6, "0")} (${migration.name}) failed and was rolled back: ${(e as Error).message}`, {
        cause: e,
        ...optionalCode(driver.dialect.errorCode(e)),
      });
    }
  }
  return results;
}

async function applyOne(tx: SqlExecutor, migration: Migration, latest: number, now: () => string): Promise<MigrationResult["status"]> {
  await tx.run(CREATE_MIGRATIONS_TABLE);
  const rows = await tx.query<{ id: number | string }>("SELECT id FROM store_migrations ORDER BY id");
  const applied = new Set(rows.map((r) => Number(r.id)));
  const newest = Math.max(0, ...applied);
  if (newest > latest) {
    throw new StoreError("SCHEMA_TOO_NEW", `The database was migrated to schema ${newest} by a newer intacct-sync; this release knows schema ${latest}. Upgrade intacct-sync or point DATABASE_URL at another database.`, { side: "user" });
  }
  if (applied.has(migration.id)) return "already-applied";
  await tx.run("INSERT INTO store_migrations (id, name, applied_at) VALUES (?, ?, ?)", [migration.id, migration.name, now()]);
  for (const statement of migration.statements) await tx.run(statement);
  return "applied";
}

function optionalCode(code: string | undefined): { driverCode?: string } {
  return code === undefined ? {} : { driverCode: code };
}
