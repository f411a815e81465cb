/** Per-record errors of an account and their fix actions. */
import type { RecordErrorRecord, RecordErrorStatus } from "../../store/port.js";
import { applyFixAction, isFixAction } from "../../sync/apply/fix-error.js";
import type { FixAction } from "../../sync/operation.js";
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
  if (!isFixAction(action)) throw new HttpError("UNPROCESSABLE", `Unknown fix action ${JSON.stringify(action)}.`);
  // retry only reopens the change for the next run; the other actions read the record on both sides.
  const clients = action === "retry" ? undefined : await deps.connector.open(accountId);
  try {
    const result = await applyFixAction({ store: deps.store, accountId, errorId, action, ...(clients === undefined ? {} : { clients }) });
    deps.logger.log({ level: "info", event: "record-error.fixed", message: `${user.username} applied ${action} to error ${errorId}.`, scope: { component: "http", connection: accountId, record: error.recordId } });
    return { error: result.error, message: FIX_MESSAGES[action] };
  } finally {
    await clients?.close();
  }
}

const FIX_MESSAGES: Readonly<Record<FixAction, string>> = {
  retry: "The change will be tried again in the next sync.",
  "skip-change": "This change will not be synced; later changes of the record will.",
  "fixed-in-intacct": "The record is linked to the one you fixed in Intacct; the error is closed.",
};
