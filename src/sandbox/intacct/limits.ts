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
  /** Control ID length (§2.2 / §2.5: 1–256 characters). */
  controlIdMaxLength: 256,
  /** Request body size accepted by the HTTP layer, bytes (the codec has its own limit too). */
  maxRequestBytes: 20 * 1024 * 1024,
} as const;
