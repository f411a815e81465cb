/**
 * The web UI for the service: {@link uiRoutes} adapts the service's dependencies and use-cases
 * (`src/http/services`, `src/http/auth`) to the pages' {@link UiDeps} and builds the routes.
 * Mounted by `createHttpApp` at `/`.
 *
 * Pages render HTML errors: a use-case's user error (validation, 404, a fix action the error does
 * not offer) becomes a message on the page or an error page with its status; anything else is
 * logged and answered with a generic 500 page.
 */
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { Hono } from "hono";

import { AppError, coerceError, isUserError } from "../../domain/errors.js";
import type { JsonValue } from "../../store/port.js";
import { canAccessAccount, csrfToken, endSession, FIRST_ADMIN_USERNAME, PRE_SESSION_CSRF_COOKIE, readSession, signIn, startSession } from "../auth/index.js";
import { safeEqual } from "../auth/tokens.js";
import type { AuthUser, HttpDeps, HttpEnv } from "../context.js";
import { toErrorResponse } from "../error-handler.js";
import { HttpError } from "../http-error.js";
import {
  apiUsage,
  fixRecordError,
  getPreferences,
  lastDoctorResult,
  listAccountSummaries,
  listRecordErrors,
  listRuns,
  runAccountDoctor,
  saveLoginInfo,
  syncNow,
  testConnection,
  updatePreferences,
} from "../services/index.js";
import { Page } from "./layout.js";
import type { UsageRow } from "./pages/usage.js";
import type { SaveResult, UiAuth, UiDeps, UiUser } from "./ui-deps.js";
import { createUiRoutes } from "./ui-routes.js";

/** Form fields of the preferences page that hold text (blank = unset). */
const TEXT_PREFERENCES = ["apAccountNo", "arAccountNo", "clearingBankAccountId", "depositBankAccountId", "defaultExpenseAccountNo"] as const;
/** Form fields of the preferences page that hold one of a few words. */
const CHOICE_PREFERENCES = ["transactions", "master", "closedPeriodPolicy"] as const;

function asAuthUser(u: UiUser): AuthUser {
  return { id: u.id, username: u.username, role: u.role };
}

/** A use-case's user error as a form result; anything else is thrown on. */
function failed(e: unknown): SaveResult {
  if (e instanceof HttpError) return { ok: false, message: e.message, ...(e.details === undefined ? {} : { problems: e.details }) };
  if (e instanceof AppError && isUserError(e)) return { ok: false, message: e.message };
  throw e;
}

/** The preferences form as a patch: blank text fields remove the key; the checkbox is absent when off. */
function preferencesPatch(form: Readonly<Record<string, string>>): Record<string, JsonValue> {
  const patch: Record<string, JsonValue> = { onlyApproved: form["onlyApproved"] === "on" };
  for (const k of TEXT_PREFERENCES) {
    const v = (form[k] ?? "").trim();
    patch[k] = v === "" ? null : v;
  }
  for (const k of CHOICE_PREFERENCES) {
    const v = form[k];
    if (v !== undefined && v !== "") patch[k] = v;
  }
  // An empty schedule is the service's default: remove the preference.
  const schedule = form["schedule"];
  if (schedule !== undefined) patch["schedule"] = schedule.trim() === "" ? null : schedule.trim();
  return patch;
}

/** The pages' sign-in over the service's sessions and CSRF tokens. */
function uiAuth(deps: HttpDeps): UiAuth {
  let signedIn = false;
  return {
    // A soft session: pages decide themselves whether they need a user (the sign-in page does not).
    session: async (h: Context<HttpEnv>, next) => {
      // Mounted at `/`, this middleware also sees the API's requests: those authenticate themselves.
      if (h.req.path === "/api" || h.req.path.startsWith("/api/")) return next();
      if (h.get("deps") === undefined) h.set("deps", deps);
      const session = await readSession(h);
      if (session !== undefined) {
        h.set("user", session.user);
        h.set("authMethod", "session");
        h.set("csrfSecret", session.csrfSecret);
      }
      await next();
    },
    user: (c: Context<HttpEnv>) => (c.get("authMethod") === "session" ? c.get("user") : undefined),
    csrfToken: (c: Context<HttpEnv>) => csrfToken(c),
    verifyCsrf: (h: Context<HttpEnv>, token) => {
      const expected = (h.get("csrfSecret") as string | undefined) ?? getCookie(h, PRE_SESSION_CSRF_COOKIE);
      return expected !== undefined && expected !== "" && token !== "" && safeEqual(token, expected);
    },
    signIn: async (c: Context<HttpEnv>, username, password) => {
      const user = await signIn(deps, username, password);
      if (user !== undefined) {
        signedIn = true;
        await startSession(c, user);
      }
      return user;
    },
    signOut: (c: Context<HttpEnv>) => endSession(c),
    firstRunHint: () => {
      // `firstAdminCreated` is about this process; so is "no one signed in yet".
      if (deps.settings.firstAdminCreated !== true || signedIn) return Promise.resolve(undefined);
      return Promise.resolve(
        `This is the first start: the user ${FIRST_ADMIN_USERNAME} was created. Its password was printed once in the output of intacct-sync serve (or taken from the INTACCT_SYNC_ADMIN_PASSWORD variable). Sign in with it, then add people and tokens through the API.`,
      );
    },
  };
}

