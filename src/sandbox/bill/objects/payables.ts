/**
 * Bills, vendor credits and AP payments (`reference/bill-api.md` §8.4–§8.6), with the money
 * rules the sync depends on: a bill's `amount` is the sum of its lines; `paidAmount` sums its
 * cleared payments; `creditAmount` sums applied vendor credits; `paymentStatus` follows.
 */
import type { Rec } from "../db.js";
import { BillErrors } from "../errors.js";
import { arr, BASE_FIELDS, BASE_SORT, type Body, classifications, date, defined, money, nextBusinessDay, num, obj, type ObjectContext, type ObjectSpec, oneOf, ref, reqStr, str } from "./common.js";

/** Approval states; new bills and credits start `UNASSIGNED` (BILL's UI names; UNCONFIRMED field). */
export const APPROVAL_STATUSES = ["UNASSIGNED", "ASSIGNED", "APPROVING", "APPROVED", "DENIED"] as const;

/** Payment lifecycle values (`singleStatus`); the first three are UNCONFIRMED stage names. */
export const SINGLE_STATUSES = [
  "SCHEDULED",
  "IN_PROCESS",
  "SENT",
  "CLEARED",
  "CANCELED",
  "VOIDED",
  "FUNDING_FAILED_VOIDED",
  "FUNDING_FAILED_ACTION_NEEDED",
  "DISBURSEMENT_FAILED_ACTION_NEEDED",
  "DISBURSEMENT_FAILED_VENDOR_BANK_REJECTED",
  "FUNDS_ESCHEATED",
] as const;

/** Statuses whose amount counts as paid (money left the payer for good). */
const PAID_STATUSES = new Set(["CLEARED", "FUNDS_ESCHEATED", "FUNDING_FAILED_ACTION_NEEDED", "DISBURSEMENT_FAILED_ACTION_NEEDED"]);
/** Statuses whose amount is still on its way. */
const SCHEDULED_STATUSES = new Set(["SCHEDULED", "IN_PROCESS", "SENT"]);

const num0 = (v: unknown): number => (typeof v === "number" ? v : 0);

function lineItems(ctx: ObjectContext, b: Body, field: string, existingLines: unknown, quantityAllowed: boolean): Rec[] {
  const known = new Set(Array.isArray(existingLines) ? existingLines.map((l) => (l as Rec)["id"]) : []);
  return arr(b, field, { required: true, minItems: 1 }).map((line, i) => {
    const label = `${field}[${i}]`;
    const quantity = quantityAllowed ? num(line, "quantity", { label: `${label}.quantity` }) : undefined;
    const price = quantityAllowed ? num(line, "price", { label: `${label}.price` }) : undefined;
    let amount = num(line, "amount", { label: `${label}.amount` });
    if (amount === undefined && quantity !== undefined && price !== undefined) amount = money(quantity * price);
    if (amount === undefined) throw BillErrors.invalid(`${label}.amount`, "must not be null");
    const lineId = typeof line["id"] === "string" && known.has(line["id"]) ? line["id"] : ctx.store.newId("0bl");
    return defined({ id: lineId, amount: money(amount), quantity, price, description: str(line, "description", { label: `${label}.description`, max: 4000 }), classifications: classifications(ctx, line, `${label}.classifications`) });
  });
}

/** Recomputes a bill's paid, scheduled and due amounts and `paymentStatus` from its payments. */
export function recomputeBill(ctx: ObjectContext, billId: string): Rec | undefined {
  const bill = ctx.store.get(ctx.orgId, "bills", billId);
  if (bill === undefined) return undefined;
  const payments = ctx.store.query(ctx.orgId, "payments", { sql: "json_extract(data, '$.billId') = ?", params: [billId] }, "", 1_000_000, 0);
  let paid = 0;
  let scheduled = 0;
  for (const p of payments) {
    const s = String(p["singleStatus"]);
    if (PAID_STATUSES.has(s)) paid += num0(p["amount"]);
    else if (SCHEDULED_STATUSES.has(s)) scheduled += num0(p["amount"]);
  }
  const amount = num0(bill["amount"]);
  const credit = num0(bill["creditAmount"]);
  const due = money(amount - credit - paid);
  const paymentStatus = due <= 0 ? "PAID" : paid > 0 || credit > 0 ? "PARTIAL" : scheduled > 0 ? "SCHEDULED" : "UNPAID";
  const updated: Rec = { ...bill, paidAmount: money(paid), scheduledAmount: money(scheduled), dueAmount: Math.max(0, due), paymentStatus };
  if (JSON.stringify(updated) !== JSON.stringify(bill)) {
    updated["updatedTime"] = ctx.now;
    ctx.store.update(ctx.orgId, "bills", updated);
  }
  return updated;
}

