/** Accounts as the service shows them, and their Sage Intacct Login Info. */
import type { AccountView } from "../../connections/accounts.js";
import type { ConnectionTest } from "../../connections/connector-port.js";
import { findLoginInfoProblems, type LoginInfo, PASSWORD_MASK } from "../../connections/login-info.js";
import type { RunRecord } from "../../store/port.js";
import { visibleAccounts } from "../auth/identity.js";
import type { AuthUser, HttpDeps } from "../context.js";
import { HttpError } from "../http-error.js";
import { requireAccount, requireAdminUser } from "./access.js";

/** An account with its newest run and whether one is active. */
export interface AccountSummary {
  readonly account: AccountView;
  /** Newest run (sync or doctor), if any. */
  readonly lastRun?: RunRecord;
  /** The queued or running run, if any. */
  readonly activeRunId?: string;
}

/** An account page's data. */
export interface AccountDetail extends AccountSummary {
  readonly openErrors: number;
}

async function summarize(deps: HttpDeps, account: AccountView): Promise<AccountSummary> {
  const [lastRun] = await deps.store.runs.list(account.id, { limit: 1 });
  const activeRunId = await deps.runner.activeRun(account.id);
  return { account, ...(lastRun === undefined ? {} : { lastRun }), ...(activeRunId === undefined ? {} : { activeRunId }) };
}

/** Accounts `user` may see, each with its newest run. */
export async function listAccountSummaries(deps: HttpDeps, user: AuthUser): Promise<AccountSummary[]> {
  return Promise.all((await visibleAccounts(deps, user)).map((a) => summarize(deps, a)));
}

/** One account (404 when missing or not visible). */
export async function getAccountDetail(deps: HttpDeps, user: AuthUser, accountId: string): Promise<AccountDetail> {
  const account = await requireAccount(deps, user, accountId);
  const summary = await summarize(deps, account);
  const openErrors = (await deps.store.recordErrors.list(accountId, { status: "open" })).length;
  return { ...summary, openErrors };
}

/** Login Info as typed in a form or an API body; an absent or empty password keeps the stored one. */
export interface LoginInfoInput {
  readonly companyId: string;
  readonly userId: string;
  readonly password?: string | undefined;
  /** @default "" (top level) */
  readonly entityId?: string | undefined;
}

async function completeLoginInfo(deps: HttpDeps, accountId: string, input: LoginInfoInput): Promise<LoginInfo> {
  const password = input.password === undefined || input.password === "" ? (await deps.accounts.loginInfo(accountId)).password : input.password;
  const info: LoginInfo = { companyId: input.companyId, userId: input.userId, password, entityId: input.entityId ?? "" };
  const problems = findLoginInfoProblems(info);
  if (problems.length > 0) {
    throw new HttpError("VALIDATION_FAILED", `The Login Info has ${problems.length === 1 ? "a problem" : `${problems.length} problems`}: ${problems.map((p) => p.message).join(" ")}`, { details: problems });
  }
  return info;
}

/**
 * Saves an account's Login Info (password encrypted by the account service; never echoed).
 * `VALIDATION_FAILED` with per-field details when a field is blank or has stray spaces.
 */
export async function saveLoginInfo(deps: HttpDeps, user: AuthUser, accountId: string, input: LoginInfoInput): Promise<AccountView> {
  const account = await requireAccount(deps, user, accountId);
  const loginInfo = await completeLoginInfo(deps, accountId, input);
  const saved = await deps.accounts.add({ id: account.id, name: account.name, platformOrgId: account.platformOrgId, loginInfo, replace: true });
  deps.logger.log({ level: "info", event: "account.login-info-saved", message: `Login Info of ${accountId} saved by ${user.username}.`, scope: { component: "http", connection: accountId }, fields: { companyId: loginInfo.companyId, userId: loginInfo.userId, entityId: loginInfo.entityId } });
  return saved;
}

/** Signs in with the given Login Info (or the stored one when `input` is absent) and signs out; stores nothing. */
export async function testConnection(deps: HttpDeps, user: AuthUser, accountId: string, input?: LoginInfoInput): Promise<ConnectionTest> {
  await requireAccount(deps, user, accountId);
  const info = input === undefined ? await deps.accounts.loginInfo(accountId) : await completeLoginInfo(deps, accountId, input);
  return deps.connector.testLoginInfo(info);
}

/** Adds an account with its Login Info (admins only); `ACCOUNT_EXISTS` (409) when the id or organization is taken. */
export async function createAccount(
  deps: HttpDeps,
  actor: AuthUser,
  input: { readonly id: string; readonly name?: string | undefined; readonly platformOrgId?: string | undefined } & LoginInfoInput,
): Promise<AccountView> {
  requireAdminUser(actor);
  if (input.password === undefined || input.password === "") throw new HttpError("VALIDATION_FAILED", "Password is empty.", { details: [{ field: "password", message: "Password is empty." }] });
  const loginInfo: LoginInfo = { companyId: input.companyId, userId: input.userId, password: input.password, entityId: input.entityId ?? "" };
  const problems = findLoginInfoProblems(loginInfo);
  if (problems.length > 0) throw new HttpError("VALIDATION_FAILED", problems.map((p) => p.message).join(" "), { details: problems });
  const view = await deps.accounts.add({ id: input.id, loginInfo, ...(input.name === undefined ? {} : { name: input.name }), ...(input.platformOrgId === undefined ? {} : { platformOrgId: input.platformOrgId }) });
  deps.logger.log({ level: "info", event: "account.created", message: `${actor.username} added account ${view.id}.`, scope: { component: "http", connection: view.id } });
  return view;
}

/** Removes an account and everything recorded for it (admins only). */
export async function removeAccount(deps: HttpDeps, actor: AuthUser, accountId: string): Promise<void> {
  // Visibility first: a member asking about an account they cannot see gets the same 404 as for a missing one.
  await requireAccount(deps, actor, accountId);
  requireAdminUser(actor);
  await deps.accounts.remove(accountId);
}

/** The account's Login Info with the password masked. */
export async function getLoginInfo(deps: HttpDeps, user: AuthUser, accountId: string): Promise<{ readonly companyId: string; readonly userId: string; readonly password: typeof PASSWORD_MASK; readonly entityId: string }> {
  const a = await requireAccount(deps, user, accountId);
  return { companyId: a.companyId, userId: a.userId, password: PASSWORD_MASK, entityId: a.entityId };
}
