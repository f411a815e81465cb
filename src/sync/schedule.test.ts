import { describe, expect, it } from "vitest";

import type { Operation } from "./operation.js";
import { blockedOperations, intacctBatches, readyOperations, uncertainOperations } from "./schedule.js";

function op(id: string, over: Partial<Operation> = {}): Operation {
  return { id, controlId: id, dedupeKey: id, object: "vendor", kind: "create", source: "platform", target: "intacct", entityId: "", version: "v", reason: "", notes: [], dependsOn: [], ...over };
}

describe("scheduling", () => {
  const ops = [op("a"), op("b", { dependsOn: ["a"] }), op("c", { dependsOn: ["b"] }), op("d")];

  it("runs an operation only after everything it depends on is done", () => {
    expect(readyOperations(ops, {}).map((o) => o.id)).toEqual(["a", "d"]);
    expect(readyOperations(ops, { a: "done", d: "done" }).map((o) => o.id)).toEqual(["b"]);
  });

  it("blocks the dependants of a failed operation, transitively", () => {
    expect(blockedOperations(ops, { a: "failed" }).map((o) => o.id)).toEqual(["b", "c"]);
  });

  it("finds in-flight operations to settle by look-up after a crash", () => {
    expect(uncertainOperations(ops, { a: "done", b: "in-flight" }).map((o) => o.id)).toEqual(["b"]);
  });

  it("batches Intacct writes per entity, at most max functions a request, skipping platform writes", () => {
    const many = [op("1", { entityId: "E1" }), op("2", { entityId: "E2" }), op("3", { entityId: "E1" }), op("4", { entityId: "E1" }), op("5", { target: "platform" })];
    expect(intacctBatches(many, 2).map((b) => b.map((o) => o.id))).toEqual([["1", "3"], ["4"], ["2"]]);
  });

  it("uses the fewest requests and sizes them evenly, so no request is left alone in a last round", () => {
    const many = Array.from({ length: 205 }, (_, i) => op(String(i)));
    const sizes = intacctBatches(many, 100).map((b) => b.length);
    expect(sizes).toEqual([69, 68, 68]);
    expect(intacctBatches(many, 100).flat().map((o) => o.id)).toEqual(many.map((o) => o.id));
    expect(intacctBatches(many.slice(0, 200), 100).map((b) => b.length)).toEqual([100, 100]);
  });

  it("rounds the request count up to a multiple of the company's slots once there is more than one round", () => {
    const many = Array.from({ length: 505 }, (_, i) => op(String(i)));
    // ceil(505 / 100) = 6 is already a multiple of 2: three full rounds.
    expect(intacctBatches(many, 100, 2).map((b) => b.length)).toEqual([85, 84, 84, 84, 84, 84]);
    // 5 would leave a slot idle in the third round: 6 requests instead.
    expect(intacctBatches(many.slice(0, 405), 100, 2).map((b) => b.length)).toEqual([68, 68, 68, 67, 67, 67]);
    // One round needs no rounding: 150 writes with 2 slots stay 2 requests; 90 stay 1.
    expect(intacctBatches(many.slice(0, 150), 100, 2).map((b) => b.length)).toEqual([75, 75]);
    expect(intacctBatches(many.slice(0, 90), 100, 2).map((b) => b.length)).toEqual([90]);
  });
});
