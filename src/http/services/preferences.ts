/** An account's sync preferences: read with defaults, update with the engine's schema. */
import { parsePreferences, type SyncPreferences } from "../../sync/preferences.js";
import type { JsonObject, JsonValue } from "../../store/port.js";
import { AppError } from "../../domain/errors.js";
import type { AuthUser, HttpDeps } from "../context.js";
import { HttpError } from "../http-error.js";
import { requireAccount } from "./access.js";

/** Preferences as shown: parsed (defaults filled in) plus the schedule. */
export interface PreferencesView {
  readonly preferences: SyncPreferences;
  /** The auto-sync schedule as stored (e.g. `daily`); absent = the queue's default. */
  readonly schedule?: string;
}

function view(raw: JsonObject): PreferencesView {
  const schedule = raw["schedule"];
  return { preferences: parsePreferences(raw), ...(typeof schedule === "string" ? { schedule } : {}) };
}

/** The account's preferences. */
export async function getPreferences(deps: HttpDeps, user: AuthUser, accountId: string): Promise<PreferencesView> {
  const account = await requireAccount(deps, user, accountId);
  return view(account.preferences);
}

/**
 * Merges `patch` into the stored preferences (a `null` value removes a key) and saves them when
 * the result passes `parsePreferences`; `VALIDATION_FAILED` (400) naming the field otherwise.
 */
export async function updatePreferences(deps: HttpDeps, user: AuthUser, accountId: string, patch: Readonly<Record<string, JsonValue>>): Promise<PreferencesView> {
  const account = await requireAccount(deps, user, accountId);
  const next: Record<string, JsonValue> = { ...account.preferences };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  try {
    parsePreferences(next);
  } catch (e) {
    if (e instanceof AppError && e.code === "PREFERENCES_INVALID") throw new HttpError("VALIDATION_FAILED", e.message, { cause: e });
    throw e;
  }
  const saved = await deps.store.accounts.update(accountId, { preferences: next });
  deps.logger.log({ level: "info", event: "account.preferences-saved", message: `Preferences of ${accountId} saved by ${user.username}.`, scope: { component: "http", connection: accountId } });
  return view(saved.preferences);
}