/** Applies vendor credits (`[{id, amount}]`) of `vendorId`; returns the total applied. */
export function applyCredits(ctx: ObjectContext, vendorId: string, credits: readonly Body[], label: string, limit: number): number {
  let total = 0;
  credits.forEach((c, i) => {
    const id = reqStr(c, "id", { label: `${label}[${i}].id` });
    const amount = num(c, "amount", { required: true, positive: true, label: `${label}[${i}].amount` }) ?? 0;
    const credit = ref(ctx, "vendor-credits", id, `${label}[${i}].id`, "vendor credit");
    if (credit["vendorId"] !== vendorId) throw BillErrors.invalid(`${label}[${i}].id`, `vendor credit ${id} belongs to another vendor`);
    const available = money(num0(credit["amount"]) - num0(credit["appliedAmount"]));
    if (amount > available + 1e-9) throw BillErrors.invalid(`${label}[${i}].amount`, `exceeds the credit's available amount ${available.toFixed(2)}`);
    total = money(total + amount);
    if (total > limit + 1e-9) throw BillErrors.invalid(`${label}[${i}].amount`, `credits exceed the amount due ${limit.toFixed(2)}`);
    const applied = money(num0(credit["appliedAmount"]) + amount);
    ctx.store.update(ctx.orgId, "vendor-credits", { ...credit, appliedAmount: applied, creditStatus: creditStatus(num0(credit["amount"]), applied), updatedTime: ctx.now });
  });
  return total;
}

function creditStatus(amount: number, applied: number): string {
  return applied <= 0 ? "UNAPPLIED" : applied + 1e-9 >= amount ? "FULLY_APPLIED" : "PARTIALLY_APPLIED";
}

