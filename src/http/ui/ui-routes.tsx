/**
 * The web UI's routes over {@link UiDeps}: server-rendered pages, plain HTML forms (POST with a
 * CSRF field, then a 303 redirect to a page), one style sheet, one script and one server-sent
 * events stream per account for the live progress of a run.
 *
 * Access: every page but `/login` needs a signed-in user (else a redirect to `/login`); an account
 * page answers 404 — the same page as for an account that does not exist — when the user may not
 * see the account. A POST with a missing or wrong CSRF token answers 403 and changes nothing.
 */
import type { Context, Env, MiddlewareHandler } from "hono";
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { secureHeaders } from "hono/secure-headers";
import { streamSSE } from "hono/streaming";

import type { RunEvent } from "../../queue/port.js";
import { APP_CSS, APP_JS, CSS_PATH, JS_PATH } from "./assets.js";
import { accountPath, type FrameUser } from "./layout.js";
import { AccountsPage } from "./pages/accounts.js";
import { DoctorPage } from "./pages/doctor.js";
import { LoginInfoPage } from "./pages/login-info.js";
import { NotFoundPage } from "./pages/not-found.js";
import { PreferencesPage } from "./pages/preferences.js";
import { SignInPage } from "./pages/sign-in.js";
import { StatusPage } from "./pages/status.js";
import { UsagePage } from "./pages/usage.js";
import { createRunProgressTracker } from "./run-progress.js";
import type { LoginInfoInput, UiAccount, UiDeps, UiUser } from "./ui-deps.js";

/** Cookie holding the one-time notice of the next page (text only, shown escaped). */
const FLASH_COOKIE = "ui_flash";
/**
 * Status of a form shown again with what was wrong (a refused sign-in, a value to correct): 200,
 * a normal page, because browsers log every 4xx document as a console error and the form is
 * where the person goes on. The REST API answers 400/401 for the same cases.
 */
const FORM_AGAIN = 200;
/** Seconds between keep-alive comments (and active-run re-checks) of the events stream. */
const SSE_KEEPALIVE_MS = 10_000;

type Form = Readonly<Record<string, string>>;

async function formOf(c: Context): Promise<Form> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === "string") out[k] = v;
  return out;
}

function frameUser(u: UiUser): FrameUser {
  return { name: u.username, isAdmin: u.role === "admin" };
}

