/**
 * The Intacct error catalogue as data: one row per entry of `intacct-xml-api.md` §5 and its
 * addendum (A1–A10), plus the auth/permission table of `intacct-objects-permissions.md` A7.
 * {@link classifyErrorDetail} is pure: it picks the first matching row.
 *
 * Rows are matched on `errorno` (exact, case-sensitive as Intacct sends it) and/or a regular
 * expression over `errorno + description + description2 + correction` (some errors carry the
 * sentence in `errorno`). Order matters: specific rows first, generic fallbacks last.
 */
import type { IntacctErrorDetail } from "./xml/index.js";

/** How a caller should react to an error. */
export type IntacctErrorCategory =
  /** Credentials are wrong or a session is dead: fix the Login Info (or re-login). */
  | "auth"
  /** The user lacks a permission: fix roles/permissions in Intacct. */
  | "permission"
  /** Company or sender setup (authorization, subscriptions, unknown objects): fix the setup. */
  | "configuration"
  /** The record itself is invalid (duplicate, missing field, bad reference). */
  | "data"
  /** The transaction date is in a closed period. */
  | "closed_period"
  /** Concurrency or rate limit hit (HTTP 429 / GW-0010): back off and retry. */
  | "rate_limit"
  /** Temporary failure; retrying later will likely work. */
  | "transient"
  /** A write may or may not have been applied (5xx/timeout after the request left). */
  | "uncertain_outcome"
  /** `uniqueid=true` and the function control id already succeeded: done elsewhere. */
  | "duplicate_control_id"
  /** The addressed record, result set or user does not exist. */
  | "not_found"
  /** The request or response broke the protocol (schema error, malformed XML, unknown field). */
  | "protocol";

/** Stable machine codes of Intacct errors (the `code` of every `IntacctError`). */
export type IntacctErrorCode =
  | "XML_SCHEMA_ERROR"
  | "SENDER_INVALID"
  | "TRANSPORT_POLICY_INVALID"
  | "SENDER_NOT_AUTHORIZED"
  | "LOGIN_INVALID"
  | "SESSION_INVALID"
  | "GATEWAY_SIGN_IN_REJECTED"
  | "INVALID_REQUEST"
  | "RATE_LIMITED"
  | "GATEWAY_REJECTED"
  | "COMPANY_EXPIRED"
  | "XML_GATEWAY_NOT_SUBSCRIBED"
  | "MODULE_NOT_SUBSCRIBED"
  | "TRANSACTION_ROLLED_BACK"
  | "PERMISSION_DENIED"
  | "ENTITY_RESTRICTED"
  | "OPERATION_NOT_SUPPORTED"
  | "OBJECT_UNKNOWN"
  | "FIELD_LIST_INVALID"
  | "DUPLICATE_RECORD"
  | "RECORD_NOT_FOUND"
  | "USER_NOT_FOUND"
  | "RESULT_SET_EXPIRED"
  | "DUPLICATE_CONTROL_ID"
  | "CONCURRENT_REQUEST"
  | "SERVICE_OFFLINE"
  | "TRY_AGAIN_LATER"
  | "CLOSED_PERIOD"
  | "REQUIRED_FIELD_MISSING"
  | "INVALID_REFERENCE"
  | "BUSINESS_RULE"
  | "UNKNOWN_ERROR"
  // Transport and client-side codes (no Intacct errorno):
  | "HTTP_ERROR"
  | "NETWORK_ERROR"
  | "TIMEOUT"
  | "ABORTED"
  | "MALFORMED_RESPONSE"
  | "LIMIT_EXCEEDED"
  | "ENDPOINT_UNTRUSTED"
  | "CLIENT_CLOSED";

/** Where an error appeared (§5 "Level"). */
export type IntacctErrorLevel = "control" | "authentication" | "function" | "http";

/** One catalogue row. */
export interface CatalogueRow {
  /** Exact `errorno`, when the row is keyed on it. */
  readonly errorno?: string;
  /** Pattern over `errorno description description2 correction` joined by spaces. */
  readonly text?: RegExp;
  /** Levels the row applies to; all when absent. */
  readonly levels?: readonly IntacctErrorLevel[];
  readonly code: IntacctErrorCode;
  readonly category: IntacctErrorCategory;
  /** Where the row comes from (reference section). */
  readonly source: string;
}

/**
 * The catalogue. Texts are Intacct's verbatim where known; the reference marks several as
 * UNCONFIRMED and the emulator makes them configurable.
 */