/** Bills (`00n…`). */
export const billSpec: ObjectSpec = {
  name: "bills",
  path: "bills",
  label: "Bill",
  idPrefix: "00n",
  fields: {
    ...BASE_FIELDS,
    vendorId: { type: "string" },
    dueDate: { type: "date" },
    paymentStatus: { type: "string" },
    approvalStatus: { type: "string" },
    payFromChartOfAccountId: { type: "string" },
    "classifications.chartOfAccountId": { type: "string", lines: "billLineItems" },
    "classifications.accountingClassId": { type: "string", lines: "billLineItems" },
    "classifications.departmentId": { type: "string", lines: "billLineItems" },
    "classifications.locationId": { type: "string", lines: "billLineItems" },
    "classifications.itemId": { type: "string", lines: "billLineItems" },
  },
  sortable: [...BASE_SORT, "dueDate", "description", "amount", "dueAmount"],
  ops: { create: true, patch: true, put: true, archive: true },
  validate: (ctx, b, existing) => {
    if (existing !== undefined && (num0(existing["paidAmount"]) > 0 || num0(existing["scheduledAmount"]) > 0)) {
      throw BillErrors.rejected("Bill cannot be updated because it has payments. Void or cancel the payments first.");
    }
    const vendorId = reqStr(b, "vendorId");
    const vendor = ref(ctx, "vendors", vendorId, "vendorId", "vendor");
    const invoice = obj(b, "invoice", { required: true }) ?? {};
    const lines = lineItems(ctx, b, "billLineItems", existing?.["billLineItems"], true);
    const amount = money(lines.reduce((s, l) => s + num0(l["amount"]), 0));
    const payFromChartOfAccountId = str(b, "payFromChartOfAccountId");
    if (payFromChartOfAccountId !== undefined) ref(ctx, "chart-of-accounts", payFromChartOfAccountId, "payFromChartOfAccountId", "chart of account");
    const creditAmount = num0(existing?.["creditAmount"]);
    const paidAmount = num0(existing?.["paidAmount"]);
    const due = money(amount - creditAmount - paidAmount);
    return defined({
      vendorId,
      vendorName: vendor["name"],
      invoice: { invoiceNumber: reqStr(invoice, "invoiceNumber", { label: "invoice.invoiceNumber", max: 100 }), invoiceDate: date(invoice, "invoiceDate", { required: true, label: "invoice.invoiceDate" }) },
      dueDate: date(b, "dueDate", { required: true }),
      glPostingDate: date(b, "glPostingDate"),
      description: str(b, "description", { max: 4000 }),
      // BILL's sync error quotes this limit: "poNumber Maximum length cannot be greater than 100 characters".
      poNumber: str(b, "poNumber", { max: 100 }),
      payFromChartOfAccountId,
      classifications: classifications(ctx, b, "classifications"),
      billLineItems: lines,
      amount,
      paidAmount,
      scheduledAmount: num0(existing?.["scheduledAmount"]),
      creditAmount,
      dueAmount: Math.max(0, due),
      paymentStatus: due <= 0 ? "PAID" : creditAmount > 0 ? "PARTIAL" : "UNPAID",
      approvalStatus: oneOf(b, "approvalStatus", APPROVAL_STATUSES) ?? existing?.["approvalStatus"] ?? "UNASSIGNED",
    });
  },
  afterCreate: (ctx, record, body) => {
    const credits = arr(body, "vendorCredits");
    if (credits.length === 0) return;
    const applied = applyCredits(ctx, String(record["vendorId"]), credits, "vendorCredits", num0(record["amount"]));
    ctx.store.update(ctx.orgId, "bills", { ...record, creditAmount: applied });
    recomputeBill(ctx, String(record["id"]));
  },
};

/** Vendor credits (`vcr…`). */
export const vendorCreditSpec: ObjectSpec = {
  name: "vendor-credits",
  path: "vendor-credits",
  label: "Vendor credit",
  idPrefix: "vcr",
  fields: { ...BASE_FIELDS, vendorId: { type: "string" }, referenceNumber: { type: "string" }, creditDate: { type: "date" }, approvalStatus: { type: "string" }, creditStatus: { type: "string" } },
  sortable: [...BASE_SORT, "creditDate", "amount", "appliedAmount", "referenceNumber"],
  ops: { create: true, patch: true, put: true, archive: true },
  validate: (ctx, b, existing) => {
    const vendorId = reqStr(b, "vendorId");
    ref(ctx, "vendors", vendorId, "vendorId", "vendor");
    const lines = lineItems(ctx, b, "vendorCreditLineItems", existing?.["vendorCreditLineItems"], false);
    lines.forEach((l, i) => {
      if (num0(l["amount"]) <= 0) throw BillErrors.invalid(`vendorCreditLineItems[${i}].amount`, "must be greater than 0");
    });
    const amount = money(lines.reduce((s, l) => s + num0(l["amount"]), 0));
    const appliedAmount = num0(existing?.["appliedAmount"]);
    if (amount < appliedAmount) throw BillErrors.rejected(`Vendor credit amount cannot be less than its applied amount ${appliedAmount.toFixed(2)}.`);
    return defined({
      vendorId,
      referenceNumber: reqStr(b, "referenceNumber", { max: 100 }),
      creditDate: date(b, "creditDate", { required: true }),
      description: str(b, "description", { max: 4000 }),
      vendorCreditLineItems: lines,
      amount,
      appliedAmount,
      creditStatus: creditStatus(amount, appliedAmount),
      approvalStatus: oneOf(b, "approvalStatus", APPROVAL_STATUSES) ?? existing?.["approvalStatus"] ?? "UNASSIGNED",
    });
  },
};

