/**
 * PostgreSQL driver over `pg` (a pool). The only overrides against SQLite: `$n` placeholders,
 * SQLSTATE error codes, and the advisory lock that serializes concurrent migrations.
 */
import pg from "pg";

import { driverErrorCode, type SqlDialect, type SqlDriver, type SqlExecutor, type SqlValue } from "../sql.js";
import { StoreError } from "../store-error.js";

/**
 * Transient errors worth a retry, keyed by SQLSTATE or Node errno
 * (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 */
export const POSTGRES_RETRYABLE_CODES: ReadonlySet<string> = new Set([
  "40001", // serialization_failure
  "40P01", // deadlock_detected
  "55P03", // lock_not_available
  "57P01", // admin_shutdown
  "57P03", // cannot_connect_now
  "08000", // connection_exception
  "08001", // sqlclient_unable_to_establish_sqlconnection
  "08003", // connection_does_not_exist
  "08006", // connection_failure
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
]);

/** Attempts of a transaction that keeps losing serialization races. */
export const SERIALIZATION_ATTEMPTS = 10;

/** Key of the advisory lock held while migrating (any constant; shared by all processes). */
const MIGRATION_LOCK_KEY = 727_274_001;

/** The PostgreSQL dialect overrides. */
export const postgresDialect: SqlDialect = {
  name: "postgres",
  isUniqueViolation: (e) => driverErrorCode(e) === "23505",
  isRetryable: (e) => POSTGRES_RETRYABLE_CODES.has(driverErrorCode(e) ?? ""),
  errorCode: (e) => {
    const code = driverErrorCode(e);
    return code !== undefined && (/^[0-9A-Z]{5}$/.test(code) || POSTGRES_RETRYABLE_CODES.has(code)) ? code : undefined;
  },
};

/** Rewrites `?` placeholders (outside quoted literals) to `$1, $2, …`. */
export function toPostgresPlaceholders(sql: string): string {
  let out = "";
  let n = 0;
  let quoted = false;
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted;
    if (ch === "?" && !quoted) {
      n += 1;
      out += `$${n}`;
    } else {
      out += ch;
    }
  }
  return out;
}

/** Options of {@link openPostgresDriver}. */
export interface PostgresDriverOptions {
  /** `postgres://…` connection string. */
  readonly url: string;
  /** Schema for all tables (created when missing); tests use one per run. @default "public" */
  readonly schema?: string;
  /** Pool size. @default 10 */
  readonly maxConnections?: number;
}

/** Opens a pool; the schema is created when missing and set as the search path of each connection. */
export async function openPostgresDriver(options: PostgresDriverOptions): Promise<SqlDriver> {
  const schema = options.schema ?? "public";
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new StoreError("UNAVAILABLE", `Invalid PostgreSQL schema name "${schema}".`, { side: "user" });
  // The search path is a startup parameter, so every pooled connection starts in the schema.
  const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10, options: `-c search_path=${schema}` });
  // An idle client's error (server restart) must not crash the process; the next query reports it.
  pool.on("error", () => undefined);
  try {
    const client = await pool.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } finally {
      client.release();
    }
  } catch (e) {
    if (postgresDialect.isUniqueViolation(e)) {
      // Two processes created the schema at the same moment: it exists now.
    } else {
      await pool.end();
      throw new StoreError("UNAVAILABLE", `Cannot connect to PostgreSQL (${redactUrl(options.url)}): ${(e as Error).message}`, { cause: e, side: "user", ...code(e) });
    }
  }
  return new PostgresDriver(pool);
}

function code(e: unknown): { driverCode?: string } {
  const c = driverErrorCode(e);
  return c === undefined ? {} : { driverCode: c };
}

/** Hides the password of a connection URL. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== "") u.password = "********";
    return u.toString();
  } catch {
    return "postgres://…";
  }
}

function executor(q: (text: string, values: SqlValue[]) => Promise<pg.QueryResult>): SqlExecutor {
  return {
    query: async <R extends object>(sql: string, params: readonly SqlValue[] = []) => (await q(toPostgresPlaceholders(sql), [...params])).rows as R[],
    run: async (sql: string, params: readonly SqlValue[] = []) => ({ changes: (await q(toPostgresPlaceholders(sql), [...params])).rowCount ?? 0 }),
  };
}

class PostgresDriver implements SqlDriver {
  readonly dialect = postgresDialect;
  readonly #pool: pg.Pool;
  readonly #direct: SqlExecutor;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
    this.#direct = executor((text, values) => this.#pool.query(text, values));
  }

  async query<R extends object>(sql: string, params?: readonly SqlValue[]): Promise<R[]> {
    return this.#direct.query<R>(sql, params);
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<{ readonly changes: number }> {
    return this.#direct.run(sql, params);
  }

  /**
   * Transactions run at SERIALIZABLE, like SQLite's single writer, so a read-modify-write never
   * loses an update. A serialization failure or deadlock (40001, 40P01) re-runs the callback, up
   * to {@link SERIALIZATION_ATTEMPTS} times with jittered backoff; then it surfaces as `BUSY`.
   */
  async transaction<T>(cb: (tx: SqlExecutor) => Promise<T>, options?: { readonly exclusive?: boolean }): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.#transactionOnce(cb, options?.exclusive === true);
      } catch (e) {
        // Inside the callback driver errors arrive already wrapped as StoreError("BUSY").
        const code = e instanceof StoreError ? e.driverCode : driverErrorCode(e);
        if ((code !== "40001" && code !== "40P01") || attempt >= SERIALIZATION_ATTEMPTS) throw e;
        await new Promise((resolve) => setTimeout(resolve, Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random() / 2)));
      }
    }
  }

  async #transactionOnce<T>(cb: (tx: SqlExecutor) => Promise<T>, exclusive: boolean): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query("BEGIN ISOLATION LEVEL SERIALIZABLE");
      if (exclusive) await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
      const result = await cb(executor((text, values) => client.query(text, values)));
      await client.query("COMMIT");
      return result;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
