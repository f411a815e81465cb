/**
 * Typed Intacct errors. They mirror the gateway's three levels (control, authentication,
 * function result; `intacct-xml-api.md` §3) plus the transport, keep every structured field
 * (errorno, description, description2, correction, Support ID, control ids, HTTP status), carry a
 * {@link IntacctErrorCategory} from the catalogue, and are redacted when built (Octokit
 * request-error: credentials are stripped before the error exists).
 */
import { AppError, type ErrorSide } from "../domain/errors.js";
import type { SecretRegistry } from "../domain/redact.js";
import {
  classifyErrors,
  classifyHttpStatus,
  type IntacctErrorCategory,
  type IntacctErrorCode,
  type IntacctErrorLevel,
} from "./error-catalogue.js";
import type { IntacctErrorDetail } from "./xml/index.js";

export type { IntacctErrorCategory, IntacctErrorCode, IntacctErrorLevel } from "./error-catalogue.js";

/** Structured fields of an {@link IntacctError}. */
export interface IntacctErrorFields {
  readonly category: IntacctErrorCategory;
  readonly level: IntacctErrorLevel;
  /** All `<error>` entries, redacted, Support IDs kept. */
  readonly details?: readonly IntacctErrorDetail[];
  /** Request-level `<controlid>`. */
  readonly requestControlId?: string;
  /** Function `controlid` attribute (function-level errors). */
  readonly functionControlId?: string;
  /** Function name (function-level errors). */
  readonly functionName?: string;
  readonly httpStatus?: number;
  /** Parsed `Retry-After`, in milliseconds, when the gateway sent one. */
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
  /** Redacts every text before the error is built. */
  readonly secrets?: SecretRegistry;
}

const SUPPORT_ID_RE = /\s*\[Support ID:\s*([^\]]*)\]\s*$/;

/** Extracts the `[Support ID: …]` token (URL-decoded, §3.5) from a description2. */
export function parseSupportId(text: string): string | undefined {
  const m = SUPPORT_ID_RE.exec(text);
  if (m?.[1] === undefined) return undefined;
  try {
    return decodeURIComponent(m[1].trim());
  } catch {
    return m[1].trim();
  }
}

/** Categories a user (admin, AP team) fixes, as opposed to outages or bugs. */
const USER_CATEGORIES: ReadonlySet<IntacctErrorCategory> = new Set(["auth", "permission", "configuration", "data", "closed_period", "not_found"]);

function sideOf(category: IntacctErrorCategory): ErrorSide {
  return USER_CATEGORIES.has(category) ? "user" : "system";
}

function redactDetail(d: IntacctErrorDetail, secrets: SecretRegistry | undefined): IntacctErrorDetail {
  if (secrets === undefined) return d;
  return {
    errorno: secrets.redact(d.errorno),
    description: secrets.redact(d.description),
    description2: secrets.redact(d.description2),
    correction: secrets.redact(d.correction),
  };
}

/** One-line human text for an `<error>` (errorno, then the non-empty texts). */
export function formatErrorDetail(d: IntacctErrorDetail): string {
  return [d.errorno, d.description, d.description2, d.correction].map((s) => s.trim()).filter((s) => s !== "").join(" ");
}

/**
 * Base of every Intacct error.
 *
 * @example
 * try { await client.execute(fn); }
 * catch (e) { if (e instanceof IntacctError && e.category === "closed_period") holdRecord(); }
 */
export class IntacctError extends AppError<IntacctErrorCode> {
  readonly category: IntacctErrorCategory;
  readonly level: IntacctErrorLevel;
  readonly details: readonly IntacctErrorDetail[];
  /** First error's fields (the most specific one), for convenience. */
  readonly errorno: string | undefined;
  readonly description: string | undefined;
  readonly description2: string | undefined;
  readonly correction: string | undefined;
  /** Support ID parsed from `[Support ID: …]` of the first error carrying one. */
  readonly supportId: string | undefined;
  readonly requestControlId: string | undefined;
  readonly functionControlId: string | undefined;
  readonly functionName: string | undefined;
  readonly httpStatus: number | undefined;
  /** Parsed `Retry-After` in milliseconds, when the gateway sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(code: IntacctErrorCode, message: string, fields: IntacctErrorFields) {
    const secrets = fields.secrets;
    const details = (fields.details ?? []).map((d) => redactDetail(d, secrets));
    super(code, secrets === undefined ? message : secrets.redact(message), { cause: fields.cause, side: sideOf(fields.category) });
    this.category = fields.category;
    this.level = fields.level;
    this.details = details;
    const first = details[0];
    this.errorno = first?.errorno;
    this.description = first?.description;
    this.description2 = first?.description2;
    this.correction = first?.correction;
    this.supportId = details.map((d) => parseSupportId(d.description2) ?? parseSupportId(d.description)).find((s) => s !== undefined);
    this.requestControlId = fields.requestControlId;
    this.functionControlId = fields.functionControlId;
    this.functionName = fields.functionName;
    this.httpStatus = fields.httpStatus;
    this.retryAfterMs = fields.retryAfterMs;
  }

  /** True when retrying the same request later can succeed (rate limit, transient, uncertain). */
  get retryable(): boolean {
    return this.category === "rate_limit" || this.category === "transient" || this.category === "uncertain_outcome";
  }
}

