/**
 * Reads the doctor's preferences from an account's stored sync preferences, under the names the
 * sync engine uses (`src/sync/preferences.ts`): `apAccountNo` and `clearingBankAccountId`. The
 * older key `clearingAccountId` (written by early releases of the doctor) is still read, with a
 * deprecation warning, because the sync refuses unknown keys and would stop on it.
 */
import type { AccountService } from "../connections/accounts.js";
import type { LoginInfo } from "../connections/login-info.js";
import type { JsonObject } from "../store/port.js";
import { check, type CheckResult } from "./check.js";
import type { DoctorPreferences, SiblingAccount } from "./preference-checks.js";

/** The stored key of the clearing checking account (the sync engine's name). */
export const CLEARING_KEY = "clearingBankAccountId";
/** The deprecated key some stored preferences still carry. */
export const DEPRECATED_CLEARING_KEY = "clearingAccountId";

/** What {@link doctorPreferencesOf} found. */
export interface StoredDoctorPreferences {
  readonly preferences: DoctorPreferences;
  /** A `prefs.deprecated-key` warning when the old key is present; append it to the report. */
  readonly warnings: readonly CheckResult[];
}

/**
 * The doctor's view of stored preferences.
 *
 * @example
 * const { preferences, warnings } = doctorPreferencesOf(account.preferences);
 */
export function doctorPreferencesOf(stored: JsonObject): StoredDoctorPreferences {
  const ap = stored["apAccountNo"];
  const current = stored[CLEARING_KEY];
  const old = stored[DEPRECATED_CLEARING_KEY];
  const clearing = typeof current === "string" ? current : typeof old === "string" ? old : undefined;
  const warnings: CheckResult[] = [];
  if (old !== undefined) {
    warnings.push(
      check.warn(
        "prefs.deprecated-key",
        "Preference names",
        typeof current === "string"
          ? `The preferences hold both "${CLEARING_KEY}" and the deprecated "${DEPRECATED_CLEARING_KEY}"; the sync refuses the deprecated key.`
          : `The clearing account is stored under the deprecated name "${DEPRECATED_CLEARING_KEY}"; the doctor reads it, but the sync refuses it.`,
        `Rename the preference "${DEPRECATED_CLEARING_KEY}" to "${CLEARING_KEY}" (same value) in the account's sync preferences.`,
      ),
    );
  }
  return { preferences: { ...(typeof ap === "string" ? { apAccountNo: ap } : {}), ...(clearing === undefined ? {} : { clearingAccountId: clearing }) }, warnings };
}

/** What the doctor needs of a stored account: its Login Info, preferences and sibling accounts. */
export interface AccountDoctorInputs {
  readonly loginInfo: LoginInfo;
  readonly preferences: DoctorPreferences;
  /** Other accounts on the same Intacct company (the guide's several-entities case). */
  readonly siblings: readonly SiblingAccount[];
  /** The siblings' Login Info (decrypted in memory only), as references for the doctor. */
  readonly referenceLogins: ReadonlyArray<{ readonly accountId: string; readonly loginInfo: LoginInfo }>;
  /** Checks about the stored preferences themselves (deprecated keys). */
  readonly warnings: readonly CheckResult[];
}

/**
 * Reads a stored account for the doctor (the CLI's `doctor --account`, the service and the queue
 * share it).
 *
 * @example
 * const inputs = await accountDoctorInputs(accounts, "acme-us");
 * const report = await runDoctor({ ...inputs, accountId: "acme-us", senderId, senderPassword });
 */
export async function accountDoctorInputs(accounts: AccountService, accountId: string): Promise<AccountDoctorInputs> {
  const account = await accounts.show(accountId);
  const loginInfo = await accounts.loginInfo(accountId);
  const others = await accounts.siblings(accountId);
  const referenceLogins: Array<{ accountId: string; loginInfo: LoginInfo }> = [];
  for (const s of others) {
    try {
      referenceLogins.push({ accountId: s.id, loginInfo: await accounts.loginInfo(s.id) });
    } catch {
      // A sibling whose password cannot be decrypted is no reference; its own doctor run says why.
    }
  }
  const own = doctorPreferencesOf(account.preferences);
  return {
    loginInfo,
    preferences: own.preferences,
    siblings: others.map((s) => ({ accountId: s.id, entityId: s.entityId, ...doctorPreferencesOf(s.preferences).preferences })),
    referenceLogins,
    warnings: own.warnings,
  };
}
