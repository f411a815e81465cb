import { describe, expect, it } from "vitest";

import { BillError } from "./errors.js";
import { DEFAULT_RETRY_POLICY, decideRetry, parseRetryAfter } from "./retry.js";

const policy = DEFAULT_RETRY_POLICY;
const half = () => 0.5;

describe("decideRetry", () => {
  it("retries transient errors with exponential, jittered backoff", () => {
    const e = new BillError("transient", "boom", { status: 503 });
    expect(decideRetry(e, 1, policy, half)).toEqual({ retry: true, delayMs: 125 });
    expect(decideRetry(e, 2, policy, half)).toEqual({ retry: true, delayMs: 250 });
    expect(decideRetry(e, 3, policy, () => 0.999)).toEqual({ retry: true, delayMs: 999 });
  });

  it("gives up after maxAttempts", () => {
    expect(decideRetry(new BillError("transient", "x"), 4, policy, half)).toEqual({ retry: false, reason: "gave up after 4 attempts" });
  });

  it("never retries an uncertain outcome, validation, auth or not-found", () => {
    for (const kind of ["uncertain_outcome", "validation", "auth", "not_found", "session_expired"] as const) {
      expect(decideRetry(new BillError(kind, "x"), 1, policy, half).retry).toBe(false);
    }
  });

  it("retries BDC_1322 (refused before execution) but not BDC_1144 (hour budget gone)", () => {
    expect(decideRetry(new BillError("rate_limit", "x", { bdcCode: "BDC_1322", idempotent: false }), 1, policy, half).retry).toBe(true);
    expect(decideRetry(new BillError("rate_limit", "x", { bdcCode: "BDC_1144" }), 1, policy, half).retry).toBe(false);
    expect(decideRetry(new BillError("rate_limit", "login budget"), 1, policy, half).retry).toBe(false);
  });

  it("honours Retry-After when it is longer than the backoff, and refuses very long waits", () => {
    expect(decideRetry(new BillError("transient", "x", { retryAfterMs: 3000 }), 1, policy, half)).toEqual({ retry: true, delayMs: 3000 });
    expect(decideRetry(new BillError("transient", "x", { retryAfterMs: 3_600_000 }), 1, policy, half).retry).toBe(false);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("7", 0)).toBe(7000);
    expect(parseRetryAfter("Thu, 01 Jan 1970 00:00:10 GMT", 4000)).toBe(6000);
    expect(parseRetryAfter(null, 0)).toBeUndefined();
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
  });
});
