/**
 * Authentication of `/api/v1`: `Authorization: Bearer isk_…` (API tokens, exempt from CSRF) or
 * the browser's session cookie (then non-GET requests need the `x-csrf-token` header).
 */
import type { Context, MiddlewareHandler } from "hono";

import type { HttpEnv } from "../context.js";
import { HttpError } from "../http-error.js";
import { readSession, requireCsrf } from "./session.js";
import { hashSecret } from "./tokens.js";

async function tokenUser(c: Context<HttpEnv>, token: string): Promise<boolean> {
  const { store } = c.var.deps;
  const record = await store.auth.apiTokens.getByHash(hashSecret(token));
  if (record === undefined || record.revokedAt !== undefined) return false;
  const user = await store.auth.users.get(record.userId);
  if (user === undefined) return false;
  await store.auth.apiTokens.touch(record.id);
  c.set("user", { id: user.id, username: user.username, role: user.role });
  c.set("authMethod", "token");
  return true;
}

/** Sets `c.var.user` from a bearer token or the session cookie; `UNAUTHENTICATED` (401) otherwise. */
export const apiAuth: MiddlewareHandler<HttpEnv> = async (c, next) => {
  const header = c.req.header("authorization");
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1] === undefined || !(await tokenUser(c, match[1]))) {
      c.header("WWW-Authenticate", 'Bearer realm="intacct-sync", error="invalid_token"');
      throw new HttpError("UNAUTHENTICATED", "The API token is invalid or revoked.");
    }
    return next();
  }
  const session = await readSession(c);
  if (session === undefined) {
    c.header("WWW-Authenticate", 'Bearer realm="intacct-sync"');
    throw new HttpError("UNAUTHENTICATED", "Sign in, or send an API token as `Authorization: Bearer <token>`.");
  }
  c.set("user", session.user);
  c.set("authMethod", "session");
  c.set("csrfSecret", session.csrfSecret);
  return requireCsrf(c, next);
};

/** Lets only admins through; `FORBIDDEN` (403) for members. Use after `apiAuth` or `sessionAuth`. */
export const requireAdmin: MiddlewareHandler<HttpEnv> = async (c, next) => {
  if (c.var.user.role !== "admin") throw new HttpError("FORBIDDEN", "Only an admin can do this.");
  return next();
};
