/**
 * BILL's published limits (developer.bill.com "API rate limits", "Sign in", "Search operations
 * with lists"; see `reference/bill-api.md` §3, §5, §7). One constant so every rule cites the same
 * number.
 */
export const BillLimits = {
  /** Largest `max` a list accepts (`max=101` is rejected with 400). */
  maxPageSize: 100,
  /** Simultaneous requests per dev key per organization; the 4th gets `BDC_1322`. */
  concurrentRequestsPerOrg: 3,
  /** `POST /v3/login` calls per dev key per hour. */
  loginsPerHour: 200,
  /** Requests per dev key per hour; past it `BDC_1144` until the next hour. */
  requestsPerHour: 20_000,
  /** A user session ends after this much inactivity (milliseconds; 35 minutes). */
  sessionIdleMs: 35 * 60_000,
  /** An AP & AR sync-token session ends after this much inactivity (milliseconds; 48 hours). */
  syncTokenSessionIdleMs: 48 * 3_600_000,
  /** `POST /v3/vendors/bulk` accepts at most this many vendors, all or nothing. */
  vendorBulkMax: 20,
  /** A payment `description` (check memo) is at most 70 characters. */
  paymentDescriptionMax: 70,
  /** Largest bill document or invoice attachment upload, bytes (developer changelog 2024-06-14: 6 MB). */
  maxDocumentBytes: 6 * 1024 * 1024,
} as const;

/** Documented base URLs of the AP & AR v3 gateway (append `/v3/...`). */
export const BILL_BASE_URLS = {
  sandbox: "https://gateway.stage.bill.com/connect",
  production: "https://gateway.prod.bill.com/connect",
} as const;
