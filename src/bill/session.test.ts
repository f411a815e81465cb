import { describe, expect, it } from "vitest";

import { type CachedSession, SESSION_REFRESH_MARGIN_MS, SessionCache, SlidingWindowLoginBudget } from "./session.js";

const session = (id: string, lastUsedMs: number): CachedSession => ({ sessionId: id, organizationId: "008", userId: "006", trusted: false, idleMs: 35 * 60_000, lastUsedMs });

describe("SessionCache", () => {
  it("logs in once for concurrent callers and reuses the session", async () => {
    const cache = new SessionCache();
    let logins = 0;
    const login = async () => {
      logins++;
      await new Promise((r) => setTimeout(r, 5));
      return session(`s${logins}`, 0);
    };
    const got = await Promise.all([cache.obtain("k", 0, login), cache.obtain("k", 0, login), cache.obtain("k", 0, login)]);
    expect(new Set(got.map((s) => s.sessionId))).toEqual(new Set(["s1"]));
    expect((await cache.obtain("k", 60_000, login)).sessionId).toBe("s1");
    expect(logins).toBe(1);
  });

  it("logs in again shortly before the idle limit, counted from the last use", async () => {
    const cache = new SessionCache();
    let n = 0;
    const login = () => Promise.resolve(session(`s${++n}`, 0));
    await cache.obtain("k", 0, login);
    cache.touch("k", "s1", 20 * 60_000);
    const fresh = 20 * 60_000 + 35 * 60_000 - SESSION_REFRESH_MARGIN_MS - 1;
    expect((await cache.obtain("k", fresh, login)).sessionId).toBe("s1");
    expect((await cache.obtain("k", fresh + 1, login)).sessionId).toBe("s2");
  });

  it("invalidates only the session that failed", async () => {
    const cache = new SessionCache();
    await cache.obtain("k", 0, () => Promise.resolve(session("new", 0)));
    cache.invalidate("k", "old");
    expect(cache.peek("k")?.sessionId).toBe("new");
    cache.invalidate("k", "new");
    expect(cache.peek("k")).toBeUndefined();
  });

  it("does not cache a failed login", async () => {
    const cache = new SessionCache();
    await expect(cache.obtain("k", 0, () => Promise.reject(new Error("no")))).rejects.toThrow("no");
    expect((await cache.obtain("k", 0, () => Promise.resolve(session("ok", 0)))).sessionId).toBe("ok");
  });
});

describe("SlidingWindowLoginBudget", () => {
  it("allows the limit per window per dev key and says when the next login frees up", () => {
    const budget = new SlidingWindowLoginBudget(2, 1000);
    expect(budget.take("dk", 0)).toEqual({ ok: true });
    expect(budget.take("dk", 100)).toEqual({ ok: true });
    expect(budget.take("dk", 200)).toEqual({ ok: false, retryAtMs: 1000 });
    expect(budget.take("other", 200)).toEqual({ ok: true });
    expect(budget.take("dk", 1001)).toEqual({ ok: true });
  });
});
