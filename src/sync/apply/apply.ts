/**
 * `apply`: performs a durable plan's operations, idempotently and resumably (ADR 0006 "What
 * `apply` must do").
 *
 * - Every write is marked `in-flight` (its control id and dedupe key are in the stored plan)
 *   before it is sent, so a killed process knows which writes may have landed.
 * - An `in-flight` operation found at start, and any write whose outcome is uncertain (timeout,
 *   dropped connection, 5xx after send, "already recorded with the control id"), is settled by a
 *   look-up before anything is re-sent; a re-send reuses the same control id (`uniqueid=true`)
 *   or dedupe key, so it can never create a second record.
 * - After a write, its link, its status and (for the last operation of an object) the object's
 *   cursors commit in one store transaction.
 * - One bad record never stops a run: it becomes a per-record error with fix actions, and the
 *   operations that depend on it are blocked with an error of their own.
 */
import { AppError, coerceError } from "../../domain/errors.js";
import { IntacctLimits } from "../../intacct/limits.js";
import { LinkIndex } from "../links.js";
import type { CanonicalRecord, Ref } from "../model/canonical.js";
import { intacctDelete, type IntacctWrite, type IntacctWriteSettings, toIntacct } from "../model/intacct-mapper.js";
import { OBJECT_SPECS, type SyncObject } from "../model/objects.js";
import { type PlatformResource, type PlatformWrite, toPlatform } from "../model/platform-mapper.js";
import { type FixAction, linkAfter, type Operation, type WriteOutcome } from "../operation.js";
import type { CursorState } from "../plan.js";
import type { IntacctSidePort, OperationStatus, PlatformSidePort, StoredPlan, SyncStatePort, SyncStateTx } from "../ports.js";
import type { ProgressListener } from "../run-summary.js";
import { blockedOperations, intacctBatches, readyOperations, uncertainOperations } from "../schedule.js";
import { field } from "../model/intacct-mapper.js";

/** Options of {@link apply}. */
export interface ApplyOptions {
  readonly plan: StoredPlan;
  readonly state: SyncStatePort;
  readonly intacct: IntacctSidePort;
  readonly platform: PlatformSidePort & { lookupList?(object: SyncObject, by: { readonly naturalId?: string; readonly name?: string }): Promise<Readonly<Record<string, unknown>> | undefined> };
  /** Intacct write settings from the account's preferences. */
  readonly settings: IntacctWriteSettings;
  /** Progress events. @default none */
  readonly onProgress?: ProgressListener;
  /**
   * Test hook: throw after this many writes have been committed, as a killed process would stop.
   * @default never
   */
  readonly stopAfterWrites?: number;
  /**
   * Objects (per target side) whose whole target side was read for this plan: the planner already
   * matched every record there by ID and name, so a create needs no look-up first.
   * @default none (look up before every list create)
   */
  readonly fullyRead?: ReadonlySet<string>;
  /**
   * Intacct requests this apply keeps prepared or in flight at once. The client's per-company
   * budget decides how many are on the wire (2 by default); one more, encoded and marked in
   * flight, waits for the next free slot so no slot idles while a response is being committed.
   * Bounded so that a killed run leaves at most this many requests' operations to settle by look-up.
   * @default 3
   */
  readonly intacctPipeline?: number;
  /**
   * Concurrent requests the company allows (the client's budget), for sizing batches so every
   * round of requests fills every slot (see `intacctBatches`).
   * @default 2
   */
  readonly intacctSlots?: number;
}

/** What {@link apply} did. */
export interface ApplyResult {
  /** Final status of each operation of the plan. */
  readonly status: Readonly<Record<string, OperationStatus>>;
  /** Operations that wrote to a side in this call. */
  readonly writes: number;
  /** Operations that failed (planned errors included). */
  readonly failed: number;
}

/** Raised by the `stopAfterWrites` hook. */
export class SimulatedCrash extends Error {
  constructor(writes: number) {
    super(`simulated crash after ${writes} writes`);
    this.name = "SimulatedCrash";
  }
}

const RETRY_FIXES: readonly FixAction[] = ["retry", "skip-change"];

