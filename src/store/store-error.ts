/** Errors of the store boundary (STYLE.md "Errors": one base class per boundary, literal-union codes). */
import { AppError } from "../domain/errors.js";

/**
 * - `NOT_FOUND`: the row does not exist (a user error when the id came from the user).
 * - `CONFLICT`: a unique key is taken (e.g. a platform organization already has an account).
 * - `BUSY`: the database is locked or the transaction lost a race; retrying may succeed.
 * - `MIGRATION_FAILED`: a numbered migration failed and was rolled back.
 * - `SCHEMA_TOO_NEW`: the database was migrated by a newer intacct-sync.
 * - `UNAVAILABLE`: cannot open or reach the database.
 * - `CLOSED`: the store was used after `close()`.
 * - `QUERY_FAILED`: any other driver error.
 */
export type StoreErrorCode = "NOT_FOUND" | "CONFLICT" | "BUSY" | "MIGRATION_FAILED" | "SCHEMA_TOO_NEW" | "UNAVAILABLE" | "CLOSED" | "QUERY_FAILED";

/**
 * Error raised by a {@link Store}. Driver errors are wrapped as `cause`; SQL parameters are never
 * copied into the message (they may hold ciphertext or identifiers a log should not carry).
 */
export class StoreError extends AppError<StoreErrorCode> {
  /** Driver error code (SQLite `SQLITE_*` or PostgreSQL SQLSTATE), when there is one. */
  readonly driverCode: string | undefined;

  constructor(code: StoreErrorCode, message: string, options: { readonly cause?: unknown; readonly side?: "user" | "system"; readonly driverCode?: string } = {}) {
    super(code, message, { cause: options.cause, side: options.side ?? (code === "NOT_FOUND" || code === "CONFLICT" ? "user" : "system") });
    this.driverCode = options.driverCode;
  }
}
