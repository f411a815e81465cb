/** Invoices and received payments (`reference/bill-api.md` §8.8, §8.9). */
import { toBillDate } from "../clock.js";
import type { Rec } from "../db.js";
import { BillErrors } from "../errors.js";
import { arr, BASE_FIELDS, BASE_SORT, type Body, classifications, date, defined, money, num, obj, type ObjectContext, type ObjectSpec, oneOf, ref, reqStr, str } from "./common.js";
import { customerSpec } from "./lists.js";

const num0 = (v: unknown): number => (typeof v === "number" ? v : 0);

function invoiceStatus(total: number, paid: number): string {
  return paid + 1e-9 >= total ? "PAID" : paid > 0 ? "PARTIAL" : "UNPAID";
}

/**
 * Resolves the write-side `customer` object: `{id}` of an existing customer, or `{name, email}`
 * to create one inline. A missing object gets BILL's observed text
 * `"customer: The customer field is required"`.
 */
function resolveCustomer(ctx: ObjectContext, b: Body): Rec {
  const c = b["customer"];
  if (c === undefined || c === null) throw BillErrors.invalid("customer", "The customer field is required");
  const customer = obj(b, "customer") ?? {};
  const id = str(customer, "id", { label: "customer.id" });
  if (id !== undefined) return ref(ctx, "customers", id, "customer.id", "customer");
  const fields = customerSpec.validate?.(ctx, customer, undefined) ?? {};
  const record: Rec = { id: ctx.store.newId("0cu"), ...fields, archived: false, createdTime: ctx.now, updatedTime: ctx.now };
  ctx.store.insert(ctx.orgId, "customers", record);
  return record;
}

/** Invoices (`00e…`). Writes send `customer: {id}`; reads return `customerId`. */
export const invoiceSpec: ObjectSpec = {
  name: "invoices",
  path: "invoices",
  label: "Invoice",
  idPrefix: "00e",
  fields: { ...BASE_FIELDS, customerId: { type: "string" }, invoiceNumber: { type: "string" }, invoiceDate: { type: "date" }, dueDate: { type: "date" }, paymentStatus: { type: "string" }, payToChartOfAccountId: { type: "string" } },
  sortable: [...BASE_SORT, "invoiceNumber", "invoiceDate", "dueDate", "totalAmount"],
  ops: { create: true, patch: true, put: true, archive: true },
  validate: (ctx, b, existing) => {
    const paidAmount = num0(existing?.["paidAmount"]);
    // A PATCH merges over the read shape, whose customer is the flat `customerId`.
    const body = b["customer"] === undefined && typeof b["customerId"] === "string" ? { ...b, customer: { id: b["customerId"] } } : b;
    const customer = resolveCustomer(ctx, body);
    const known = new Set(Array.isArray(existing?.["invoiceLineItems"]) ? (existing["invoiceLineItems"] as Rec[]).map((l) => l["id"]) : []);
    const lines = arr(body, "invoiceLineItems", { required: true, minItems: 1 }).map((line, i) => {
      const label = `invoiceLineItems[${i}]`;
      const quantity = num(line, "quantity", { label: `${label}.quantity` }) ?? 1;
      const price = num(line, "price", { required: true, label: `${label}.price` }) ?? 0;
      const id = typeof line["id"] === "string" && known.has(line["id"]) ? line["id"] : ctx.store.newId("0il");
      return defined({ id, quantity, price, amount: money(quantity * price), description: str(line, "description", { label: `${label}.description`, max: 4000 }), classifications: classifications(ctx, line, `${label}.classifications`) });
    });
    const total = money(lines.reduce((s, l) => s + num0(l["amount"]), 0));
    if (total < paidAmount) throw BillErrors.rejected(`Invoice total cannot be less than the amount already paid ${paidAmount.toFixed(2)}.`);
    const invoiceDate = date(body, "invoiceDate") ?? toBillDate(ctx.nowMs);
    const payToChartOfAccountId = str(body, "payToChartOfAccountId");
    if (payToChartOfAccountId !== undefined) ref(ctx, "chart-of-accounts", payToChartOfAccountId, "payToChartOfAccountId", "chart of account");
    return defined({
      customerId: customer["id"],
      customerName: customer["name"],
      invoiceNumber: str(body, "invoiceNumber", { max: 100 }) ?? String(ctx.store.nextCounter(`invoice-number:${ctx.orgId}`)),
      invoiceDate,
      dueDate: date(body, "dueDate") ?? invoiceDate,
      description: str(body, "description", { max: 4000 }),
      payToChartOfAccountId,
      classifications: classifications(ctx, body, "classifications"),
      invoiceLineItems: lines,
      totalAmount: total,
      paidAmount,
      dueAmount: money(total - paidAmount),
      paymentStatus: invoiceStatus(total, paidAmount),
    });
  },
};

