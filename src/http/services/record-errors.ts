/** Per-record errors of an account and their fix actions. */
import { NotImplementedError } from "../../domain/errors.js";
import type { RecordErrorRecord, RecordErrorStatus } from "../../store/port.js";
import type { AuthUser, HttpDeps } from "../context.js";
import { HttpError } from "../http-error.js";
import { requireAccount } from "./access.js";

/** The account's per-record errors (open ones by default), oldest first. */
export async function listRecordErrors(deps: HttpDeps, user: AuthUser, accountId: string, options: { readonly status?: RecordErrorStatus } = {}): Promise<RecordErrorRecord[]> {
  await requireAccount(deps, user, accountId);
  return deps.store.recordErrors.list(accountId, { status: options.status ?? "open" });
}

/** What a fix action did. */
export interface FixOutcome {
  readonly error: RecordErrorRecord;
  /** Sentence to show, e.g. "The change will be retried in the next sync." */
  readonly message: string;
}

/**
 * Applies one of the error's fix actions (`retry`, `skip-change`, `fixed-in-intacct`).
 * `NOT_FOUND` when the error is not the account's; `UNPROCESSABLE` when it is closed or does not
 * offer the action.
 */
export async function fixRecordError(deps: HttpDeps, user: AuthUser, accountId: string, errorId: string, action: string): Promise<FixOutcome> {
  await requireAccount(deps, user, accountId);
  const error = await deps.store.recordErrors.get(errorId);
  if (error === undefined || error.accountId !== accountId) throw new HttpError("NOT_FOUND", `No error ${JSON.stringify(errorId)} in account ${JSON.stringify(accountId)}.`);
  if (error.status !== "open") throw new HttpError("UNPROCESSABLE", `Error ${JSON.stringify(errorId)} is already ${error.status}.`);
  if (!error.fixActions.includes(action)) throw new HttpError("UNPROCESSABLE", `Error ${JSON.stringify(errorId)} offers ${error.fixActions.map((a) => JSON.stringify(a)).join(", ") || "no fix action"}, not ${JSON.stringify(action)}.`);
  // TODO(#7): call applyFixAction from src/sync/apply/fix-error.ts once it lands.
  throw new NotImplementedError(`fix action ${JSON.stringify(action)} (the sync engine's applyFixAction is not wired yet)`);
}