/**
 * The pages' dependencies over the service's use-cases.
 *
 * @example
 * const ui = createUiRoutes(uiDepsOf(deps));
 */
function uiDepsOf(deps: HttpDeps): UiDeps {
  return {
    auth: uiAuth(deps),
    listAccounts: async (user) =>
      Promise.all(
        (await listAccountSummaries(deps, asAuthUser(user))).map(async (s) => ({
          id: s.account.id,
          name: s.account.name,
          companyId: s.account.companyId,
          entityId: s.account.entityId,
          // The newest run may be a doctor run: the list shows the last sync.
          lastRun: s.lastRun === undefined || s.lastRun.kind.startsWith("sync") ? s.lastRun : (await deps.store.runs.list(s.account.id, { limit: 50 })).find((r) => r.kind.startsWith("sync")),
        })),
      ),
    canSee: async (user, accountId) => {
      if (accountId === "" || !(await canAccessAccount(deps, asAuthUser(user), accountId))) return undefined;
      const a = await deps.store.accounts.get(accountId);
      if (a === undefined) return undefined;
      return { id: a.id, name: a.name, companyId: a.companyId, userId: a.userId, entityId: a.entityId, passwordSet: a.passwordEncrypted !== "" };
    },
    saveLoginInfo: async (accountId, input, user) => {
      try {
        await saveLoginInfo(deps, asAuthUser(user), accountId, input);
        return { ok: true };
      } catch (e) {
        return failed(e);
      }
    },
    testLoginInfo: async (accountId, input, user) => {
      try {
        return await testConnection(deps, asAuthUser(user), accountId, input);
      } catch (e) {
        const r = failed(e);
        const err: AppError<string> | undefined = e instanceof AppError ? e : undefined;
        return { ok: false, code: err?.code ?? "UNEXPECTED", message: r.ok ? "" : r.message };
      }
    },
    runDoctor: (accountId, user) => runAccountDoctor(deps, asAuthUser(user), accountId),
    lastDoctor: (accountId, user) => lastDoctorResult(deps, asAuthUser(user), accountId),
    preferences: async (accountId, user) => {
      const v = await getPreferences(deps, asAuthUser(user), accountId);
      return { preferences: v.preferences, schedule: v.schedule ?? "" };
    },
    savePreferences: async (accountId, form, user) => {
      try {
        await updatePreferences(deps, asAuthUser(user), accountId, preferencesPatch(form));
        return { ok: true };
      } catch (e) {
        return failed(e);
      }
    },
    syncNow: (accountId, user) => syncNow(deps, asAuthUser(user), accountId, { kind: "sync", reason: "manual" }),
    runs: (accountId, user) => listRuns(deps, asAuthUser(user), accountId, { limit: 25 }),
    activeRun: (accountId) => deps.runner.activeRun(accountId),
    subscribe: (accountId, listener) => deps.runner.subscribe(accountId, listener),
    openErrors: (accountId, user) => listRecordErrors(deps, asAuthUser(user), accountId),
    fixError: async (accountId, errorId, action, user) => {
      try {
        const outcome = await fixRecordError(deps, asAuthUser(user), accountId, errorId, action);
        return { ok: true, message: outcome.message };
      } catch (e) {
        const r = failed(e);
        return { ok: false, message: r.ok ? "" : r.message };
      }
    },
    usage: async (user) => {
      const rows: UsageRow[] = (await apiUsage(deps, asAuthUser(user))).map((r) => ({ companyId: r.companyId, month: r.month, calls: r.calls, budget: r.budget }));
      return { rows, note: "A call is one request to the Intacct XML gateway by a sync or doctor run of any account on the company." };
    },
  };
}

/**
 * The web UI (pages, style sheet, script, live progress); mount at `/`.
 *
 * @example
 * app.route("/", uiRoutes(deps));
 */
export function uiRoutes(deps: HttpDeps): Hono<HttpEnv> {
  const app = createUiRoutes<HttpEnv>(uiDepsOf(deps));
  app.onError(async (err, c) => {
    const { status } = toErrorResponse(err);
    if (status === 500) {
      deps.logger.log({ level: "error", event: "http.ui-error", message: coerceError(err).message, scope: { component: "http" }, fields: { method: c.req.method, path: c.req.path } });
    }
    const message = status === 500 ? "Something went wrong on the server; the log has the details." : coerceError(err).message;
    const user = uiAuth(deps).user(c);
    return c.html(
      <Page title={status === 404 ? "Page not found" : status === 403 ? "Not allowed" : "Something went wrong"} user={user === undefined ? undefined : { name: user.username, isAdmin: user.role === "admin" }} csrf={user === undefined ? undefined : csrfToken(c)} error={message}>
        <p>
          <a href="/">Back to the accounts</a>
        </p>
      </Page>,
      status,
    );
  });
  return app;
}
