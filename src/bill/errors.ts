/**
 * `BillError`: every failure of the BILL client, with BILL's `BDC_…` code kept verbatim and a
 * classification that callers branch on (STYLE.md "Errors"). Messages are redacted when built.
 */
import { AppError } from "../domain/errors.js";

/**
 * What kind of failure it is.
 *
 * - `auth`: wrong username/password (`BDC_1101`), dev key (`BDC_1102`), missing rights.
 * - `session_expired`: `BDC_1109`; the client logs in again and replays once.
 * - `rate_limit`: `BDC_1144` (hourly), `BDC_1322` (concurrency), our own login budget.
 * - `validation`: BILL rejected the input (4xx); fix the request or the record.
 * - `not_found`: 404, `BDC_1205`, or `BDC_1121` (unknown path).
 * - `transient`: a read (or idempotent write) failed on the way or on BILL's side; retryable.
 * - `uncertain_outcome`: a non-idempotent write may or may not have happened (5xx, timeout,
 *   dropped connection). Never retried blindly; the caller settles it with a lookup.
 */
export type BillErrorKind = "auth" | "session_expired" | "rate_limit" | "validation" | "not_found" | "transient" | "uncertain_outcome";

/** `BillError.code`: the kind in UPPER_SNAKE with a `BILL_` prefix. */
export type BillErrorCode =
  | "BILL_AUTH"
  | "BILL_SESSION_EXPIRED"
  | "BILL_RATE_LIMIT"
  | "BILL_VALIDATION"
  | "BILL_NOT_FOUND"
  | "BILL_TRANSIENT"
  | "BILL_UNCERTAIN_OUTCOME";

const CODE_OF: Readonly<Record<BillErrorKind, BillErrorCode>> = {
  auth: "BILL_AUTH",
  session_expired: "BILL_SESSION_EXPIRED",
  rate_limit: "BILL_RATE_LIMIT",
  validation: "BILL_VALIDATION",
  not_found: "BILL_NOT_FOUND",
  transient: "BILL_TRANSIENT",
  uncertain_outcome: "BILL_UNCERTAIN_OUTCOME",
};

const USER_KINDS: ReadonlySet<BillErrorKind> = new Set(["auth", "validation", "not_found"]);

/** One entry of BILL's v3 error array. `code` is `null` on some field-validation errors (third-party observation). */
export interface BillApiErrorEntry {
  readonly timestamp?: string;
  readonly code: string | null;
  readonly severity?: string;
  readonly category?: string;
  readonly message: string;
}

/** Structured fields of a {@link BillError}. */
export interface BillErrorDetails {
  /** HTTP status, when a response arrived. */
  readonly status?: number;
  /** First `BDC_…` code of the response, verbatim. */
  readonly bdcCode?: string;
  /** Every error entry BILL returned (messages already redacted). */
  readonly errors?: readonly BillApiErrorEntry[];
  /** `METHOD /v3/path` of the failed call (no query secrets, no headers). */
  readonly request?: string;
  /** Wait hint from `Retry-After` or the limit's window, milliseconds. */
  readonly retryAfterMs?: number;
  /** Whether the failed call was safe to repeat. */
  readonly idempotent?: boolean;
  readonly cause?: unknown;
}

/**
 * An error of the BILL boundary. Build it with already-redacted text (the client does).
 *
 * @example
 * try { await bill.bills.create(input); }
 * catch (e) { if (e instanceof BillError && e.kind === "uncertain_outcome") await settleByLookup(); }
 */
export class BillError extends AppError<BillErrorCode> {
  readonly kind: BillErrorKind;
  readonly status: number | undefined;
  readonly bdcCode: string | undefined;
  readonly errors: readonly BillApiErrorEntry[];
  readonly request: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly idempotent: boolean | undefined;

  constructor(kind: BillErrorKind, message: string, details: BillErrorDetails = {}) {
    super(CODE_OF[kind], message, { cause: details.cause, side: USER_KINDS.has(kind) ? "user" : "system" });
    this.kind = kind;
    this.status = details.status;
    this.bdcCode = details.bdcCode;
    this.errors = details.errors ?? [];
    this.request = details.request;
    this.retryAfterMs = details.retryAfterMs;
    this.idempotent = details.idempotent;
  }
}

/** BILL codes with a fixed meaning for the client (`reference/bill-api.md` §6.2). */
export const BDC = {
  SYSTEM_ERROR: "BDC_1001",
  UNKNOWN_ERROR: "BDC_1002",
  BAD_CREDENTIALS: "BDC_1101",
  BAD_DEV_KEY: "BDC_1102",
  SESSION_INVALID: "BDC_1109",
  API_NOT_SUPPORTED: "BDC_1121",
  HOURLY_LIMIT: "BDC_1144",
  CANNOT_PAY: "BDC_1150",
  NOT_FOUND: "BDC_1205",
  CONCURRENCY_LIMIT: "BDC_1322",
} as const;

const KIND_OF_CODE: Readonly<Record<string, BillErrorKind>> = {
  [BDC.BAD_CREDENTIALS]: "auth",
  [BDC.BAD_DEV_KEY]: "auth",
  [BDC.CANNOT_PAY]: "auth",
  [BDC.SESSION_INVALID]: "session_expired",
  [BDC.HOURLY_LIMIT]: "rate_limit",
  [BDC.CONCURRENCY_LIMIT]: "rate_limit",
  [BDC.NOT_FOUND]: "not_found",
  [BDC.API_NOT_SUPPORTED]: "not_found",
};

/**
 * Classifies an HTTP error answer. Pure. A 5xx (or `BDC_1001`) is `transient` only when the call
 * was idempotent; for a create it is `uncertain_outcome`, because BILL may have committed before
 * failing and has no idempotency keys (`reference/bill-api.md` §10).
 */
export function classifyResponse(status: number, bdcCode: string | undefined, idempotent: boolean): BillErrorKind {
  const byCode = bdcCode === undefined ? undefined : KIND_OF_CODE[bdcCode];
  if (byCode !== undefined) return byCode;
  if (status >= 500 || bdcCode === BDC.SYSTEM_ERROR) return idempotent ? "transient" : "uncertain_outcome";
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limit";
  return "validation";
}

/**
 * Classifies a failure with no HTTP answer. `notSent` is true when the connection was refused
 * (the request never left), which is safe to repeat even for a create.
 */
export function classifyTransportFailure(notSent: boolean, idempotent: boolean): BillErrorKind {
  return notSent || idempotent ? "transient" : "uncertain_outcome";
}
