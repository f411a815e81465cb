/**
 * The sandbox clock: wall time plus an offset, or a frozen time. Tests move it through the admin
 * API (`POST /admin/clock`) to expire sessions without waiting 35 minutes.
 */
import { AdjustableClock } from "../../domain/clock.js";

/** A clock the admin API can move (the shared {@link AdjustableClock}), reading in BILL's format. */
export class SandboxClock extends AdjustableClock {
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
