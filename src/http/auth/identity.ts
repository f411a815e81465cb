/**
 * Who someone is and what they may see: sign-in by password, the first admin, and the account
 * isolation rule (admins see every account; members only the accounts granted to them).
 */
import { randomUUID } from "node:crypto";

import type { AccountView } from "../../connections/accounts.js";
import { StoreError } from "../../store/store-error.js";
import type { Store } from "../../store/port.js";
import type { AuthUser, HttpDeps } from "../context.js";
import { HttpError } from "../http-error.js";
import { DECOY_PASSWORD_HASH, generatePassword, hashPassword, verifyPassword } from "./passwords.js";

/** Name of the user created on first run. */
export const FIRST_ADMIN_USERNAME = "admin";

/**
 * Checks a username and password. `undefined` when either is wrong (the caller says only
 * "wrong username or password"); an unknown username costs as much time as a wrong password.
 * With `deps.signInLimiter`, throws `TOO_MANY_REQUESTS` (429) after too many failures.
 */
export async function signIn(deps: Pick<HttpDeps, "store" | "logger" | "signInLimiter">, username: string, password: string): Promise<AuthUser | undefined> {
  const waitMs = deps.signInLimiter?.retryAfterMs(username) ?? 0;
  if (waitMs > 0) {
    deps.logger.log({ level: "warn", event: "auth.sign-in-throttled", message: "Sign-in refused: too many failed attempts.", scope: { component: "http" }, fields: { username } });
    const minutes = Math.ceil(waitMs / 60_000);
    throw new HttpError("TOO_MANY_REQUESTS", `Too many failed sign-ins for this username. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
  }
  const user = await deps.store.auth.users.getByUsername(username);
  const ok = await verifyPassword(password, user?.passwordHash ?? DECOY_PASSWORD_HASH);
  if (user === undefined || !ok) {
    deps.signInLimiter?.recordFailure(username);
    deps.logger.log({ level: "warn", event: "auth.sign-in-failed", message: "Sign-in refused: wrong username or password.", scope: { component: "http" }, fields: { username } });
    return undefined;
  }
  deps.signInLimiter?.recordSuccess(username);
  deps.logger.log({ level: "info", event: "auth.sign-in", message: `${user.username} signed in.`, scope: { component: "http" }, fields: { userId: user.id } });
  return { id: user.id, username: user.username, role: user.role };
}

/** Result of {@link ensureFirstAdmin}. */
export type FirstAdminResult =
  | { readonly created: false }
  | {
      readonly created: true;
      readonly username: string;
      /** The password to show once: generated, or the one given. */
      readonly password: string;
      /** True when the password was generated (so it must be printed). */
      readonly generated: boolean;
    };

/**
 * Creates the user `admin` when the store has no user at all (first run). Safe when several
 * processes start together: the loser of the race finds the username taken and creates nothing.
 *
 * @example
 * const first = await ensureFirstAdmin(store, { password: process.env.INTACCT_SYNC_ADMIN_PASSWORD });
 * if (first.created && first.generated) console.log(`admin password: ${first.password}`);
 */
export async function ensureFirstAdmin(store: Store, options: { readonly password?: string | undefined } = {}): Promise<FirstAdminResult> {
  if ((await store.auth.users.count()) > 0) return { created: false };
  const given = options.password !== undefined && options.password !== "";
  const password = given ? (options.password ?? "") : generatePassword();
  try {
    await store.auth.users.create({ id: randomUUID(), username: FIRST_ADMIN_USERNAME, passwordHash: await hashPassword(password), role: "admin" });
  } catch (e) {
    if (e instanceof StoreError && e.code === "CONFLICT") return { created: false };
    throw e;
  }
  return { created: true, username: FIRST_ADMIN_USERNAME, password, generated: !given };
}

/** Whether `user` may see the account (false for a missing account too). */
export async function canAccessAccount(deps: Pick<HttpDeps, "store">, user: AuthUser, accountId: string): Promise<boolean> {
  if (user.role === "admin") return (await deps.store.accounts.get(accountId)) !== undefined;
  return deps.store.auth.grants.has(user.id, accountId);
}

/** The accounts `user` may see, ordered by id (no secrets: {@link AccountView}). */
export async function visibleAccounts(deps: Pick<HttpDeps, "store" | "accounts">, user: AuthUser): Promise<AccountView[]> {
  const all = await deps.accounts.list();
  if (user.role === "admin") return all;
  const granted = new Set(await deps.store.auth.grants.listAccounts(user.id));
  return all.filter((a) => granted.has(a.id));
}
