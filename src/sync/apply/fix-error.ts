/**
 * Fix actions as a use-case: what the CLI's `errors fix` and the service's fix buttons call. The
 * state change itself is the pure {@link resolveFix}; this reads what it needs (the error, the
 * account, the links, and through the clients the records as they are now on both sides) and
 * commits the change with the error's new status in one transaction.
 *
 * - `retry`: nothing changes and the error stays open: the next run reads the record again by id
 *   (open errors are re-read) and plans it; the error closes when the record syncs.
 * - `skip-change`: the record's current version counts as synced (the link's fingerprint, or a
 *   suppression when unlinked); the error becomes `ignored`. Later changes sync again.
 * - `fixed-in-intacct`: links the platform record to the Intacct record as both are now; the error
 *   and the other open errors of the two records become `resolved`.
 */
import type { BillClient } from "../../bill/index.js";
import { AppError } from "../../domain/errors.js";
import type { IntacctClient } from "../../intacct/index.js";
import type { RecordErrorRecord, Store, StoreRepositories } from "../../store/port.js";
import { createIntacctSide } from "../adapters/intacct-side.js";
import { createPlatformSide } from "../adapters/platform-side.js";
import { type Link, LinkIndex } from "../links.js";
import { displayName, type Observation } from "../model/canonical.js";
import { observeIntacct } from "../model/intacct-mapper.js";
import { OBJECT_SPECS, SYNC_ORDER, type SyncObject } from "../model/objects.js";
import { observePlatform } from "../model/platform-mapper.js";
import type { FixAction } from "../operation.js";
import { type ResolutionChange, resolveFix } from "../resolution.js";
import { fromLinkRow, type LinkRow, suppressionEntry, toLinkRow } from "../state-rows.js";

/** Codes of {@link FixError}. */
export type FixErrorCode =
  /** No error with this id on this account. */
  | "ERROR_NOT_FOUND"
  /** The error was already resolved or ignored. */
  | "ERROR_NOT_OPEN"
  /** The action is not one of the error's fix actions. */
  | "FIX_NOT_ALLOWED"
  /** The action reads records on both sides: pass the account's clients. */
  | "FIX_NEEDS_CLIENTS"
  /** A record the action needs cannot be found (or not told apart from another). */
  | "FIX_RECORD_NOT_FOUND";

/** A fix action that cannot be applied (user side: the caller chose it). */
export class FixError extends AppError<FixErrorCode> {
  constructor(code: FixErrorCode, message: string, options: { readonly cause?: unknown } = {}) {
    super(code, message, { ...options, side: "user" });
  }
}

/** The fix actions, for validation at the edges. */
export const FIX_ACTIONS: readonly FixAction[] = ["retry", "skip-change", "fixed-in-intacct"];

/** True when `value` is a {@link FixAction}. */
export function isFixAction(value: string): value is FixAction {
  return (FIX_ACTIONS as readonly string[]).includes(value);
}

/** Input of {@link applyFixAction}. */
export interface ApplyFixActionInput {
  readonly store: Store;
  readonly accountId: string;
  readonly errorId: string;
  readonly action: FixAction;
  /** The account's signed-in clients (`AccountConnector.open`); needed by `skip-change` and `fixed-in-intacct`. */
  readonly clients?: { readonly intacct: IntacctClient; readonly bill: BillClient };
  /**
   * For `fixed-in-intacct` on a platform record: the Intacct RECORDNO to link to. @default the
   * linked record, else the one Intacct record with the platform record's ID or name
   */
  readonly intacctKey?: string;
  /** For `fixed-in-intacct` on an Intacct record: the platform id to link to. @default the linked record */
  readonly platformId?: string;
}

/** What {@link applyFixAction} did. */
export interface FixResult {
  /** The error as it is now (`open` after `retry`). */
  readonly error: RecordErrorRecord;
  /** The state change made. */
  readonly change: ResolutionChange;
}

const INTACCT_PREFIX = "intacct:";