/** AP payments (`stp…`): list/get here; create, cancel and record-payment are routes of their own. */
export const paymentSpec: ObjectSpec = {
  name: "payments",
  path: "payments",
  label: "Payment",
  idPrefix: "stp",
  fields: { ...BASE_FIELDS, vendorId: { type: "string" }, billId: { type: "string" }, status: { type: "string" }, singleStatus: { type: "string" }, disbursementStatus: { type: "string" }, processDate: { type: "date" } },
  sortable: ["createdTime", "updatedTime", "description", "processDate", "amount", "onlinePayment", "disbursementStatus"],
  ops: { create: false, patch: false, put: false, archive: false },
};

const FUNDING_TYPES = ["BANK_ACCOUNT", "CARD_ACCOUNT", "WALLET", "AP_CARD"] as const;

/** Status fields derived from `singleStatus`. */
export function paymentStatusFields(singleStatus: string): Rec {
  const status = PAID_STATUSES.has(singleStatus) ? "PAID" : SCHEDULED_STATUSES.has(singleStatus) ? (singleStatus === "SCHEDULED" ? "SCHEDULED" : "IN_PROCESS") : singleStatus.startsWith("FUNDING_FAILED") ? "FAILED" : singleStatus;
  const disbursementStatus = singleStatus === "CLEARED" || singleStatus === "FUNDS_ESCHEATED" ? "CLEARED" : singleStatus === "SENT" ? "SENT" : singleStatus.startsWith("DISBURSEMENT_FAILED") ? "FAILED" : SCHEDULED_STATUSES.has(singleStatus) ? "SCHEDULED" : singleStatus;
  return { singleStatus, status, disbursementStatus };
}

function insertPayment(ctx: ObjectContext, fields: Rec): Rec {
  const record: Rec = { id: ctx.store.newId("stp"), ...fields, archived: false, createdTime: ctx.now, updatedTime: ctx.now };
  ctx.store.insert(ctx.orgId, "payments", record);
  recomputeBill(ctx, String(fields["billId"]));
  return record;
}

/** `POST /v3/payments`: validates and schedules a payment of one bill. */
export function createPayment(ctx: ObjectContext, b: Body): Rec {
  const billId = reqStr(b, "billId");
  const bill = ref(ctx, "bills", billId, "billId", "bill");
  const amount = num(b, "amount", { required: true, positive: true }) ?? 0;
  const funding = obj(b, "fundingAccount", { required: true }) ?? {};
  const fundingType = oneOf(funding, "type", FUNDING_TYPES, { required: true, label: "fundingAccount.type" }) ?? "BANK_ACCOUNT";
  const fundingId = reqStr(funding, "id", { label: "fundingAccount.id" });
  obj(b, "processingOptions", { required: true });
  const vendorId = str(b, "vendorId");
  if (vendorId !== undefined && vendorId !== bill["vendorId"]) throw BillErrors.invalid("vendorId", "must match the bill's vendor");
  const processDate = date(b, "processDate", { required: fundingType === "WALLET" || fundingType === "AP_CARD" }) ?? nextBusinessDay(ctx.nowMs);
  const open = money(num0(bill["dueAmount"]) - num0(bill["scheduledAmount"]));
  if (amount > open + 1e-9) throw BillErrors.invalid("amount", `must not exceed the bill's open amount ${open.toFixed(2)}`);
  return insertPayment(ctx, defined({ billId, vendorId: bill["vendorId"], amount: money(amount), processDate, description: str(b, "description", { max: 70 }), fundingAccount: { type: fundingType, id: fundingId }, onlinePayment: true, ...paymentStatusFields("SCHEDULED") }));
}

