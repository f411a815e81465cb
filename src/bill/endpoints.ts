/**
 * The typed BILL v3 endpoints the sync uses (`reference/bill-api.md` §8), grouped per object:
 * `client.vendors.list(...)`, `client.bills.replace(...)`, `client.classifications.departments...`.
 */
import { SecretRegistry } from "../domain/redact.js";
import { BillClientCore, type BillClientOptions, type BillClientStats, crudOps, type CrudOps, listOps, type ListOps, replaceableOps, type ReplaceableOps, sessionOps, type SessionOps } from "./client.js";
import { KeyedSemaphore } from "./concurrency.js";
import { type DocumentsOps, documentsOps } from "./documents.js";
import { BillLimits } from "./limits.js";
import { findByMarker } from "./marker.js";
import type { Filter } from "./query.js";
import { SessionCache, SlidingWindowLoginBudget } from "./session.js";
import type {
  Bill,
  BillInput,
  ChartOfAccount,
  ChartOfAccountInput,
  Classification,
  ClassificationInput,
  Customer,
  CustomerInput,
  Employee,
  EmployeeInput,
  Invoice,
  InvoiceInput,
  Item,
  ItemInput,
  Payment,
  PaymentInput,
  PaymentTerm,
  PaymentTermInput,
  ReceivedPayment,
  RecordBillPaymentInput,
  RecordInvoicePaymentInput,
  Vendor,
  VendorCredit,
  VendorCreditInput,
  VendorInput,
} from "./types.js";

/** Narrowing filters for a marker search (keep them tight: the search scans descriptions). */
export interface MarkerSearch {
  /** Extra filters, e.g. `vendorId eq`. @default [] */
  readonly filters?: readonly Filter[];
  /** Only records created at or after this time (ISO-8601), e.g. when the write was planned. @default no bound */
  readonly createdSince?: string;
}

function markerFilters(search: MarkerSearch): Filter[] {
  const out = [...(search.filters ?? [])];
  if (search.createdSince !== undefined) out.push({ field: "createdTime", op: "gte", value: search.createdSince });
  return out;
}

/** Bills: CRUD, `PUT` replace, record an outside payment, and look-ups that settle uncertain creates. */
export interface BillsOps extends ReplaceableOps<Bill, BillInput> {
  /** `POST /v3/bills/record-payment` (a payment made outside BILL). Not idempotent. */
  recordPayment(input: RecordBillPaymentInput): Promise<{ readonly payments: readonly Payment[] }>;
  /** The bill of `vendorId` with invoice number `invoiceNumber`, if any (BILL's natural key for bills). */
  findByInvoiceNumber(vendorId: string, invoiceNumber: string): Promise<Bill | undefined>;
  /** The bill whose `description` carries marker `key` (see `withMarker`). */
  findByMarker(key: string, search?: MarkerSearch): Promise<Bill | undefined>;
}

/** Vendors: CRUD plus all-or-nothing bulk create (≤20). */
export interface VendorsOps extends CrudOps<Vendor, VendorInput> {
  /** `POST /v3/vendors/bulk`: up to 20 vendors, all or nothing. Not idempotent. */
  createBulk(inputs: readonly VendorInput[]): Promise<readonly Vendor[]>;
}

/** Payments: list/read, create (MFA-trusted user session), cancel, marker look-up. */
export interface PaymentsOps extends ListOps<Payment> {
  /** `POST /v3/payments`. Not idempotent: settle an `uncertain_outcome` with `findByMarker` first. */
  create(input: PaymentInput): Promise<Payment>;
  /** `POST /v3/payments/{id}/cancel` (a scheduled payment). */
  cancel(id: string): Promise<Payment>;
  /** The payment whose `description` carries marker `key`. */
  findByMarker(key: string, search?: MarkerSearch): Promise<Payment | undefined>;
}

/** Invoices: CRUD, `PUT` replace, record a received payment. */
export interface InvoicesOps extends ReplaceableOps<Invoice, InvoiceInput> {
  /** `POST /v3/invoices/record-payment`. Not idempotent. */
  recordPayment(input: RecordInvoicePaymentInput): Promise<ReceivedPayment>;
  /** The invoice numbered `invoiceNumber`, if any. */
  findByInvoiceNumber(invoiceNumber: string): Promise<Invoice | undefined>;
}

/** The GL classifications (`/v3/classifications/...`). */
export interface ClassificationsOps {
  readonly chartOfAccounts: CrudOps<ChartOfAccount, ChartOfAccountInput>;
  readonly departments: CrudOps<Classification, ClassificationInput>;
  readonly locations: CrudOps<Classification, ClassificationInput>;
  readonly accountingClasses: CrudOps<Classification, ClassificationInput>;
  readonly employees: CrudOps<Employee, EmployeeInput>;
  readonly jobs: CrudOps<Classification, ClassificationInput>;
  /** Items (path `/v3/classifications/items` is UNCONFIRMED). */
  readonly items: CrudOps<Item, ItemInput>;
}

/** A BILL client bound to one organization. */
export interface BillClient {
  readonly vendors: VendorsOps;
  readonly bills: BillsOps;
  readonly vendorCredits: ReplaceableOps<VendorCredit, VendorCreditInput>;
  readonly payments: PaymentsOps;
  readonly customers: CrudOps<Customer, CustomerInput>;
  readonly invoices: InvoicesOps;
  /** Payment terms (`/v3/payment-terms`; UNCONFIRMED path, BILL documents them in v2). */
  readonly paymentTerms: CrudOps<PaymentTerm, PaymentTermInput>;
  /** Received payments (`/v3/receivable-payments`): read only here. */
  readonly receivedPayments: ListOps<ReceivedPayment>;
  readonly classifications: ClassificationsOps;
  /** Bill documents and invoice attachments (`/v3/documents`, `/v3/attachments`; shapes UNCONFIRMED). */
  readonly documents: DocumentsOps;
  readonly session: SessionOps;
  /** Request, login and retry counters. */
  readonly stats: Readonly<BillClientStats>;
  /** The engine, for calls not typed here. */
  readonly core: BillClientCore;
  /** Logs in now (otherwise the first call does). */
  login(): Promise<void>;
  /** Ends the BILL session. */
  logout(): Promise<void>;
}

