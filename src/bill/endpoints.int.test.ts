/**
 * The client against the BILL sandbox, for every endpoint the sync uses: vendors, bills (lines,
 * classifications, replace, record-payment), vendor credits, payments (status), customers,
 * invoices, received payments, every classification, archive/restore, paging, filters, sorting.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { MemoryLogger } from "../domain/logger.js";
import type { BillSandbox } from "../sandbox/bill/index.js";
import { billAdmin, caught, collect, demoLogin, startBillSandbox } from "../sandbox/bill/testing.js";
import { type BillClient, createBillClient } from "./endpoints.js";
import { BillError } from "./errors.js";
import { withMarker } from "./marker.js";
import { approvedOnly, archivedAfter, updatedAfter } from "./query.js";
import type { Bill, Vendor } from "./types.js";

let sb: BillSandbox;
let bill: BillClient;
let org: string;

function client(i = 0): BillClient {
  const l = demoLogin(sb, i);
  return createBillClient({ baseUrl: sb.url, credentials: l, logger: new MemoryLogger(), random: () => 0, sleep: () => Promise.resolve() });
}

beforeAll(async () => {
  sb = await startBillSandbox();
});
afterAll(async () => {
  await sb.close();
});
beforeEach(async () => {
  await billAdmin(sb, "/reset", {});
  bill = client();
  org = demoLogin(sb).organizationId;
});

describe("vendors", () => {
  it("create, get, update, archive, restore and list with filters", async () => {
    const v = await bill.vendors.create({ name: "Wayne Supplies", accountType: "BUSINESS", shortName: "V-WAYNE", email: "ap@wayne.example" });
    expect(v).toMatchObject({ name: "Wayne Supplies", accountType: "BUSINESS", archived: false, billCurrency: "USD" });
    expect(v.id).toMatch(/^009/);
    expect(await bill.vendors.get(v.id)).toEqual(v);
    const u = await bill.vendors.update(v.id, { phone: "5550100" });
    expect(u).toMatchObject({ name: "Wayne Supplies", phone: "5550100" });
    expect(u.updatedTime >= v.updatedTime).toBe(true);
    expect((await bill.vendors.archive(v.id)).archived).toBe(true);
    expect((await bill.vendors.archive(v.id)).archived).toBe(true);
    const active = await collect(bill.vendors.list({ filters: [{ field: "archived", op: "eq", value: false }] }));
    expect(active.map((x) => x.id)).not.toContain(v.id);
    expect((await collect(bill.vendors.list({ filters: archivedAfter(v.createdTime) }))).map((x) => x.id)).toEqual([v.id]);
    expect((await bill.vendors.restore(v.id)).archived).toBe(false);
    const byName = await collect(bill.vendors.list({ filters: [{ field: "name", op: "sw", value: "Wayne" }] }));
    expect(byName.map((x) => x.id)).toEqual([v.id]);
  });

  it("bulk-creates up to 20 vendors, all or nothing", async () => {
    const made = await bill.vendors.createBulk([{ name: "B1", accountType: "NONE" }, { name: "B2", accountType: "PERSON" }]);
    expect(made.map((v) => v.name)).toEqual(["B1", "B2"]);
    const err = await caught(() => bill.vendors.createBulk([{ name: "B3", accountType: "NONE" }, { name: "", accountType: "NONE" }]));
    expect(err).toMatchObject({ kind: "validation", message: "BILL POST /v3/vendors/bulk failed (HTTP 400): name: must not be blank" });
    expect(await bill.vendors.find((v) => v.name === "B3")).toBeUndefined();
    await expect(bill.vendors.createBulk(Array.from({ length: 21 }, (_, i) => ({ name: `x${i}`, accountType: "NONE" as const })))).rejects.toThrow(RangeError);
  });
});

describe("bills", () => {
  it("creates a bill with lines and classifications, updates it truly, replaces it, archives and restores it", async () => {
    const [vendor] = await collect(bill.vendors.list({ max: 1, sort: [{ field: "name", order: "asc" }] }));
    const coa = await bill.classifications.chartOfAccounts.find((c) => c.accountNumber === "6000");
    const dept = await bill.classifications.departments.find((d) => d.shortName === "OPS");
    if (vendor === undefined || coa === undefined || dept === undefined) throw new Error("demo data missing");
    const created = await bill.bills.create({
      vendorId: vendor.id,
      dueDate: "2026-12-31",
      invoice: { invoiceNumber: "INT-1", invoiceDate: "2026-12-01" },
      description: withMarker("Test bill", "b-int-1"),
      billLineItems: [
        { amount: 100, description: "one", classifications: { chartOfAccountId: coa.id, departmentId: dept.id } },
        { quantity: 2, price: 12.5, description: "two", classifications: { chartOfAccountId: coa.id } },
      ],
    });
    expect(created).toMatchObject({ vendorId: vendor.id, vendorName: vendor.name, amount: 125, dueAmount: 125, paidAmount: 0, paymentStatus: "UNPAID", approvalStatus: "UNASSIGNED" });
    expect(created.billLineItems.map((l) => l.amount)).toEqual([100, 25]);
    const patched = await bill.bills.update(created.id, { dueDate: "2027-01-15" });
    expect(patched.id).toBe(created.id);
    expect(patched.dueDate).toBe("2027-01-15");
    expect(patched.billLineItems.map((l) => l.id)).toEqual(created.billLineItems.map((l) => l.id));
    const replaced = await bill.bills.replace(created.id, { vendorId: vendor.id, dueDate: "2027-01-20", invoice: { invoiceNumber: "INT-1", invoiceDate: "2026-12-01" }, billLineItems: [{ amount: 300, classifications: { chartOfAccountId: coa.id } }] });
    expect(replaced).toMatchObject({ id: created.id, amount: 300, dueAmount: 300 });
    expect(await bill.bills.findByInvoiceNumber(vendor.id, "INT-1")).toMatchObject({ id: created.id });
    expect(await bill.bills.findByMarker("b-int-1")).toBeUndefined();
    expect((await bill.bills.archive(created.id)).archived).toBe(true);
    expect((await bill.bills.restore(created.id)).archived).toBe(false);
    const byDept = await collect(bill.bills.list({ filters: [{ field: "classifications.departmentId", op: "eq", value: dept.id }] }));
    expect(byDept.length).toBeGreaterThan(0);
  });

  it("lists only approved bills for 'sync only approved'", async () => {
    const all = await collect(bill.bills.list());
    const approved = await collect(bill.bills.list({ filters: [approvedOnly()] }));
    expect(all.map((b) => b.approvalStatus).sort()).toEqual(["APPROVED", "APPROVED", "APPROVED", "APPROVED", "APPROVING", "UNASSIGNED"]);
    expect(approved).toHaveLength(4);
    const approvedVia = await billAdmin<Bill>(sb, `/orgs/${org}/records/bills/${all.find((b) => b.approvalStatus === "APPROVING")?.id ?? ""}`, { approvalStatus: "APPROVED" }, "PATCH");
    expect((await bill.bills.get(approvedVia.id)).approvalStatus).toBe("APPROVED");
  });

  it("records a payment made outside BILL, applying a vendor credit", async () => {
    const credits = await collect(bill.vendorCredits.list({ filters: [{ field: "approvalStatus", op: "eq", value: "APPROVED" }] }));
    const credit = credits[0];
    if (credit === undefined) throw new Error("no credit");
    const b = await bill.bills.create({ vendorId: credit.vendorId, dueDate: "2026-12-31", invoice: { invoiceNumber: "RP-1", invoiceDate: "2026-12-01" }, billLineItems: [{ amount: 200 }] });
    const res = await bill.bills.recordPayment({ vendorId: credit.vendorId, processDate: "2026-12-05", payments: [{ billId: b.id, amount: 180 }], vendorCredits: [{ id: credit.id, amount: 20 }] });
    expect(res.payments).toHaveLength(1);
    expect(res.payments[0]).toMatchObject({ billId: b.id, amount: 180, onlinePayment: false, singleStatus: "CLEARED" });
    expect(await bill.bills.get(b.id)).toMatchObject({ paidAmount: 180, creditAmount: 20, dueAmount: 0, paymentStatus: "PAID" });
    expect(await bill.vendorCredits.get(credit.id)).toMatchObject({ appliedAmount: 20, creditStatus: "FULLY_APPLIED" });
    const paidUpdate = await caught(() => bill.bills.update(b.id, { description: "late edit" }));
    expect(paidUpdate).toMatchObject({ kind: "validation", status: 400 });
  });
});

describe("vendor credits", () => {
  it("create, update, replace, archive and restore", async () => {
    const [vendor] = await collect(bill.vendors.list({ max: 1 }));
    if (vendor === undefined) throw new Error("no vendor");
    const c = await bill.vendorCredits.create({ vendorId: vendor.id, referenceNumber: "CR-T1", creditDate: "2026-12-02", vendorCreditLineItems: [{ amount: 30, description: "refund" }] });
    expect(c).toMatchObject({ amount: 30, appliedAmount: 0, creditStatus: "UNAPPLIED", approvalStatus: "UNASSIGNED" });
    expect(c.id).toMatch(/^vcr/);
    expect((await bill.vendorCredits.update(c.id, { description: "note" })).description).toBe("note");
    expect((await bill.vendorCredits.replace(c.id, { vendorId: vendor.id, referenceNumber: "CR-T1", creditDate: "2026-12-02", vendorCreditLineItems: [{ amount: 40 }] })).amount).toBe(40);
    expect((await bill.vendorCredits.archive(c.id)).archived).toBe(true);
    expect((await bill.vendorCredits.restore(c.id)).archived).toBe(false);
    const unapplied = await collect(bill.vendorCredits.list({ filters: [{ field: "creditStatus", op: "eq", value: "UNAPPLIED" }, { field: "vendorId", op: "eq", value: vendor.id }] }));
    expect(unapplied.map((x) => x.id)).toContain(c.id);
  });
});

describe("payments", () => {
  it("creates a payment, reads its status, follows it to CLEARED and cancels another", async () => {
    const open = await collect(bill.bills.list({ filters: [{ field: "paymentStatus", op: "eq", value: "UNPAID" }] }));
    const target = open[0];
    if (target === undefined) throw new Error("no unpaid bill");
    const p = await bill.payments.create({ billId: target.id, amount: 100, fundingAccount: { type: "BANK_ACCOUNT", id: "bank-1" }, processingOptions: {}, description: withMarker("Pay", "pay-1", 70) });
    expect(p).toMatchObject({ billId: target.id, amount: 100, singleStatus: "SCHEDULED", status: "SCHEDULED", onlinePayment: true });
    expect(p.id).toMatch(/^stp/);
    expect((await bill.bills.get(target.id)).paymentStatus).toBe("SCHEDULED");
    expect(await bill.payments.findByMarker("pay-1", { filters: [{ field: "vendorId", op: "eq", value: target.vendorId }] })).toMatchObject({ id: p.id });
    await billAdmin(sb, `/orgs/${org}/payments/${p.id}/status`, { singleStatus: "CLEARED" });
    expect(await bill.payments.get(p.id)).toMatchObject({ singleStatus: "CLEARED", status: "PAID", disbursementStatus: "CLEARED" });
    expect(await bill.bills.get(target.id)).toMatchObject({ paidAmount: 100, paymentStatus: "PARTIAL" });
    const cleared = await collect(bill.payments.list({ filters: [{ field: "singleStatus", op: "eq", value: "CLEARED" }], sort: [{ field: "amount", order: "desc" }] }));
    expect(cleared.map((x) => x.amount)).toEqual([...cleared.map((x) => x.amount)].sort((a, b) => b - a));
    const q = await bill.payments.create({ billId: target.id, amount: 50, fundingAccount: { type: "BANK_ACCOUNT", id: "bank-1" }, processingOptions: {} });
    expect((await bill.payments.cancel(q.id)).singleStatus).toBe("CANCELED");
    expect((await bill.payments.cancel(q.id)).singleStatus).toBe("CANCELED");
  });

  it("refuses to pay from a sync-token session with BILL's BDC_1150", async () => {
    const l = demoLogin(sb);
    const token = createBillClient({ baseUrl: sb.url, credentials: { organizationId: l.organizationId, devKey: l.devKey, ...l.syncToken, loginKind: "syncToken" }, sleep: () => Promise.resolve() });
    const [target] = await collect(token.bills.list({ max: 1 }));
    const err = await caught(() => token.payments.create({ billId: target?.id ?? "", amount: 1, fundingAccount: { type: "BANK_ACCOUNT", id: "b" }, processingOptions: {} }));
    expect(err).toMatchObject({ kind: "auth", bdcCode: "BDC_1150", status: 403, message: "BILL POST /v3/payments failed (HTTP 403): BDC_1150 User cannot make online payments." });
  });
});

describe("customers, invoices and received payments", () => {
  it("covers the AR round trip", async () => {
    const c = await bill.customers.create({ name: "Tyrell Corp", email: "ap@tyrell.example" });
    expect(c.id).toMatch(/^0cu/);
    expect((await bill.customers.update(c.id, { phone: "555" })).phone).toBe("555");
    const inv = await bill.invoices.create({ customer: { id: c.id }, invoiceNumber: "INV-T1", invoiceDate: "2026-12-01", dueDate: "2026-12-31", invoiceLineItems: [{ description: "Work", quantity: 4, price: 125 }], processingOptions: { sendEmail: false } });
    expect(inv).toMatchObject({ customerId: c.id, customerName: "Tyrell Corp", totalAmount: 500, dueAmount: 500, paymentStatus: "UNPAID" });
    const replaced = await bill.invoices.replace(inv.id, { customer: { id: c.id }, invoiceNumber: "INV-T1", invoiceDate: "2026-12-01", dueDate: "2026-12-31", invoiceLineItems: [{ description: "Work", quantity: 5, price: 125 }] });
    expect(replaced.totalAmount).toBe(625);
    expect(await bill.invoices.findByInvoiceNumber("INV-T1")).toMatchObject({ id: inv.id });
    const rp = await bill.invoices.recordPayment({ customerId: c.id, paymentDate: "2026-12-10", paymentType: "CHECK", amount: 700, invoices: [{ id: inv.id, amount: 625 }] });
    expect(rp).toMatchObject({ customerId: c.id, amount: 700, unappliedAmount: 75, invoices: [{ id: inv.id, amount: 625 }] });
    expect(rp.id).toMatch(/^0rp/);
    expect((await bill.invoices.get(inv.id)).paymentStatus).toBe("PAID");
    expect(await bill.receivedPayments.get(rp.id)).toEqual(rp);
    const mine = await collect(bill.receivedPayments.list({ filters: [{ field: "customerId", op: "eq", value: c.id }] }));
    expect(mine.map((r) => r.id)).toEqual([rp.id]);
    expect((await bill.invoices.archive(inv.id)).archived).toBe(true);
    expect((await bill.invoices.restore(inv.id)).archived).toBe(false);
    expect((await bill.customers.archive(c.id)).archived).toBe(true);
    expect((await bill.customers.restore(c.id)).archived).toBe(false);
  });
});

describe("classifications", () => {
  it("every classification supports create, get, update, list, archive and restore", async () => {
    const cl = bill.classifications;
    const cases = [
      [cl.chartOfAccounts, { name: "Travel", accountNumber: "6300", accountType: "EXPENSE" }, "0ca"],
      [cl.departments, { name: "R&D", shortName: "RND" }, "0de"],
      [cl.locations, { name: "Remote" }, "0lo"],
      [cl.accountingClasses, { name: "Wholesale" }, "0ac"],
      [cl.employees, { firstName: "Ada", lastName: "Lovelace" }, "0em"],
      [cl.jobs, { name: "Audit 2026" }, "0jb"],
      [cl.items, { name: "Training day", price: 900 }, "0ii"],
    ] as const;
    for (const [ops, input, prefix] of cases) {
      const created = await (ops.create as (i: unknown) => Promise<{ id: string; description?: string; archived: boolean }>)(input);
      expect(created.id.startsWith(prefix)).toBe(true);
      expect(await ops.get(created.id)).toEqual(created);
      expect((await (ops.update as (id: string, p: unknown) => Promise<{ description?: string }>)(created.id, { description: "d" })).description).toBe("d");
      expect((await ops.listPage({ filters: [{ field: "id", op: "eq", value: created.id }] })).results.length).toBe(1);
      expect((await ops.archive(created.id)).archived).toBe(true);
      expect((await ops.restore(created.id)).archived).toBe(false);
    }
  });

  it("payment terms support create, get, update, list, archive and restore", async () => {
    const t = await bill.paymentTerms.create({ name: "Net 45", netDue: 45 });
    expect(t).toMatchObject({ name: "Net 45", netDue: 45, archived: false });
    expect((await bill.paymentTerms.update(t.id, { description: "d" })).description).toBe("d");
    expect((await collect(bill.paymentTerms.list({ sort: [{ field: "netDue", order: "asc" }] }))).map((x) => x.netDue)).toEqual([15, 30, 45, 60]);
    expect((await bill.paymentTerms.archive(t.id)).archived).toBe(true);
    expect((await bill.paymentTerms.restore(t.id)).archived).toBe(false);
    expect(await caught(() => bill.paymentTerms.create({ name: "Bad", netDue: -1 }))).toMatchObject({ message: "BILL POST /v3/payment-terms failed (HTTP 400): netDue: must be a whole number of days, 0 or more" });
  });

  it("answers a duplicate account number with a field error", async () => {
    const err = await caught(() => bill.classifications.chartOfAccounts.create({ name: "Dup", accountNumber: "6000", accountType: "EXPENSE" }));
    expect(err).toMatchObject({ kind: "validation", message: "BILL POST /v3/classifications/chart-of-accounts failed (HTTP 400): accountNumber: account number 6000 already exists" });
  });
});

describe("paging, filters and sorting", () => {
  it("walks 255 vendors in pages of 100 with no duplicate and sorted", async () => {
    for (let i = 0; i < 250; i += 20) await bill.vendors.createBulk(Array.from({ length: Math.min(20, 250 - i) }, (_, k) => ({ name: `Paged ${String(i + k).padStart(3, "0")}`, accountType: "BUSINESS" as const })));
    const pageSizes: number[] = [];
    for await (const page of bill.vendors.listPages({ sort: [{ field: "name", order: "asc" }] })) pageSizes.push(page.results.length);
    expect(pageSizes).toEqual([100, 100, 55]);
    const all = await collect(bill.vendors.list({ max: 37, sort: [{ field: "name", order: "desc" }] }));
    expect(new Set(all.map((v) => v.id)).size).toBe(255);
    const names = all.map((v) => v.name);
    expect(names).toEqual([...names].sort().reverse());
  });

  it("pulls only what changed after a watermark (updatedTime gt)", async () => {
    await billAdmin(sb, "/clock", { freezeAt: "2026-12-01T10:00:00.000Z" });
    const before: Vendor = await bill.vendors.create({ name: "Before", accountType: "NONE" });
    await billAdmin(sb, "/clock", { advanceMs: 60_000 });
    const after = await bill.vendors.create({ name: "After", accountType: "NONE" });
    await billAdmin(sb, "/clock", { advanceMs: 60_000 });
    await bill.vendors.update(before.id, { phone: "1" });
    const changed = await collect(bill.vendors.list({ filters: [updatedAfter(before.updatedTime)], sort: [{ field: "updatedTime", order: "asc" }] }));
    expect(changed.map((v) => v.name)).toEqual(["After", "Before"]);
    expect(after.updatedTime).toBe("2026-12-01T10:01:00.000+00:00");
    await billAdmin(sb, "/clock", { unfreeze: true });
  });

  it("filters with in, and rejects unknown fields with a validation error", async () => {
    const vs = await collect(bill.vendors.list({ max: 2 }));
    const ids = vs.map((v) => v.id);
    expect((await collect(bill.vendors.list({ filters: [{ field: "id", op: "in", value: ids }] }))).map((v) => v.id).sort()).toEqual([...ids].sort());
    expect((await collect(bill.vendors.list({ filters: [{ field: "id", op: "nin", value: ids }] }))).some((v) => ids.includes(v.id))).toBe(false);
    const err = await caught(() => collect(bill.vendors.list({ filters: [{ field: "colour", op: "eq", value: "red" }] })));
    expect(err).toBeInstanceOf(BillError);
    expect(err).toMatchObject({ kind: "validation", message: "BILL GET /v3/vendors failed (HTTP 400): filters: colour is not a filterable field" });
  });
});

describe("session and organization isolation", () => {
  it("reports the session and keeps organizations apart", async () => {
    expect(await bill.session.info()).toMatchObject({ organizationId: org, trusted: true });
    const west = client(1);
    const eastVendor = await bill.vendors.create({ name: "East only", accountType: "NONE" });
    expect(await caught(() => west.vendors.get(eastVendor.id))).toMatchObject({ kind: "not_found", bdcCode: "BDC_1205", status: 404 });
    await bill.logout();
    expect((await bill.session.info()).organizationId).toBe(org);
    expect(bill.stats.logins).toBe(2);
  });
});
