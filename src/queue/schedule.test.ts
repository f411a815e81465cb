import { describe, expect, it } from "vitest";

import { DAY_MS, parseSchedule } from "./schedule.js";

const daily = { enabled: true, everyMs: DAY_MS };

describe("parseSchedule", () => {
  it("falls back to the runner's default when the preference is absent", () => {
    expect(parseSchedule(undefined, { enabled: true, everyMs: 7 })).toEqual({ enabled: true, everyMs: 7 });
    expect(parseSchedule("", daily)).toEqual(daily);
  });

  it("reads daily, hourly and every n minutes, hours or days", () => {
    expect(parseSchedule("daily", { enabled: true, everyMs: 1 })).toEqual(daily);
    expect(parseSchedule("Hourly", daily)).toEqual({ enabled: true, everyMs: 3_600_000 });
    expect(parseSchedule("every 6h", daily)).toEqual({ enabled: true, everyMs: 6 * 3_600_000 });
    expect(parseSchedule("every 30 minutes", daily)).toEqual({ enabled: true, everyMs: 30 * 60_000 });
    expect(parseSchedule("2d", daily)).toEqual({ enabled: true, everyMs: 2 * DAY_MS });
  });

  it("turns auto-sync off with off, manual or never", () => {
    for (const v of ["off", "manual", "Never"]) expect(parseSchedule(v, daily)).toEqual({ enabled: false, everyMs: DAY_MS });
  });

  it("rejects unknown text and intervals under five minutes with SCHEDULE_INVALID", () => {
    expect(() => parseSchedule("sometimes", daily)).toThrow('Unknown schedule "sometimes": use "daily", "hourly", "every <n>m|h|d" or "off".');
    expect(() => parseSchedule("every 4m", daily)).toThrow('Schedule "every 4m" is too frequent: the shortest interval is 5 minutes.');
    expect(() => parseSchedule(24, daily)).toThrow(expect.objectContaining({ code: "SCHEDULE_INVALID", side: "user" }) as Error);
  });
});
