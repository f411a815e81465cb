/** The isolation rule every account-scoped use-case starts with. */
import type { AccountView } from "../../connections/accounts.js";
import { canAccessAccount } from "../auth/identity.js";
import type { AuthUser, HttpDeps } from "../context.js";
import { accountNotFound, HttpError } from "../http-error.js";

/**
 * The account when it exists and `user` may see it; otherwise `NOT_FOUND` (404) with the same
 * text either way, so a member cannot learn which account ids exist.
 */
export async function requireAccount(deps: Pick<HttpDeps, "store" | "accounts">, user: AuthUser, accountId: string): Promise<AccountView> {
  if (!(await canAccessAccount(deps, user, accountId))) throw accountNotFound(accountId);
  return deps.accounts.show(accountId);
}

/** `FORBIDDEN` unless `user` is an admin. */
export function requireAdminUser(user: AuthUser): void {
  if (user.role !== "admin") throw new HttpError("FORBIDDEN", "Only an admin can do this.");
}
