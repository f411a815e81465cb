import { describe, expect, it } from "vitest";

import { ManualClock } from "../../domain/clock.js";
import { SignInLimiter } from "./sign-in-limiter.js";

describe("SignInLimiter", () => {
  it("blocks a username after maxFailures within the window and says how long to wait", () => {
    const clock = new ManualClock(0);
    const limiter = new SignInLimiter({ clock, maxFailures: 2, windowMs: 1000 });
    limiter.recordFailure("Admin");
    clock.advance(100);
    expect(limiter.retryAfterMs("admin")).toBe(0);
    limiter.recordFailure("admin");
    expect(limiter.retryAfterMs("ADMIN")).toBe(900);
    expect(limiter.retryAfterMs("ann")).toBe(0);
    clock.advance(899);
    expect(limiter.retryAfterMs("admin")).toBe(1);
    clock.advance(1);
    expect(limiter.retryAfterMs("admin")).toBe(0);
  });

  it("forgets failures after a success", () => {
    const clock = new ManualClock(0);
    const limiter = new SignInLimiter({ clock, maxFailures: 1 });
    limiter.recordFailure("ann");
    expect(limiter.retryAfterMs("ann")).toBeGreaterThan(0);
    limiter.recordSuccess("ann");
    expect(limiter.retryAfterMs("ann")).toBe(0);
  });

  it("tracks at most maxTracked usernames, dropping the oldest", () => {
    const clock = new ManualClock(0);
    const limiter = new SignInLimiter({ clock, maxFailures: 1, maxTracked: 2 });
    for (const u of ["a", "b", "c"]) limiter.recordFailure(u);
    expect(["a", "b", "c"].map((u) => limiter.retryAfterMs(u) > 0)).toEqual([false, true, true]);
  });
});
