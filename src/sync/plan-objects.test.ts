import { describe, expect, it } from "vitest";

import type { Attachment, CanonicalRecord, Invoice, ReceivedPayment, VendorCredit } from "./model/canonical.js";
import { plan, type PlanInput } from "./plan.js";
import { DEFAULT_PREFERENCES, scopeOf } from "./preferences.js";
import { emptyWorld, obs, observations, put, simulateApply, type World } from "./testing/world.js";

function run(w: World, over: Partial<PlanInput> = {}) {
  return plan({
    accountId: "acct-1", scope: scopeOf(""), preferences: { ...DEFAULT_PREFERENCES, clearingBankAccountId: "BILL-CLR" }, company: { locationEntities: {}, booksClosed: {} },
    platform: observations(w, "platform"), intacct: observations(w, "intacct"), links: w.links.all(), ...over,
  }).operations;
}

/** Vendor, customer and GL accounts linked on both sides. */
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
  expect(run(w)).toEqual([]);
  return w;
}

const credit: VendorCredit = { object: "vendorCredit", number: "VC-1", vendor: { object: "vendor", side: "platform", id: "009A" }, date: "2026-03-09", lines: [{ amount: 15000, account: { object: "glAccount", side: "platform", id: "0caEXP" } }] };
const invoice: Invoice = { object: "invoice", number: "INV-1", customer: { object: "customer", side: "platform", id: "0cuN" }, date: "2026-03-12", dueDate: "2026-03-27", lines: [{ amount: 220000, account: { object: "glAccount", side: "platform", id: "0caREV" } }] };

describe("plan: vendor credits, invoices, received payments, attachments, settings", () => {
  it("pushes a platform vendor credit to Intacct", () => {
    const w = lists();
    put(w, obs("platform", "vcr1", credit));
    expect(run(w).map((o) => [o.object, o.kind, o.target])).toEqual([["vendorCredit", "create", "intacct"]]);
  });

  it("pulls unapplied Intacct credits (two-way) and leaves applied ones", () => {
    const w = lists();
    const ic: VendorCredit = { ...credit, vendor: { object: "vendor", side: "intacct", id: "V-ACME" }, lines: [{ amount: 15000, account: { object: "glAccount", side: "intacct", id: "6400" } }] };
    expect(run(w, { intacct: [obs("intacct", "4480", ic, { facts: { paid: "unpaid" } })] }).map((o) => [o.kind, o.target])).toEqual([["create", "platform"]]);
    expect(run(w, { intacct: [obs("intacct", "4480", ic, { facts: { paid: "paid" } })] })).toEqual([]);
  });

  it("pushes an invoice and then its received payment, which depends on it", () => {
    const w = lists();
    put(w, obs("platform", "00e1", invoice));
    const rp: ReceivedPayment = { object: "receivedPayment", customer: invoice.customer, date: "2026-03-20", amount: 220000, method: "CHECK", applications: [{ invoice: { object: "invoice", side: "platform", id: "00e1" }, amount: 220000 }] };
    put(w, obs("platform", "0rp1", rp));
    const ops = run(w);
    expect(ops.map((o) => [o.object, o.kind, o.target])).toEqual([["invoice", "create", "intacct"], ["receivedPayment", "create", "intacct"]]);
    expect(ops[1]?.dependsOn).toEqual([ops[0]?.id]);
    simulateApply(w, ops);
    expect(run(w)).toEqual([]);
  });

  it("does not rewrite a synced invoice: the edit is an error the user settles", () => {
    const w = lists();
    put(w, obs("platform", "00e1", invoice));
    simulateApply(w, run(w));
    put(w, obs("platform", "00e1", { ...invoice, dueDate: "2026-04-30" }));
    expect(run(w).map((o) => [o.kind, o.error?.code])).toEqual([["error", "SYNC_EDIT_AFTER_SYNC"]]);
  });

  it("records on the platform a payment received in Intacct against a synced invoice", () => {
    const w = lists();
    put(w, obs("platform", "00e1", invoice));
    simulateApply(w, run(w));
    const key = w.links.byPlatform("invoice", "00e1")?.intacctKey ?? "";
    const rp: ReceivedPayment = { object: "receivedPayment", customer: { object: "customer", side: "intacct", id: "C-N" }, date: "2026-03-21", amount: 220000, method: "ACH", applications: [{ invoice: { object: "invoice", side: "intacct", id: key }, amount: 220000 }] };
    expect(run(w, { platform: [], intacct: [obs("intacct", "700", rp)] }).map((o) => [o.object, o.kind, o.target])).toEqual([["receivedPayment", "create", "platform"]]);
  });

  it("attaches a platform document to the synced bill in Intacct after the bill", () => {
    const w = lists();
    put(w, obs("platform", "00n1", { object: "bill", number: "B-1", vendor: { object: "vendor", side: "platform", id: "009A" }, date: "2026-03-04", dueDate: "2026-04-03", postingDate: "2026-03-04", lines: [{ amount: 100, account: { object: "glAccount", side: "platform", id: "0caEXP" } }] }));
    const doc: Attachment = { object: "attachment", name: "B-1", parent: { object: "bill", side: "platform", id: "00n1" }, files: [{ id: "0du1", name: "acme-inv", fileType: "pdf" }] };
    put(w, obs("platform", "00n1", doc));
    const ops = run(w);
    expect(ops.map((o) => [o.object, o.kind, o.target])).toEqual([["bill", "create", "intacct"], ["attachment", "create", "intacct"]]);
    expect(ops[1]?.dependsOn).toEqual([ops[0]?.id]);
  });

  it("shows each entity's books-closed date on the platform, once", () => {
    const w = emptyWorld();
    put(w, obs("intacct", "E-EAST", { object: "booksClosed", entityId: "E-EAST", closedThrough: "2026-02-28" }, { entityId: "E-EAST" }));
    put(w, obs("intacct", "E-WEST", { object: "booksClosed", entityId: "E-WEST", closedThrough: "2026-01-31" }, { entityId: "E-WEST" }));
    const ops = run(w);
    expect(ops.map((o) => [o.object, o.kind, o.target, o.platformId])).toEqual([
      ["booksClosed", "create", "platform", "setting:booksClosed:E-EAST"],
      ["booksClosed", "create", "platform", "setting:booksClosed:E-WEST"],
    ]);
    simulateApply(w, ops);
    expect(run(w, { platform: [] })).toEqual([]);
  });
});
