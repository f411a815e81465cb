import { describe, expect, it } from "vitest";

import type { RunEvent } from "../../queue/port.js";
import { createRunProgressTracker } from "./run-progress.js";

const total = { create: 2, update: 1, delete: 0, link: 0, skip: 0, hold: 0, error: 0 };
const stats = { counts: { byObject: {}, total }, intacct: { calls: 3, writes: 2, ms: 5 }, platform: { calls: 2, writes: 1, ms: 5 }, timings: { read: 1, plan: 1, apply: 1 }, dryRun: false };

function run(events: readonly RunEvent[]) {
  const t = createRunProgressTracker();
  return events.map((e) => t.next(e));
}

describe("run progress view", () => {
  it("fills the bar by phase: reading up to 45 %, planned at 50 %, writing up to 99 %, 100 % at the end", () => {
    const views = run([
      { type: "run-queued", runId: "r", accountId: "a", reason: "manual" },
      { type: "run-started", runId: "r", accountId: "a", objects: ["vendor", "bill"], dryRun: false },
      { type: "read-progress", runId: "r", object: "vendor", side: "intacct", rows: 120, done: true },
      { type: "read-progress", runId: "r", object: "vendor", side: "platform", rows: 30, done: true },
      { type: "planned", runId: "r", operations: 4, counts: { byObject: {}, total } },
      { type: "apply-progress", runId: "r", object: "vendor", done: 2, total: 2 },
      { type: "apply-progress", runId: "r", object: "bill", done: 1, total: 2 },
      { type: "run-finished", runId: "r", status: "succeeded", stats },
      { type: "run-done", runId: "r", accountId: "a", kind: "sync", status: "succeeded" },
    ]);
    expect(views.map((v) => v.percent)).toEqual([0, 1, 11, 23, 50, 75, 87, 100, 100]);
    expect(views[2]?.text).toBe("Reading vendor from Intacct: 120 rows (done)");
    expect(views[4]?.text).toBe("Planned 4 operations: 2 created, 1 updated, 0 deleted, 0 linked, 0 skipped, 0 held, 0 errors.");
    expect(views[6]?.text).toBe("Writing bill: 1 of 2");
  });

  it("is final (has a status) only when the run leaves the queue, keeping the finished run's sentence", () => {
    const views = run([
      { type: "run-finished", runId: "r", status: "failed", stats },
      { type: "run-done", runId: "r", accountId: "a", kind: "sync", status: "failed" },
    ]);
    expect(views[0]?.status).toBeUndefined();
    expect(views[1]).toEqual({ runId: "r", phase: "failed", percent: 100, status: "failed", text: "Sync failed: 2 created, 1 updated, 0 deleted, 0 linked, 0 skipped, 0 held, 0 errors." });
  });

  it("keeps the bar where it was when a record fails, and names the object for people", () => {
    const views = run([
      { type: "planned", runId: "r", operations: 2, counts: { byObject: {}, total } },
      { type: "operation-failed", runId: "r", operationId: "o1", object: "paymentTerm", code: "BL01001973", message: "x" },
    ]);
    expect(views[1]).toMatchObject({ percent: 50, text: "A payment term record failed (BL01001973); the run goes on." });
  });

  it("says why a run could not run", () => {
    const [error, done] = run([
      { type: "run-error", runId: "r", accountId: "a", code: "CONFIG_INVALID", message: "No sender." },
      { type: "run-done", runId: "r", accountId: "a", kind: "doctor", status: "failed" },
    ]);
    expect(error?.text).toBe("Sync failed (CONFIG_INVALID): No sender.");
    expect(done).toMatchObject({ status: "failed", text: "Sync failed (CONFIG_INVALID): No sender." });
  });
});