/** Control-level failure (`response/errormessage`): nothing in the request ran. */
export class IntacctControlError extends IntacctError {}
/** Authentication-level failure (`operation/errormessage`): no function ran. */
export class IntacctAuthenticationError extends IntacctError {}
/** Function-level failure: one `<result>` with status `failure` or `aborted`. */
export class IntacctFunctionError extends IntacctError {
  /** `failure` or `aborted` (rolled back by a sibling in a transaction). */
  readonly status: "failure" | "aborted";
  constructor(code: IntacctErrorCode, message: string, fields: IntacctErrorFields & { readonly status: "failure" | "aborted" }) {
    super(code, message, fields);
    this.status = fields.status;
  }
}
/**
 * HTTP or network failure. `uncertain` is true when the request may have been processed
 * (5xx, 524, timeout or dropped connection after the body was sent).
 */
export class IntacctTransportError extends IntacctError {
  readonly uncertain: boolean;
  constructor(code: IntacctErrorCode, message: string, fields: IntacctErrorFields & { readonly uncertain: boolean }) {
    super(code, message, fields);
    this.uncertain = fields.uncertain;
  }
}
/** Client-side validation failure (limits, bad arguments) raised before anything is sent. */
export class IntacctUsageError extends IntacctError {
  constructor(message: string, fields: { readonly cause?: unknown } = {}) {
    super("LIMIT_EXCEEDED", message, { category: "protocol", level: "function", ...fields });
  }
}

/** Context for building errors from a response. */
export interface ErrorContext {
  readonly secrets?: SecretRegistry;
  readonly requestControlId?: string;
  readonly httpStatus?: number;
  readonly retryAfterMs?: number;
}

function summary(prefix: string, details: readonly IntacctErrorDetail[]): string {
  const parts = details.map(formatErrorDetail).filter((s) => s !== "");
  return parts.length === 0 ? prefix : `${prefix}: ${parts.join(" - ")}`;
}

/** Builds a control-level error from `response/errormessage` (§3.2). */
export function controlError(details: readonly IntacctErrorDetail[], ctx: ErrorContext): IntacctControlError {
  const c = classifyErrors(details, "control");
  const ordered = reorder(details, c.index);
  return new IntacctControlError(c.code, summary("Intacct control failure", ordered), { ...ctx, category: c.category, level: "control", details: ordered });
}

/** Builds an authentication-level error from `operation/errormessage` (§3.3). */
export function authenticationError(details: readonly IntacctErrorDetail[], ctx: ErrorContext): IntacctAuthenticationError {
  const c = classifyErrors(details, "authentication");
  const ordered = reorder(details, c.index);
  return new IntacctAuthenticationError(c.code, summary("Intacct authentication failure", ordered), { ...ctx, category: c.category, level: "authentication", details: ordered });
}

/** Builds a function-level error from one failed or aborted `<result>` (§3.4, §3.6). */
export function functionError(
  result: { readonly status: "failure" | "aborted"; readonly function: string; readonly controlId: string; readonly errors?: readonly IntacctErrorDetail[] },
  ctx: ErrorContext,
): IntacctFunctionError {
  const details = result.errors ?? [];
  const c = classifyErrors(details, "function");
  const ordered = reorder(details, c.index);
  return new IntacctFunctionError(c.code, summary(`Intacct ${result.function} ${result.status} (control id ${result.controlId})`, ordered), {
    ...ctx,
    category: c.category,
    level: "function",
    details: ordered,
    functionControlId: result.controlId,
    functionName: result.function,
    status: result.status,
  });
}

/** Builds a transport error for an HTTP status without a usable Intacct body. */
export function httpStatusError(status: number, wasWrite: boolean, ctx: ErrorContext & { readonly bodySnippet?: string; readonly cause?: unknown }): IntacctTransportError {
  const c = classifyHttpStatus(status, wasWrite);
  const snippet = ctx.bodySnippet === undefined || ctx.bodySnippet === "" ? "" : `: ${ctx.bodySnippet.slice(0, 200)}`;
  return new IntacctTransportError(c.code, `Intacct gateway answered HTTP ${status}${snippet}`, {
    ...ctx,
    httpStatus: status,
    category: c.category,
    level: "http",
    uncertain: c.category === "uncertain_outcome",
  });
}

/** Moves the most specific error (index `i`) to the front; keeps the others in order. */
function reorder(details: readonly IntacctErrorDetail[], i: number): readonly IntacctErrorDetail[] {
  if (i <= 0 || i >= details.length) return details;
  const picked = details[i];
  if (picked === undefined) return details;
  return [picked, ...details.slice(0, i), ...details.slice(i + 1)];
}
