/** Injectable time source (STYLE.md: inject the clock). */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The real wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock tests move by hand.
 *
 * @example
 * const clock = new ManualClock(Date.parse("2026-01-01T00:00:00Z"));
 * clock.advance(60_000);
 */
export class ManualClock implements Clock {
  #now: number;
  constructor(start = 0) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.#now += ms;
  }
  /** Sets the time. */
  set(ms: number): void {
    this.#now = ms;
  }
}
