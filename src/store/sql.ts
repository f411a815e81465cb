/**
 * The tiny port between the store's SQL and a database driver (Kysely's `SqliteDatabase` idea:
 * depend on the smallest structural subset of a driver, not on the driver).
 *
 * Repositories are written once with `?` placeholders; a {@link SqlDialect} supplies the few
 * overrides where SQLite and PostgreSQL differ.
 */

/** A bind parameter. Booleans are stored as 0/1, timestamps as ISO-8601 text, JSON as text. */
export type SqlValue = string | number | null;

/** Runs statements on one connection (or inside one transaction). */
export interface SqlExecutor {
  /** Runs a statement returning rows. Column names are snake_case, lower case. */
  query<R extends object>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
  /** Runs a statement; returns the number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ readonly changes: number }>;
}

/** What differs between databases. Keep this list short. */
export interface SqlDialect {
  readonly name: "sqlite" | "postgres";
  /** True when the driver error is a unique/primary key violation. */
  isUniqueViolation(error: unknown): boolean;
  /** True when the driver error is transient (locked, serialization failure, connection lost). */
  isRetryable(error: unknown): boolean;
  /** Driver error code, for {@link StoreError.driverCode}. */
  errorCode(error: unknown): string | undefined;
}

/** A connection (pool) that can open transactions. */
export interface SqlDriver extends SqlExecutor {
  readonly dialect: SqlDialect;
  /**
   * Runs `cb` in one transaction: commits when it resolves, rolls back when it throws.
   * `exclusive` takes the database-wide migration lock first (SQLite `BEGIN IMMEDIATE`,
   * PostgreSQL `pg_advisory_xact_lock`), so concurrent starts migrate one at a time.
   */
  transaction<T>(cb: (tx: SqlExecutor) => Promise<T>, options?: { readonly exclusive?: boolean }): Promise<T>;
  close(): Promise<void>;
}

/** Reads the driver-specific `code` property of an error, if any. */
export function driverErrorCode(error: unknown): string | undefined {
  if (error !== null && typeof error === "object" && "code" in error) {
    const code = error.code;
    if (typeof code === "string") return code;
  }
  return undefined;
}
