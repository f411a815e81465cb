/**
 * Retry decisions: a pure function over a table of retryable codes (STYLE.md "Errors"; the
 * Graphile Worker pattern). Backoff is exponential with full jitter and honours `Retry-After`.
 * BILL asks for exponential backoff (developer.bill.com "API rate limits").
 */
import { BDC, type BillError } from "./errors.js";

/** How the client retries. */
export interface RetryPolicy {
  /** Total attempts including the first. @default 4 */
  readonly maxAttempts: number;
  /** Base of the exponential backoff, milliseconds. @default 250 */
  readonly baseDelayMs: number;
  /** Cap of one backoff delay, milliseconds. @default 8000 */
  readonly maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for; the error goes to the caller. @default 60000 */
  readonly maxRetryAfterMs: number;
}

/** Defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

/**
 * BILL codes that are retried, and why. `BDC_1322` is retried even for creates: BILL refused the
 * call before running it. `BDC_1144` is not: the hour's budget is gone until the next hour.
 */
export const RETRYABLE_BDC_CODES: ReadonlyMap<string, string> = new Map([
  [BDC.SYSTEM_ERROR, "system error (idempotent calls only; a create becomes uncertain_outcome)"],
  [BDC.CONCURRENCY_LIMIT, "concurrency limit: refused before execution, safe to repeat"],
]);

/** Outcome of {@link decideRetry}. */
export type RetryDecision = { readonly retry: true; readonly delayMs: number } | { readonly retry: false; readonly reason: string };

/**
 * Decides whether to repeat a failed call. Pure: `random` supplies jitter in [0, 1).
 *
 * @param attempt 1-based number of the attempt that just failed.
 * @example
 * const d = decideRetry(err, 1, DEFAULT_RETRY_POLICY, Math.random);
 * if (d.retry) await sleep(d.delayMs);
 */
export function decideRetry(error: BillError, attempt: number, policy: RetryPolicy, random: () => number): RetryDecision {
  if (attempt >= policy.maxAttempts) return { retry: false, reason: `gave up after ${attempt} attempts` };
  const retryable =
    error.kind === "transient" || (error.kind === "rate_limit" && error.bdcCode !== undefined && error.bdcCode !== BDC.HOURLY_LIMIT && RETRYABLE_BDC_CODES.has(error.bdcCode));
  if (!retryable) return { retry: false, reason: `${error.kind} is not retryable` };
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * backoff);
  if (error.retryAfterMs !== undefined) {
    if (error.retryAfterMs > policy.maxRetryAfterMs) return { retry: false, reason: `Retry-After ${error.retryAfterMs} ms exceeds ${policy.maxRetryAfterMs} ms` };
    return { retry: true, delayMs: Math.max(error.retryAfterMs, jittered) };
  }
  return { retry: true, delayMs: jittered };
}

/**
 * Parses an HTTP `Retry-After` (seconds or an HTTP date) into milliseconds from `now`.
 * Returns undefined when absent or unparseable.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
