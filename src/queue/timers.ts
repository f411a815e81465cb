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
