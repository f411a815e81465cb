/**
 * Sign-in, sessions, CSRF, API tokens and account isolation for the service — what the API
 * (`src/http/api`) and the pages (`src/http/ui`) share. All functions read their dependencies
 * from the request (`c.var.deps`, set by `createHttpApp`) or take them as the first argument.
 *
 * Pages:
 * - `sessionAuth` — middleware: sets `c.var.user` ({@link AuthUser}: id, username, role) from
 *   the session cookie or redirects (303) to `/login?next=<path>`; then refuses non-GET requests
 *   without the CSRF token (`HttpError` `FORBIDDEN`, 403).
 * - `requireCsrf` — the CSRF check alone; put it on `POST /login` (before sign-in it checks a
 *   double-submit cookie that `csrfToken`/`csrfField` set).
 * - `csrfToken(c)` — the token for this page; `csrfField(c)` — the hidden `<input name="_csrf">`
 *   as an HTML string. Scripts send the token as the `x-csrf-token` header instead.
 * - `signIn(deps, username, password)` — `AuthUser` or `undefined` (wrong username or password;
 *   same time either way); throws `HttpError` `TOO_MANY_REQUESTS` (429) when `deps.signInLimiter`
 *   says the username had too many failures.
 * - `startSession(c, user)` — records the session and sets the cookie (call after `signIn`, then
 *   redirect); `endSession(c)` — signs this browser out.
 * - `canAccessAccount(deps, user, accountId)` — admins: any existing account; members: granted
 *   ones. Answer 404 (never 403) when false, so existence is not revealed.
 * - `visibleAccounts(deps, user)` — the `AccountView`s the user may see.
 * - `deps.settings.firstAdminCreated` — true when this process created `admin` (its password was
 *   printed once by `serve`, or taken from `INTACCT_SYNC_ADMIN_PASSWORD`): say so on `/login`.
 *
 * API: `apiAuth` (bearer token or session cookie + `x-csrf-token`), `requireAdmin`.
 * Serve: `ensureFirstAdmin(store, { password })`.
 */
export { apiAuth, requireAdmin } from "./api-auth.js";
export { canAccessAccount, ensureFirstAdmin, FIRST_ADMIN_USERNAME, type FirstAdminResult, signIn, visibleAccounts } from "./identity.js";
export { DECOY_PASSWORD_HASH, DEFAULT_SCRYPT_COST, generatePassword, hashPassword, type ScryptCost, verifyPassword } from "./passwords.js";
export { SignInLimiter, type SignInLimiterOptions } from "./sign-in-limiter.js";
export { CSRF_FIELD, CSRF_HEADER, csrfField, csrfToken, endSession, PRE_SESSION_CSRF_COOKIE, readSession, requireCsrf, SESSION_COOKIE, sessionAuth, startSession } from "./session.js";
export { API_TOKEN_PREFIX, generateApiToken, hashSecret, tokenDisplayPrefix } from "./tokens.js";
export type { AuthUser } from "../context.js";
