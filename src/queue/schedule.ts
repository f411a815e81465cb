/**
 * Per-account auto-sync schedules (PRODUCT.md "Scheduler": daily by default, configurable). An
 * account sets one with its `schedule` preference (kept by `parsePreferences` for the scheduler):
 *
 * | value | meaning |
 * |---|---|
 * | absent | the runner's default (daily unless configured) |
 * | `daily`, `hourly` | every 24 h, every hour |
 * | `every 6h`, `every 30m`, `every 2d`, `12h` | every n minutes, hours or days (at least 5 minutes) |
 * | `off`, `manual`, `never` | no auto-sync (Sync Now and the API still work) |
 *
 * The next run is due one interval after the previous scheduled request (not after its end), the
 * peers' "≈ 24 h after last sync" (`reference/peers.md`); missed intervals are not caught up.
 */
import { QueueError } from "./queue-error.js";

/** Effective schedule of an account. */
export interface ScheduleSetting {
  readonly enabled: boolean;
  /** Interval between scheduled runs, ms. */
  readonly everyMs: number;
}

/** One day, ms. */
export const DAY_MS = 86_400_000;

/** Shortest interval accepted: polling Intacct more often costs API transactions for little. */
export const MIN_SCHEDULE_MS = 5 * 60_000;

const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, min: 60_000, minute: 60_000, minutes: 60_000, h: 3_600_000, hour: 3_600_000, hours: 3_600_000, d: DAY_MS, day: DAY_MS, days: DAY_MS };

/**
 * Reads a `schedule` preference; `fallback` applies when it is absent. Throws
 * `QueueError("SCHEDULE_INVALID")` on anything else.
 *
 * @example
 * parseSchedule("every 6h", { enabled: true, everyMs: DAY_MS }); // { enabled: true, everyMs: 21600000 }
 */
export function parseSchedule(value: unknown, fallback: ScheduleSetting): ScheduleSetting {
  if (value === undefined || value === null || value === "") return fallback;
  if (typeof value !== "string") throw new QueueError("SCHEDULE_INVALID", `The schedule preference must be text such as "daily", "every 6h" or "off".`);
  const text = value.trim().toLowerCase();
  if (text === "off" || text === "manual" || text === "never") return { enabled: false, everyMs: fallback.everyMs };
  if (text === "daily") return { enabled: true, everyMs: DAY_MS };
  if (text === "hourly") return { enabled: true, everyMs: 3_600_000 };
  const m = /^(?:every\s+)?(\d+)\s*([a-z]+)$/.exec(text);
  const unit = m === null ? undefined : UNIT_MS[m[2] ?? ""];
  if (m === null || unit === undefined) throw new QueueError("SCHEDULE_INVALID", `Unknown schedule "${value}": use "daily", "hourly", "every <n>m|h|d" or "off".`);
  const everyMs = Number(m[1]) * unit;
  if (everyMs < MIN_SCHEDULE_MS) throw new QueueError("SCHEDULE_INVALID", `Schedule "${value}" is too frequent: the shortest interval is 5 minutes.`);
  return { enabled: true, everyMs };
}
