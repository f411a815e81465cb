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

/**
 * A clock that runs with a base clock plus an offset, or stands frozen: what the sandboxes'
 * admin APIs move (advance, set, freeze) so tests can expire sessions without waiting.
 *
 * @example
 * const clock = new AdjustableClock();
 * clock.advance(36 * 60_000); // 36 minutes later
 * clock.freeze(true);
 */
export class AdjustableClock implements Clock {
  readonly #base: Clock;
  #offsetMs = 0;
  #frozenAt: number | undefined;

  /** @param base the underlying clock. @default systemClock */
  constructor(base: Clock = systemClock) {
    this.#base = base;
  }

  /** Milliseconds since the epoch. */
  now(): number {
    return this.#frozenAt ?? this.#base.now() + this.#offsetMs;
  }

  /** Moves time forward (or back, with a negative value) by `ms` milliseconds. */
  advance(ms: number): void {
    if (this.#frozenAt !== undefined) this.#frozenAt += ms;
    else this.#offsetMs += ms;
  }

  /** Sets the current time; the clock keeps running from there unless frozen. */
  set(ms: number): void {
    if (this.#frozenAt !== undefined) this.#frozenAt = ms;
    else this.#offsetMs = ms - this.#base.now();
  }

  /** Stops the clock at its current time (`true`) or lets it run again from there (`false`). */
  freeze(frozen: boolean): void {
    if (frozen && this.#frozenAt === undefined) this.#frozenAt = this.now();
    if (!frozen && this.#frozenAt !== undefined) {
      this.#offsetMs = this.#frozenAt - this.#base.now();
      this.#frozenAt = undefined;
    }
  }

  /** Whether the clock is frozen. */
  get frozen(): boolean {
    return this.#frozenAt !== undefined;
  }
}
