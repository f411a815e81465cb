/** CLI exit codes, stable (README "CLI"). */
export const EXIT = {
  /** Everything passed. */
  OK: 0,
  /** Failed checks, failed records, or a system error. */
  FAILED: 1,
  /** Usage or configuration error. */
  USAGE: 2,
} as const;
