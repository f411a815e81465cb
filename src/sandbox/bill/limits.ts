/**
 * Limits the BILL sandbox enforces, with BILL's production values as defaults
 * (developer.bill.com "API rate limits", "Sign in", "Search operations with lists";
 * `reference/bill-api.md` §3, §5, §7). Every one can be overridden per sandbox so tests can
 * reach a limit quickly. The sandbox keeps its own copy (it shares nothing with the client).
 */
export interface BillSandboxLimits {
  /** Simultaneous requests per dev key per organization before `BDC_1322`. */
  readonly concurrentRequestsPerOrg: number;
  /** Requests per dev key per clock hour before `BDC_1144`. */
  readonly requestsPerHour: number;
  /** Logins per dev key per clock hour before `BDC_1144`. */
  readonly loginsPerHour: number;
  /** Idle time after which a user session answers `BDC_1109`, milliseconds. */
  readonly sessionIdleMs: number;
  /** Idle time of a sync-token session, milliseconds. */
  readonly syncTokenSessionIdleMs: number;
  /** Largest `max`. */
  readonly maxPageSize: number;
  /** `max` when absent (reference pages say 20; a concepts page says 100). */
  readonly defaultPageSize: number;
  /** Vendors per `POST /v3/vendors/bulk`. */
  readonly vendorBulkMax: number;
  /** Largest bill document or invoice attachment upload, bytes (BILL changelog 2024-06-14: 6 MB). */
  readonly maxDocumentBytes: number;
}

/** BILL's documented values. */
export const BILL_SANDBOX_DEFAULT_LIMITS: BillSandboxLimits = {
  concurrentRequestsPerOrg: 3,
  requestsPerHour: 20_000,
  loginsPerHour: 200,
  sessionIdleMs: 35 * 60_000,
  syncTokenSessionIdleMs: 48 * 3_600_000,
  maxPageSize: 100,
  defaultPageSize: 20,
  vendorBulkMax: 20,
  maxDocumentBytes: 6 * 1024 * 1024,
};

/**
 * Behaviours of BILL the sandbox cannot confirm, switchable per sandbox (and through
 * `POST /admin/behaviour`) so the sync is tested both ways.
 */
export interface BillSandboxBehaviour {
  /**
   * Uploading a document to a bill (or an attachment to an invoice) bumps the parent's
   * `updatedTime`. UNCONFIRMED: BILL documents nothing either way. @default true
   */
  documentTouchesParent: boolean;
}

/** The sandbox's default behaviour. */
export const BILL_SANDBOX_DEFAULT_BEHAVIOUR: BillSandboxBehaviour = { documentTouchesParent: true };
