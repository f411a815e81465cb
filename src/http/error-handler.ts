/**
 * The one error handler of the API: every error becomes `{ error: { code, message } }` with a
 * status from its code. User errors keep their message (they never carry secrets: errors redact
 * when built); system errors are logged and answered with a generic 500 text.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";

import { AppError, coerceError, isUserError } from "../domain/errors.js";
import type { HttpEnv } from "./context.js";
import { HTTP_STATUS_OF, HttpError } from "./http-error.js";

/** Error codes of other boundaries that map to a status other than 422. */
const STATUS_OF_CODE: Readonly<Record<string, 400 | 404 | 409>> = {
  NOT_FOUND: 404,
  ACCOUNT_NOT_FOUND: 404,
  ERROR_NOT_FOUND: 404,
  CONFLICT: 409,
  ACCOUNT_EXISTS: 409,
  LOGIN_INFO_INVALID: 400,
  PREFERENCES_INVALID: 400,
  USAGE: 400,
  CONFIG_INVALID: 400,
};

/** JSON body of an error answer. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details?: ReadonlyArray<{ readonly field: string; readonly message: string }>;
  };
}

/** Status and body for any thrown value. */
export function toErrorResponse(e: unknown): { readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500 | 501; readonly body: ErrorBody } {
  if (e instanceof HttpError) {
    return { status: HTTP_STATUS_OF[e.code], body: { error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) } } };
  }
  if (e instanceof AppError) {
    const code: string = (e as AppError<string>).code;
    if (code === "NOT_IMPLEMENTED") return { status: 501, body: { error: { code, message: e.message } } };
    if (isUserError(e)) return { status: STATUS_OF_CODE[code] ?? 422, body: { error: { code, message: e.message } } };
  }
  if (e instanceof HTTPException && e.status < 500) {
    return { status: e.status === 404 ? 404 : 400, body: { error: { code: e.status === 404 ? "NOT_FOUND" : "VALIDATION_FAILED", message: e.message || "Bad request." } } };
  }
  return { status: 500, body: { error: { code: "INTERNAL", message: "Something went wrong on the server; the log has the details." } } };
}

/** `app.onError` for the API. */
export function apiErrorHandler(e: Error, c: Context<HttpEnv>): Response {
  const { status, body } = toErrorResponse(e);
  if (status === 500) {
    c.var.deps.logger.log({ level: "error", event: "http.error", message: coerceError(e).message, scope: { component: "http" }, fields: { method: c.req.method, path: c.req.path, code: e instanceof AppError ? (e as AppError<string>).code : "UNEXPECTED" } });
  }
  return c.json(body, status);
}
