/**
 * JSON shapes of the BILL v3 AP & AR objects the sync reads and writes (`reference/bill-api.md` §8).
 * Read shapes carry `id`, `archived`, `createdTime` and `updatedTime`; input shapes are what a
 * create or full replace sends. Field names marked UNCONFIRMED in the reference are noted here.
 */

/** GL classifications of a header or a line (official filter names; `jobId`/`employeeId` UNCONFIRMED on bills). */
export interface Classifications {
  readonly chartOfAccountId?: string;
  readonly accountingClassId?: string;
  readonly departmentId?: string;
  readonly locationId?: string;
  readonly itemId?: string;
  readonly jobId?: string;
  readonly employeeId?: string;
}

/** Fields every stored BILL record has. Timestamps are ISO-8601 (`2026-03-02T18:04:11.000+00:00`). */
export interface BillRecordBase {
  readonly id: string;
  readonly archived: boolean;
  readonly createdTime: string;
  readonly updatedTime: string;
}

/** Postal address (vendors, customers). */
export interface Address {
  readonly line1?: string;
  readonly line2?: string;
  readonly city?: string;
  readonly stateOrProvince?: string;
  readonly zipOrPostalCode?: string;
  readonly country?: string;
}

/** `accountType` of vendors and customers. */
export type AccountType = "BUSINESS" | "PERSON" | "NONE";

/** Writable vendor fields (`POST /v3/vendors`). `name` and `accountType` are required. */
export interface VendorInput {
  readonly name: string;
  readonly accountType: AccountType;
  /** Short name / vendor ID shown in BILL; the natural key we match against Intacct VENDORID (UNCONFIRMED name). */
  readonly shortName?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly description?: string;
  readonly address?: Address;
}

/** A vendor (`009…`). */
export interface Vendor extends BillRecordBase, VendorInput {
  readonly billCurrency: string;
}

/** `paymentStatus` of a bill (values per a third-party SDK; UNCONFIRMED). */
export type BillPaymentStatus = "UNPAID" | "PARTIAL" | "PAID" | "SCHEDULED";

/** Approval state of bills and vendor credits (BILL's UI names; field name UNCONFIRMED). */
export type ApprovalStatus = "UNASSIGNED" | "ASSIGNED" | "APPROVING" | "APPROVED" | "DENIED";

/** A bill line as written: `amount`, or `quantity` × `price`. */
export interface BillLineItemInput {
  readonly amount?: number;
  readonly quantity?: number;
  readonly price?: number;
  readonly description?: string;
  readonly classifications?: Classifications;
}

/** A stored bill line. */
export interface BillLineItem extends BillLineItemInput {
  readonly id: string;
  readonly amount: number;
}

/** A credit applied to a bill: `{id, amount}`. */
export interface CreditApplication {
  readonly id: string;
  readonly amount: number;
}

/** Writable bill fields (`POST /v3/bills`, `PUT /v3/bills/{id}`). */
export interface BillInput {
  readonly vendorId: string;
  readonly dueDate: string;
  readonly invoice: { readonly invoiceNumber: string; readonly invoiceDate: string };
  readonly billLineItems: readonly BillLineItemInput[];
  readonly description?: string;
  readonly glPostingDate?: string;
  /** Purchase-order number (field name UNCONFIRMED). */
  readonly poNumber?: string;
  readonly payFromChartOfAccountId?: string;
  readonly classifications?: Classifications;
  readonly vendorCredits?: readonly CreditApplication[];
}

/** A bill (`00n…`). */
export interface Bill extends BillRecordBase, Omit<BillInput, "billLineItems" | "vendorCredits"> {
  readonly vendorName: string;
  readonly billLineItems: readonly BillLineItem[];
  readonly amount: number;
  readonly paidAmount: number;
  readonly scheduledAmount: number;
  readonly creditAmount: number;
  readonly dueAmount: number;
  readonly paymentStatus: BillPaymentStatus;
  readonly approvalStatus: ApprovalStatus;
}

/** A vendor-credit line. */
export interface VendorCreditLineItemInput {
  readonly amount: number;
  readonly description?: string;
  readonly classifications?: Classifications;
}

/** Writable vendor-credit fields (`POST /v3/vendor-credits`). */
export interface VendorCreditInput {
  readonly vendorId: string;
  readonly referenceNumber: string;
  readonly creditDate: string;
  readonly vendorCreditLineItems: readonly VendorCreditLineItemInput[];
  readonly description?: string;
}

