/**
 * Real-world limits and defaults of the Intacct XML gateway that the sandbox reproduces, in one
 * place (STYLE.md "Real-world limits live in one `…Limits` constant"). Sources are the sections of
 * `intacct-xml-api.md` named in each comment; UNCONFIRMED values are sandbox choices, configurable.
 */
export const IntacctSandboxLimits = {
  /**
   * Concurrent requests per company before HTTP 429 `GW-0010` (§7: "2 concurrent requests per
   * company" is third-party, UNCONFIRMED by Sage). Configurable per sandbox and per company.
   */
  concurrencyPerCompany: 2,
  /** `Retry-After` (seconds) sent with a 429 (A10: UNCONFIRMED; Sage shows no header). */
  retryAfterSeconds: 1,
  /**
   * Session duration in milliseconds (§3.3: samples show 24 h and ~2 h; the default is
   * UNCONFIRMED). Sliding: every call pushes the expiry forward (A2).
   */
  sessionDurationMs: 2 * 60 * 60 * 1000,
  /** Records per generic `create`/`update` (§4.10). Enforced by the objects half. */
  recordsPerCreate: 100,
  /** Rows per page kept for tenancy-object `readByQuery` (§4.6: 1–1000, default 100). */
  readByQueryMaxPageSize: 1000,
  readByQueryDefaultPageSize: 100,
  /** `query` page size (§4.8: 1–2000, default 100). */
  queryMaxPageSize: 2000,
  queryDefaultPageSize: 100,
  /** Keys per `read`/`readByName` (§4.10). */
  keysPerRead: 100,
  /** Control ID length (§2.2 / §2.5: 1–256 characters). */
  controlIdMaxLength: 256,
  /** Request body size accepted by the HTTP layer, bytes (the codec has its own limit too). */
  maxRequestBytes: 20 * 1024 * 1024,
} as const;
