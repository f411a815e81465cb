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
});