/** Application state of a vendor credit (UNCONFIRMED names). */
export type CreditStatus = "UNAPPLIED" | "PARTIALLY_APPLIED" | "FULLY_APPLIED";

/** A vendor credit (`vcr…`). */
export interface VendorCredit extends BillRecordBase, Omit<VendorCreditInput, "vendorCreditLineItems"> {
  readonly vendorCreditLineItems: ReadonlyArray<VendorCreditLineItemInput & { readonly id: string }>;
  readonly amount: number;
  readonly appliedAmount: number;
  readonly creditStatus: CreditStatus;
  readonly approvalStatus: ApprovalStatus;
}

/** Funding account of a payment. */
export interface FundingAccount {
  readonly type: "BANK_ACCOUNT" | "CARD_ACCOUNT" | "WALLET" | "AP_CARD";
  readonly id: string;
}

/** Writable payment fields (`POST /v3/payments`; needs an MFA-trusted user session). */
export interface PaymentInput {
  readonly billId: string;
  readonly amount: number;
  readonly fundingAccount: FundingAccount;
  readonly processingOptions: Readonly<Record<string, unknown>>;
  readonly vendorId?: string;
  /** At most 70 characters (printed on the check memo). */
  readonly description?: string;
  readonly processDate?: string;
}

/**
 * Combined payment lifecycle (`singleStatus`). The last eight are BILL's documented values;
 * `SCHEDULED`, `IN_PROCESS` and `SENT` stand for the earlier stages whose names are UNCONFIRMED.
 */
export type PaymentSingleStatus =
  | "SCHEDULED"
  | "IN_PROCESS"
  | "SENT"
  | "CLEARED"
  | "CANCELED"
  | "VOIDED"
  | "FUNDING_FAILED_VOIDED"
  | "FUNDING_FAILED_ACTION_NEEDED"
  | "DISBURSEMENT_FAILED_ACTION_NEEDED"
  | "DISBURSEMENT_FAILED_VENDOR_BANK_REJECTED"
  | "FUNDS_ESCHEATED";

/** An AP payment (`stp…`), online or recorded offline. */
export interface Payment extends BillRecordBase {
  readonly billId: string;
  readonly vendorId: string;
  readonly amount: number;
  readonly processDate: string;
  readonly description?: string;
  readonly fundingAccount?: FundingAccount;
  /** False for payments recorded with `POST /v3/bills/record-payment`. */
  readonly onlinePayment: boolean;
  /** Funding/processing state (value list UNCONFIRMED). */
  readonly status: string;
  /** Delivery state (value list UNCONFIRMED). */
  readonly disbursementStatus: string;
  readonly singleStatus: PaymentSingleStatus;
}

/** Body of `POST /v3/bills/record-payment` (a payment made outside BILL, e.g. in Intacct). */
export interface RecordBillPaymentInput {
  readonly vendorId: string;
  readonly processDate: string;
  readonly payments: readonly { readonly billId: string; readonly amount: number }[];
  readonly vendorCredits?: readonly CreditApplication[];
  readonly toPrintCheck?: boolean;
  readonly description?: string;
}

/** Writable customer fields (`POST /v3/customers`). `email` is required in practice. */
export interface CustomerInput {
  readonly name: string;
  readonly email: string;
  readonly accountType?: AccountType;
  readonly companyName?: string;
  readonly shortName?: string;
  readonly phone?: string;
  readonly description?: string;
  readonly address?: Address;
}

/** A customer (`0cu…`). */
export interface Customer extends BillRecordBase, CustomerInput {
  readonly invoiceCurrency: string;
}

/** An invoice line. */
export interface InvoiceLineItemInput {
  readonly quantity: number;
  readonly price: number;
  readonly description?: string;
  readonly classifications?: Classifications;
}

/**
 * Writable invoice fields. Note the asymmetry BILL has: writes send a `customer` object, reads
 * return a flat `customerId`.
 */
export interface InvoiceInput {
  readonly customer: { readonly id: string };
  readonly invoiceLineItems: readonly InvoiceLineItemInput[];
  readonly invoiceNumber?: string;
  readonly invoiceDate?: string;
  readonly dueDate?: string;
  readonly description?: string;
  readonly payToChartOfAccountId?: string;
  readonly classifications?: Classifications;
  readonly processingOptions?: { readonly sendEmail?: boolean };
}