/** Default of `ApplyOptions.intacctPipeline`: the default company budget (2) plus one request ready to go. */
const INTACCT_PIPELINE = 3;

/** Default of `ApplyOptions.intacctSlots`: Intacct's default of 2 concurrent requests per company (`intacct-xml-api.md` §7). */
const INTACCT_SLOTS = 2;

/** Platform writes in flight at once: BILL allows 3 concurrent requests per organization (`reference/bill-api.md`). */
const PLATFORM_CONCURRENCY = 3;

/** Runs `work` over `items` with at most `limit` at a time; rejects with the first failure after all settle. */
async function runPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { reason: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && failure === undefined) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (e) {
        failure ??= { reason: e };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.reason;
}

/** BILL resource of each platform-written object (for archive on delete). */
const PLATFORM_RESOURCE: Partial<Record<SyncObject, PlatformResource>> = {
  glAccount: "chartOfAccounts", department: "departments", location: "locations", class: "accountingClasses", employee: "employees", project: "jobs", item: "items",
  paymentTerm: "paymentTerms", vendor: "vendors", customer: "customers", bill: "bills", vendorCredit: "vendorCredits", invoice: "invoices",
};

function recordIdOf(op: Operation): string {
  return op.platformId ?? (op.intacctKey === undefined ? op.id : `intacct:${op.intacctKey}`);
}

/** The business key an Intacct look-up uses: list code, bill number, payment reference. */
function naturalIdOf(op: Operation): string | undefined {
  if (op.lookup?.naturalId !== undefined) return op.lookup.naturalId;
  if (op.intacctId !== undefined) return op.intacctId;
  const r: CanonicalRecord | undefined = op.intacctRecord;
  if (r === undefined) return undefined;
  if ("code" in r && typeof r.code === "string") return r.code;
  if ("number" in r && typeof r.number === "string") return r.number;
  if ("reference" in r && typeof r.reference === "string") return r.reference;
  return undefined;
}

/**
 * Applies a stored plan. Never throws for a record's failure; throws only when the store fails
 * (or the test hook fires) — the plan is durable, so the next run resumes.
 *
 * @example
 * const result = await apply({ plan, state, intacct, platform, settings: intacctWriteSettings(prefs) });
 */
