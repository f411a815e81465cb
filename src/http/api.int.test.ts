/** The REST API through `app.request`: sign-in, sessions, CSRF, tokens, and each use-case. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { createHttpApp } from "./app.js";
import { SignInLimiter } from "./auth/sign-in-limiter.js";
import { addTestUser, makeTestDeps, type TestDeps } from "./test-support.js";

const SECRET_LOGIN_PASSWORD = "Intacct-Sync-Password-7f3a";
const ADMIN_PASSWORD = "admin-password-123";

interface Json {
  [key: string]: unknown;
}

describe("REST API", () => {
  let t: TestDeps;
  let app: ReturnType<typeof createHttpApp>;

  beforeEach(async () => {
    t = await makeTestDeps();
    app = createHttpApp(t.deps);
    await addTestUser(t.store, "admin", ADMIN_PASSWORD, "admin");
    await t.deps.accounts.add({ id: "us", name: "US entity", loginInfo: { companyId: "DEMO-CO", userId: "XML_Bill.com", password: SECRET_LOGIN_PASSWORD, entityId: "US" } });
  });
  afterEach(async () => t.close());

  async function signInCookie(username = "admin", password = ADMIN_PASSWORD): Promise<{ cookie: string; csrf: string; setCookie: string }> {
    const res = await app.request("/api/v1/session", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get("set-cookie") ?? "";
    const cookie = /isync_session=[^;]+/.exec(setCookie)?.[0] ?? "";
    const body = (await res.json()) as { csrfToken: string };
    return { cookie, csrf: body.csrfToken, setCookie };
  }

  async function adminToken(): Promise<string> {
    const { cookie, csrf } = await signInCookie();
    const res = await app.request("/api/v1/tokens", { method: "POST", headers: { cookie, "x-csrf-token": csrf, "content-type": "application/json" }, body: JSON.stringify({ name: "tests" }) });
    expect(res.status).toBe(201);
    return ((await res.json()) as { token: string }).token;
  }

  function bearer(token: string, init: RequestInit = {}): RequestInit {
    return { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(init.headers as Record<string, string> | undefined) } };
  }

  describe("sign-in and sessions", () => {
    it("answers 401 with the JSON error shape and a WWW-Authenticate header without credentials", async () => {
      const res = await app.request("/api/v1/accounts");
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="intacct-sync"');
      expect(await res.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: "Sign in, or send an API token as `Authorization: Bearer <token>`." } });
    });

    it("refuses a wrong password and an unknown user with the same answer", async () => {
      for (const [username, password] of [["admin", "wrong"], ["nobody", "wrong"]]) {
        const res = await app.request("/api/v1/session", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: "Wrong username or password." } });
      }
    });

    it("sets an HttpOnly, SameSite=Lax, Secure session cookie whose id is stored only as a hash", async () => {
      const { cookie, setCookie } = await signInCookie();
      expect(setCookie).toMatch(/isync_session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Lax/);
      const me = await app.request("/api/v1/me", { headers: { cookie } });
      expect(await me.json()).toMatchObject({ username: "admin", role: "admin" });
      const id = cookie.split("=")[1] ?? "";
      expect(await t.store.auth.webSessions.get(id)).toBeUndefined();
    });

    it("leaves Secure off when the settings say so (plain-http loopback demo)", async () => {
      const t2 = await makeTestDeps({ settings: { secureCookies: false } });
      await addTestUser(t2.store, "admin", ADMIN_PASSWORD, "admin");
      const res = await createHttpApp(t2.deps).request("/api/v1/session", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }) });
      expect(res.headers.get("set-cookie")).not.toMatch(/Secure/);
      await t2.close();
    });

    it("expires a session after its lifetime and ends it on sign-out", async () => {
      const { cookie, csrf } = await signInCookie();
      t.clock.advance(12 * 60 * 60 * 1000 + 1);
      expect((await app.request("/api/v1/me", { headers: { cookie } })).status).toBe(401);
      const second = await signInCookie();
      const out = await app.request("/api/v1/session", { method: "DELETE", headers: { cookie: second.cookie, "x-csrf-token": second.csrf } });
      expect(out.status).toBe(204);
      expect((await app.request("/api/v1/me", { headers: { cookie: second.cookie } })).status).toBe(401);
      expect(csrf).not.toBe(second.csrf);
    });

    it("changes the own password only with the current one, and ends browser sessions", async () => {
      const token = await adminToken();
      const { cookie } = await signInCookie();
      const wrong = await app.request("/api/v1/me/password", bearer(token, { method: "PUT", body: JSON.stringify({ currentPassword: "nope", newPassword: "a-new-password-1" }) }));
      expect(await wrong.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: "The current password is wrong." } });
      const ok = await app.request("/api/v1/me/password", bearer(token, { method: "PUT", body: JSON.stringify({ currentPassword: ADMIN_PASSWORD, newPassword: "a-new-password-1" }) }));
      expect(ok.status).toBe(204);
      expect((await app.request("/api/v1/me", { headers: { cookie } })).status).toBe(401);
      expect((await app.request("/api/v1/me", bearer(token))).status).toBe(200);
      await signInCookie("admin", "a-new-password-1");
      expect(JSON.stringify(t.logger.events)).not.toContain("a-new-password-1");
    });

    it("refuses a body over 1 MiB with 413 before reading it all", async () => {
      const token = await adminToken();
      const res = await app.request("/api/v1/tokens", bearer(token, { method: "POST", body: JSON.stringify({ name: "x".repeat(1024 * 1024 + 1) }) }));
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: Json }).error["code"]).toBe("VALIDATION_FAILED");
    });

    it("sends the anti-framing and no-sniff headers", async () => {
      const res = await app.request("/api/openapi.json");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    });

    it("refuses sign-ins for a username with 429 after too many failures, until the window passes", async () => {
      const limited = createHttpApp({ ...t.deps, signInLimiter: new SignInLimiter({ clock: t.clock, maxFailures: 3, windowMs: 10 * 60_000 }) });
      const attempt = (password: string) => limited.request("/api/v1/session", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password }) });
      for (let i = 0; i < 3; i++) expect((await attempt("wrong")).status).toBe(401);
      const blocked = await attempt(ADMIN_PASSWORD);
      expect(blocked.status).toBe(429);
      expect(await blocked.json()).toEqual({ error: { code: "TOO_MANY_REQUESTS", message: "Too many failed sign-ins for this username. Try again in 10 minutes." } });
      t.clock.advance(10 * 60_000);
      expect((await attempt(ADMIN_PASSWORD)).status).toBe(200);
    });

    it("refuses a sign-in body that is not JSON (a cross-site form cannot send JSON)", async () => {
      const res = await app.request("/api/v1/session", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `username=admin&password=${ADMIN_PASSWORD}` });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: Json }).error["code"]).toBe("VALIDATION_FAILED");
    });
  });

  describe("CSRF", () => {
    it("refuses a cookie-authenticated write without the CSRF header, and with a wrong one", async () => {
      const { cookie } = await signInCookie();
      for (const headers of [{ cookie }, { cookie, "x-csrf-token": "not-the-token" }]) {
        const res = await app.request("/api/v1/accounts/us/runs", { method: "POST", headers });
        expect(res.status).toBe(403);
        expect(await res.json()).toEqual({ error: { code: "FORBIDDEN", message: "The form's security token is missing or out of date (CSRF check). Reload the page and try again." } });
      }
      expect(t.runner.requests).toEqual([]);
    });

    it("accepts the session's token as the x-csrf-token header", async () => {
      const { cookie, csrf } = await signInCookie();
      const res = await app.request("/api/v1/accounts/us/runs", { method: "POST", headers: { cookie, "x-csrf-token": csrf } });
      expect(res.status).toBe(202);
    });

    it("does not ask token-authenticated requests for a CSRF token", async () => {
      const token = await adminToken();
      const res = await app.request("/api/v1/accounts/us/runs", bearer(token, { method: "POST" }));
      expect(res.status).toBe(202);
    });
  });

  describe("API tokens", () => {
    it("shows a token once, stores only its SHA-256, lists it without secret, and stops it when revoked", async () => {
      const token = await adminToken();
      expect(token).toMatch(/^isk_[A-Za-z0-9_-]{43}$/);
      const listed = await app.request("/api/v1/tokens", bearer(token));
      const list = (await listed.json()) as Json[];
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ name: "tests", prefix: token.slice(0, 10), revokedAt: null });
      expect(list[0]?.["lastUsedAt"]).toBe("2026-03-01T09:00:00.000Z");
      expect(JSON.stringify(list)).not.toContain(token.slice(10));
      const stored = await t.store.auth.apiTokens.get(String(list[0]?.["id"]));
      expect(stored?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored?.tokenHash).not.toContain(token.slice(4));

      const revoked = await app.request(`/api/v1/tokens/${String(list[0]?.["id"])}`, bearer(token, { method: "DELETE" }));
      expect(((await revoked.json()) as Json)["revokedAt"]).toBe("2026-03-01T09:00:00.000Z");
      const after = await app.request("/api/v1/accounts", bearer(token));
      expect(after.status).toBe(401);
      expect(await after.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: "The API token is invalid or revoked." } });
    });

    it("refuses a malformed Authorization header rather than falling back to the cookie", async () => {
      const { cookie } = await signInCookie();
      const res = await app.request("/api/v1/me", { headers: { cookie, authorization: "Basic YWRtaW46eA==" } });
      expect(res.status).toBe(401);
    });

    it("cannot revoke another user's token (404)", async () => {
      const token = await adminToken();
      await addTestUser(t.store, "mia", "mia-password-123");
      const mia = await signInCookie("mia", "mia-password-123");
      const id = String(((await (await app.request("/api/v1/tokens", bearer(token))).json()) as Json[])[0]?.["id"]);
      const res = await app.request(`/api/v1/tokens/${id}`, { method: "DELETE", headers: { cookie: mia.cookie, "x-csrf-token": mia.csrf } });
      expect(res.status).toBe(404);
      expect((await app.request("/api/v1/me", bearer(token))).status).toBe(200);
    });
  });

  describe("accounts and Login Info", () => {
    it("lists accounts with the password masked and the newest run", async () => {
      const token = await adminToken();
      await t.store.runs.start({ id: "r1", accountId: "us", kind: "sync", status: "succeeded" });
      const res = await app.request("/api/v1/accounts", bearer(token));
      const body = (await res.json()) as Array<{ account: Json; lastRun?: Json }>;
      expect(body.map((s) => [s.account["id"], s.account["password"], s.lastRun?.["id"]])).toEqual([["us", "********", "r1"]]);
    });

    it("saves Login Info, answers it masked, and keeps the stored password when none is sent", async () => {
      const token = await adminToken();
      const put = await app.request("/api/v1/accounts/us/login-info", bearer(token, { method: "PUT", body: JSON.stringify({ companyId: "DEMO-CO", userId: "XML_Bill.com", entityId: "UK" }) }));
      expect(put.status).toBe(200);
      expect(await put.json()).toEqual({ companyId: "DEMO-CO", userId: "XML_Bill.com", password: "********", entityId: "UK" });
      expect(await t.deps.accounts.loginInfo("us")).toEqual({ companyId: "DEMO-CO", userId: "XML_Bill.com", password: SECRET_LOGIN_PASSWORD, entityId: "UK" });
      await app.request("/api/v1/accounts/us/login-info", bearer(token, { method: "PUT", body: JSON.stringify({ companyId: "DEMO-CO", userId: "XML_Bill.com", password: "New-Password-1", entityId: "UK" }) }));
      expect((await t.deps.accounts.loginInfo("us")).password).toBe("New-Password-1");
      expect((await t.store.accounts.get("us"))?.passwordEncrypted).not.toContain("New-Password-1");
    });

    it("answers 400 with per-field details for Login Info with stray spaces", async () => {
      const token = await adminToken();
      const res = await app.request("/api/v1/accounts/us/login-info", bearer(token, { method: "PUT", body: JSON.stringify({ companyId: "DEMO-CO ", userId: "XML_Bill.com", password: "x" }) }));
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: { code: "VALIDATION_FAILED", message: 'The Login Info has a problem: Company ID "DEMO-CO " has a trailing space.', details: [{ field: "companyId", message: 'Company ID "DEMO-CO " has a trailing space.' }] },
      });
    });

    it("tests typed Login Info, or the stored one without a body", async () => {
      const token = await adminToken();
      const typed = await app.request("/api/v1/accounts/us/login-info/test", bearer(token, { method: "POST", body: JSON.stringify({ companyId: "DEMO-CO", userId: "XML_Bill.com", password: "right-password" }) }));
      expect(await typed.json()).toEqual({ ok: true, message: "Signed in to DEMO-CO as XML_Bill.com." });
      const stored = await app.request("/api/v1/accounts/us/login-info/test", bearer(token, { method: "POST" }));
      expect(await stored.json()).toMatchObject({ ok: false, code: "XL03000006" });
      expect(t.connector.tested.map((l) => l.password)).toEqual(["right-password", SECRET_LOGIN_PASSWORD]);
    });

    it("creates accounts (admin) and answers 409 for a taken id", async () => {
      const token = await adminToken();
      const body = { id: "uk", companyId: "DEMO-CO", userId: "XML_Bill.com", password: "pw-uk", entityId: "UK" };
      const res = await app.request("/api/v1/accounts", bearer(token, { method: "POST", body: JSON.stringify(body) }));
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ id: "uk", password: "********", entityId: "UK" });
      const again = await app.request("/api/v1/accounts", bearer(token, { method: "POST", body: JSON.stringify(body) }));
      expect(again.status).toBe(409);
      expect(((await again.json()) as { error: Json }).error["code"]).toBe("ACCOUNT_EXISTS");
    });

    it("never puts an account's password or a user's password in a response or a log event", async () => {
      const token = await adminToken();
      const bodies: string[] = [];
      for (const [path, init] of [
        ["/api/v1/accounts", {}],
        ["/api/v1/accounts/us", {}],
        ["/api/v1/accounts/us/login-info", {}],
        ["/api/v1/accounts/us/login-info", { method: "PUT", body: JSON.stringify({ companyId: "DEMO-CO", userId: "XML_Bill.com", password: SECRET_LOGIN_PASSWORD, entityId: "US" }) }],
        ["/api/v1/accounts/us/login-info/test", { method: "POST" }],
        ["/api/v1/users", {}],
        ["/api/v1/users", { method: "POST", body: JSON.stringify({ username: "ann", password: "ann-password-123" }) }],
      ] as const) {
        bodies.push(await (await app.request(path, bearer(token, init))).text());
      }
      const everything = bodies.join("\n") + JSON.stringify(t.logger.events);
      for (const secret of [SECRET_LOGIN_PASSWORD, ADMIN_PASSWORD, "ann-password-123", token]) expect(everything).not.toContain(secret);
      expect(everything).not.toContain("scrypt$");
      expect(t.logger.events.map((e) => e.event)).toContain("account.login-info-saved");
    });
  });

  describe("preferences, runs, errors, usage", () => {
    it("reads preferences with defaults and validates a change as a whole", async () => {
      const token = await adminToken();
      const read = await app.request("/api/v1/accounts/us/preferences", bearer(token));
      expect(await read.json()).toEqual({ preferences: { transactions: "two-way", master: "platform", onlyApproved: false, closedPeriodPolicy: "reject" } });
      const ok = await app.request("/api/v1/accounts/us/preferences", bearer(token, { method: "PATCH", body: JSON.stringify({ master: "intacct", schedule: "daily" }) }));
      expect(await ok.json()).toEqual({ preferences: { transactions: "two-way", master: "intacct", onlyApproved: false, closedPeriodPolicy: "reject" }, schedule: "daily" });
      const bad = await app.request("/api/v1/accounts/us/preferences", bearer(token, { method: "PATCH", body: JSON.stringify({ closedPeriodPolicy: "sometimes" }) }));
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: Json }).error["message"]).toMatch(/^invalid sync preference closedPeriodPolicy: /);
      expect((await t.store.accounts.get("us"))?.preferences).toEqual({ master: "intacct", schedule: "daily" });
    });

    it("Sync Now returns the run ticket, then the same run while it is active; runs are listed newest first", async () => {
      const token = await adminToken();
      const first = await app.request("/api/v1/accounts/us/runs", bearer(token, { method: "POST", body: JSON.stringify({ kind: "sync-dry-run" }) }));
      expect(first.status).toBe(202);
      const ticket = (await first.json()) as { runId: string; created: boolean };
      expect(ticket.created).toBe(true);
      const second = (await (await app.request("/api/v1/accounts/us/runs", bearer(token, { method: "POST" }))).json()) as { runId: string; created: boolean };
      expect(second).toEqual({ runId: ticket.runId, created: false });
      expect(t.runner.requests[0]).toMatchObject({ accountId: "us", kind: "sync-dry-run", reason: "api" });
      const runs = (await (await app.request("/api/v1/accounts/us/runs?limit=5", bearer(token))).json()) as Json[];
      expect(runs.map((r) => r["id"])).toEqual([ticket.runId]);
      expect((await app.request(`/api/v1/accounts/us/runs/${ticket.runId}`, bearer(token))).status).toBe(200);
      expect((await app.request("/api/v1/accounts/us/runs?limit=0", bearer(token))).status).toBe(400);
      expect((await app.request("/api/v1/accounts/us/runs/nope", bearer(token))).status).toBe(404);
    });

    it("lists open errors and refuses a fix action the error does not offer (422)", async () => {
      const token = await adminToken();
      await t.store.recordErrors.add({ id: "e1", accountId: "us", object: "APBILL", recordId: "B-1", errorClass: "closed-period", code: "BL01001973", message: "Periods are closed.", fixActions: ["retry", "skip-change"] });
      const list = (await (await app.request("/api/v1/accounts/us/errors", bearer(token))).json()) as Json[];
      expect(list.map((e) => e["id"])).toEqual(["e1"]);
      const bad = await app.request("/api/v1/accounts/us/errors/e1/fix", bearer(token, { method: "POST", body: JSON.stringify({ action: "fixed-in-intacct" }) }));
      expect(bad.status).toBe(422);
      expect(await bad.json()).toEqual({ error: { code: "UNPROCESSABLE", message: 'Error "e1" offers "retry", "skip-change", not "fixed-in-intacct".' } });
      expect((await app.request("/api/v1/accounts/us/errors/e9/fix", bearer(token, { method: "POST", body: JSON.stringify({ action: "retry" }) }))).status).toBe(404);
      const retry = await app.request("/api/v1/accounts/us/errors/e1/fix", bearer(token, { method: "POST", body: JSON.stringify({ action: "retry" }) }));
      expect(retry.status).toBe(200);
      expect(await retry.json()).toMatchObject({ message: "The change will be tried again in the next sync.", error: { id: "e1", status: "open" } });
    });

    it("sums Intacct API calls per company per month across the company's accounts, against the budget", async () => {
      const t2 = await makeTestDeps({ settings: { monthlyApiBudget: 1000 } });
      const app2 = createHttpApp(t2.deps);
      const admin = await addTestUser(t2.store, "admin", ADMIN_PASSWORD, "admin");
      for (const [id, entityId] of [["us", "US"], ["uk", "UK"]] as const) await t2.deps.accounts.add({ id, loginInfo: { companyId: "DEMO-CO", userId: "XML_Bill.com", password: "x", entityId } });
      await t2.store.usage.record({ runId: "r1", accountId: "us", companyId: "DEMO-CO", kind: "sync", calls: 120, writes: 3, at: "2026-03-01T09:00:00.000Z" });
      await t2.store.usage.record({ runId: "r2", accountId: "uk", companyId: "demo-co", kind: "sync", calls: 30, writes: 0, at: "2026-03-02T09:00:00.000Z" });
      await t2.store.usage.record({ runId: "r3", accountId: "uk", companyId: "DEMO-CO", kind: "doctor", calls: 7, writes: 0, at: "2026-04-01T00:00:00.000Z" });
      await t2.store.usage.record({ runId: "r4", accountId: "other", companyId: "OTHER-CO", kind: "sync", calls: 99, writes: 0, at: "2026-03-01T00:00:00.000Z" });
      const created = await (await import("./services/users.js")).createApiToken(t2.deps, admin, "usage");
      const res = await app2.request("/api/v1/usage", bearer(created.token));
      expect(await res.json()).toEqual([
        { companyId: "DEMO-CO", month: "2026-04", calls: 7, runs: 1, budget: 1000, share: 0.007, accountIds: ["uk", "us"] },
        { companyId: "DEMO-CO", month: "2026-03", calls: 150, runs: 2, budget: 1000, share: 0.15, accountIds: ["uk", "us"] },
      ]);
      await t2.close();
    });

    it("streams run events over SSE, starting with a hello", async () => {
      const token = await adminToken();
      const res = await app.request("/api/v1/accounts/us/events", bearer(token));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = "";
      const readUntil = async (needle: string): Promise<void> => {
        while (!text.includes(needle)) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`stream ended before ${needle}`);
          text += decoder.decode(value);
        }
      };
      await readUntil("event: hello");
      expect(text).toContain('data: {"accountId":"us","activeRunId":null}');
      await new Promise((r) => setTimeout(r, 10));
      expect(t.runner.subscribers("us")).toBe(1);
      t.runner.emit({ type: "run-error", runId: "r1", accountId: "us", code: "XL03000006", message: "Sign-in failed." });
      await readUntil("event: run-error");
      expect(text).toContain('data: {"type":"run-error","runId":"r1","accountId":"us","code":"XL03000006","message":"Sign-in failed."}');
      await reader.cancel();
      await new Promise((r) => setTimeout(r, 10));
      expect(t.runner.subscribers("us")).toBe(0);
    });
  });

  describe("users and grants", () => {
    it("lets an admin create members and grant accounts; members cannot manage users (403)", async () => {
      const token = await adminToken();
      const created = await app.request("/api/v1/users", bearer(token, { method: "POST", body: JSON.stringify({ username: "ann", password: "ann-password-123" }) }));
      expect(created.status).toBe(201);
      const ann = (await created.json()) as { id: string };
      // Users made through the API get OWASP's scrypt cost (N=2^15, r=8, p=3).
      expect((await t.store.auth.users.get(ann.id))?.passwordHash).toMatch(/^scrypt\$15\$8\$3\$/);
      const dup = await app.request("/api/v1/users", bearer(token, { method: "POST", body: JSON.stringify({ username: "ann", password: "ann-password-123" }) }));
      expect(await dup.json()).toEqual({ error: { code: "CONFLICT", message: 'A user named "ann" already exists.' } });
      const short = await app.request("/api/v1/users", bearer(token, { method: "POST", body: JSON.stringify({ username: "bob", password: "short" }) }));
      expect(short.status).toBe(400);
      const granted = await app.request(`/api/v1/users/${ann.id}/accounts/us`, bearer(token, { method: "PUT" }));
      expect(((await granted.json()) as Json)["accountIds"]).toEqual(["us"]);
      expect((await app.request(`/api/v1/users/${ann.id}/accounts/missing`, bearer(token, { method: "PUT" }))).status).toBe(404);

      const annSession = await signInCookie("ann", "ann-password-123");
      const forbidden = await app.request("/api/v1/users", { headers: { cookie: annSession.cookie } });
      expect(forbidden.status).toBe(403);
      expect(await forbidden.json()).toEqual({ error: { code: "FORBIDDEN", message: "Only an admin can do this." } });
      const accounts = (await (await app.request("/api/v1/accounts", { headers: { cookie: annSession.cookie } })).json()) as Array<{ account: Json }>;
      expect(accounts.map((a) => a.account["id"])).toEqual(["us"]);

      await app.request(`/api/v1/users/${ann.id}/accounts/us`, bearer(token, { method: "DELETE" }));
      expect(await (await app.request("/api/v1/accounts", { headers: { cookie: annSession.cookie } })).json()).toEqual([]);
      expect((await app.request(`/api/v1/users/${ann.id}`, bearer(token, { method: "DELETE" }))).status).toBe(204);
      expect((await app.request("/api/v1/me", { headers: { cookie: annSession.cookie } })).status).toBe(401);
    });
  });

  it("answers unknown API paths with a JSON 404", async () => {
    const res = await app.request("/api/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "NOT_FOUND", message: "No route GET /api/v1/nothing-here." } });
  });
});