/** Received payments (`0rp…`): list/get; `POST /v3/invoices/record-payment` creates them. */
export const receivablePaymentSpec: ObjectSpec = {
  name: "receivable-payments",
  path: "receivable-payments",
  label: "Receivable payment",
  idPrefix: "0rp",
  fields: { ...BASE_FIELDS, customerId: { type: "string" }, paymentDate: { type: "date" }, paymentType: { type: "string" } },
  sortable: ["createdTime", "updatedTime", "amount", "paymentDate"],
  ops: { create: false, patch: false, put: false, archive: false },
};

const PAYMENT_TYPES = ["CASH", "CHECK", "CREDIT_CARD", "ACH", "PAYPAL", "OTHER"] as const;

/**
 * `POST /v3/invoices/record-payment`: a payment received outside BILL. All invoices must belong
 * to the customer; an unapplied remainder becomes customer credit.
 */
export function recordInvoicePayment(ctx: ObjectContext, b: Body): Rec {
  const customerId = reqStr(b, "customerId");
  ref(ctx, "customers", customerId, "customerId", "customer");
  const paymentDate = date(b, "paymentDate", { required: true });
  const paymentType = oneOf(b, "paymentType", PAYMENT_TYPES, { required: true });
  const amount = num(b, "amount", { required: true, positive: true }) ?? 0;
  const entries = arr(b, "invoices");
  let applied = 0;
  const invoices = entries.map((e, i) => {
    const id = reqStr(e, "id", { label: `invoices[${i}].id` });
    const inv = ref(ctx, "invoices", id, `invoices[${i}].id`, "invoice");
    if (inv["customerId"] !== customerId) throw BillErrors.invalid(`invoices[${i}].id`, "all invoices must belong to the payment's customer");
    const part = num(e, "amount", { required: true, positive: true, label: `invoices[${i}].amount` }) ?? 0;
    if (part > num0(inv["dueAmount"]) + 1e-9) throw BillErrors.invalid(`invoices[${i}].amount`, `must not exceed the invoice's due amount ${num0(inv["dueAmount"]).toFixed(2)}`);
    applied = money(applied + part);
    return { inv, part: money(part) };
  });
  if (applied > amount + 1e-9) throw BillErrors.invalid("amount", "must be at least the sum of the invoice amounts");
  for (const { inv, part } of invoices) {
    const paid = money(num0(inv["paidAmount"]) + part);
    const total = num0(inv["totalAmount"]);
    ctx.store.update(ctx.orgId, "invoices", { ...inv, paidAmount: paid, dueAmount: money(total - paid), paymentStatus: invoiceStatus(total, paid), updatedTime: ctx.now });
  }
  const record: Rec = defined({
    id: ctx.store.newId("0rp"),
    customerId,
    paymentDate,
    paymentType,
    amount: money(amount),
    description: str(b, "description", { max: 4000 }),
    invoices: invoices.map(({ inv, part }) => ({ id: inv["id"], amount: part })),
    unappliedAmount: money(amount - applied),
    status: "RECEIVED",
    archived: false,
    createdTime: ctx.now,
    updatedTime: ctx.now,
  });
  ctx.store.insert(ctx.orgId, "receivable-payments", record);
  return record;
}