/**
 * Creates a client for one BILL organization.
 *
 * @example
 * const bill = createBillClient({
 *   baseUrl: BILL_BASE_URLS.sandbox,
 *   credentials: { organizationId: "008…", username: "ap@example.org", password, devKey },
 * });
 * for await (const v of bill.vendors.list({ filters: [updatedAfter(watermark)], sort: [{ field: "updatedTime", order: "asc" }] })) { … }
 */
export function createBillClient(options: BillClientOptions): BillClient {
  const core = new BillClientCore(options);
  const bills = replaceableOps<Bill, BillInput, Partial<BillInput>>(core, "/v3/bills");
  const vendors = crudOps<Vendor, VendorInput, Partial<VendorInput>>(core, "/v3/vendors");
  const payments = listOps<Payment>(core, "/v3/payments");
  const invoices = replaceableOps<Invoice, InvoiceInput, Partial<InvoiceInput>>(core, "/v3/invoices");
  const cls = <T, C>(segment: string) => crudOps<T, C, Partial<C>>(core, `/v3/classifications/${segment}`);
  return {
    vendors: {
      ...vendors,
      createBulk: async (inputs) => {
        if (inputs.length === 0 || inputs.length > BillLimits.vendorBulkMax) throw new RangeError(`bulk create takes 1 to ${BillLimits.vendorBulkMax} vendors, got ${inputs.length}`);
        return (await core.call({ method: "POST", path: "/v3/vendors/bulk", body: inputs, idempotent: false })) as Vendor[];
      },
    },
    bills: {
      ...bills,
      recordPayment: async (input) => (await core.call({ method: "POST", path: "/v3/bills/record-payment", body: input, idempotent: false })) as { payments: Payment[] },
      findByInvoiceNumber: (vendorId, invoiceNumber) => bills.find((b) => b.invoice.invoiceNumber === invoiceNumber, { filters: [{ field: "vendorId", op: "eq", value: vendorId }] }),
      findByMarker: (key, search = {}) => findByMarker(bills.list({ filters: markerFilters(search) }), key, (b) => b.description),
    },
    vendorCredits: replaceableOps<VendorCredit, VendorCreditInput, Partial<VendorCreditInput>>(core, "/v3/vendor-credits"),
    payments: {
      ...payments,
      create: async (input) => (await core.call({ method: "POST", path: "/v3/payments", body: input, idempotent: false })) as Payment,
      cancel: async (id) => (await core.call({ method: "POST", path: `/v3/payments/${encodeURIComponent(id)}/cancel`, idempotent: true })) as Payment,
      findByMarker: (key, search = {}) => findByMarker(payments.list({ filters: markerFilters(search) }), key, (p) => p.description),
    },
    customers: crudOps<Customer, CustomerInput, Partial<CustomerInput>>(core, "/v3/customers"),
    invoices: {
      ...invoices,
      recordPayment: async (input) => (await core.call({ method: "POST", path: "/v3/invoices/record-payment", body: input, idempotent: false })) as ReceivedPayment,
      findByInvoiceNumber: (invoiceNumber) => invoices.find((i) => i.invoiceNumber === invoiceNumber, { filters: [{ field: "invoiceNumber", op: "eq", value: invoiceNumber }] }),
    },
    paymentTerms: crudOps<PaymentTerm, PaymentTermInput, Partial<PaymentTermInput>>(core, "/v3/payment-terms"),
    receivedPayments: listOps<ReceivedPayment>(core, "/v3/receivable-payments"),
    classifications: {
      chartOfAccounts: cls<ChartOfAccount, ChartOfAccountInput>("chart-of-accounts"),
      departments: cls<Classification, ClassificationInput>("departments"),
      locations: cls<Classification, ClassificationInput>("locations"),
      accountingClasses: cls<Classification, ClassificationInput>("accounting-classes"),
      employees: cls<Employee, EmployeeInput>("employees"),
      jobs: cls<Classification, ClassificationInput>("jobs"),
      items: cls<Item, ItemInput>("items"),
    },
    documents: documentsOps(core, options.baseUrl, options.downloadOrigins === undefined ? {} : { downloadOrigins: options.downloadOrigins }),
    session: sessionOps(core),
    stats: core.stats,
    core,
    login: async () => {
      await core.login();
    },
    logout: () => core.logout(),
  };
}

/** What clients of one process should share: the concurrency gate, sessions, login budget, secrets. */
export type BillSharedState = Required<Pick<BillClientOptions, "gate" | "sessions" | "loginBudget" | "secrets">>;

/**
 * Creates the state to share between every BILL client of a process, so that two clients of the
 * same organization (e.g. two sync runs) together stay within 3 requests in flight, reuse one
 * session and draw from one login budget per dev key.
 *
 * @example
 * const shared = createBillSharedState();
 * const a = createBillClient({ baseUrl, credentials, ...shared });
 * const b = createBillClient({ baseUrl, credentials, ...shared });
 */
export function createBillSharedState(): BillSharedState {
  return { gate: new KeyedSemaphore(BillLimits.concurrentRequestsPerOrg), sessions: new SessionCache(), loginBudget: new SlidingWindowLoginBudget(), secrets: new SecretRegistry() };
}
