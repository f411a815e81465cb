/**
 * What the web UI needs from the service, as one small interface: sign-in and the use-cases the
 * pages show. `routes.tsx` adapts the service's `HttpDeps` to it, so the pages depend on these
 * few functions only and their tests can hand in the real service or a narrow stand-in.
 *
 * Every account function is called only after {@link UiDeps.canSee} said yes for the signed-in
 * user, and gets that user too (the service's use-cases check access again).
 */
import type { Context, MiddlewareHandler } from "hono";

import type { ConnectionTest } from "../../connections/connector-port.js";
import type { DoctorReport } from "../../doctor/check.js";
import type { RunEventListener, RunTicket } from "../../queue/port.js";
import type { RecordErrorRecord, RunRecord } from "../../store/port.js";
import type { SyncPreferences } from "../../sync/preferences.js";
import type { AccountRow } from "./pages/accounts.js";
import type { UsageRow } from "./pages/usage.js";

/** The signed-in person. */
export interface UiUser {
  readonly id: string;
  readonly username: string;
  readonly role: "admin" | "member";
}

/** An account as the account pages show it (no secret). */
export interface UiAccount {
  readonly id: string;
  readonly name: string;
  readonly companyId: string;
  readonly userId: string;
  /** `""` = top level. */
  readonly entityId: string;
  /** True when a password is stored. */
  readonly passwordSet: boolean;
}

/** Login Info typed into the form; an empty password keeps the stored one. */
export interface LoginInfoInput {
  readonly companyId: string;
  readonly userId: string;
  readonly password: string;
  readonly entityId: string;
}

/** Outcome of saving Login Info or preferences: ok, or what is wrong (shown on the form). */
export type SaveResult = { readonly ok: true } | { readonly ok: false; readonly message: string; readonly problems?: ReadonlyArray<{ readonly field: string; readonly message: string }> };

/** A doctor report with its time. */
export interface DoctorResult {
  readonly report: DoctorReport;
  /** ISO time. */
  readonly checkedAt: string;
}

/** Sign-in of the UI. */
export interface UiAuth {
  /** Reads the session cookie (if any) and sets the user; never answers by itself. */
  readonly session: MiddlewareHandler;
  /** The signed-in user, or undefined. */
  user(c: Context): UiUser | undefined;
  /** The CSRF token forms of this page carry (in the `_csrf` field). */
  csrfToken(c: Context): string;
  /** True when the token posted with a form is valid for this session (or, before sign-in, for this browser). */
  verifyCsrf(c: Context, token: string): boolean;
  /** Checks the password; on success starts a session (sets the cookie) and returns the user. */
  signIn(c: Context, username: string, password: string): Promise<UiUser | undefined>;
  /** Ends the session and clears the cookie. */
  signOut(c: Context): Promise<void>;
  /** Shown on the sign-in page while no one has signed in yet: where the first admin's password was printed. */
  firstRunHint(): Promise<string | undefined>;
}

/** Everything the pages do. */
export interface UiDeps {
  readonly auth: UiAuth;
  /** Accounts the user may see, each with its newest run. */
  listAccounts(user: UiUser): Promise<AccountRow[]>;
  /** The account when it exists and the user may see it; otherwise undefined (the page answers 404 either way). */
  canSee(user: UiUser, accountId: string): Promise<UiAccount | undefined>;
  saveLoginInfo(accountId: string, input: LoginInfoInput, user: UiUser): Promise<SaveResult>;
  /** Tests the typed Login Info (an empty password means the stored one). */
  testLoginInfo(accountId: string, input: LoginInfoInput, user: UiUser): Promise<ConnectionTest>;
  runDoctor(accountId: string, user: UiUser): Promise<DoctorResult>;
  /** The newest doctor report, if one was kept. */
  lastDoctor(accountId: string, user: UiUser): Promise<DoctorResult | undefined>;
  preferences(accountId: string, user: UiUser): Promise<{ readonly preferences: SyncPreferences; readonly schedule: string }>;
  /** Saves the form's preferences (strings as posted; checkboxes absent when off). */
  savePreferences(accountId: string, form: Readonly<Record<string, string>>, user: UiUser): Promise<SaveResult>;
  syncNow(accountId: string, user: UiUser): Promise<RunTicket>;
  /** Newest first. */
  runs(accountId: string, user: UiUser): Promise<RunRecord[]>;
  activeRun(accountId: string): Promise<string | undefined>;
  subscribe(accountId: string, listener: RunEventListener): () => void;
  /** Open per-record errors, oldest first. */
  openErrors(accountId: string, user: UiUser): Promise<RecordErrorRecord[]>;
  /** Applies a fix action to an open error of the account; returns the sentence to show (`ok: false` when it could not). */
  fixError(accountId: string, errorId: string, action: string, user: UiUser): Promise<{ readonly ok: boolean; readonly message: string }>;
  /** API usage per Intacct company per month, for the companies of the accounts the user may see. */
  usage(user: UiUser): Promise<{ readonly rows: UsageRow[]; readonly note?: string }>;
}