/**
 * Applies a fix action to an open per-record error.
 *
 * @example
 * const clients = await connector.open(accountId);
 * try { await applyFixAction({ store, accountId, errorId, action: "fixed-in-intacct", clients }); } finally { await clients.close(); }
 */
export async function applyFixAction(input: ApplyFixActionInput): Promise<FixResult> {
  const { store, accountId, action } = input;
  const error = await store.recordErrors.get(input.errorId);
  if (error === undefined || error.accountId !== accountId) throw new FixError("ERROR_NOT_FOUND", `No error "${input.errorId}" on account ${accountId}. List them with: intacct-sync errors list --account ${accountId}`);
  if (error.status !== "open") throw new FixError("ERROR_NOT_OPEN", `Error ${error.id} is already ${error.status}${error.resolution === undefined ? "" : ` (${error.resolution})`}.`);
  if (!error.fixActions.includes(action)) {
    throw new FixError("FIX_NOT_ALLOWED", `"${action}" is not a fix for error ${error.id} (${error.code}); its fixes are: ${error.fixActions.join(", ") || "none"}.`);
  }
  if (action === "retry") return { error, change: { kind: "none" } };
  if (!isSyncObjectName(error.object)) throw new FixError("FIX_RECORD_NOT_FOUND", `Error ${error.id} is about "${error.object}", which the sync does not know.`);
  const object = error.object;
  const clients = input.clients;
  if (clients === undefined) throw new FixError("FIX_NEEDS_CLIENTS", `"${action}" reads the record on both sides: open the account's clients first.`);
  const account = await store.accounts.get(accountId);
  if (account === undefined) throw new FixError("ERROR_NOT_FOUND", `No account with id "${accountId}".`);

  const links = new LinkIndex((await allLinks(store, accountId)).map((r) => fromLinkRow(r)));
  const intacct = createIntacctSide({ client: account.entityId === "" ? clients.intacct : clients.intacct.forEntity(account.entityId), entityId: account.entityId });
  const platform = createPlatformSide({ client: clients.bill });
  const readIntacct = async (key: string): Promise<Observation | undefined> => {
    const [r] = await intacct.readByKeys(object, [key]);
    return r === undefined ? undefined : observeIntacct(object, r);
  };
  const readPlatform = async (id: string): Promise<Observation | undefined> => {
    const [r] = await platform.readByIds(object, [id]);
    return r === undefined ? undefined : observePlatform(object, r);
  };
  const onIntacct = error.recordId.startsWith(INTACCT_PREFIX);
  const recordKey = onIntacct ? error.recordId.slice(INTACCT_PREFIX.length) : error.recordId;
  const link = onIntacct ? links.byIntacctKey(object, recordKey) : links.byPlatform(object, recordKey);

  if (action === "skip-change") {
    const changed = onIntacct ? await readIntacct(recordKey) : await readPlatform(recordKey);
    const change = resolveFix({ action, links, ...(changed === undefined ? {} : { changed }), ...(link === undefined ? {} : { link }) });
    const resolution = changed?.record === undefined ? "skip-change: the record no longer exists" : "skip-change: this version is not synced";
    const updated = await commit(store, accountId, change, [error.id], "ignored", resolution);
    return { error: updated, change };
  }

  // fixed-in-intacct: both records as they are now.
  let p: Observation | undefined;
  let i: Observation | undefined;
  if (onIntacct) {
    i = await readIntacct(recordKey);
    const platformId = input.platformId ?? link?.platformId;
    if (platformId === undefined) throw new FixError("FIX_RECORD_NOT_FOUND", `Intacct record ${recordKey} is not linked: name the platform record to link it to.`);
    p = await readPlatform(platformId);
    if (p === undefined) throw new FixError("FIX_RECORD_NOT_FOUND", `Platform ${object} ${platformId} was not found.`);
  } else {
    p = await readPlatform(recordKey);
    if (p?.record === undefined) throw new FixError("FIX_RECORD_NOT_FOUND", `Platform ${object} ${recordKey} was not found.`);
    const key = input.intacctKey ?? link?.intacctKey ?? (await findIntacctTwin(intacct, object, p));
    i = await readIntacct(key);
  }
  if (i?.record === undefined) throw new FixError("FIX_RECORD_NOT_FOUND", `The Intacct ${OBJECT_SPECS[object].intacctObject} to link was not found in ${account.entityId === "" ? "the company" : `entity ${account.entityId}`}.`);
  const change = resolveFix({ action, links, platform: p, intacct: i });
  // The twin errors of the two records (e.g. both sides of an ambiguous match) close with it.
  const open = await store.recordErrors.list(accountId, { status: "open" });
  const related = open.filter((e) => e.object === object && (e.id === error.id || e.recordId === p.key || e.recordId === `${INTACCT_PREFIX}${i.key}`)).map((e) => e.id);
  const updated = await commit(store, accountId, change, related, "resolved", `fixed-in-intacct: linked to Intacct ${i.naturalId ?? i.key}`, error.id);
  return { error: updated, change };
}

