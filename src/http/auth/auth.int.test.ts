/** Sign-in for pages: sessionAuth, CSRF on forms (session and pre-session), first admin, isolation helpers. */
import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { HttpEnv } from "../context.js";
import { toErrorResponse } from "../error-handler.js";
import { addTestUser, makeTestDeps, type TestDeps } from "../test-support.js";
import { canAccessAccount, csrfField, csrfToken, endSession, ensureFirstAdmin, requireCsrf, sessionAuth, signIn, startSession, visibleAccounts } from "./index.js";

/** A tiny page app the way the UI uses the exports. */
function pages(t: TestDeps): Hono<HttpEnv> {
  const app = new Hono<HttpEnv>();
  app.use(async (c, next) => {
    c.set("deps", t.deps);
    await next();
  });
  app.onError((e, c) => {
    const { status, body } = toErrorResponse(e);
    return c.text(body.error.message, status);
  });
  app.get("/login", (c) => c.html(`<form method="post">${csrfField(c)}</form>`));
  app.post("/login", requireCsrf, async (c) => {
    const form = await c.req.parseBody<{ username: string; password: string }>();
    const user = await signIn(c.var.deps, form.username, form.password);
    if (user === undefined) return c.text("Wrong username or password.", 401);
    await startSession(c, user);
    return c.redirect("/", 303);
  });
  app.use("/app/*", sessionAuth);
  app.get("/app/home", (c) => c.text(`hello ${c.var.user.username} ${csrfToken(c)}`));
  app.post("/app/save", async (c) => {
    const form = await c.req.parseBody<{ value: string }>();
    return c.text(`saved ${form.value}`);
  });
  app.post("/app/logout", async (c) => {
    await endSession(c);
    return c.redirect("/login", 303);
  });
  return app;
}

function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .filter((c) => !c.endsWith("="))
    .join("; ");
}

describe("page sign-in and CSRF", () => {
  let t: TestDeps;
  let app: Hono<HttpEnv>;
  beforeEach(async () => {
    t = await makeTestDeps();
    app = pages(t);
    await addTestUser(t.store, "ann", "ann-password-123");
  });
  afterEach(async () => t.close());

  async function signedIn(): Promise<{ cookie: string; csrf: string }> {
    const login = await app.request("/login");
    const pre = cookiesOf(login);
    const token = /value="([^"]+)"/.exec(await login.text())?.[1] ?? "";
    const res = await app.request("/login", { method: "POST", headers: { cookie: pre, "content-type": "application/x-www-form-urlencoded" }, body: `_csrf=${token}&username=ann&password=ann-password-123` });
    expect(res.status).toBe(303);
    const cookie = cookiesOf(res);
    const home = await app.request("/app/home", { headers: { cookie } });
    const csrf = (await home.text()).split(" ")[2] ?? "";
    return { cookie, csrf };
  }

  it("redirects to /login?next=… without a session", async () => {
    const res = await app.request("/app/home?x=1");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?next=%2Fapp%2Fhome%3Fx%3D1");
  });

  it("refuses the sign-in form without its pre-session token (login CSRF)", async () => {
    const res = await app.request("/login", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "username=ann&password=ann-password-123" });
    expect(res.status).toBe(403);
  });

  it("signs in through the form and greets the user", async () => {
    const { cookie, csrf } = await signedIn();
    expect(cookie).toMatch(/^isync_session=/);
    expect(await (await app.request("/app/home", { headers: { cookie } })).text()).toBe(`hello ann ${csrf}`);
  });

  it("accepts a form post with the session's _csrf field and refuses one without or with another session's", async () => {
    const a = await signedIn();
    const b = await signedIn();
    const post = (cookie: string, body: string) => app.request("/app/save", { method: "POST", headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, body });
    expect(await (await post(a.cookie, `_csrf=${a.csrf}&value=1`)).text()).toBe("saved 1");
    expect((await post(a.cookie, "value=2")).status).toBe(403);
    expect((await post(a.cookie, `_csrf=${b.csrf}&value=3`)).status).toBe(403);
    const header = await app.request("/app/save", { method: "POST", headers: { cookie: a.cookie, "x-csrf-token": a.csrf, "content-type": "application/x-www-form-urlencoded" }, body: "value=4" });
    expect(await header.text()).toBe("saved 4");
  });

  it("ends the session on sign-out", async () => {
    const { cookie, csrf } = await signedIn();
    await app.request("/app/logout", { method: "POST", headers: { cookie, "x-csrf-token": csrf } });
    expect((await app.request("/app/home", { headers: { cookie } })).status).toBe(303);
  });
});

describe("first admin", () => {
  let t: TestDeps;
  beforeEach(async () => {
    t = await makeTestDeps();
  });
  afterEach(async () => t.close());

  it("creates admin with a random password on first run only", async () => {
    const first = await ensureFirstAdmin(t.store);
    if (!first.created) throw new Error("expected creation");
    expect(first).toMatchObject({ username: "admin", generated: true });
    expect(first.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await signIn(t.deps, "admin", first.password)).toMatchObject({ username: "admin", role: "admin" });
    expect(await ensureFirstAdmin(t.store)).toEqual({ created: false });
    expect(await t.store.auth.users.count()).toBe(1);
  });

  it("takes the given password (INTACCT_SYNC_ADMIN_PASSWORD) and says it was not generated", async () => {
    expect(await ensureFirstAdmin(t.store, { password: "given-password-1" })).toEqual({ created: true, username: "admin", password: "given-password-1", generated: false });
    expect(await signIn(t.deps, "admin", "given-password-1")).toBeDefined();
  });

  it("creates nothing when any user exists", async () => {
    await addTestUser(t.store, "ann", "ann-password-123");
    expect(await ensureFirstAdmin(t.store)).toEqual({ created: false });
  });

  it("logs a refused sign-in by username only", async () => {
    await ensureFirstAdmin(t.store, { password: "given-password-1" });
    expect(await signIn(t.deps, "admin", "guess-password")).toBeUndefined();
    expect(t.logger.events).toEqual([expect.objectContaining({ level: "warn", event: "auth.sign-in-failed", fields: { username: "admin" } })]);
    expect(JSON.stringify(t.logger.events)).not.toContain("guess-password");
  });
});

describe("isolation helpers", () => {
  it("admins see every account, members only granted ones", async () => {
    const t = await makeTestDeps();
    for (const id of ["a", "b"]) await t.deps.accounts.add({ id, loginInfo: { companyId: "C", userId: "U", password: "p", entityId: "" } });
    const admin = await addTestUser(t.store, "root", "root-password-1", "admin");
    const member = await addTestUser(t.store, "ann", "ann-password-1");
    await t.store.auth.grants.grant(member.id, "b");
    expect((await visibleAccounts(t.deps, admin)).map((a) => a.id)).toEqual(["a", "b"]);
    expect((await visibleAccounts(t.deps, member)).map((a) => a.id)).toEqual(["b"]);
    expect(await canAccessAccount(t.deps, member, "a")).toBe(false);
    expect(await canAccessAccount(t.deps, member, "b")).toBe(true);
    expect(await canAccessAccount(t.deps, admin, "a")).toBe(true);
    expect(await canAccessAccount(t.deps, admin, "zzz")).toBe(false);
    await t.close();
  });
});
