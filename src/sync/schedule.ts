/**
 * Scheduling a plan's operations for `apply` (pure): which operations can run now, and how the
 * Intacct writes among them are grouped into requests. Writes of one entity share a session, so
 * a batch never mixes entities; a request holds at most `IntacctLimits.MAX_FUNCTIONS_PER_REQUEST`
 * functions (the planner gives each record one operation per plan, so a batch never holds two
 * writes of the same record).
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
 * Groups ready Intacct writes into requests: same entity, plan order, evenly sized, at most
 * `max` functions each. The count is the fewest `max` allows (`ceil(n / max)`), rounded up to a
 * multiple of `slots` (the company's concurrent requests) when that adds at most `slots − 1`
 * requests: under a per-function latency model every round then keeps every slot busy. Measured
 * on the sandbox at 10 ms a function, 2 slots: 5,005 writes as 51 requests of ≈ 98 take 26
 * rounds, the last one with a slot idle (26 × 1,031 ms); as 52 requests of ≈ 96, 26 full rounds
 * of ≈ 1,013 ms. Likewise 205 writes go as 69 + 68 + 68 (not 100 + 100 + 5) with 1 slot.
 *
 * @example
 * for (const batch of intacctBatches(readyOperations(ops, status))) await intacct.write(batch.map(toWriteItem));
 */
export function intacctBatches(ready: readonly Operation[], max: number = IntacctLimits.MAX_FUNCTIONS_PER_REQUEST, slots = 1): Operation[][] {
  const byEntity = new Map<string, Operation[]>();
  for (const op of ready) {
    if (op.target !== "intacct") continue;
    const list = byEntity.get(op.entityId) ?? [];
    list.push(op);
    byEntity.set(op.entityId, list);
  }
  const out: Operation[][] = [];
  for (const list of byEntity.values()) {
    const fewest = Math.ceil(list.length / max);
    // Only worth it once there is more than one round; never more requests than operations.
    const rounded = fewest > slots ? Math.ceil(fewest / slots) * slots : fewest;
    const count = Math.min(rounded, list.length);
    // The first `list.length % count` batches take one more than the rest.
    const base = Math.floor(list.length / count);
    const extra = list.length % count;
    let at = 0;
    for (let k = 0; k < count; k++) {
      const size = base + (k < extra ? 1 : 0);
      out.push(list.slice(at, at + size));
      at += size;
    }
  }
  return out;
}
