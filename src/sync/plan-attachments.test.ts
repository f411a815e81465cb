import { describe, expect, it } from "vitest";

import { contentVersion } from "./fingerprint.js";
import { AttachmentLimits, fileIdOfAttachmentName, intacctAttachmentName, supdocIdFor } from "./model/attachments.js";
import type { Attachment, Bill, CanonicalRecord, Invoice } from "./model/canonical.js";
import { plan, type PlanInput } from "./plan.js";
import { DEFAULT_PREFERENCES, scopeOf } from "./preferences.js";
import { emptyWorld, obs, observations, put, simulateApply, type World } from "./testing/world.js";

function run(w: World, over: Partial<PlanInput> = {}) {
  return plan({
    accountId: "acct-1", scope: scopeOf(""), preferences: { ...DEFAULT_PREFERENCES, clearingBankAccountId: "BILL-CLR" }, company: { locationEntities: {}, booksClosed: {} },
    platform: observations(w, "platform"), intacct: observations(w, "intacct"), links: w.links.all(), ...over,
  }).operations;
}

function lists(): World {
  const w = emptyWorld();
  const both = (pk: string, ik: string, r: CanonicalRecord): void => {
    put(w, obs("platform", pk, r));
    put(w, obs("intacct", ik, r));
  };
  both("0caEXP", "60", { object: "glAccount", code: "6400", name: "Expense", active: true });
  both("0caREV", "61", { object: "glAccount", code: "4100", name: "Revenue", active: true });
  both("009A", "12", { object: "vendor", code: "V-ACME", name: "Acme", active: true });
  both("0cuN", "30", { object: "customer", code: "C-N", name: "Northwind", active: true });
  simulateApply(w, run(w));
  return w;
}

const bill: Bill = { object: "bill", number: "B-1", vendor: { object: "vendor", side: "platform", id: "009A" }, date: "2026-03-04", dueDate: "2026-04-03", postingDate: "2026-03-04", lines: [{ amount: 100, account: { object: "glAccount", side: "platform", id: "0caEXP" } }] };
const invoice: Invoice = { object: "invoice", number: "INV-1", customer: { object: "customer", side: "platform", id: "0cuN" }, date: "2026-03-12", dueDate: "2026-03-27", lines: [{ amount: 220000, account: { object: "glAccount", side: "platform", id: "0caREV" } }] };

function docs(parent: "bill" | "invoice", id: string, files: Attachment["files"], name = parent === "bill" ? "B-1" : "INV-1"): Attachment {
  return { object: "attachment", name, parent: { object: parent, side: "platform", id }, files };
}

const PDF1 = { id: "0du1", name: "acme-inv", fileType: "pdf", size: 1200 };
const PDF2 = { id: "0du2", name: "delivery-note", fileType: "pdf", size: 800 };

