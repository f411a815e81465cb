/**
 * Per-organization concurrency gate. BILL allows 3 simultaneous requests per dev key per
 * organization (`BDC_1322` past that); the client never exceeds it. Behind an interface so a
 * multi-process deployment can supply a shared (e.g. database-backed) gate.
 */
import { BillLimits } from "./limits.js";

/** Releases a slot; calling it twice is a no-op. */
export type Release = () => void;

/** Limits in-flight requests per key (`devKey|organizationId`). */
export interface ConcurrencyGate {
  /** Waits for a free slot of `key`. */
  acquire(key: string): Promise<Release>;
}

/**
 * An in-process keyed semaphore with FIFO waiters.
 *
 * @example
 * const gate = new KeyedSemaphore(3);
 * const release = await gate.acquire("devkey|008org");
 * try { await call(); } finally { release(); }
 */
export class KeyedSemaphore implements ConcurrencyGate {
  readonly #limit: number;
  readonly #state = new Map<string, { active: number; waiters: Array<() => void> }>();

  /** @param limit slots per key. @default BillLimits.concurrentRequestsPerOrg (3) */
  constructor(limit: number = BillLimits.concurrentRequestsPerOrg) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    this.#limit = limit;
  }

  /** Requests currently holding a slot of `key` (for tests and metrics). */
  active(key: string): number {
    return this.#state.get(key)?.active ?? 0;
  }

  acquire(key: string): Promise<Release> {
    let s = this.#state.get(key);
    if (s === undefined) {
      s = { active: 0, waiters: [] };
      this.#state.set(key, s);
    }
    const state = s;
    const makeRelease = (): Release => {
      let done = false;
      return () => {
        if (done) return;
        done = true;
        const next = state.waiters.shift();
        if (next !== undefined) next();
        else {
          state.active--;
          if (state.active === 0) this.#state.delete(key);
        }
      };
    };
    if (state.active < this.#limit) {
      state.active++;
      return Promise.resolve(makeRelease());
    }
    // The slot passes directly from the releaser to the waiter: `active` stays unchanged.
    return new Promise((resolve) => state.waiters.push(() => resolve(makeRelease())));
  }
}
