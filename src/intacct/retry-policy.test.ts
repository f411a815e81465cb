import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { decideRetry, parseRetryAfter, RETRYABLE_CATEGORIES } from "./retry-policy.js";

const half = () => 0.5;

describe("retry policy", () => {
  it("retries transient errors with exponential backoff and full jitter", () => {
    const delays = [1, 2, 3, 4].map((attempt) => decideRetry({ attempt, category: "transient", isWrite: false }, {}, half));
    expect(delays.map((d) => (d.retry ? d.delayMs : -1))).toEqual([500, 1000, 2000, 4000]);
    expect(decideRetry({ attempt: 1, category: "transient", isWrite: false }, {}, () => 0.999).retry).toBe(true);
  });

  it("caps a backoff ceiling at maxDelayMs", () => {
    const d = decideRetry({ attempt: 9, category: "rate_limit", isWrite: false }, { maxAttempts: 20, maxDelayMs: 5000 }, () => 0.9999);
    expect(d).toMatchObject({ retry: true });
    if (d.retry) expect(d.delayMs).toBeLessThan(5000);
  });

  it("gives up after maxAttempts", () => {
    expect(decideRetry({ attempt: 5, category: "transient", isWrite: false }, {}, half)).toMatchObject({ retry: false });
    expect(decideRetry({ attempt: 2, category: "transient", isWrite: false }, { maxAttempts: 2 }, half)).toMatchObject({ retry: false });
  });

  it("honours Retry-After over the backoff, and gives up when it exceeds maxDelayMs", () => {
    expect(decideRetry({ attempt: 1, category: "rate_limit", isWrite: true, retryAfterMs: 7000 }, {}, half)).toEqual({ retry: true, delayMs: 7000, reason: "rate_limit, honouring Retry-After" });
    expect(decideRetry({ attempt: 1, category: "rate_limit", isWrite: true, retryAfterMs: 90_000 }, {}, half)).toMatchObject({ retry: false });
  });

  it("retries an uncertain write (same control ids) but never a 524 write unless asked", () => {
    expect(decideRetry({ attempt: 1, category: "uncertain_outcome", isWrite: true, httpStatus: 502 }, {}, half).retry).toBe(true);
    expect(decideRetry({ attempt: 1, category: "uncertain_outcome", isWrite: true, httpStatus: 524 }, {}, half).retry).toBe(false);
    expect(decideRetry({ attempt: 1, category: "uncertain_outcome", isWrite: true, httpStatus: 524 }, { retryWritesOn524: true }, half).retry).toBe(true);
    expect(decideRetry({ attempt: 1, category: "uncertain_outcome", isWrite: false, httpStatus: 524 }, {}, half).retry).toBe(true);
  });

  it("never retries user-fixable categories, duplicates or aborted calls", () => {
    for (const category of ["auth", "permission", "configuration", "data", "closed_period", "duplicate_control_id", "not_found", "protocol"] as const) {
      expect(decideRetry({ attempt: 1, category, isWrite: false }, {}, half).retry).toBe(false);
      expect(RETRYABLE_CATEGORIES[category]).toEqual({ read: false, write: false });
    }
    expect(decideRetry({ attempt: 1, category: "transient", isWrite: false, aborted: true }, {}, half).retry).toBe(false);
  });

  it("parses Retry-After as delay-seconds or an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("retry policy properties", () => {
  it("never waits more than maxDelayMs nor less than 0, and never retries past maxAttempts", () => {
    const categories = ["auth", "permission", "configuration", "data", "closed_period", "rate_limit", "transient", "uncertain_outcome", "duplicate_control_id", "not_found", "protocol"] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom(...categories),
        fc.boolean(),
        fc.option(fc.integer({ min: 0, max: 120_000 }), { nil: undefined }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (attempt, category, isWrite, retryAfterMs, maxAttempts, maxDelayMs, r) => {
          const d = decideRetry({ attempt, category, isWrite, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }, { maxAttempts, maxDelayMs }, () => r);
          if (d.retry) {
            expect(attempt).toBeLessThan(maxAttempts);
            expect(d.delayMs).toBeGreaterThanOrEqual(0);
            expect(d.delayMs).toBeLessThanOrEqual(maxDelayMs);
            expect(RETRYABLE_CATEGORIES[category][isWrite ? "write" : "read"]).toBe(true);
          }
        },
      ),
    );
  });
});
