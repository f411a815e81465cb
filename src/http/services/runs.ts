/** Sync Now, the run history, and the live events of an account's runs. */
import type { RunEventListener, RunKind, RunTicket } from "../../queue/port.js";
import type { RunRecord } from "../../store/port.js";
import type { AuthUser, HttpDeps } from "../context.js";
import { HttpError } from "../http-error.js";
import { requireAccount } from "./access.js";

/** Asks the runner for a run (returns the active one when the account already has one). */
export async function syncNow(deps: HttpDeps, user: AuthUser, accountId: string, options: { readonly kind?: RunKind; readonly reason?: "manual" | "api" } = {}): Promise<RunTicket> {
  await requireAccount(deps, user, accountId);
  const ticket = await deps.runner.requestRun({ accountId, kind: options.kind ?? "sync", reason: options.reason ?? "manual", requestedBy: user.id });
  deps.logger.log({ level: "info", event: "run.requested", message: `${options.kind ?? "sync"} of ${accountId} requested by ${user.username}.`, scope: { component: "http", connection: accountId, run: ticket.runId }, fields: { created: ticket.created } });
  return ticket;
}

/** Newest first. */
export async function listRuns(deps: HttpDeps, user: AuthUser, accountId: string, options: { readonly limit?: number } = {}): Promise<RunRecord[]> {
  await requireAccount(deps, user, accountId);
  return deps.store.runs.list(accountId, { limit: options.limit ?? 50 });
}

/** One run of the account (404 when it belongs to another account). */
export async function getRun(deps: HttpDeps, user: AuthUser, accountId: string, runId: string): Promise<RunRecord> {
  await requireAccount(deps, user, accountId);
  const run = await deps.store.runs.get(runId);
  if (run === undefined || run.accountId !== accountId) throw new HttpError("NOT_FOUND", `No run ${JSON.stringify(runId)} in account ${JSON.stringify(accountId)}.`);
  return run;
}

/** Subscribes to the account's run events after the access check; returns the unsubscribe function. */
export async function subscribeRunEvents(deps: HttpDeps, user: AuthUser, accountId: string, listener: RunEventListener): Promise<() => void> {
  await requireAccount(deps, user, accountId);
  return deps.runner.subscribe(accountId, listener);
}
