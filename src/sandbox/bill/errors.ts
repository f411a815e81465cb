/**
 * BILL's v3 error answers: an HTTP status plus a JSON array of
 * `{timestamp, code, severity, category, message}` (developer.bill.com "Common API error codes").
 * Handlers throw {@link BillApiError}; one handler in the app renders it.
 */

/** `category` of a BILL error. */
export type BillErrorCategory = "REQUEST" | "APPLICATION" | "SERVER" | "DOWNSTREAM";

/** An error answer of the sandbox, rendered exactly like BILL's. */
export class BillApiError extends Error {
  readonly status: number;
  /** `BDC_…` code, or null (field validation errors observed live carry `code: null`; UNCONFIRMED). */
  readonly code: string | null;
  readonly category: BillErrorCategory;

  constructor(status: number, code: string | null, message: string, category: BillErrorCategory = "REQUEST") {
    super(message);
    this.name = "BillApiError";
    this.status = status;
    this.code = code;
    this.category = category;
  }

  /** The JSON body BILL sends. `now` is the sandbox clock's ISO timestamp. */
  body(now: string): Array<{ timestamp: string; code: string | null; severity: "ERROR"; category: BillErrorCategory; message: string }> {
    return [{ timestamp: now, code: this.code, severity: "ERROR", category: this.category, message: this.message }];
  }
}

/**
 * The documented error texts, verbatim. HTTP statuses are documented only for `BDC_1109` (401)
 * and `BDC_1121` (404); the others are our choice and UNCONFIRMED (see the ADR).
 */
export const BillErrors = {
  systemError: () => new BillApiError(500, "BDC_1001", "System error occurred.", "SERVER"),
  unknownError: () => new BillApiError(400, "BDC_1002", "Unknown error occurred.", "REQUEST"),
  badCredentials: () => new BillApiError(401, "BDC_1101", "User name and/or password do not match our records.", "DOWNSTREAM"),
  badDevKey: () => new BillApiError(401, "BDC_1102", "Developer key is invalid.", "DOWNSTREAM"),
  sessionInvalid: () => new BillApiError(401, "BDC_1109", "Session is invalid. Please log in.", "DOWNSTREAM"),
  apiNotSupported: () => new BillApiError(404, "BDC_1121", "API not supported.", "REQUEST"),
  hourlyLimit: (limit: number) => new BillApiError(429, "BDC_1144", `Max number of allowed requests per hour reached: ${limit}.`, "DOWNSTREAM"),
  cannotPay: () => new BillApiError(403, "BDC_1150", "User cannot make online payments.", "DOWNSTREAM"),
  /** Text UNCONFIRMED (third parties saw `BDC_1205` with 404 on a missing record). */
  notFound: (object: string, id: string) => new BillApiError(404, "BDC_1205", `${object} with id ${id} was not found.`, "APPLICATION"),
  concurrencyLimit: () => new BillApiError(429, "BDC_1322", "Max number of concurrent requests per organization reached.", "DOWNSTREAM"),
  /** A BILL endpoint the sandbox does not emulate: never a silent success. */
  notImplemented: (what: string) => new BillApiError(501, "BDC_1121", `API not supported. Not implemented in the intacct-sync BILL sandbox: ${what}`, "REQUEST"),
  /** Field validation: `"<field>: <problem>"`, code null, category REQUEST (third-party observation). */
  invalid: (field: string, problem: string) => new BillApiError(400, null, `${field}: ${problem}`, "REQUEST"),
  /** A business rule refused the call (texts are the sandbox's, UNCONFIRMED). */
  rejected: (message: string) => new BillApiError(400, null, message, "APPLICATION"),
} as const;
