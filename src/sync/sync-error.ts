/**
 * Errors of the sync engine (STYLE.md "Errors"): one base class with a literal-union code. The
 * planner never throws for a bad record (it emits an `error` operation instead); these are for
 * programming and input-shape mistakes: an undecodable cursor, preferences that fail their schema,
 * a record a mapper cannot read.
 */
import { AppError, type AppErrorOptions } from "../domain/errors.js";

/** Codes of {@link SyncError}. */
export type SyncErrorCode =
  /** A stored cursor does not decode (corrupt or from an unknown version). */
  | "CURSOR_INVALID"
  /** Account preferences fail their schema. */
  | "PREFERENCES_INVALID"
  /** A side record lacks a field the mapper needs (e.g. an APBILL without RECORDNO). */
  | "RECORD_INVALID"
  /** An object was asked of a side that does not carry it (e.g. projects out). */
  | "DIRECTION_UNSUPPORTED"
  /** A reference cannot be resolved to the target side's id (its record is not linked yet). */
  | "REF_UNRESOLVED";

/**
 * An error of the sync engine's pure core.
 *
 * @example
 * throw new SyncError("CURSOR_INVALID", "cursor for VENDOR is not v1", { side: "system" });
 */
export class SyncError extends AppError<SyncErrorCode> {
  constructor(code: SyncErrorCode, message: string, options: AppErrorOptions = {}) {
    super(code, message, options);
  }
}
