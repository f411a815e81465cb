/**
 * The sandbox clock: a base clock plus an offset, or frozen at a set time. The admin API moves
 * it (advance, set, freeze); every time the sandbox reads (session expiry, WHENCREATED, uniqueid
 * records, readMore expiry) comes from here, never from `Date.now()` (Miniflare: "the current
 * time is passed in").
 */
import { type Clock, systemClock } from "../../domain/clock.js";

/** A clock the admin API controls. */
export class SandboxClock implements Clock {
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

  /** Stops the clock at its current time (`true`) or lets it run again (`false`). */
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
