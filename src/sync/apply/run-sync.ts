/**
 * `runSync`: one sync run of one account — pull (what changed on each side since the cursors,
 * plus records with open errors), plan (pure), save the plan, apply — or resume an unfinished
 * plan left by a stopped run before anything else.
 */
import type { BillClient } from "../../bill/index.js";
import type { Clock } from "../../domain/clock.js";
import { coerceError } from "../../domain/errors.js";
import type { Logger } from "../../domain/logger.js";
import type { IntacctClient } from "../../intacct/index.js";
import type { IntacctRecord } from "../../intacct/xml/types.js";
import type { JsonObject, JsonValue, Store } from "../../store/port.js";
import type { Observation } from "../model/canonical.js";
import { isNegativeBill, observeIntacct, observeIntacctDeletion } from "../model/intacct-mapper.js";
import { inDependencyOrder, OBJECT_SPECS, type Side, SYNC_ORDER, type SyncObject } from "../model/objects.js";
import { observePlatform } from "../model/platform-mapper.js";
import { plan as planOperations } from "../plan.js";
import type { StoredPlan } from "../ports.js";
import { intacctWriteSettings, parsePreferences, scopeOf } from "../preferences.js";
import { pullFrom, stampKey } from "../cursor.js";
import { intacctPullSpec, platformPullSpec } from "../pull.js";
import { countOperations, type ProgressListener, type RunCounts, type RunStats } from "../run-summary.js";
import { createIntacctSide, type SideCounters } from "../adapters/intacct-side.js";
import { createAttachmentSource, createPlatformSide } from "../adapters/platform-side.js";
import { createStoreSyncState } from "../adapters/store-state.js";
import { apply } from "./apply.js";
import { loadPullMemory, type PullMemory } from "./pull-memory.js";
import { type OperationJson, operationToJson } from "../render.js";

/**
 * Objects `runSync` pulls, plans and applies end to end. The rest of PRODUCT.md's object table is
 * reported as "not implemented" in the summary (never a silent success).
 */
export const IMPLEMENTED_OBJECTS: readonly SyncObject[] = ["currency", "bankAccount", "booksClosed", "glAccount", "department", "location", "class", "paymentTerm", "employee", "item", "customer", "vendor", "project", "vendorCredit", "bill", "billPayment", "invoice", "receivedPayment", "attachment"];

/** The account fields a run needs (an `AccountRecord` fits). */
export interface SyncAccount {
  readonly id: string;
  /** `""` = top level. */
  readonly entityId: string;
  /** Sync preferences (parsed with `parsePreferences`). */
  readonly preferences: unknown;
}

/** Options of {@link runSync}. */
export interface RunSyncOptions {
  readonly account: SyncAccount;
  readonly store: Store;
  /** An Intacct client signed in as the account's sync user (any entity view: the run picks the account's). */
  readonly intacct: IntacctClient;
  /** A BILL client of the account's organization. */
  readonly bill: BillClient;
  /** @default systemClock */
  readonly clock?: Clock;
  /** @default silentLogger */
  readonly logger?: Logger;
  /** Plan only; write nothing (no state change either). @default false */
  readonly dryRun?: boolean;
  /** Objects to sync (dependencies are not added). @default every object */
  readonly objects?: readonly SyncObject[];
  readonly onProgress?: ProgressListener;
  /** Test hook (see `ApplyOptions.stopAfterWrites`). @default never */
  readonly stopAfterWrites?: number;
  /** Run id. @default derived from the clock */
  readonly runId?: string;
}

/** What a run did. */
export interface SyncSummary {
  readonly runId: string;
  readonly accountId: string;
  readonly status: "succeeded" | "failed";
  readonly dryRun: boolean;
  /** True when this run finished a plan a stopped run left behind. */
  readonly resumed: boolean;
  readonly objects: readonly SyncObject[];
  /** Requested objects this version does not sync yet. */
  readonly notImplemented: readonly SyncObject[];
  readonly counts: RunCounts;
  readonly stats: RunStats;
  /** Writes performed (both sides). */
  readonly writes: number;
  /** Per-record failures of this run (planned errors included). */
  readonly errors: ReadonlyArray<{ readonly object: SyncObject; readonly recordId: string; readonly code: string; readonly message: string }>;
  /** The plan, for `--dry-run`. */
  readonly operations?: readonly OperationJson[];
}

