/** Errors of the run queue boundary (STYLE.md "Errors": one base class, literal-union codes). */
import { AppError, type ErrorSide } from "../domain/errors.js";

/**
 * - `ACCOUNT_NOT_FOUND`: the run's account does not exist (removed after the request?).
 * - `RUN_FAILED`: the sync or doctor threw; `cause` holds the error.
 * - `DOCTOR_NOT_CONFIGURED`: a doctor run was requested from a runner built without a doctor.
 * - `SCHEDULE_INVALID`: an account's `schedule` preference cannot be read.
 * - `RUNNER_STOPPED`: a request reached a stopped runner.
 * - `POSTGRES_REQUIRED`: the multi-process runner or budget was given a non-PostgreSQL store.
 * - `BUDGET_CLOSED`: the concurrency budget was used after `close()`.
 */
export type QueueErrorCode = "ACCOUNT_NOT_FOUND" | "RUN_FAILED" | "DOCTOR_NOT_CONFIGURED" | "SCHEDULE_INVALID" | "RUNNER_STOPPED" | "POSTGRES_REQUIRED" | "BUDGET_CLOSED";

/** Error raised by the run queue, its executor or the PostgreSQL budget. */
export class QueueError extends AppError<QueueErrorCode> {
  constructor(code: QueueErrorCode, message: string, options: { readonly cause?: unknown; readonly side?: ErrorSide } = {}) {
    super(code, message, { cause: options.cause, side: options.side ?? (code === "ACCOUNT_NOT_FOUND" || code === "SCHEDULE_INVALID" || code === "POSTGRES_REQUIRED" || code === "DOCTOR_NOT_CONFIGURED" ? "user" : "system") });
  }
}
