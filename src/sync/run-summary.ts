/**
 * Run summaries and progress events (pure). A run records counts per object, side and kind,
 * timings and API calls on each side; the CLI and the web UI render progress from the events.
 */
import type { Side, SyncObject } from "./model/objects.js";
import type { Operation, OperationKind } from "./operation.js";

/** Counts of one object. */
export type KindCounts = Readonly<Record<OperationKind, number>>;

/** Counts of one run: per object, per written side (`none` for state-only kinds), per kind. */
export interface RunCounts {
  readonly byObject: Readonly<Partial<Record<SyncObject, Readonly<Record<Side | "none", KindCounts>>>>>;
  readonly total: KindCounts;
}

const KINDS: readonly OperationKind[] = ["create", "update", "delete", "link", "skip", "hold", "error"];

function zero(): Record<OperationKind, number> {
  return { create: 0, update: 0, delete: 0, link: 0, skip: 0, hold: 0, error: 0 };
}

/**
 * Counts operations per object, target side and kind. Pass `outcomes` to count what actually
 * happened (an operation that failed at apply time counts as `error`).
 *
 * @example
 * countOperations(plan.operations).total.create; // 12
 */
export function countOperations(operations: readonly Operation[], outcomes?: ReadonlyMap<string, "done" | "failed">): RunCounts {
  const byObject: Partial<Record<SyncObject, Record<Side | "none", Record<OperationKind, number>>>> = {};
  const total = zero();
  for (const op of operations) {
    const kind: OperationKind = outcomes?.get(op.id) === "failed" ? "error" : op.kind;
    const perObject = (byObject[op.object] ??= { platform: zero(), intacct: zero(), none: zero() });
    perObject[op.target][kind]++;
    total[kind]++;
  }
  return { byObject, total };
}

/** True when the operations write nothing to either side. */
export function writesNothing(operations: readonly Operation[]): boolean {
  return operations.every((op) => op.target === "none");
}

/** API calls and time spent on one side. */
export interface SideStats {
  readonly calls: number;
  /** Functions (Intacct) or requests (platform) that wrote. */
  readonly writes: number;
  readonly ms: number;
}

/** The stats stored on a run (`RunRecord.stats`). */
export interface RunStats {
  readonly counts: RunCounts;
  readonly intacct: SideStats;
  readonly platform: SideStats;
  /** Wall time per phase, milliseconds. */
  readonly timings: Readonly<{ read: number; plan: number; apply: number }>;
  readonly dryRun: boolean;
}

/** Progress events of a run, in order: `run-started`, then per phase and object, then `run-finished`. */
export type ProgressEvent =
  | { readonly type: "run-started"; readonly runId: string; readonly accountId: string; readonly objects: readonly SyncObject[]; readonly dryRun: boolean }
  | { readonly type: "read-progress"; readonly runId: string; readonly object: SyncObject; readonly side: Side; readonly rows: number; readonly done: boolean }
  | { readonly type: "planned"; readonly runId: string; readonly operations: number; readonly counts: RunCounts }
  | { readonly type: "apply-progress"; readonly runId: string; readonly object: SyncObject; readonly done: number; readonly total: number }
  | { readonly type: "operation-failed"; readonly runId: string; readonly operationId: string; readonly object: SyncObject; readonly code: string; readonly message: string }
  | { readonly type: "run-finished"; readonly runId: string; readonly status: "succeeded" | "failed"; readonly stats: RunStats };

/** A listener of progress events (must not throw; the engine ignores its return value). */
export type ProgressListener = (event: ProgressEvent) => void;

/** Text line of a run's totals, e.g. `12 created, 3 updated, 0 deleted, 40 linked, 2 skipped, 0 held, 1 error`. */
export function describeCounts(counts: KindCounts): string {
  const words: Record<OperationKind, string> = { create: "created", update: "updated", delete: "deleted", link: "linked", skip: "skipped", hold: "held", error: "errors" };
  return KINDS.map((k) => `${counts[k]} ${k === "error" && counts[k] === 1 ? "error" : words[k]}`).join(", ");
}
