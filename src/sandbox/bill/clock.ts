/**
 * The sandbox clock: wall time plus an offset, or a frozen time. Tests move it through the admin
 * API (`POST /admin/clock`) to expire sessions without waiting 35 minutes.
 */
import { type Clock, systemClock } from "../../domain/clock.js";

/** A clock the admin API can move. */
export class SandboxClock implements Clock {
  readonly #base: Clock;
  #offsetMs = 0;
  #frozenAt: number | undefined;

  /** @param base underlying time source. @default systemClock */
  constructor(base: Clock = systemClock) {
    this.#base = base;
  }

  now(): number {
    return this.#frozenAt ?? this.#base.now() + this.#offsetMs;
  }

  /** Moves time forward (or back, with a negative value) by `ms` milliseconds. */
  advance(ms: number): void {
    if (this.#frozenAt !== undefined) this.#frozenAt += ms;
    else this.#offsetMs += ms;
  }

  /** Freezes time at `ms` (milliseconds since the epoch). */
  freeze(ms: number): void {
    this.#frozenAt = ms;
  }

  /** Lets time run again from the current value. */
  unfreeze(): void {
    if (this.#frozenAt === undefined) return;
    this.#offsetMs = this.#frozenAt - this.#base.now();
    this.#frozenAt = undefined;
  }

  /** True while frozen. */
  get frozen(): boolean {
    return this.#frozenAt !== undefined;
  }

  /** ISO timestamp in BILL's format: `2026-03-02T18:04:11.000+00:00`. */
  iso(): string {
    return toBillTime(this.now());
  }
}

/** Formats milliseconds as BILL does: `yyyy-MM-ddTHH:mm:ss.SSS+00:00`. */
export function toBillTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}

/** Today's date of the sandbox clock, `yyyy-MM-dd` (UTC). */
export function toBillDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