/** A local path to return to after sign-in (never another origin). */
function safeNext(next: string | undefined): string | undefined {
  if (next === undefined || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return undefined;
  return next;
}

/**
 * Builds the UI routes (mount at `/`).
 *
 * @example
 * app.route("/", createUiRoutes(uiDepsOf(httpDeps)));
 */
export function createUiRoutes<E extends Env = Env>(deps: UiDeps): Hono<E> {
  const app = new Hono<E>();
  const auth = deps.auth;

  /** Leaves a sentence for the next page: a notice, or an error (`role="alert"`) when `isError`. */
  const flash = (c: Context, text: string, isError = false): void => {
    setCookie(c, FLASH_COOKIE, `${isError ? "e" : "n"}${encodeURIComponent(text)}`, { path: "/", httpOnly: true, sameSite: "Lax", maxAge: 60 });
  };
  const readFlash = (c: Context): { notice?: string; error?: string } => {
    const v = getCookie(c, FLASH_COOKIE);
    if (v === undefined || v === "") return {};
    deleteCookie(c, FLASH_COOKIE, { path: "/" });
    try {
      const text = decodeURIComponent(v.slice(1));
      return v.startsWith("e") ? { error: text } : { notice: text };
    } catch {
      return {};
    }
  };
  const takeFlash = (c: Context): string | undefined => readFlash(c).notice;
  const notFound = async (c: Context, user: UiUser | undefined): Promise<Response> =>
    await c.html(<NotFoundPage user={user === undefined ? undefined : frameUser(user)} csrf={user === undefined ? undefined : auth.csrfToken(c)} />, 404);
  const forbidden = (c: Context): Response => c.text("The form expired or did not come from this site (CSRF check failed). Go back, reload the page and try again.", 403);

  /** The signed-in user, or a response sending the browser to sign in. */
  const requireUser = (c: Context): UiUser | Response => {
    const user = auth.user(c);
    if (user !== undefined) return user;
    if (c.req.method === "GET") {
      const next = new URL(c.req.url);
      return c.redirect(`/login?next=${encodeURIComponent(next.pathname + next.search)}`, 303);
    }
    return c.redirect("/login", 303);
  };

  /** The user and the account of an account page, or the response to send (sign-in, 404, 403). */
  const accountOf = async (c: Context, options: { readonly post?: boolean } = {}): Promise<{ user: UiUser; account: UiAccount; form: Form } | Response> => {
    const user = requireUser(c);
    if (user instanceof Response) return user;
    const account = await deps.canSee(user, c.req.param("id") ?? "");
    if (account === undefined) return notFound(c, user);
    if (options.post !== true) return { user, account, form: {} };
    const form = await formOf(c);
    if (!auth.verifyCsrf(c, form["_csrf"] ?? "")) return forbidden(c);
    return { user, account, form };
  };

  // Pages load only their own style sheet and script (no inline code), post only to themselves and
  // are never framed: a strict policy costs nothing and a violation shows up in the browser tests.
  const pageHeaders = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: "DENY",
    referrerPolicy: "same-origin",
    // HSTS belongs to the deployment (TLS in front), not to pages also served on plain loopback.
    strictTransportSecurity: false,
  });
  // Mounted at `/`, this also sees the API's requests: the API sets its own headers.
  const pagesOnly =
    (mw: MiddlewareHandler): MiddlewareHandler =>
    (c, next) =>
      c.req.path === "/api" || c.req.path.startsWith("/api/") ? next() : mw(c, next);
  app.use("*", pagesOnly(pageHeaders));
  app.use("*", auth.session);

  app.get(CSS_PATH, (c) => c.body(APP_CSS, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "no-cache" }));
  app.get(JS_PATH, (c) => c.body(APP_JS, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" }));

  // Sign-in and sign-out.
  app.get("/login", async (c) => {
    if (auth.user(c) !== undefined) return c.redirect(safeNext(c.req.query("next")) ?? "/", 303);
    return c.html(<SignInPage csrf={auth.csrfToken(c)} next={safeNext(c.req.query("next"))} notice={takeFlash(c)} firstRunHint={await auth.firstRunHint()} />);
  });
  app.post("/login", async (c) => {
    const form = await formOf(c);
    if (!auth.verifyCsrf(c, form["_csrf"] ?? "")) return forbidden(c);
    const username = (form["username"] ?? "").trim();
    const user = await auth.signIn(c, username, form["password"] ?? "");
    if (user === undefined) {
      return c.html(
        <SignInPage csrf={auth.csrfToken(c)} next={safeNext(form["next"])} username={username} error="The user name or password is incorrect." firstRunHint={await auth.firstRunHint()} />,
        FORM_AGAIN,
      );
    }
    return c.redirect(safeNext(form["next"]) ?? "/", 303);
  });
  app.post("/logout", async (c) => {
    const form = await formOf(c);
    if (auth.user(c) !== undefined && !auth.verifyCsrf(c, form["_csrf"] ?? "")) return forbidden(c);
    await auth.signOut(c);
    flash(c, "You are signed out.");
    return c.redirect("/login", 303);
  });

  // The accounts list.
  app.get("/", async (c) => {
    const user = requireUser(c);
    if (user instanceof Response) return user;
    return c.html(<AccountsPage user={frameUser(user)} csrf={auth.csrfToken(c)} accounts={await deps.listAccounts(user)} notice={takeFlash(c)} />);
  });

  // API usage.
  app.get("/usage", async (c) => {
    const user = requireUser(c);
    if (user instanceof Response) return user;
    const usage = await deps.usage(user);
    return c.html(<UsagePage user={frameUser(user)} csrf={auth.csrfToken(c)} rows={usage.rows} note={usage.note} />);
  });

  // Status: last run, Sync Now, live progress, errors, history.
  app.get("/accounts/:id", async (c) => {
    const r = await accountOf(c);
    if (r instanceof Response) return r;
    const { user, account } = r;
    const [runs, activeRunId, errors] = await Promise.all([deps.runs(account.id, user), deps.activeRun(account.id), deps.openErrors(account.id, user)]);
    const flashed = readFlash(c);
    let notice = flashed.notice;
    let error = flashed.error;
    // The page of a run that just ended (the script or the no-JS refresh lands here): say how it ended.
    const watched = c.req.query("run");
    if (watched !== undefined && watched !== activeRunId) {
      const run = runs.find((x) => x.id === watched);
      if (run?.status === "succeeded") notice = "Sync succeeded.";
      else if (run?.status === "failed" || run?.status === "cancelled") {
        notice = undefined;
        error = `Sync ${run.status}.`;
      }
    }
    return c.html(
      <StatusPage
        user={frameUser(user)}
        csrf={auth.csrfToken(c)}
        account={account}
        runs={runs}
        activeRunId={activeRunId}
        errors={errors}
        eventsUrl={`${accountPath(account.id)}/events`}
        notice={notice}
        error={error}
      />,
    );
  });

  app.post("/accounts/:id/sync", async (c) => {
    const r = await accountOf(c, { post: true });
    if (r instanceof Response) return r;
    const ticket = await deps.syncNow(r.account.id, r.user);
    flash(c, ticket.created ? `Sync ${ticket.runId} requested.` : `A sync of this account is already queued or running (${ticket.runId}).`);
    return c.redirect(`${accountPath(r.account.id)}?run=${encodeURIComponent(ticket.runId)}`, 303);
  });

  app.post("/accounts/:id/errors/:errorId/fix", async (c) => {
    const r = await accountOf(c, { post: true });
    if (r instanceof Response) return r;
    const outcome = await deps.fixError(r.account.id, c.req.param("errorId") ?? "", r.form["action"] ?? "", r.user);
    flash(c, outcome.message, !outcome.ok);
    return c.redirect(accountPath(r.account.id), 303);
  });

  // Live progress: server-sent events of the account's runs, as RunProgressView objects.
  app.get("/accounts/:id/events", async (c) => {
    const r = await accountOf(c);
    if (r instanceof Response) return r;
    const accountId = r.account.id;
    const user = r.user;
    return streamSSE(c, async (stream) => {
      const tracker = createRunProgressTracker();
      let chain: Promise<unknown> = Promise.resolve();
      let ended = false;
      let wake: () => void = () => undefined;
      const ended$ = new Promise<void>((resolve) => {
        wake = resolve;
      });
      const end = (): void => {
        ended = true;
        wake();
      };
      const send = (event: string, data: unknown): void => {
        chain = chain.then(() => (ended && event !== "idle" ? undefined : stream.writeSSE({ event, data: JSON.stringify(data) }))).catch(end);
      };
      const idle = async (): Promise<void> => {
        const last = (await deps.runs(accountId, user))[0];
        send("idle", { lastRunId: last?.id ?? null, status: last?.status ?? null });
        await chain;
        end();
      };
      const unsubscribe = deps.subscribe(accountId, (e: RunEvent) => {
        const view = tracker.next(e);
        send("progress", view);
        if (view.status !== undefined) void chain.then(end);
      });
      stream.onAbort(end);
      try {
        const active = await deps.activeRun(accountId);
        if (active === undefined) {
          await idle();
        } else {
          send("progress", { runId: active, phase: "queued", percent: 0, text: "Sync in progress…" });
          // Re-check now and then: a run that ended while we subscribed sends no more events.
          while (!ended) {
            const tick = new Promise<void>((resolve) => setTimeout(resolve, SSE_KEEPALIVE_MS).unref());
            await Promise.race([ended$, tick]);
            if (ended) break;
            if ((await deps.activeRun(accountId)) === undefined) {
              await idle();
              break;
            }
            chain = chain.then(() => stream.write(": keep-alive\n\n")).catch(end);
          }
        }
        await chain;
      } finally {
        unsubscribe();
      }
    });
  });

  // Sage Intacct Login Info.
  app.get("/accounts/:id/login-info", async (c) => {
    const r = await accountOf(c);
    if (r instanceof Response) return r;
    const a = r.account;
    return c.html(<LoginInfoPage user={frameUser(r.user)} csrf={auth.csrfToken(c)} account={a} fields={a} passwordSet={a.passwordSet} notice={takeFlash(c)} />);
  });

  const typedLoginInfo = (form: Form): LoginInfoInput => ({ companyId: form["companyId"] ?? "", userId: form["userId"] ?? "", password: form["password"] ?? "", entityId: form["entityId"] ?? "" });

  app.post("/accounts/:id/login-info", async (c) => {
    const r = await accountOf(c, { post: true });
    if (r instanceof Response) return r;
    const input = typedLoginInfo(r.form);
    const saved = await deps.saveLoginInfo(r.account.id, input, r.user);
    if (saved.ok) {
      flash(c, "Login Info saved.");
      return c.redirect(accountPath(r.account.id, "login-info"), 303);
    }
    return c.html(
      <LoginInfoPage user={frameUser(r.user)} csrf={auth.csrfToken(c)} account={r.account} fields={input} passwordSet={r.account.passwordSet} error={saved.message} problems={saved.problems} />,
      FORM_AGAIN,
    );
  });

  app.post("/accounts/:id/login-info/test", async (c) => {
    const r = await accountOf(c, { post: true });
    if (r instanceof Response) return r;
    const input = typedLoginInfo(r.form);
    const test = await deps.testLoginInfo(r.account.id, input, r.user);
    return c.html(<LoginInfoPage user={frameUser(r.user)} csrf={auth.csrfToken(c)} account={r.account} fields={input} passwordSet={r.account.passwordSet} test={test} />);
  });

  // The doctor.
  app.get("/accounts/:id/doctor", async (c) => {
    const r = await accountOf(c);
    if (r instanceof Response) return r;
    const last = await deps.lastDoctor(r.account.id, r.user);
    return c.html(<DoctorPage user={frameUser(r.user)} csrf={auth.csrfToken(c)} account={r.account} report={last?.report} checkedAt={last?.checkedAt} notice={takeFlash(c)} />);
  });

  app.post("/accounts/:id/doctor/run", async (c) => {
    const r = await accountOf(c, { post: true });
    if (r instanceof Response) return r;
    const result = await deps.runDoctor(r.account.id, r.user);
    return c.html(<DoctorPage user={frameUser(r.user)} csrf={auth.csrfToken(c)} account={r.account} report={result.report} checkedAt={result.checkedAt} />);
  });

  // Preferences.
  app.get("/accounts/:id/preferences", async (c) => {
    const r = await accountOf(c);
    if (r instanceof Response) return r;
    const p = await deps.preferences(r.account.id, r.user);
    return c.html(<PreferencesPage user={frameUser(r.user)} csrf={auth.csrfToken(c)} account={r.account} preferences={p.preferences} schedule={p.schedule} notice={takeFlash(c)} />);
  });

  app.post("/accounts/:id/preferences", async (c) => {
    const r = await accountOf(c, { post: true });
    if (r instanceof Response) return r;
    const { _csrf: _token, ...fields } = r.form;
    const saved = await deps.savePreferences(r.account.id, fields, r.user);
    if (saved.ok) {
      flash(c, "Preferences saved.");
      return c.redirect(accountPath(r.account.id, "preferences"), 303);
    }
    const p = await deps.preferences(r.account.id, r.user);
    return c.html(<PreferencesPage user={frameUser(r.user)} csrf={auth.csrfToken(c)} account={r.account} preferences={p.preferences} schedule={p.schedule} error={saved.message} />, FORM_AGAIN);
  });

  // Any other account page: the same 404 whether the account exists or not.
  app.get("/accounts/:id/*", async (c) => {
    const r = await accountOf(c);
    if (r instanceof Response) return r;
    return notFound(c, r.user);
  });

  return app;
}
