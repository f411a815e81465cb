/** Injectable timers (STYLE.md: inject the clock), so runners and budgets are testable without real waits. */

/** Schedules callbacks. */
export interface Timers {
  /** Calls `callback` once after `ms` milliseconds; returns the cancel function. */
  after(ms: number, callback: () => void): () => void;
}

/** Real timers; they do not keep the process alive on their own (`unref`). */
export const systemTimers: Timers = {
  after(ms, callback) {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return () => clearTimeout(handle);
  },
};

/** Resolves after `ms` on `timers`. */
export function delay(timers: Timers, ms: number): Promise<void> {
  return new Promise((resolve) => {
    timers.after(ms, resolve);
  });
}

/**
 * Timers a test fires by hand, paired with a `ManualClock`: `advance(ms)` runs every callback due
 * within the next `ms`, in time order.
 *
 * @example
 * const timers = new ManualTimers();
 * createInProcessRunner({ store, execute, clock, timers });
 * clock.advance(3_600_000); timers.advance(3_600_000);
 */
export class ManualTimers implements Timers {
  #now = 0;
  #seq = 0;
  readonly #pending = new Map<number, { readonly at: number; readonly callback: () => void }>();

  after(ms: number, callback: () => void): () => void {
    const id = this.#seq++;
    this.#pending.set(id, { at: this.#now + Math.max(0, ms), callback });
    return () => {
      this.#pending.delete(id);
    };
  }

  /** Callbacks waiting. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Moves time on by `ms`, firing what falls due (callbacks scheduled meanwhile fire too if due). */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      let next: [number, { readonly at: number; readonly callback: () => void }] | undefined;
      for (const entry of this.#pending) if (entry[1].at <= until && (next === undefined || entry[1].at < next[1].at)) next = entry;
      if (next === undefined) break;
      this.#pending.delete(next[0]);
      this.#now = Math.max(this.#now, next[1].at);
      next[1].callback();
    }
    this.#now = until;
  }
}
