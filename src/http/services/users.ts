/** Users and their account grants (admins only), and each person's API tokens. */
import { randomUUID } from "node:crypto";

import type { ApiTokenRecord, UserRecord, UserRole } from "../../store/auth-repositories.js";
import { StoreError } from "../../store/store-error.js";
import { hashPassword, verifyPassword } from "../auth/passwords.js";
import { generateApiToken, hashSecret, tokenDisplayPrefix } from "../auth/tokens.js";
import type { AuthUser, HttpDeps } from "../context.js";
import { accountNotFound, HttpError } from "../http-error.js";
import { requireAdminUser } from "./access.js";

/** A user as shown (no password hash). */
export interface UserView {
  readonly id: string;
  readonly username: string;
  readonly role: UserRole;
  readonly createdAt: string;
  /** Granted account ids (admins see every account regardless). */
  readonly accountIds: readonly string[];
}

/** An API token as shown (no hash; the token itself only once, at creation). */
export interface ApiTokenView {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** Shortest password accepted for a new user. */
export const MIN_PASSWORD_LENGTH = 12;
const USERNAME_RE = /^[A-Za-z0-9._@-]{1,64}$/;

async function userView(deps: HttpDeps, u: UserRecord): Promise<UserView> {
  return { id: u.id, username: u.username, role: u.role, createdAt: u.createdAt, accountIds: await deps.store.auth.grants.listAccounts(u.id) };
}

/** All users (admins only). */
export async function listUsers(deps: HttpDeps, actor: AuthUser): Promise<UserView[]> {
  requireAdminUser(actor);
  return Promise.all((await deps.store.auth.users.list()).map((u) => userView(deps, u)));
}

/** Creates a user (admins only); `CONFLICT` when the username is taken. */
export async function createUser(deps: HttpDeps, actor: AuthUser, input: { readonly username: string; readonly password: string; readonly role?: UserRole }): Promise<UserView> {
  requireAdminUser(actor);
  const problems: Array<{ field: string; message: string }> = [];
  if (!USERNAME_RE.test(input.username)) problems.push({ field: "username", message: "Username must be 1-64 letters, digits or . _ @ -." });
  if (input.password.length < MIN_PASSWORD_LENGTH) problems.push({ field: "password", message: `Password must be at least ${MIN_PASSWORD_LENGTH} characters.` });
  if (problems.length > 0) throw new HttpError("VALIDATION_FAILED", problems.map((p) => p.message).join(" "), { details: problems });
  try {
    const u = await deps.store.auth.users.create({ id: randomUUID(), username: input.username, passwordHash: await hashPassword(input.password), role: input.role ?? "member" });
    deps.logger.log({ level: "info", event: "auth.user-created", message: `${actor.username} created user ${u.username} (${u.role}).`, scope: { component: "http" } });
    return await userView(deps, u);
  } catch (e) {
    if (e instanceof StoreError && e.code === "CONFLICT") throw new HttpError("CONFLICT", `A user named ${JSON.stringify(input.username)} already exists.`, { cause: e });
    throw e;
  }
}

async function requireUser(deps: HttpDeps, userId: string): Promise<UserRecord> {
  const u = await deps.store.auth.users.get(userId);
  if (u === undefined) throw new HttpError("NOT_FOUND", `No user with id ${JSON.stringify(userId)}.`);
  return u;
}

/** Removes a user with its tokens and sessions (admins only; not yourself). */
export async function removeUser(deps: HttpDeps, actor: AuthUser, userId: string): Promise<void> {
  requireAdminUser(actor);
  if (userId === actor.id) throw new HttpError("UNPROCESSABLE", "You cannot remove yourself.");
  await requireUser(deps, userId);
  await deps.store.auth.users.remove(userId);
}

/** Grants an account to a user (admins only). */
export async function grantAccount(deps: HttpDeps, actor: AuthUser, userId: string, accountId: string): Promise<UserView> {
  requireAdminUser(actor);
  const u = await requireUser(deps, userId);
  if ((await deps.store.accounts.get(accountId)) === undefined) throw accountNotFound(accountId);
  await deps.store.auth.grants.grant(userId, accountId);
  return userView(deps, u);
}

/** Revokes a grant (admins only). */
export async function revokeAccount(deps: HttpDeps, actor: AuthUser, userId: string, accountId: string): Promise<UserView> {
  requireAdminUser(actor);
  const u = await requireUser(deps, userId);
  await deps.store.auth.grants.revoke(userId, accountId);
  return userView(deps, u);
}

function tokenView(t: ApiTokenRecord): ApiTokenView {
  return { id: t.id, name: t.name, prefix: t.prefix, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt ?? null, revokedAt: t.revokedAt ?? null };
}

/** Creates an API token for `user`; the returned `token` is shown once and never again. */
export async function createApiToken(deps: HttpDeps, user: AuthUser, name: string): Promise<{ readonly token: string; readonly apiToken: ApiTokenView }> {
  const trimmed = name.trim();
  if (trimmed === "" || trimmed.length > 100) throw new HttpError("VALIDATION_FAILED", "Token name must be 1-100 characters.", { details: [{ field: "name", message: "Token name must be 1-100 characters." }] });
  const token = generateApiToken();
  const record = await deps.store.auth.apiTokens.create({ id: randomUUID(), userId: user.id, name: trimmed, tokenHash: hashSecret(token), prefix: tokenDisplayPrefix(token) });
  deps.logger.log({ level: "info", event: "auth.token-created", message: `${user.username} created API token ${record.prefix}… (${trimmed}).`, scope: { component: "http" } });
  return { token, apiToken: tokenView(record) };
}

/** The user's own API tokens, newest first. */
export async function listApiTokens(deps: HttpDeps, user: AuthUser): Promise<ApiTokenView[]> {
  return (await deps.store.auth.apiTokens.list(user.id)).map(tokenView);
}

/** Revokes one of the user's own tokens; `NOT_FOUND` for anyone else's. */
export async function revokeApiToken(deps: HttpDeps, user: AuthUser, tokenId: string): Promise<ApiTokenView> {
  const t = await deps.store.auth.apiTokens.get(tokenId);
  if (t === undefined || t.userId !== user.id) throw new HttpError("NOT_FOUND", `No API token with id ${JSON.stringify(tokenId)}.`);
  await deps.store.auth.apiTokens.revoke(tokenId);
  return tokenView((await deps.store.auth.apiTokens.get(tokenId)) ?? t);
}

/**
 * Changes the user's own password after checking the current one (`UNAUTHENTICATED` when wrong);
 * ends every browser session of the user (API tokens stay valid).
 */
export async function changeOwnPassword(deps: HttpDeps, user: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
  const record = await deps.store.auth.users.get(user.id);
  if (record === undefined || !(await verifyPassword(currentPassword, record.passwordHash))) throw new HttpError("UNAUTHENTICATED", "The current password is wrong.");
  if (newPassword.length < MIN_PASSWORD_LENGTH) {
    const message = `Password must be at least ${MIN_PASSWORD_LENGTH} characters.`;
    throw new HttpError("VALIDATION_FAILED", message, { details: [{ field: "newPassword", message }] });
  }
  await deps.store.auth.users.update(user.id, { passwordHash: await hashPassword(newPassword) });
  await deps.store.auth.webSessions.removeForUser(user.id);
  deps.logger.log({ level: "info", event: "auth.password-changed", message: `${user.username} changed their password; their browser sessions were ended.`, scope: { component: "http" } });
}
