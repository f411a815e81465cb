/**
 * Retry decisions: a pure function over a table of retryable categories (Graphile Worker style),
 * exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter",
 * 2015) and `Retry-After` (RFC 9110 §10.2.3: delay-seconds or an HTTP-date).
 *
 * Exactly-once writes: the client always re-sends a write with the SAME function control ids and
 * `uniqueid=true`, so retrying an uncertain write is safe — the gateway answers "A successful
 * transaction has already been recorded…" if the first attempt committed. The one exception is
 * HTTP 524 (CDN timeout while Intacct keeps processing): the official SDKs never retry it, and
 * neither do we for writes, because the first execution may still be running and a concurrent
 * duplicate could race it (A1 "concurrent request in process").
 */
import type { IntacctErrorCategory } from "./error-catalogue.js";

/** Options of the retry policy. Every field has a default. */
export interface RetryOptions {
  /** Total attempts including the first. @default 5 */
  readonly maxAttempts?: number;
  /** First backoff ceiling in ms (attempt 1 waits up to this). @default 1000 */
  readonly baseDelayMs?: number;
  /** Upper bound of any single wait, backoff or Retry-After. @default 30000 */
  readonly maxDelayMs?: number;
  /** Retry writes that got HTTP 524. @default false (see module comment) */
  readonly retryWritesOn524?: boolean;
}

/** Defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY_OPTIONS: Required<RetryOptions> = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  retryWritesOn524: false,
};

/**
 * Which categories are retried, for reads and for writes. `uncertain_outcome` is retried for
 * writes only because the client keeps the control ids (see module comment); for reads it
 * cannot occur (reads are classified `transient`).
 */
export const RETRYABLE_CATEGORIES: Readonly<Record<IntacctErrorCategory, { readonly read: boolean; readonly write: boolean }>> = {
  auth: { read: false, write: false },
  permission: { read: false, write: false },
  configuration: { read: false, write: false },
  data: { read: false, write: false },
  closed_period: { read: false, write: false },
  rate_limit: { read: true, write: true },
  transient: { read: true, write: true },
  uncertain_outcome: { read: true, write: true },
  duplicate_control_id: { read: false, write: false },
  not_found: { read: false, write: false },
  protocol: { read: false, write: false },
};

/** What went wrong on one attempt, as the policy sees it. */
export interface RetryInput {
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly category: IntacctErrorCategory;
  /** True when the request carried a write (create/update/delete/legacy write). */
  readonly isWrite: boolean;
  readonly httpStatus?: number;
  /** Parsed Retry-After in ms, when present. */
  readonly retryAfterMs?: number;
  /** True when the request was aborted by the caller (never retried). */
  readonly aborted?: boolean;
}

/** The decision. */
export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number; readonly reason: string }
  | { readonly retry: false; readonly reason: string };

/**
 * Decides whether to retry and how long to wait.
 *
 * @param random a number in [0, 1) (inject for tests); full jitter = `random × ceiling`.
 * @example
 * decideRetry({ attempt: 1, category: "rate_limit", isWrite: false, retryAfterMs: 2000 }, {}, Math.random);
 * // → { retry: true, delayMs: 2000, reason: "rate_limit, honouring Retry-After" }
 */
export function decideRetry(input: RetryInput, options: RetryOptions, random: () => number): RetryDecision {
  const o = { ...DEFAULT_RETRY_OPTIONS, ...options };
  if (input.aborted === true) return { retry: false, reason: "aborted by caller" };
  if (input.attempt >= o.maxAttempts) return { retry: false, reason: `gave up after ${input.attempt} attempts` };
  const entry = RETRYABLE_CATEGORIES[input.category];
  if (!(input.isWrite ? entry.write : entry.read)) return { retry: false, reason: `${input.category} is not retryable` };
  if (input.isWrite && input.httpStatus === 524 && !o.retryWritesOn524) {
    return { retry: false, reason: "HTTP 524 on a write: Intacct may still be processing it; not retried" };
  }
  if (input.retryAfterMs !== undefined) {
    if (input.retryAfterMs > o.maxDelayMs) return { retry: false, reason: `Retry-After ${input.retryAfterMs} ms exceeds maxDelayMs ${o.maxDelayMs}` };
    return { retry: true, delayMs: Math.max(0, input.retryAfterMs), reason: `${input.category}, honouring Retry-After` };
  }
  const ceiling = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (input.attempt - 1));
  return { retry: true, delayMs: Math.floor(random() * ceiling), reason: `${input.category}, backoff ceiling ${ceiling} ms` };
}

/**
 * Parses a `Retry-After` header: delay-seconds or an HTTP-date (relative to `nowMs`).
 * Returns undefined when absent or unparseable; negative dates become 0.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === "") return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
