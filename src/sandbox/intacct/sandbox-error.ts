import { AppError } from "../../domain/errors.js";

/**
 * Codes of {@link SandboxError}:
 * - `SEED_INVALID`: a seed document failed validation (message names the path);
 * - `NOT_FOUND`: an admin/service call named a company, user, role or entity that does not exist;
 * - `CONFLICT`: an admin/service call would create a duplicate;
 * - `INVALID_ARGUMENT`: an admin/service call with a bad value;
 * - `HOST_NOT_LOOPBACK`: the sandbox was asked to bind to a non-loopback address;
 * - `CONNECTION_DROPPED`: fault injection dropped the connection (in-process callers see this);
 * - `CLOSED`: the sandbox was used after `close()`.
 */
export type SandboxErrorCode =
  | "SEED_INVALID"
  | "NOT_FOUND"
  | "CONFLICT"
  | "INVALID_ARGUMENT"
  | "HOST_NOT_LOOPBACK"
  | "CONNECTION_DROPPED"
  | "CLOSED";

const USER_CODES: ReadonlySet<SandboxErrorCode> = new Set(["SEED_INVALID", "NOT_FOUND", "CONFLICT", "INVALID_ARGUMENT", "HOST_NOT_LOOPBACK"]);

/** The sandbox's boundary error (STYLE.md "Errors"). Intacct-level failures are XML, not this. */
export class SandboxError extends AppError<SandboxErrorCode> {
  constructor(code: SandboxErrorCode, message: string, options: { readonly cause?: unknown } = {}) {
    super(code, message, { cause: options.cause, side: USER_CODES.has(code) ? "user" : "system" });
  }

  /** HTTP status the admin API answers with. */
  get httpStatus(): 400 | 403 | 404 | 409 | 500 {
    switch (this.code) {
      case "SEED_INVALID":
      case "INVALID_ARGUMENT":
        return 400;
      case "HOST_NOT_LOOPBACK":
        return 403;
      case "NOT_FOUND":
        return 404;
      case "CONFLICT":
        return 409;
      case "CONNECTION_DROPPED":
      case "CLOSED":
        return 500;
    }
  }
}
