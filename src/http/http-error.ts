/**
 * The one error type of the service's HTTP surface (Hono style: one error type, one handler).
 * Other boundaries' errors are mapped by `toErrorResponse` in `error-handler.ts`.
 */
import { AppError } from "../domain/errors.js";

/**
 * - `VALIDATION_FAILED` (400): the body or a parameter is malformed.
 * - `UNAUTHENTICATED` (401): no valid session or API token.
 * - `FORBIDDEN` (403): signed in, but the action needs an admin, or a CSRF token is missing or wrong.
 * - `NOT_FOUND` (404): no such resource — or one the caller may not see (never revealed as 403).
 * - `CONFLICT` (409): the resource exists or is in the way (e.g. a username is taken).
 * - `UNPROCESSABLE` (422): well-formed but not acceptable (e.g. a fix action the error does not offer).
 * - `TOO_MANY_REQUESTS` (429): too many failed sign-ins for a username; wait and try again.
 * - `NOT_IMPLEMENTED` (501): a route the service names but cannot do yet.
 */
export type HttpErrorCode = "VALIDATION_FAILED" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "UNPROCESSABLE" | "TOO_MANY_REQUESTS" | "NOT_IMPLEMENTED";

/** HTTP status of each {@link HttpErrorCode}. */
export const HTTP_STATUS_OF: Readonly<Record<HttpErrorCode, 400 | 401 | 403 | 404 | 409 | 422 | 429 | 501>> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNPROCESSABLE: 422,
  TOO_MANY_REQUESTS: 429,
  NOT_IMPLEMENTED: 501,
};

/** A problem found at the HTTP boundary, always the caller's to fix. */
export class HttpError extends AppError<HttpErrorCode> {
  /** Per-field problems of a `VALIDATION_FAILED`, when known. */
  readonly details: ReadonlyArray<{ readonly field: string; readonly message: string }> | undefined;

  constructor(code: HttpErrorCode, message: string, options: { readonly cause?: unknown; readonly details?: ReadonlyArray<{ readonly field: string; readonly message: string }> } = {}) {
    super(code, message, { cause: options.cause, side: "user" });
    this.details = options.details;
  }
}

/** The 404 of an account that does not exist or that the caller may not see (same text for both). */
export function accountNotFound(accountId: string): HttpError {
  return new HttpError("NOT_FOUND", `No account with id ${JSON.stringify(accountId)}.`);
}