/**
 * Runs one sync of one account.
 *
 * @example
 * const summary = await runSync({ account, store, intacct: client, bill });
 * console.log(summary.counts.total.create, summary.errors.length);
 */
export async function runSync(options: RunSyncOptions): Promise<SyncSummary> {
  const clock = options.clock ?? { now: () => Date.now() };
  const { account, store } = options;
  const dryRun = options.dryRun ?? false;
  const requested = inDependencyOrder(options.objects ?? SYNC_ORDER);
  const objects = requested.filter((o) => IMPLEMENTED_OBJECTS.includes(o));
  const notImplemented = requested.filter((o) => !IMPLEMENTED_OBJECTS.includes(o));
  const preferences = parsePreferences(account.preferences);
  const scope = scopeOf(account.entityId);
  const runId = options.runId ?? `run-${account.id}-${clock.now().toString(36)}`;
  const intacctCounters: SideCounters = { calls: 0, writes: 0, ms: 0 };
  const platformCounters: SideCounters = { calls: 0, writes: 0, ms: 0 };
  // Attachments: the Intacct writer downloads the platform's files as it sends them (never kept in the plan).
  const documents = createAttachmentSource({ client: options.bill, counters: platformCounters });
  const intacct = createIntacctSide({ client: account.entityId === "" ? options.intacct : options.intacct.forEntity(account.entityId), entityId: account.entityId, counters: intacctCounters, documents });
  // BILL has no API for account-level display values: they are kept in the store for the service to show.
  const putSetting = async (key: string, value: unknown): Promise<void> => store.state.put(account.id, "platform-settings", key, JSON.parse(JSON.stringify(value)) as JsonValue);
  const marks = "attachment-created-marks";
  const createdMarks = {
    get: async (id: string) => {
      const v = await store.state.get(account.id, marks, id);
      return typeof v === "string" ? v : undefined;
    },
    put: (id: string, updatedTime: string) => store.state.put(account.id, marks, id, updatedTime),
    delete: async (id: string) => {
      await store.state.delete(account.id, marks, id);
    },
  };
  const platform = createPlatformSide({ client: options.bill, counters: platformCounters, putSetting, ...(dryRun ? {} : { createdMarks }) });
  const state = createStoreSyncState({ store, accountId: account.id, runId });
  const emit: ProgressListener = (e) => {
    try {
      options.onProgress?.(e);
    } catch {
      // A listener must not break a run.
    }
  };
  await state.startRun({ runId, kind: dryRun ? "sync-dry-run" : "sync" });
  emit({ type: "run-started", runId, accountId: account.id, objects, dryRun });

  let stored = dryRun ? undefined : await state.unfinishedPlan();
  // Stamps and company facts from earlier runs: a run with no changes reads each object once.
  let memory: PullMemory | undefined;
  const resumed = stored !== undefined;
  let tRead = 0;
  const fullyRead = new Set<string>();
  let tPlan = 0;
  try {
    if (stored === undefined) {
      const readStart = clock.now();
      const cursors = await state.cursors();
      const mem = await loadPullMemory(store, account.id, JSON.stringify({ preferences, entityId: account.entityId }));
      memory = mem;
      const cursorOf = (object: SyncObject, side: Side) => cursors.find((c) => c.object === object && c.side === side && c.stream === "changes")?.cursor;
      const intacctObs: Observation[] = [];
      const platformObs: Observation[] = [];
      const pullIntacct = (object: SyncObject, rows: readonly IntacctRecord[]): void => {
        for (const r of rows) {
          mem.seen(object, r);
          try {
            // Bills and vendor credits are both APBILLs (credits are negative, B14): each pull keeps its own.
            const as: SyncObject = object === "bill" || object === "vendorCredit" ? (isNegativeBill(r) ? "vendorCredit" : "bill") : object;
            if (as === object) intacctObs.push(observeIntacct(as, r));
            // The other kind's rows still move this pull's cursor (else a company without credits re-reads every APBILL).
            else mem.passedOver(object, r);
          } catch (e) {
            options.logger?.log({ level: "warn", event: "sync.observe-failed", message: `${object}: ${coerceError(e).message}`, scope: { run: runId } });
          }
        }
      };
      const pullPlatform = (object: SyncObject, rows: readonly Readonly<Record<string, unknown>>[]): void => {
        for (const r of rows) {
          try {
            platformObs.push(observePlatform(object, r));
          } catch (e) {
            options.logger?.log({ level: "warn", event: "sync.observe-failed", message: `${object}: ${coerceError(e).message}`, scope: { run: runId } });
          }
        }
      };
      for (const object of objects) {
        let rows = 0;
        // Also on a full read (an object with no cursor because it never had a row): stamps exist only
        // for rows a completed run under the same preferences and scope already planned.
        const unchanged = mem.unchanged(object);
        for await (const page of intacct.readChanges({ object, spec: intacctPullSpec(object, cursorOf(object, "intacct"), scope), ...(unchanged === undefined ? {} : { unchanged }) })) {
          pullIntacct(object, page);
          rows += page.length;
          emit({ type: "read-progress", runId, object, side: "intacct", rows, done: false });
        }
        emit({ type: "read-progress", runId, object, side: "intacct", rows, done: true });
        rows = 0;
        for await (const page of platform.listChanged({ object, spec: platformPullSpec(cursorOf(object, "platform")) })) {
          pullPlatform(object, page);
          rows += page.length;
          emit({ type: "read-progress", runId, object, side: "platform", rows, done: false });
        }
        emit({ type: "read-progress", runId, object, side: "platform", rows, done: true });
      }
      // Deletions in Intacct (AUDITHISTORY, §7.3) of synced transactions, in one query from the
      // oldest deletion cursor; only once something is linked (nothing to delete before).
      const links = await state.links();
      const deletable = objects.filter((o) => OBJECT_SPECS[o].kind === "transaction" && links.some((l) => l.object === o));
      if (deletable.length > 0) {
        const froms = deletable.map((o) => pullFrom(cursors.find((c) => c.object === o && c.side === "intacct" && c.stream === "deletions")?.cursor));
        const from = froms.some((f) => f === undefined) ? undefined : froms.sort((a, b) => (stampKey("intacct", a ?? "") < stampKey("intacct", b ?? "") ? -1 : 1))[0];
        for (const { object, deletion } of await intacct.readDeletionsOf(deletable, from)) intacctObs.push(observeIntacctDeletion(object, deletion.objectKey, deletion.accessTime));
      }
      // Records with open errors are read again by id, so a fixed record syncs without a new edit.
      const retry = (await state.openErrorRecords()).filter((r) => objects.includes(r.object));
      for (const object of objects) {
        const mine = retry.filter((r) => r.object === object);
        const intacctKeys = mine.filter((r) => r.recordId.startsWith("intacct:")).map((r) => r.recordId.slice("intacct:".length));
        const platformIds = mine.filter((r) => !r.recordId.startsWith("intacct:")).map((r) => r.recordId);
        if (intacctKeys.length > 0) pullIntacct(object, await intacct.readByKeys(object, intacctKeys));
        if (platformIds.length > 0) pullPlatform(object, await platform.readByIds(object, platformIds));
      }
      for (const object of objects) for (const side of ["intacct", "platform"] as const) if (cursorOf(object, side) === undefined) fullyRead.add(`${object}|${side}`);
      const company = await mem.companyFacts(objects, (o) => cursorOf(o, "intacct") !== undefined, () => intacct.companyFacts());
      tRead = clock.now() - readStart;
      const planStart = clock.now();
      const planned = planOperations({
        accountId: account.id, scope, preferences, company, objects, intacct: intacctObs, platform: platformObs,
        links, suppressions: await state.suppressions(), cursors,
      });
      tPlan = clock.now() - planStart;
      emit({ type: "planned", runId, operations: planned.operations.length, counts: countOperations(planned.operations) });
      stored = { planId: `plan-${runId}`, runId, createdAt: new Date(clock.now()).toISOString(), operations: planned.operations, cursors: mem.cursors(planned.cursors, cursors), status: {} };
      if (dryRun) {
        const stats = statsOf(countOperations(planned.operations), intacctCounters, platformCounters, { read: tRead, plan: tPlan, apply: 0 }, true);
        await state.finishRun(runId, "succeeded", stats);
        const summary: SyncSummary = { runId, accountId: account.id, status: "succeeded", dryRun, resumed, objects, notImplemented, counts: stats.counts, stats, writes: 0, errors: [], operations: planned.operations.map(operationToJson) };
        emit({ type: "run-finished", runId, status: "succeeded", stats });
        return summary;
      }
      await state.savePlan(stored);
    }
    const plan: StoredPlan = stored;
    const applyStart = clock.now();
    const result = await apply({
      plan, state, intacct, platform, settings: intacctWriteSettings(preferences), onProgress: emit, fullyRead,
      ...(options.stopAfterWrites === undefined ? {} : { stopAfterWrites: options.stopAfterWrites }),
    });
    const tApply = clock.now() - applyStart;
    const unsettled = Object.values(result.status).some((s) => s === "in-flight") || plan.operations.some((o) => result.status[o.id] === undefined || result.status[o.id] === "pending");
    if (!unsettled) await state.finishPlan(plan.planId);
    if (!unsettled && memory !== undefined) {
      await memory.save({ client: account.entityId === "" ? options.intacct : options.intacct.forEntity(account.entityId), showPrivate: scope.kind === "top", operations: plan.operations, status: result.status, counters: intacctCounters });
    }
    const outcomes = new Map<string, "done" | "failed">();
    for (const [id, s] of Object.entries(result.status)) if (s === "done" || s === "failed") outcomes.set(id, s);
    const counts = countOperations(plan.operations, outcomes);
    const stats = statsOf(counts, intacctCounters, platformCounters, { read: tRead, plan: tPlan, apply: tApply }, false);
    const failedIds = new Set(Object.entries(result.status).filter(([, s]) => s === "failed").map(([id]) => id));
    const open = await store.recordErrors.list(account.id, { status: "open" });
    const errors = open.filter((e) => e.runId === runId || plan.operations.some((o) => failedIds.has(o.id) && o.object === e.object)).map((e) => ({ object: e.object as SyncObject, recordId: e.recordId, code: e.code, message: e.message }));
    const status = failedIds.size > 0 || unsettled ? "failed" : "succeeded";
    await state.finishRun(runId, status, stats);
    emit({ type: "run-finished", runId, status, stats });
    return { runId, accountId: account.id, status, dryRun, resumed, objects, notImplemented, counts, stats, writes: result.writes, errors };
  } catch (e) {
    const stats = statsOf(countOperations(stored?.operations ?? []), intacctCounters, platformCounters, { read: tRead, plan: tPlan, apply: 0 }, dryRun);
    await store.runs.update(runId, { status: "failed", stats: JSON.parse(JSON.stringify(stats)) as JsonObject, error: { message: coerceError(e).message } }).catch(() => undefined);
    throw e;
  }
}

function statsOf(counts: RunCounts, i: SideCounters, p: SideCounters, timings: RunStats["timings"], dryRun: boolean): RunStats {
  const side = (c: SideCounters) => ({ calls: c.calls, writes: c.writes, ms: Math.round(c.ms) });
  return { counts, intacct: side(i), platform: side(p), timings, dryRun };
}

/** Objects of the object table, for `--objects` validation. */
export function isSyncObject(name: string): name is SyncObject {
  return Object.hasOwn(OBJECT_SPECS, name);
}