describe("plan: attachments (SUPDOC out)", () => {
  it("plans one SUPDOC per bill holding all its files, after the bill, with a deterministic SUPDOCID and control id", () => {
    const w = lists();
    put(w, obs("platform", "00n1", bill));
    put(w, obs("platform", "00n1", docs("bill", "00n1", [PDF1, PDF2])));
    const ops = run(w);
    expect(ops.map((o) => [o.object, o.kind, o.target])).toEqual([["bill", "create", "intacct"], ["attachment", "create", "intacct"]]);
    const att = ops[1];
    expect(att?.dependsOn).toEqual([ops[0]?.id]);
    expect(att?.intacctId).toBe(supdocIdFor("acct-1", "00n1"));
    expect(att?.intacctRecord).toEqual({ ...docs("bill", "00n1", [PDF1, PDF2]), supdocId: supdocIdFor("acct-1", "00n1") });
    expect(att?.reason).toBe(`2 file(s) of bill B-1: create SUPDOC ${supdocIdFor("acct-1", "00n1")} in folder BILL Sync and link it from the Intacct APBILL`);
    expect(run(w)[1]?.controlId).toBe(att?.controlId);
  });

  it("writes nothing the second time, and adds only when the bill's files change", () => {
    const w = lists();
    put(w, obs("platform", "00n1", bill));
    put(w, obs("platform", "00n1", docs("bill", "00n1", [PDF1])));
    simulateApply(w, run(w));
    expect(run(w)).toEqual([]);
    put(w, obs("platform", "00n1", docs("bill", "00n1", [PDF1, PDF2]), { modified: "2026-03-02T10:00:00.000Z" }));
    const ops = run(w);
    expect(ops.map((o) => [o.object, o.kind, o.target, o.intacctId])).toEqual([["attachment", "update", "intacct", supdocIdFor("acct-1", "00n1")]]);
    expect(ops[0]?.notes).toEqual(["files are only added: a file removed on the platform stays in Intacct"]);
    simulateApply(w, ops);
    expect(run(w)).toEqual([]);
  });

  it("attaches an invoice's files once the invoice is linked", () => {
    const w = lists();
    put(w, obs("platform", "00e1", invoice));
    simulateApply(w, run(w));
    put(w, obs("platform", "00e1", docs("invoice", "00e1", [{ id: "att1", name: "timesheet", fileType: "pdf" }])));
    const ops = run(w);
    expect(ops.map((o) => [o.object, o.kind, o.platformId, o.dependsOn])).toEqual([["attachment", "create", "00e1", []]]);
    expect(ops[0]?.reason).toContain("link it from the Intacct ARINVOICE");
  });

  it("plans nothing for a bill without files", () => {
    const w = lists();
    put(w, obs("platform", "00n1", bill));
    put(w, obs("platform", "00n1", docs("bill", "00n1", [])));
    expect(run(w).map((o) => o.object)).toEqual(["bill"]);
  });

  it("reports files of a bill that is not in Intacct (and not created by this plan) as a per-record error to retry", () => {
    const w = lists();
    put(w, obs("platform", "00n9", docs("bill", "00n9", [PDF1])));
    const ops = run(w);
    expect(ops.map((o) => [o.object, o.kind, o.error?.code, o.error?.fixActions])).toEqual([["attachment", "error", "SYNC_REFERENCE_UNLINKED", ["retry", "skip-change"]]]);
  });

  it("writes in the account's entity session for an entity-level account", () => {
    const w = lists();
    put(w, obs("platform", "00e1", invoice));
    simulateApply(w, run(w));
    put(w, obs("platform", "00e1", docs("invoice", "00e1", [PDF1])));
    const ops = run(w, { scope: scopeOf("EAST") });
    expect(ops.map((o) => [o.object, o.entityId])).toEqual([["attachment", "EAST"]]);
  });

  it("respects \"don't sync this change\" for the version skipped", () => {
    const w = lists();
    put(w, obs("platform", "00n1", bill));
    simulateApply(w, run(w));
    const record = docs("bill", "00n1", [PDF1]);
    put(w, obs("platform", "00n1", record));
    expect(run(w).map((o) => o.object)).toEqual(["attachment"]);
    expect(run(w, { suppressions: [{ object: "attachment", side: "platform", key: "00n1", version: contentVersion(record) }] })).toEqual([]);
  });
});

describe("attachment ids and names", () => {
  it("derives a SUPDOCID per account and parent, within Intacct's ID length", () => {
    const a = supdocIdFor("acct-1", "00nEDEMO000000000001");
    expect(a).toMatch(/^BS[A-Z2-7]{18}$/);
    expect(a.length).toBeLessThanOrEqual(AttachmentLimits.maxSupdocIdLength);
    expect(supdocIdFor("acct-1", "00nEDEMO000000000001")).toBe(a);
    expect(supdocIdFor("acct-2", "00nEDEMO000000000001")).not.toBe(a);
    expect(supdocIdFor("acct-1", "00nEDEMO000000000002")).not.toBe(a);
  });

  it("names each file after itself plus its platform id, and reads the id back", () => {
    expect(intacctAttachmentName({ id: "0du1", name: "invoice" })).toBe("invoice [0du1]");
    expect(fileIdOfAttachmentName("invoice [0du1]")).toBe("0du1");
    expect(fileIdOfAttachmentName("w9-v001")).toBeUndefined();
    const long = intacctAttachmentName({ id: "0duEDEMO000000000001", name: "x".repeat(300) });
    expect(long.length).toBe(AttachmentLimits.maxAttachmentNameLength);
    expect(fileIdOfAttachmentName(long)).toBe("0duEDEMO000000000001");
  });
});
