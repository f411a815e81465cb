/**
 * Scheduling a plan's operations for `apply` (pure): which operations can run now, and how the
 * Intacct writes among them are grouped into requests. Writes of one entity share a session, so
 * a batch never mixes entities; a request holds at most `IntacctLimits.MAX_FUNCTIONS_PER_REQUEST`
 * functions, and never two writes of the same record.
 */
import { IntacctLimits } from "../intacct/limits.js";
import type { Operation } from "./operation.js";
import type { OperationStatus } from "./ports.js";

/** Operations whose dependencies are done and which are not done themselves (failed ones are retried only by a new run). */
export function readyOperations(operations: readonly Operation[], status: Readonly<Record<string, OperationStatus>>): Operation[] {
  const failedOrPending = new Set(operations.filter((o) => status[o.id] !== "done").map((o) => o.id));
  return operations.filter((o) => (status[o.id] ?? "pending") === "pending" && o.dependsOn.every((d) => !failedOrPending.has(d)));
}

/** Operations blocked for good because something they depend on failed. */
export function blockedOperations(operations: readonly Operation[], status: Readonly<Record<string, OperationStatus>>): Operation[] {
  const failed = new Set(operations.filter((o) => status[o.id] === "failed").map((o) => o.id));
  const blocked = new Set<string>();
  for (const o of operations) {
    if (o.dependsOn.some((d) => failed.has(d) || blocked.has(d))) blocked.add(o.id);
  }
  return operations.filter((o) => blocked.has(o.id));
}

/** Operations whose write was sent but whose outcome is unknown: settle each by a look-up before anything is retried. */
export function uncertainOperations(operations: readonly Operation[], status: Readonly<Record<string, OperationStatus>>): Operation[] {
  return operations.filter((o) => status[o.id] === "in-flight");
}

/**
 * Groups ready Intacct writes into requests: same entity, at most `max` functions each, in plan
 * order.
 *
 * @example
 * for (const batch of intacctBatches(readyOperations(ops, status))) await intacct.write(batch.map(toWriteItem));
 */
export function intacctBatches(ready: readonly Operation[], max: number = IntacctLimits.MAX_FUNCTIONS_PER_REQUEST): Operation[][] {
  const byEntity = new Map<string, Operation[][]>();
  for (const op of ready) {
    if (op.target !== "intacct") continue;
    const batches = byEntity.get(op.entityId) ?? [];
    let last = batches[batches.length - 1];
    if (last === undefined || last.length >= max) {
      last = [];
      batches.push(last);
    }
    last.push(op);
    byEntity.set(op.entityId, batches);
  }
  return [...byEntity.values()].flat();
}