function isSyncObjectName(name: string): name is SyncObject {
  return Object.hasOwn(OBJECT_SPECS, name);
}

async function allLinks(store: Store, accountId: string): Promise<LinkRow[]> {
  const out: LinkRow[] = [];
  for (const object of SYNC_ORDER) for (const row of await store.links.list(accountId, object)) out.push(row as LinkRow);
  return out;
}

/** The one Intacct record with the platform record's ID, else its name. */
async function findIntacctTwin(intacct: ReturnType<typeof createIntacctSide>, object: SyncObject, p: Observation): Promise<string> {
  const name = p.record === undefined ? undefined : displayName(p.record);
  const byId = p.naturalId === undefined || p.naturalId === "" ? [] : await intacct.lookup(object, { naturalId: p.naturalId });
  const found = byId.length > 0 ? byId : name === undefined ? [] : await intacct.lookup(object, { name });
  const keys = [...new Set(found.map((r) => r["RECORDNO"]).filter((k): k is string => typeof k === "string" && k !== ""))];
  if (keys.length === 1 && keys[0] !== undefined) return keys[0];
  throw new FixError(
    "FIX_RECORD_NOT_FOUND",
    keys.length === 0
      ? `No Intacct ${OBJECT_SPECS[object].intacctObject} has the ID or name of platform record ${p.key}${name === undefined ? "" : ` ("${name}")`}: create or fix it in Intacct first, or name its RECORDNO.`
      : `${keys.length} Intacct ${OBJECT_SPECS[object].intacctObject} records (RECORDNO ${keys.join(", ")}) match platform record ${p.key}; name the one to link.`,
  );
}

/** The state change and the errors' new status, in one transaction; returns the error acted on. */
async function commit(store: Store, accountId: string, change: ResolutionChange, errorIds: readonly string[], status: "resolved" | "ignored", resolution: string, primary: string | undefined = errorIds[0]): Promise<RecordErrorRecord> {
  return store.withTransaction(async (tx) => {
    if (change.kind === "upsert-link") await upsertLink(tx, accountId, change.link);
    if (change.kind === "suppress") {
      const e = suppressionEntry(change.suppression);
      await tx.state.put(accountId, e.namespace, e.key, e.value);
    }
    let acted: RecordErrorRecord | undefined;
    for (const id of errorIds) {
      const r = await tx.recordErrors.resolve(id, status, resolution);
      if (id === primary) acted = r;
    }
    if (acted === undefined) throw new FixError("ERROR_NOT_FOUND", `Error ${primary ?? ""} vanished while it was being fixed.`);
    return acted;
  });
}

/** Upserts a link; a link moving to another platform record first drops the old holder of the Intacct key. */
async function upsertLink(tx: StoreRepositories, accountId: string, link: Link): Promise<void> {
  const row = toLinkRow(accountId, link);
  const holder = await tx.links.getByIntacctKey(accountId, row.object, row.intacctKey);
  if (holder !== undefined && holder.platformId !== row.platformId) await tx.links.remove(accountId, row.object, holder.platformId);
  await tx.links.upsert(row);
}
