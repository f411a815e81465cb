/**
 * Session reuse. BILL allows 200 logins per dev key per hour and ends a session after 35 idle
 * minutes (48 hours for a sync token), with no refresh call (`reference/bill-api.md` §3.1, §3.3).
 * So a session is cached per organization and user, logged in once (single flight), refreshed
 * proactively just before its idle limit, and replaced on `BDC_1109`.
 */
import { BillLimits } from "./limits.js";

/** A session held by the client. */
export interface CachedSession {
  readonly sessionId: string;
  readonly organizationId: string;
  readonly userId: string;
  readonly trusted: boolean;
  /** Idle limit of this kind of session, milliseconds. */
  readonly idleMs: number;
  /** Last time BILL saw the session (login or last successful call), milliseconds since the epoch. */
  lastUsedMs: number;
}

/** Log in again this long before the idle limit, so a call never races the expiry (milliseconds). */
export const SESSION_REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Caches sessions by key (`baseUrl|devKey|organizationId|username`); concurrent callers share one
 * login. Share one instance between clients of the same organization to share sessions.
 */
export class SessionCache {
  readonly #sessions = new Map<string, CachedSession>();
  readonly #pending = new Map<string, Promise<CachedSession>>();

  /** Returns a fresh-enough cached session or runs `login` (once for all concurrent callers). */
  obtain(key: string, now: number, login: () => Promise<CachedSession>): Promise<CachedSession> {
    const cached = this.#sessions.get(key);
    if (cached !== undefined && now - cached.lastUsedMs < cached.idleMs - SESSION_REFRESH_MARGIN_MS) return Promise.resolve(cached);
    const pending = this.#pending.get(key);
    if (pending !== undefined) return pending;
    const run = (async () => {
      try {
        const session = await login();
        this.#sessions.set(key, session);
        return session;
      } finally {
        this.#pending.delete(key);
      }
    })();
    this.#pending.set(key, run);
    return run;
  }

  /** Records that `sessionId` was just used successfully. */
  touch(key: string, sessionId: string, now: number): void {
    const s = this.#sessions.get(key);
    if (s !== undefined && s.sessionId === sessionId && now > s.lastUsedMs) s.lastUsedMs = now;
  }

  /** Drops `sessionId` if it is still the cached one (another caller may already have replaced it). */
  invalidate(key: string, sessionId: string): void {
    if (this.#sessions.get(key)?.sessionId === sessionId) this.#sessions.delete(key);
  }

  /** The cached session of `key`, if any. */
  peek(key: string): CachedSession | undefined {
    return this.#sessions.get(key);
  }
}

/** Decides whether one more login is allowed now. */
export interface LoginBudget {
  /** Takes one login from `devKey`'s budget; returns the time it frees up when none is left. */
  take(devKey: string, now: number): { readonly ok: true } | { readonly ok: false; readonly retryAtMs: number };
}

/**
 * A sliding one-hour window of login times per dev key.
 *
 * @example
 * const budget = new SlidingWindowLoginBudget(); // 200 per hour
 */
export class SlidingWindowLoginBudget implements LoginBudget {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #times = new Map<string, number[]>();

  /**
   * @param limit logins per window. @default BillLimits.loginsPerHour (200)
   * @param windowMs window length, milliseconds. @default 3_600_000
   */
  constructor(limit: number = BillLimits.loginsPerHour, windowMs = 3_600_000) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  take(devKey: string, now: number): { readonly ok: true } | { readonly ok: false; readonly retryAtMs: number } {
    const times = (this.#times.get(devKey) ?? []).filter((t) => t > now - this.#windowMs);
    if (times.length >= this.#limit) {
      this.#times.set(devKey, times);
      return { ok: false, retryAtMs: (times[0] ?? now) + this.#windowMs };
    }
    times.push(now);
    this.#times.set(devKey, times);
    return { ok: true };
  }
}
