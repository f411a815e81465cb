/**
 * Browser sessions and CSRF protection.
 *
 * - The session cookie holds 32 random bytes; the store keeps their SHA-256. Cookie attributes:
 *   `HttpOnly; SameSite=Lax; Path=/` and `Secure` unless `settings.secureCookies` is off.
 * - CSRF: the synchronizer token pattern (OWASP CSRF Prevention Cheat Sheet). Each session has a
 *   random secret kept server-side; every form posts it as `_csrf` (or scripts send it as the
 *   `x-csrf-token` header) and every non-GET request of a session is refused without it. Before
 *   sign-in (the sign-in form itself) a double-submit cookie stands in for the session.
 */
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

import type { AuthUser, HttpEnv } from "../context.js";
import { DEFAULT_SESSION_TTL_MS } from "../context.js";
import { HttpError } from "../http-error.js";
import { hashSecret, randomSecret, safeEqual } from "./tokens.js";

/** Name of the session cookie. */
export const SESSION_COOKIE = "isync_session";
/** Name of the pre-sign-in CSRF cookie (double submit, for the sign-in form). */
export const PRE_SESSION_CSRF_COOKIE = "isync_csrf";
/** Form field carrying the CSRF token. */
export const CSRF_FIELD = "_csrf";
/** Header carrying the CSRF token (scripts, `fetch`). */
export const CSRF_HEADER = "x-csrf-token";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function cookieOptions(c: Context<HttpEnv>, maxAgeSeconds?: number): Parameters<typeof setCookie>[3] {
  return { httpOnly: true, sameSite: "Lax", secure: c.var.deps.settings.secureCookies, path: "/", ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }) };
}

function ttl(c: Context<HttpEnv>): number {
  return c.var.deps.settings.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
}

/**
 * Signs `user` in on this browser: records a session, sets the cookie and this request's
 * `user`/`csrfSecret`. Returns the session's CSRF token.
 */
export async function startSession(c: Context<HttpEnv>, user: AuthUser): Promise<string> {
  const { store, clock } = c.var.deps;
  const old = getCookie(c, SESSION_COOKIE);
  if (old !== undefined) await store.auth.webSessions.remove(hashSecret(old));
  // Sweep ended sessions here (sign-ins are rare), so the table does not grow without bound.
  await store.auth.webSessions.removeExpired(new Date(clock.now()).toISOString());
  const id = randomSecret();
  const csrfSecret = randomSecret();
  await store.auth.webSessions.create({ idHash: hashSecret(id), userId: user.id, csrfSecret, expiresAt: new Date(clock.now() + ttl(c)).toISOString() });
  setCookie(c, SESSION_COOKIE, id, cookieOptions(c, Math.floor(ttl(c) / 1000)));
  deleteCookie(c, PRE_SESSION_CSRF_COOKIE, { path: "/" });
  c.set("user", user);
  c.set("authMethod", "session");
  c.set("csrfSecret", csrfSecret);
  return csrfSecret;
}

/** Signs this browser out: deletes the session and its cookie. */
export async function endSession(c: Context<HttpEnv>): Promise<void> {
  const id = getCookie(c, SESSION_COOKIE);
  if (id !== undefined) await c.var.deps.store.auth.webSessions.remove(hashSecret(id));
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: c.var.deps.settings.secureCookies });
}

/** The user and CSRF secret of this request's session cookie, if it names a live session. */
export async function readSession(c: Context<HttpEnv>): Promise<{ readonly user: AuthUser; readonly csrfSecret: string } | undefined> {
  const id = getCookie(c, SESSION_COOKIE);
  if (id === undefined || id === "") return undefined;
  const { store, clock } = c.var.deps;
  const session = await store.auth.webSessions.get(hashSecret(id));
  if (session === undefined) return undefined;
  if (Date.parse(session.expiresAt) <= clock.now()) {
    await store.auth.webSessions.remove(session.idHash);
    return undefined;
  }
  const user = await store.auth.users.get(session.userId);
  if (user === undefined) return undefined;
  return { user: { id: user.id, username: user.username, role: user.role }, csrfSecret: session.csrfSecret };
}

/**
 * The CSRF token to put in this page's forms: the session's, or before sign-in a double-submit
 * cookie's (set here when missing).
 */
export function csrfToken(c: Context<HttpEnv>): string {
  const secret = c.get("csrfSecret") as string | undefined;
  if (secret !== undefined) return secret;
  const existing = getCookie(c, PRE_SESSION_CSRF_COOKIE);
  if (existing !== undefined && existing.length >= 32) return existing;
  const fresh = randomSecret();
  setCookie(c, PRE_SESSION_CSRF_COOKIE, fresh, cookieOptions(c));
  return fresh;
}

/** `<input type="hidden" name="_csrf" value="…">` as an HTML string (token characters are base64url: nothing to escape). */
export function csrfField(c: Context<HttpEnv>): string {
  return `<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken(c)}">`;
}

async function providedToken(c: Context<HttpEnv>): Promise<string | undefined> {
  const header = c.req.header(CSRF_HEADER);
  if (header !== undefined && header !== "") return header;
  const type = c.req.header("content-type") ?? "";
  if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
    // parseBody caches the body, so the route can parse it again.
    const body = await c.req.parseBody();
    const field = body[CSRF_FIELD];
    return typeof field === "string" ? field : undefined;
  }
  return undefined;
}

/**
 * Refuses a non-GET request whose CSRF token is missing or wrong with `FORBIDDEN`. Token-
 * authenticated API requests are exempt (a browser never sends a bearer token by itself).
 * `sessionAuth` applies it; use it alone on the sign-in form's POST.
 */
export const requireCsrf: MiddlewareHandler<HttpEnv> = async (c, next) => {
  if (SAFE_METHODS.has(c.req.method) || c.get("authMethod") === "token") return next();
  const expected = (c.get("csrfSecret") as string | undefined) ?? getCookie(c, PRE_SESSION_CSRF_COOKIE);
  const provided = await providedToken(c);
  if (expected === undefined || expected === "" || provided === undefined || !safeEqual(provided, expected)) {
    throw new HttpError("FORBIDDEN", "The form's security token is missing or out of date (CSRF check). Reload the page and try again.");
  }
  return next();
};

/**
 * For pages: sets `c.var.user` from the session cookie, or redirects to `/login?next=…`; then
 * checks CSRF on non-GET requests.
 */
export const sessionAuth: MiddlewareHandler<HttpEnv> = async (c, next) => {
  const session = await readSession(c);
  if (session === undefined) {
    const url = new URL(c.req.url);
    const nextPath = c.req.method === "GET" ? `${url.pathname}${url.search}` : "/";
    return c.redirect(`/login?next=${encodeURIComponent(nextPath)}`, 303);
  }
  c.set("user", session.user);
  c.set("authMethod", "session");
  c.set("csrfSecret", session.csrfSecret);
  return requireCsrf(c, next);
};