/** A payment as seeded (any status, online or not); bypasses session rules. */
export function seedPayment(ctx: ObjectContext, b: Body): Rec {
  const billId = reqStr(b, "billId");
  const bill = ref(ctx, "bills", billId, "billId", "bill");
  const singleStatus = oneOf(b, "singleStatus", SINGLE_STATUSES) ?? "CLEARED";
  return insertPayment(ctx, defined({ billId, vendorId: bill["vendorId"], amount: money(num(b, "amount", { required: true, positive: true }) ?? 0), processDate: date(b, "processDate") ?? nextBusinessDay(ctx.nowMs), description: str(b, "description", { max: 70 }), onlinePayment: b["onlinePayment"] !== false, ...paymentStatusFields(singleStatus) }));
}

/** `POST /v3/bills/record-payment`: payments made outside BILL (e.g. in Intacct), cleared at once. */
export function recordBillPayment(ctx: ObjectContext, b: Body): Rec[] {
  const vendorId = reqStr(b, "vendorId");
  ref(ctx, "vendors", vendorId, "vendorId", "vendor");
  const processDate = date(b, "processDate", { required: true }) ?? "";
  const entries = arr(b, "payments", { required: true, minItems: 1 });
  const credits = arr(b, "vendorCredits");
  const description = str(b, "description", { max: 70 });
  const out: Rec[] = [];
  entries.forEach((p, i) => {
    const billId = reqStr(p, "billId", { label: `payments[${i}].billId` });
    let bill = ref(ctx, "bills", billId, `payments[${i}].billId`, "bill");
    if (bill["vendorId"] !== vendorId) throw BillErrors.invalid(`payments[${i}].billId`, `bill ${billId} belongs to another vendor`);
    if (i === 0 && credits.length > 0) {
      const applied = applyCredits(ctx, vendorId, credits, "vendorCredits", num0(bill["dueAmount"]));
      bill = { ...bill, creditAmount: money(num0(bill["creditAmount"]) + applied), updatedTime: ctx.now };
      ctx.store.update(ctx.orgId, "bills", bill);
      bill = recomputeBill(ctx, billId) ?? bill;
    }
    const amount = num(p, "amount", { required: true, positive: true, label: `payments[${i}].amount` }) ?? 0;
    const open = money(num0(bill["dueAmount"]) - num0(bill["scheduledAmount"]));
    if (amount > open + 1e-9) throw BillErrors.invalid(`payments[${i}].amount`, `must not exceed the bill's open amount ${open.toFixed(2)}`);
    out.push(insertPayment(ctx, defined({ billId, vendorId, amount: money(amount), processDate, description, onlinePayment: false, toPrintCheck: b["toPrintCheck"] === true, ...paymentStatusFields("CLEARED") })));
  });
  return out;
}

/** Moves a payment to `singleStatus` (admin API, `cancel`) and recomputes its bill. */
export function setPaymentStatus(ctx: ObjectContext, paymentId: string, singleStatus: string): Rec {
  const payment = ctx.store.get(ctx.orgId, "payments", paymentId);
  if (payment === undefined) throw BillErrors.notFound("Payment", paymentId);
  if (!(SINGLE_STATUSES as readonly string[]).includes(singleStatus)) throw BillErrors.invalid("singleStatus", `must be one of ${SINGLE_STATUSES.join(", ")}`);
  const updated = { ...payment, ...paymentStatusFields(singleStatus), updatedTime: ctx.now };
  ctx.store.update(ctx.orgId, "payments", updated);
  recomputeBill(ctx, String(payment["billId"]));
  return updated;
}

/** `POST /v3/payments/{id}/cancel`: only a scheduled payment can be canceled; canceling twice is a no-op. */
export function cancelPayment(ctx: ObjectContext, paymentId: string): Rec {
  const payment = ctx.store.get(ctx.orgId, "payments", paymentId);
  if (payment === undefined) throw BillErrors.notFound("Payment", paymentId);
  if (payment["singleStatus"] === "CANCELED") return payment;
  if (payment["singleStatus"] !== "SCHEDULED") throw BillErrors.rejected(`Payment ${paymentId} is ${String(payment["singleStatus"])} and can no longer be canceled.`);
  return setPaymentStatus(ctx, paymentId, "CANCELED");
}