export async function apply(options: ApplyOptions): Promise<ApplyResult> {
  const { plan, state, intacct, platform, settings } = options;
  const ops = plan.operations;
  const status: Record<string, OperationStatus> = { ...plan.status };
  let links = new LinkIndex(await state.links());
  // Records with open errors: only their success needs the errors resolved (one query each).
  const openErrors = new Set((await state.openErrorRecords()).map((r) => `${r.object}|${r.recordId}`));
  let writes = 0;
  const remaining = new Map<SyncObject, number>();
  for (const op of ops) if (status[op.id] !== "done" && status[op.id] !== "failed") remaining.set(op.object, (remaining.get(op.object) ?? 0) + 1);
  const cursorsOf = new Map<SyncObject, CursorState[]>();
  for (const c of plan.cursors) cursorsOf.set(c.object, [...(cursorsOf.get(c.object) ?? []), c]);
  const cursorsDone = new Set<SyncObject>();
  const doneCount = new Map<SyncObject, number>();
  const totals = new Map<SyncObject, number>();
  for (const op of ops) totals.set(op.object, (totals.get(op.object) ?? 0) + 1);

  const resolveIntacct = (r: Ref): string | undefined => {
    if (r.side === "intacct") return r.id;
    const l = links.byPlatform(r.object, r.id);
    return OBJECT_SPECS[r.object].kind === "transaction" ? l?.intacctKey : (l?.intacctId ?? l?.intacctKey);
  };
  const resolvePlatform = (r: Ref): string | undefined => (r.side === "platform" ? r.id : links.byIntacctRef(r.object, r.id)?.platformId);

  // Writes run in parallel (BILL allows 3 requests per organization; Intacct batches share the
  // company's budget) but state commits go one at a time, in the order outcomes arrive.
  let commitChain: Promise<unknown> = Promise.resolve();
  const commit = <T>(cb: (tx: SyncStateTx) => Promise<T>): Promise<T> => {
    const run = commitChain.then(() => state.withTransaction(cb));
    commitChain = run.catch(() => undefined);
    return run;
  };
  let crashed: SimulatedCrash | undefined;

  /**
   * Records the outcome of several operations in ONE store transaction: each one's link (or
   * error) and status, and the cursors of every object whose last operation this is — so a state
   * change and its cursor advance still commit together, at one commit per Intacct request
   * rather than one per record (measured: per-record commits cost ≈ 1.5 ms each, 7.5 s of CPU
   * for 5,000 bills).
   */
  async function settleMany(items: ReadonlyArray<{ readonly op: Operation; readonly next: "done" | "failed"; readonly work: (tx: SyncStateTx) => Promise<void> }>): Promise<void> {
    // After a (simulated) kill nothing more is recorded, exactly as if the process had died.
    if (crashed !== undefined) throw crashed;
    if (items.length === 0) return;
    const finished: SyncObject[] = [];
    for (const { op, next } of items) {
      status[op.id] = next;
      const left = (remaining.get(op.object) ?? 1) - 1;
      remaining.set(op.object, left);
      if (left === 0 && !finished.includes(op.object)) finished.push(op.object);
    }
    await commit(async (tx) => {
      for (const { op, next, work } of items) {
        await work(tx);
        await tx.setOperationStatus(plan.planId, op.id, next);
      }
      // An object's cursor advances with its last state change (ADR 0006 §5).
      for (const object of finished) {
        if (cursorsDone.has(object)) continue;
        for (const c of cursorsOf.get(object) ?? []) await tx.setCursor(c);
      }
    });
    for (const object of finished) cursorsDone.add(object);
    for (const { op } of items) {
      doneCount.set(op.object, (doneCount.get(op.object) ?? 0) + 1);
      options.onProgress?.({ type: "apply-progress", runId: plan.runId, object: op.object, done: doneCount.get(op.object) ?? 0, total: totals.get(op.object) ?? 0 });
    }
  }

  function settleStatus(op: Operation, next: "done" | "failed", work: (tx: SyncStateTx) => Promise<void>): Promise<void> {
    return settleMany([{ op, next, work }]);
  }

  /** Marks operations done with their outcomes (one transaction), then counts the writes for the test hook. */
  async function succeedMany(entries: ReadonlyArray<{ readonly op: Operation; readonly outcome: WriteOutcome }>, wrote: boolean): Promise<void> {
    if (crashed !== undefined) throw crashed;
    let group = entries;
    const stop = options.stopAfterWrites;
    // The test hook stops after exactly `stop` committed writes, as a kill between two commits would.
    if (wrote && stop !== undefined && writes + group.length > stop) group = group.slice(0, Math.max(0, stop - writes));
    const items = group.map(({ op, outcome }) => {
      const next = linkAfter(op, outcome, links);
      if (next === "remove") links = new LinkIndex(links.all().filter((l) => !(l.object === op.object && l.platformId === op.platformId)));
      else if (next !== undefined) links.add(next);
      const recordId = recordIdOf(op);
      const hadError = openErrors.delete(`${op.object}|${recordId}`);
      return {
        op,
        next: "done" as const,
        work: async (tx: SyncStateTx): Promise<void> => {
          if (next === "remove") {
            if (op.platformId !== undefined) await tx.removeLink(op.object, op.platformId);
          } else if (next !== undefined) {
            await tx.upsertLink(next);
          }
          if (hadError) await tx.resolveRecordErrors(op.object, recordId, "synced");
        },
      };
    });
    await settleMany(items);
    if (wrote) {
      writes += items.length;
      if (stop !== undefined && (writes >= stop || items.length < entries.length)) {
        crashed ??= new SimulatedCrash(writes);
        throw crashed;
      }
    }
  }

  function succeed(op: Operation, outcome: WriteOutcome, wrote: boolean): Promise<void> {
    return succeedMany([{ op, outcome }], wrote);
  }

  async function fail(op: Operation, e: { code: string; message: string; errorClass: string; fixActions: readonly string[] }): Promise<void> {
    openErrors.add(`${op.object}|${recordIdOf(op)}`);
    await settleStatus(op, "failed", (tx) => tx.addRecordError({ object: op.object, recordId: recordIdOf(op), errorClass: e.errorClass, code: e.code, message: e.message, fixActions: e.fixActions, operationId: op.id }));
    options.onProgress?.({ type: "operation-failed", runId: plan.runId, operationId: op.id, object: op.object, code: e.code, message: e.message });
  }

  async function markInFlight(batch: readonly Operation[]): Promise<void> {
    if (crashed !== undefined) throw crashed;
    for (const op of batch) status[op.id] = "in-flight";
    await commit(async (tx) => {
      for (const op of batch) await tx.setOperationStatus(plan.planId, op.id, "in-flight");
    });
  }

  async function lookupIntacct(op: Operation): Promise<WriteOutcome | undefined> {
    const naturalId = naturalIdOf(op);
    if (naturalId === undefined && op.lookup?.name === undefined) return undefined;
    const found = await intacct.lookup(op.object, { ...(naturalId === undefined ? {} : { naturalId }), ...(naturalId === undefined && op.lookup?.name !== undefined ? { name: op.lookup.name } : {}), controlId: op.controlId });
    if (found.length !== 1 || found[0] === undefined) return undefined;
    const idField = OBJECT_SPECS[op.object].kind === "list" ? OBJECT_SPECS[op.object].intacctIdField : undefined;
    const key = field(found[0], "RECORDNO");
    const id = idField === undefined ? undefined : field(found[0], idField);
    return key === undefined ? undefined : { intacctKey: key, ...(id === undefined ? {} : { intacctId: id }) };
  }

  async function lookupPlatform(op: Operation): Promise<WriteOutcome | undefined> {
    const marked = await platform.findByDedupeKey(op.object, op.dedupeKey);
    if (marked !== undefined && typeof marked["id"] === "string") return { platformId: marked["id"] };
    if (OBJECT_SPECS[op.object].kind === "list" && op.lookup !== undefined && platform.lookupList !== undefined) {
      const hit = await platform.lookupList(op.object, op.lookup);
      if (hit !== undefined && typeof hit["id"] === "string") return { platformId: hit["id"] };
    }
    return undefined;
  }

  // 1. Writes left in flight by a stopped run: settle by look-up; re-send only when nothing landed.
  for (const op of uncertainOperations(ops, status)) {
    const found = op.kind === "create" ? (op.target === "intacct" ? await lookupIntacct(op) : await lookupPlatform(op)) : undefined;
    if (found !== undefined) await succeed(op, found, false);
    else {
      // Not found (or an update/delete, which are idempotent with the same content): send again
      // with the same control id / dedupe key.
      status[op.id] = "pending";
    }
  }

  // 2. Rounds of ready operations until nothing is ready.
  for (;;) {
    for (const op of blockedOperations(ops, status)) {
      if ((status[op.id] ?? "pending") !== "pending") continue;
      await fail(op, { code: "SYNC_DEPENDENCY_FAILED", message: `Not synced: a record it references did not sync (${op.dependsOn.length} dependencies).`, errorClass: "unresolved-reference", fixActions: RETRY_FIXES });
    }
    const ready = readyOperations(ops, status);
    if (ready.length === 0) break;
    for (const op of ready) {
      if (op.target !== "none") continue;
      if (op.kind === "error") {
        const e = op.error;
        await fail(op, { code: e?.code ?? "SYNC_ERROR", message: e?.message ?? op.reason, errorClass: e?.class ?? "unsupported", fixActions: e?.fixActions ?? RETRY_FIXES });
      } else if (op.kind === "hold") {
        openErrors.add(`${op.object}|${recordIdOf(op)}`);
        await settleStatus(op, "done", (tx) => tx.addRecordError({ object: op.object, recordId: recordIdOf(op), errorClass: op.error?.class ?? "hold", code: op.error?.code ?? "SYNC_HELD", message: op.error?.message ?? op.reason, fixActions: op.error?.fixActions ?? RETRY_FIXES, operationId: op.id }));
      } else {
        await succeed(op, {}, false);
      }
    }
    const platformOps = ready.filter((o) => o.target === "platform");
    const outcomes = await Promise.allSettled([applyIntacct(ready.filter((o) => o.target === "intacct")), runPool(platformOps, PLATFORM_CONCURRENCY, applyPlatform)]);
    if (crashed !== undefined) throw crashed;
    for (const o of outcomes) if (o.status === "rejected") throw o.reason;
  }
  // Objects without operations (or whose last operation settled earlier) advance their cursors now.
  const pendingCursors = plan.cursors.filter((c) => !cursorsDone.has(c.object) && (remaining.get(c.object) ?? 0) === 0);
  if (pendingCursors.length > 0) {
    await state.withTransaction(async (tx) => {
      for (const c of pendingCursors) await tx.setCursor(c);
    });
  }
  return { status, writes, failed: Object.values(status).filter((s) => s === "failed").length };

  async function applyIntacct(ready: readonly Operation[]): Promise<void> {
    // A bounded pipeline: each batch is mapped, marked in flight and encoded while earlier ones
    // are on the wire; the client's per-company budget decides how many are sent at once.
    const batches = intacctBatches(ready, IntacctLimits.MAX_FUNCTIONS_PER_REQUEST, Math.max(1, options.intacctSlots ?? INTACCT_SLOTS));
    await runPool(batches, Math.max(1, options.intacctPipeline ?? INTACCT_PIPELINE), applyIntacctBatch);
  }

  async function applyIntacctBatch(batch: readonly Operation[]): Promise<void> {
    {
      const items: Array<{ op: Operation; write: IntacctWrite }> = [];
      for (const op of batch) {
        try {
          if (op.kind === "create" && op.lookup !== undefined && OBJECT_SPECS[op.object].kind === "list" && options.fullyRead?.has(`${op.object}|intacct`) !== true) {
            const existing = await lookupIntacct(op);
            if (existing !== undefined) {
              await succeed(op, existing, false);
              continue;
            }
          }
          const write = op.kind === "delete"
            ? intacctDelete(op.object, op.intacctKey ?? "")
            : toIntacct(requireRecord(op, op.intacctRecord), { resolve: resolveIntacct, settings, ...(op.kind === "update" && op.intacctKey !== undefined ? { recordNo: op.intacctKey } : {}) });
          items.push({ op, write: withItemId(op, write) });
        } catch (e) {
          await fail(op, mappingError(e));
        }
      }
      if (items.length === 0) return;
      await markInFlight(items.map((i) => i.op));
      const results = await intacct.write(items.map((i) => ({ controlId: i.op.controlId, write: i.write, entityId: i.op.entityId })));
      const landed: Array<{ op: Operation; outcome: WriteOutcome }> = [];
      const rest: Array<() => Promise<void>> = [];
      for (const [k, r] of results.entries()) {
        const item = items[k];
        if (item === undefined) continue;
        const op = item.op;
        if (r.status === "ok") {
          const key = r.recordNo ?? op.intacctKey;
          if (key === undefined) {
            rest.push(async () => {
              const found = await lookupIntacct(op);
              if (found === undefined) await fail(op, { code: "SYNC_NO_RECORDNO", message: "Intacct accepted the write but returned no RECORDNO, and a look-up found none.", errorClass: "unsupported", fixActions: RETRY_FIXES });
              else await succeed(op, found, true);
            });
          } else {
            landed.push({ op, outcome: { intacctKey: key, ...(r.id === undefined ? {} : { intacctId: r.id }) } });
          }
        } else if (r.status === "failed") {
          rest.push(() => fail(op, { code: r.code, message: r.message, errorClass: r.errorClass, fixActions: r.code === "NOT_IMPLEMENTED" ? ["skip-change"] : RETRY_FIXES }));
        } else {
          const why = r.status;
          rest.push(() => settleIntacct(op, item.write, why));
        }
      }
      await succeedMany(landed, true);
      for (const next of rest) await next();
    }
  }

  async function settleIntacct(op: Operation, write: IntacctWrite, why: "uncertain" | "already-done"): Promise<void> {
    if (op.kind !== "create") {
      // Updates and deletes by RECORDNO: "already recorded" means it landed; an uncertain one is re-sent with the same control id.
      if (why === "already-done") return succeed(op, {}, true);
    } else {
      const found = await lookupIntacct(op);
      if (found !== undefined) return succeed(op, found, true);
      if (why === "already-done") {
        return fail(op, { code: "SYNC_UNSETTLED", message: "Intacct says the write was already recorded with this control id, but no record with its ID was found.", errorClass: "unsupported", fixActions: ["retry", "fixed-in-intacct"] });
      }
    }
    const [again] = await intacct.write([{ controlId: op.controlId, write, entityId: op.entityId }]);
    if (again?.status === "ok") return succeed(op, { ...(again.recordNo === undefined ? {} : { intacctKey: again.recordNo }), ...(again.id === undefined ? {} : { intacctId: again.id }) }, true);
    if (again?.status === "already-done" && op.kind === "create") {
      const found = await lookupIntacct(op);
      if (found !== undefined) return succeed(op, found, true);
    }
    // Still unknown: leave it in flight; the next run settles it before anything else.
    remaining.set(op.object, (remaining.get(op.object) ?? 0));
  }

  async function applyPlatform(op: Operation): Promise<void> {
    let write: PlatformWrite;
    try {
      if (op.kind === "create" && op.lookup !== undefined && OBJECT_SPECS[op.object].kind === "list" && platform.lookupList !== undefined && options.fullyRead?.has(`${op.object}|platform`) !== true) {
        const hit = await platform.lookupList(op.object, op.lookup);
        if (hit !== undefined && typeof hit["id"] === "string") return await succeed(op, { platformId: hit["id"] }, false);
      }
      if (op.kind === "delete") {
        const resource = PLATFORM_RESOURCE[op.object];
        if (resource === undefined || op.platformId === undefined) throw new Error(`${op.object} cannot be archived on the platform`);
        write = { op: "archive", resource, id: op.platformId };
      } else {
        write = toPlatform(requireRecord(op, op.platformRecord), { resolve: resolvePlatform, ...(op.platformId === undefined ? {} : { platformId: op.platformId }) });
      }
    } catch (e) {
      return fail(op, mappingError(e));
    }
    // The dedupe key is in the stored plan; marking the operation in flight records that it may land.
    await markInFlight([op]);
    let result = await platform.write(write, op.dedupeKey);
    if (result.status === "uncertain") {
      const found = op.kind === "create" ? await lookupPlatform(op) : undefined;
      if (found !== undefined) return succeed(op, found, true);
      result = await platform.write(write, op.dedupeKey);
    }
    // Settings are keyed by the plan (`setting:<object>:<key>`), not by what the writer returns.
    if (result.status === "ok") return succeed(op, { platformId: write.op === "putSetting" ? (op.platformId ?? result.id) : result.id }, true);
    if (result.status === "failed") return fail(op, { code: result.code, message: result.message, errorClass: result.code === "NOT_IMPLEMENTED" ? "unsupported" : "platform-rejected", fixActions: result.code === "NOT_IMPLEMENTED" ? ["skip-change"] : RETRY_FIXES });
    // Still uncertain: stays in flight for the next run to settle.
  }
}