export const ERROR_CATALOGUE: readonly CatalogueRow[] = [
  // Idempotency and concurrency first: these texts may come with any errorno.
  { text: /a successful transaction has already been recorded with the control id/i, code: "DUPLICATE_CONTROL_ID", category: "duplicate_control_id", source: "§2.2, A1" },
  { text: /concurrent request in process/i, code: "CONCURRENT_REQUEST", category: "uncertain_outcome", source: "A1" },
  // Control level.
  { errorno: "XL03000003", code: "XML_SCHEMA_ERROR", category: "protocol", source: "§5 XL03000003" },
  { errorno: "XL03000006", text: /Incorrect Intacct XML Partner ID or password/i, code: "SENDER_INVALID", category: "auth", source: "§5 XL03000006 (C)" },
  { errorno: "XL03000006", text: /is not a valid transport policy/i, code: "TRANSPORT_POLICY_INVALID", category: "configuration", source: "§5 XL03000006 policy" },
  { errorno: "XL03000006", text: /Invalid Web Services Authorization|is not authorized to make Web Services requests/i, code: "SENDER_NOT_AUTHORIZED", category: "configuration", source: "§5 XL03000006 (A) authorization" },
  { errorno: "XL03000006", text: /Invalid session/i, code: "SESSION_INVALID", category: "auth", source: "§5 XL03000006 session, A2" },
  { errorno: "XL03000006", text: /Sign-in information is incorrect/i, code: "LOGIN_INVALID", category: "auth", source: "§5 XL03000006 (A) sign-in" },
  { errorno: "XL03000006", code: "LOGIN_INVALID", category: "auth", source: "§5 XL03000006 (other)" },
  { errorno: "XMLGW_JPP0002", code: "GATEWAY_SIGN_IN_REJECTED", category: "auth", source: "§5 XMLGW_JPP0002 / HTTP 401" },
  { errorno: "UJPP0002", code: "GATEWAY_SIGN_IN_REJECTED", category: "auth", source: "§5 UJPP0002" },
  { errorno: "invalidRequest", code: "INVALID_REQUEST", category: "auth", source: "§5 invalidRequest / HTTP 400" },
  { errorno: "GW-0010", code: "RATE_LIMITED", category: "rate_limit", source: "§5 GW-0010 / HTTP 429, A10" },
  // GW-0011: two 3P clients map HTTP 400 + GW-0011 to "authentication values incorrect" (A10).
  { errorno: "GW-0011", code: "GATEWAY_REJECTED", category: "auth", source: "§5 GW-0011, A10" },
  { text: /API rate limit exceeded/i, code: "RATE_LIMITED", category: "rate_limit", source: "§5 API rate limit exceeded, A10" },
  { errorno: "PL04000055", code: "COMPANY_EXPIRED", category: "configuration", source: "§5 PL04000055" },
  { text: /not authorized for XML transactions|subscribe to the XML Gateway/i, code: "XML_GATEWAY_NOT_SUBSCRIBED", category: "configuration", source: "§5 XML gateway subscription" },
  // Function level.
  { text: /Periods are closed|within a period that'?s been closed|period that has been closed|Date must be on or after/i, code: "CLOSED_PERIOD", category: "closed_period", source: "A8" },
  { errorno: "PL04000005", code: "PERMISSION_DENIED", category: "permission", source: "§5 PL04000005" },
  { text: /You do not have permission for API/i, code: "PERMISSION_DENIED", category: "permission", source: "A7 (fyle)" },
  { text: /cannot update a root level \w+ from an entity\/restricted user/i, code: "ENTITY_RESTRICTED", category: "permission", source: "A3 (BILL help)" },
  { text: /API operation '?\w+'? cannot be performed on objects of type/i, code: "OPERATION_NOT_SUPPORTED", category: "protocol", source: "§5 API operation cannot be performed" },
  { text: /module is not subscribed/i, code: "MODULE_NOT_SUBSCRIBED", category: "configuration", source: "A7 module not subscribed" },
  { text: /Object definition \S+ not found/i, code: "OBJECT_UNKNOWN", category: "configuration", source: "§5 Object definition not found" },
  { text: /Object type \S+ not found/i, code: "OBJECT_UNKNOWN", category: "configuration", source: "§5 Object type not found (inspect)" },
  { text: /Invalid fields list/i, code: "FIELD_LIST_INVALID", category: "protocol", source: "A5 (jfcote)" },
  { text: /Attempt to readMore with an invalid or expired resultId|^readMore failed|Results for reportId \S+ do not exist/i, code: "RESULT_SET_EXPIRED", category: "not_found", source: "A4" },
  { errorno: "BL03000025", code: "USER_NOT_FOUND", category: "not_found", source: "A5 BL03000025" },
  { text: /Cannot update non-existing/i, code: "RECORD_NOT_FOUND", category: "not_found", source: "§5 Cannot update non-existing" },
  { text: /Cannot find \S+ with key .+ to delete/i, code: "RECORD_NOT_FOUND", category: "not_found", source: "§5 BL01001973 delete, A5" },
  { errorno: "BL34000061", code: "DUPLICATE_RECORD", category: "data", source: "§5 BL34000061, A9" },
  { text: /Another \S+ with the given value\(s\)|already exists|Duplicate account number/i, code: "DUPLICATE_RECORD", category: "data", source: "§5 BL01001973 duplicate, A9" },
  { text: /Required field .+ is missing/i, code: "REQUIRED_FIELD_MISSING", category: "data", source: "A9 required field" },
  { text: /Invalid .+ '.*' specified|The term name '.*' is invalid/i, code: "INVALID_REFERENCE", category: "data", source: "A9 bad reference" },
  { text: /The Service is Temporarily Off-line/i, code: "SERVICE_OFFLINE", category: "transient", source: "§5 Service Temporarily Off-line" },
  { text: /Please Try Again Later/i, code: "TRY_AGAIN_LATER", category: "transient", source: "A10 (hotglue)" },
  { errorno: "XL03000009", code: "TRANSACTION_ROLLED_BACK", category: "data", source: "§5 XL03000009, §3.6" },
  { errorno: "BL01001973", code: "BUSINESS_RULE", category: "data", source: "§5 BL01001973 generic" },
  { text: /^BL\d+/, levels: ["function"], code: "BUSINESS_RULE", category: "data", source: "BL-prefixed business errors" },
];

/** The result of {@link classifyErrorDetail}. */
export interface ErrorClassification {
  readonly code: IntacctErrorCode;
  readonly category: IntacctErrorCategory;
  /** The matched catalogue row's source, or `"fallback"`. */
  readonly source: string;
}

/** Joins an error's texts the way the matcher sees them. */
export function errorText(detail: IntacctErrorDetail): string {
  return [detail.errorno, detail.description, detail.description2, detail.correction].filter((s) => s !== "").join(" ");
}

/**
 * Classifies one `<error>` (pure, table-driven).
 *
 * @example
 * classifyErrorDetail({ errorno: "GW-0010", description: "", description2: "", correction: "" }, "control");
 * // → { code: "RATE_LIMITED", category: "rate_limit", source: "…" }
 */
export function classifyErrorDetail(detail: IntacctErrorDetail, level: IntacctErrorLevel): ErrorClassification {
  const text = errorText(detail);
  for (const row of ERROR_CATALOGUE) {
    if (row.levels !== undefined && !row.levels.includes(level)) continue;
    if (row.errorno !== undefined && row.errorno !== detail.errorno) continue;
    if (row.text !== undefined && !row.text.test(text)) continue;
    return { code: row.code, category: row.category, source: row.source };
  }
  return { code: "UNKNOWN_ERROR", category: level === "function" ? "data" : "protocol", source: "fallback" };
}

/** Codes that only accompany a more specific error (generic "could not create", rollback notes). */
const GENERIC_CODES: ReadonlySet<IntacctErrorCode> = new Set(["BUSINESS_RULE", "TRANSACTION_ROLLED_BACK", "UNKNOWN_ERROR"]);

/**
 * Classifies a list of chained errors (§3.5: a specific error followed by generic ones): the
 * first non-generic classification wins, else the first one.
 */
export function classifyErrors(details: readonly IntacctErrorDetail[], level: IntacctErrorLevel): ErrorClassification & { readonly index: number } {
  let first: (ErrorClassification & { readonly index: number }) | undefined;
  for (const [index, d] of details.entries()) {
    const c = { ...classifyErrorDetail(d, level), index };
    if (!GENERIC_CODES.has(c.code)) return c;
    first ??= c;
  }
  return first ?? { code: "UNKNOWN_ERROR", category: level === "function" ? "data" : "protocol", source: "fallback", index: -1 };
}

/**
 * Classifies an HTTP status without an Intacct body (§1.2). `wasWrite` marks requests that
 * carried writes: for them any 5xx (and 524 always) leaves the outcome uncertain.
 */
export function classifyHttpStatus(status: number, wasWrite: boolean): ErrorClassification {
  if (status === 429) return { code: "RATE_LIMITED", category: "rate_limit", source: "§1.2 429" };
  if (status === 524) return { code: "HTTP_ERROR", category: "uncertain_outcome", source: "§1.2 524 (CDN timeout, still processing)" };
  if (status >= 500) return { code: "HTTP_ERROR", category: wasWrite ? "uncertain_outcome" : "transient", source: "§1.2 5xx mid-process failure" };
  if (status === 401) return { code: "GATEWAY_SIGN_IN_REJECTED", category: "auth", source: "§1.2 401" };
  return { code: "HTTP_ERROR", category: "protocol", source: "§1.2 4xx" };
}
