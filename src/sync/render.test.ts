import { describe, expect, it } from "vitest";

import { plan } from "./plan.js";
import { DEFAULT_PREFERENCES, scopeOf } from "./preferences.js";
import { renderPlanJson, renderPlanTable } from "./render.js";
import { countOperations, describeCounts, writesNothing } from "./run-summary.js";
import { obs } from "./testing/world.js";

const ops = plan({
  accountId: "acct-1", scope: scopeOf(""), preferences: DEFAULT_PREFERENCES, company: { locationEntities: {}, booksClosed: {} }, links: [],
  platform: [obs("platform", "009A", { object: "vendor", name: "Acme Paper", code: "V-ACME", active: true }), obs("platform", "009B", { object: "vendor", name: "dup", active: true })],
  intacct: [obs("intacct", "12", { object: "vendor", name: "Zeta", active: true, code: "V-Z" }), obs("intacct", "13", { object: "vendor", name: "Dup", active: true, code: "V-D1" }), obs("intacct", "14", { object: "vendor", name: "Dup", active: true, code: "V-D2" })],
}).operations;

describe("dry-run rendering", () => {
  it("prints one row per operation with its direction, record and reason (errors with their fix actions), then the totals", () => {
    const text = renderPlanTable(ops);
    expect(text.split("\n")[0]).toMatch(/^OBJECT +KIND +DIRECTION +RECORD +REASON$/);
    expect(text).toContain("vendor           create  platform → intacct   Acme Paper (009A)                  new on the platform: create in Intacct");
    expect(text).toContain("SYNC_AMBIGUOUS_MATCH");
    expect(text).toContain("[fix: retry, skip-change, fixed-in-intacct]");
    expect(text.trimEnd().split("\n").pop()).toBe("Plan: 5 operation(s): 2 created, 0 updated, 0 deleted, 0 linked, 0 skipped, 0 held, 3 errors.");
  });

  it("says so when there is nothing to do", () => {
    expect(renderPlanTable([])).toBe("Nothing to sync.\nPlan: 0 operation(s): 0 created, 0 updated, 0 deleted, 0 linked, 0 skipped, 0 held, 0 errors.\n");
  });

  it("renders stable JSON for scripts", () => {
    const json = renderPlanJson(ops);
    expect(json.totals).toEqual({ create: 2, update: 0, delete: 0, link: 0, skip: 0, hold: 0, error: 3 });
    const create = ops.find((o) => o.kind === "create" && o.target === "intacct");
    expect(json.operations.find((o) => o.id === create?.id)).toEqual({
      id: create?.id, object: "vendor", kind: "create", source: "platform", target: "intacct", platformId: "009A", intacctKey: null, intacctId: null, entityId: "",
      name: "Acme Paper", reason: "new on the platform: create in Intacct", notes: [], dependsOn: [], error: null,
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe("run summary", () => {
  it("counts per object, written side and kind", () => {
    const c = countOperations(ops);
    expect(c.byObject.vendor?.intacct.create).toBe(1);
    expect(c.byObject.vendor?.platform.create).toBe(1);
    expect(c.byObject.vendor?.none.error).toBe(3);
  });

  it("counts an operation that failed at apply time as an error", () => {
    const first = ops.find((o) => o.kind === "create");
    if (first === undefined) throw new Error("no op");
    expect(countOperations(ops, new Map([[first.id, "failed" as const]])).total).toMatchObject({ create: 1, error: 4 });
  });

  it("knows when a plan writes nothing", () => {
    expect(writesNothing(ops)).toBe(false);
    expect(writesNothing(ops.filter((o) => o.kind === "error"))).toBe(true);
    expect(describeCounts(countOperations([]).total)).toBe("0 created, 0 updated, 0 deleted, 0 linked, 0 skipped, 0 held, 0 errors");
  });
});