function requireRecord(op: Operation, record: CanonicalRecord | undefined): CanonicalRecord {
  if (record === undefined) throw new Error(`${op.kind} of ${op.object} without a record to write`);
  return record;
}

/** A record that cannot be mapped (unlinked reference, invalid record) → its per-record error. */
function mappingError(e: unknown): { code: string; message: string; errorClass: string; fixActions: readonly string[] } {
  const err = coerceError(e);
  const code = err instanceof AppError ? String(err.code) : "SYNC_RECORD_INVALID";
  return { code, message: err.message, errorClass: code === "REF_UNRESOLVED" ? "unresolved-reference" : "unsupported", fixActions: RETRY_FIXES };
}

/**
 * Intacct does not auto-number items (the sandbox answers `BL01001973 Required field Item ID is
 * missing`, B0): an item created from a platform item without a short name gets the platform id
 * (≤ 30 characters) as its ITEMID. The link stores it as the Intacct ID, like an auto-number.
 */
function withItemId(op: Operation, write: IntacctWrite): IntacctWrite {
  if (op.object !== "item" || write.fn !== "create" || write.record["ITEMID"] !== undefined || op.platformId === undefined) return write;
  return { ...write, record: { ITEMID: op.platformId.slice(0, 30), ...write.record } };
}
