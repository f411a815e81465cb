/**
 * Error foundations shared by every boundary (STYLE.md "Errors").
 *
 * Each boundary (`IntacctError`, `BillError`, `StoreError`, `SyncError`, `SandboxError`,
 * `ConfigError`) extends {@link AppError} with a literal-union `code`. Whether an error is the
 * user's to fix (bad input, bad credentials, bad configuration) or the system's (a bug, an outage)
 * drives CLI exit codes and HTTP statuses.
 */

/** Who can fix an error: the user (input, credentials, setup) or the system/operator. */
export type ErrorSide = "user" | "system";

/** Options common to every {@link AppError}. */
export interface AppErrorOptions {
  /** The underlying error, kept for diagnostics. @default undefined */
  readonly cause?: unknown;
  /** Who can fix it. @default "system" */
  readonly side?: ErrorSide;
}

/**
 * Base class for all typed errors of intacct-sync.
 *
 * @example
 * class StoreError extends AppError<"NOT_FOUND" | "CONFLICT"> {}
 * throw new StoreError("NOT_FOUND", "account acme not found", { side: "user" });
 */
export class AppError<C extends string = string> extends Error {
  /** Stable machine-readable code, kept verbatim across releases. */
  readonly code: C;
  /** Who can fix it. */
  readonly side: ErrorSide;

  constructor(code: C, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.side = options.side ?? "system";
  }
}

/** Code of errors created by {@link coerceError} from a non-`AppError` value. */
export type UnknownErrorCode = "UNEXPECTED";

/** A wrapped error of unknown origin. */
export class UnexpectedError extends AppError<UnknownErrorCode> {}

/**
 * Turns anything caught into an `Error` (STYLE.md: "Wrap every `unknown` you catch").
 *
 * @example
 * try { await work(); } catch (e) { logger.error({ err: coerceError(e) }); }
 */
export function coerceError(value: unknown): Error {
  if (value instanceof Error) return value;
  const text = typeof value === "string" ? value : safeStringify(value);
  return new UnexpectedError("UNEXPECTED", `Non-error value thrown: ${text}`, { cause: value });
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** True when the user (input, credentials, setup) can fix the error. */
export function isUserError(error: unknown): boolean {
  return error instanceof AppError && error.side === "user";
}

/** True when the error is the system's (bug, outage, unknown): anything that is not a user error. */
export function isSystemError(error: unknown): boolean {
  return !isUserError(error);
}

/** Configuration or usage problem: CLI exit code 2. */
export type ConfigErrorCode = "CONFIG_INVALID" | "CONFIG_MISSING" | "USAGE";

/** Bad configuration, flags or environment (always the user's to fix). */
export class ConfigError extends AppError<ConfigErrorCode> {
  constructor(code: ConfigErrorCode, message: string, options: { readonly cause?: unknown } = {}) {
    super(code, message, { ...options, side: "user" });
  }
}

/** Thrown by any path that exists in the interface but is not implemented yet. Never a silent success. */
export class NotImplementedError extends AppError<"NOT_IMPLEMENTED"> {
  constructor(what: string) {
    super("NOT_IMPLEMENTED", `Not implemented: ${what}`, { side: "user" });
  }
}