/** An invoice (`00e…`). `paymentStatus` names are UNCONFIRMED. */
export interface Invoice extends BillRecordBase {
  readonly customerId: string;
  readonly customerName: string;
  readonly invoiceNumber: string;
  readonly invoiceDate: string;
  readonly dueDate: string;
  readonly description?: string;
  readonly payToChartOfAccountId?: string;
  readonly classifications?: Classifications;
  readonly invoiceLineItems: ReadonlyArray<InvoiceLineItemInput & { readonly id: string; readonly amount: number }>;
  readonly totalAmount: number;
  readonly paidAmount: number;
  readonly dueAmount: number;
  readonly paymentStatus: "UNPAID" | "PARTIAL" | "PAID";
}

/** `paymentType` of a received payment. */
export type ReceivedPaymentType = "CASH" | "CHECK" | "CREDIT_CARD" | "ACH" | "PAYPAL" | "OTHER";

/** Body of `POST /v3/invoices/record-payment`. */
export interface RecordInvoicePaymentInput {
  readonly customerId: string;
  readonly paymentDate: string;
  readonly paymentType: ReceivedPaymentType;
  readonly amount: number;
  readonly description?: string;
  readonly invoices: readonly { readonly id: string; readonly amount: number }[];
}

/** A received (receivable) payment (`0rp…`). */
export interface ReceivedPayment extends BillRecordBase {
  readonly customerId: string;
  readonly paymentDate: string;
  readonly paymentType: ReceivedPaymentType;
  readonly amount: number;
  readonly description?: string;
  readonly invoices: readonly { readonly id: string; readonly amount: number }[];
  /** Amount not applied to invoices (becomes customer credit). */
  readonly unappliedAmount: number;
  readonly status: string;
}

/** Writable fields of a GL classification (department, location, class, job, item). */
export interface ClassificationInput {
  readonly name: string;
  readonly description?: string;
  /** Short code, e.g. the Intacct DEPARTMENTID (field name UNCONFIRMED). */
  readonly shortName?: string;
  readonly parentId?: string;
}

/** A department, location, accounting class or job. */
export interface Classification extends BillRecordBase, ClassificationInput {}

/** Writable chart-of-accounts fields. */
export interface ChartOfAccountInput {
  readonly name: string;
  /** Account number; locked once linked (bill-intacct-sync.md §3.1). */
  readonly accountNumber?: string;
  /** Account type (value list UNCONFIRMED; e.g. `EXPENSE`, `BANK`, `ACCOUNTS_PAYABLE`). */
  readonly accountType: string;
  readonly description?: string;
  readonly parentId?: string;
}

/** A chart-of-accounts record (`0ca…`). */
export interface ChartOfAccount extends BillRecordBase, ChartOfAccountInput {}

/** Writable employee fields. */
export interface EmployeeInput {
  readonly firstName: string;
  readonly lastName: string;
  readonly shortName?: string;
  readonly email?: string;
  readonly description?: string;
}

/** An employee classification. */
export interface Employee extends BillRecordBase, EmployeeInput {}

/** Writable item fields (`0ii…`; path UNCONFIRMED). */
export interface ItemInput {
  readonly name: string;
  readonly type?: string;
  readonly description?: string;
  readonly shortName?: string;
  readonly price?: number;
  readonly chartOfAccountId?: string;
}

/** An item. */
export interface Item extends BillRecordBase, ItemInput {}

/**
 * Writable payment-term fields. BILL documents payment terms in v2 (`PaymentTerm`, `netDue` in
 * days); the v3 path `/v3/payment-terms` and these names are UNCONFIRMED.
 */
export interface PaymentTermInput {
  readonly name: string;
  /** Days until payment is due. */
  readonly netDue?: number;
  readonly description?: string;
}

/** A payment term. */
export interface PaymentTerm extends BillRecordBase, PaymentTermInput {}

/** Answer of `POST /v3/login`. */
export interface LoginResult {
  readonly sessionId: string;
  readonly organizationId: string;
  readonly userId: string;
  readonly trusted: boolean;
}

/** Answer of `GET /v3/login/session`. */
export interface SessionInfo {
  readonly organizationId: string;
  readonly userId: string;
  readonly trusted: boolean;
}
