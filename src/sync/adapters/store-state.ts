/**
 * The engine's state port (`SyncStatePort`) over the store (`src/store/port.ts`), bound to one
 * account: links and cursors in their tables, suppressions and the durable plan in the generic
 * state table, runs and per-record errors in theirs.
 *
 * The durable plan is one state entry (`sync-plan` / `current`); each operation's status is its
 * own entry (`sync-op-status` / `<planId>|<opId>`) so marking an operation costs one small row,
 * not a rewrite of the whole plan.
 */
import type { JsonObject, JsonValue, Store, StoreRepositories } from "../../store/port.js";
import type { Link } from "../links.js";
import { SYNC_ORDER, type SyncObject } from "../model/objects.js";
import type { CursorState, Suppression } from "../plan.js";
import type { OperationStatus, RecordErrorInput, StoredPlan, SyncStatePort, SyncStateTx } from "../ports.js";
import type { RunStats } from "../run-summary.js";
import { fromCursorRow, fromLinkRow, type LinkRow, fromSuppressionEntry, toCursorRow, toLinkRow } from "../state-rows.js";

const PLAN_NS = "sync-plan";
const PLAN_KEY = "current";
const STATUS_NS = "sync-op-status";

/** Options of {@link createStoreSyncState}. */
export interface StoreSyncStateOptions {
  readonly store: Store;
  readonly accountId: string;
  /** Run id that per-record errors are attached to. @default undefined */
  readonly runId?: string;
}

function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

function txOf(repos: StoreRepositories, accountId: string, runId: string | undefined): SyncStateTx {
  return {
    upsertLink: async (link: Link) => {
      const row = toLinkRow(accountId, link);
      // A link that moves to another platform record (relink) would hit the Intacct-key
      // uniqueness of the store: drop the old holder first.
      const holder = await repos.links.getByIntacctKey(accountId, row.object, row.intacctKey);
      if (holder !== undefined && holder.platformId !== row.platformId) await repos.links.remove(accountId, row.object, holder.platformId);
      await repos.links.upsert(row);
    },
    removeLink: async (object, platformId) => {
      await repos.links.remove(accountId, object, platformId);
    },
    setCursor: async (c: CursorState) => {
      const row = toCursorRow(c);
      await repos.cursors.set(accountId, row.side, row.object, row.value);
    },
    setOperationStatus: async (planId, operationId, status) => {
      await repos.state.put(accountId, STATUS_NS, `${planId}|${operationId}`, status);
    },
    addRecordError: async (e: RecordErrorInput) => {
      // One open error per record: a repeated failure replaces nothing and adds no noise.
      const open = await repos.recordErrors.list(accountId, { status: "open" });
      if (open.some((o) => o.object === e.object && o.recordId === e.recordId && o.code === e.code)) return;
      await repos.recordErrors.add({
        id: `err-${e.operationId.slice(-24)}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
        accountId, object: e.object, recordId: e.recordId, errorClass: e.errorClass, code: e.code, message: e.message, fixActions: e.fixActions,
        ...(runId === undefined ? {} : { runId }),
      });
    },
    resolveRecordErrors: async (object, recordId, resolution) => {
      const open = await repos.recordErrors.list(accountId, { status: "open" });
      for (const o of open) if (o.object === object && o.recordId === recordId) await repos.recordErrors.resolve(o.id, "resolved", resolution);
    },
  };
}

/**
 * The state port of one account over a store.
 *
 * @example
 * const state = createStoreSyncState({ store, accountId: "east" });
 * const links = await state.links();
 */
export function createStoreSyncState(options: StoreSyncStateOptions): SyncStatePort & { readonly accountId: string } {
  const { store, accountId } = options;
  let runId = options.runId;
  return {
    accountId,
    links: async () => {
      const out: Link[] = [];
      for (const object of SYNC_ORDER) for (const row of await store.links.list(accountId, object)) out.push(fromLinkRow(row as LinkRow));
      return out;
    },
    cursors: async () => (await store.cursors.list(accountId)).map((r) => fromCursorRow({ side: r.side, object: r.object, value: r.value })),
    suppressions: async () => {
      const out: Suppression[] = [];
      for (const e of await store.state.list(accountId, "sync-suppressions")) {
        const s = fromSuppressionEntry(e.key, e.value);
        if (s !== undefined) out.push(s);
      }
      return out;
    },
    openErrorRecords: async () => {
      const open = await store.recordErrors.list(accountId, { status: "open" });
      const seen = new Set<string>();
      const out: Array<{ object: SyncObject; recordId: string }> = [];
      for (const e of open) {
        if (!(SYNC_ORDER as readonly string[]).includes(e.object) || seen.has(`${e.object}|${e.recordId}`)) continue;
        seen.add(`${e.object}|${e.recordId}`);
        out.push({ object: e.object as SyncObject, recordId: e.recordId });
      }
      return out;
    },
    unfinishedPlan: async () => {
      const value = await store.state.get(accountId, PLAN_NS, PLAN_KEY);
      if (value === undefined || value === null || typeof value !== "object") return undefined;
      const plan = value as unknown as Omit<StoredPlan, "status">;
      const status: Record<string, OperationStatus> = {};
      for (const e of await store.state.list(accountId, STATUS_NS)) {
        const [planId, opId] = splitOnce(e.key);
        if (planId === plan.planId && typeof e.value === "string") status[opId] = e.value as OperationStatus;
      }
      return { ...plan, status };
    },
    savePlan: async (plan) => {
      await store.withTransaction(async (tx) => {
        // Plain data already (the store serializes it once; a toJson copy of 5,000 operations cost ~0.3 s).
        const saved = { planId: plan.planId, runId: plan.runId, createdAt: plan.createdAt, operations: plan.operations, cursors: plan.cursors };
        await tx.state.put(accountId, PLAN_NS, PLAN_KEY, saved as unknown as JsonValue);
        for (const [opId, s] of Object.entries(plan.status)) await tx.state.put(accountId, STATUS_NS, `${plan.planId}|${opId}`, s);
      });
    },
    finishPlan: async (planId) => {
      await store.withTransaction(async (tx) => {
        for (const e of await tx.state.list(accountId, STATUS_NS)) if (splitOnce(e.key)[0] === planId) await tx.state.delete(accountId, STATUS_NS, e.key);
        const current = await tx.state.get(accountId, PLAN_NS, PLAN_KEY);
        if (current !== undefined && current !== null && typeof current === "object" && (current as JsonObject)["planId"] === planId) await tx.state.delete(accountId, PLAN_NS, PLAN_KEY);
      });
    },
    startRun: async (run) => {
      runId = run.runId;
      await store.runs.start({ id: run.runId, accountId, kind: run.kind, status: "running" });
    },
    finishRun: async (id, status, stats: RunStats) => {
      await store.runs.update(id, { status, stats: toJson(stats) as JsonObject });
    },
    withTransaction: (cb) => store.withTransaction((tx) => cb(txOf(tx, accountId, runId))),
  };
}

function splitOnce(key: string): [string, string] {
  const i = key.indexOf("|");
  return i < 0 ? [key, ""] : [key.slice(0, i), key.slice(i + 1)];
}
