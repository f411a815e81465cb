/**
 * Slows online password guessing: after `maxFailures` failed sign-ins for one username within
 * `windowMs`, further attempts for that username are refused until the oldest failure leaves the
 * window (OWASP Authentication Cheat Sheet, "account lockout" with an automatic unlock). Kept in
 * memory per process: a restart forgets it, which is fine for a throttle.
 */
import type { Clock } from "../../domain/clock.js";

/** Options of {@link SignInLimiter}. */
export interface SignInLimiterOptions {
  readonly clock: Clock;
  /** Failures allowed per username per window. @default 10 */
  readonly maxFailures?: number;
  /** Window, ms. @default 900000 (15 minutes) */
  readonly windowMs?: number;
  /** Usernames tracked at most (oldest dropped first). @default 10000 */
  readonly maxTracked?: number;
}

/** Failed sign-ins per username in a sliding window. */
export class SignInLimiter {
  readonly #clock: Clock;
  readonly #max: number;
  readonly #windowMs: number;
  readonly #maxTracked: number;
  readonly #failures = new Map<string, number[]>();

  constructor(options: SignInLimiterOptions) {
    this.#clock = options.clock;
    this.#max = options.maxFailures ?? 10;
    this.#windowMs = options.windowMs ?? 15 * 60 * 1000;
    this.#maxTracked = options.maxTracked ?? 10_000;
  }

  #recent(key: string): number[] {
    const since = this.#clock.now() - this.#windowMs;
    const list = (this.#failures.get(key) ?? []).filter((t) => t > since);
    if (list.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, list);
    return list;
  }

  /** 0 when the username may try now; otherwise how long to wait, ms. */
  retryAfterMs(username: string): number {
    const list = this.#recent(username.toLowerCase());
    if (list.length < this.#max) return 0;
    return (list[list.length - this.#max] ?? 0) + this.#windowMs - this.#clock.now();
  }

  /** Counts a failed attempt. */
  recordFailure(username: string): void {
    const key = username.toLowerCase();
    const list = this.#recent(key);
    list.push(this.#clock.now());
    this.#failures.delete(key);
    this.#failures.set(key, list);
    if (this.#failures.size > this.#maxTracked) {
      const oldest = this.#failures.keys().next().value;
      if (oldest !== undefined) this.#failures.delete(oldest);
    }
  }

  /** Forgets the username's failures (after a successful sign-in). */
  recordSuccess(username: string): void {
    this.#failures.delete(username.toLowerCase());
  }
}
