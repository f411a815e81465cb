/**
 * Deterministic demo records for the sandbox's demo company (issue 3 §10): a chart of accounts
 * with an AP account and a clearing account per entity, every dimension, customers, AP terms,
 * 200+ vendors with generated names, checking accounts (operating + BILL clearing per entity),
 * unpaid, partly paid and paid bills, vendor credits (one applied, one open; and one open
 * negative AP bill per entity, BILL's way of keeping a credit), payments, invoices and received
 * payments. Same options → same records, so tests can rely on counts
 * ({@link DEMO_RECORD_COUNTS}).
 *
 * The shape matches the gateway's `DemoRecordSource` (`../demo-seed.ts`).
 */
import type { IntacctRecord } from "../../../intacct/xml/index.js";
import { formatDate } from "./value-format.js";

/** Options of {@link demoRecords}. */
export interface DemoRecordOptions {
  /** Company the records are for (only used to vary nothing today; kept for the seed signature). */
  readonly companyId?: string;
  /** Entity IDs of the company; empty for a single-entity company. @default ["EAST", "WEST"] */
  readonly entityIds?: readonly string[];
  /** Sandbox clock, ms since the epoch: bill dates are relative to it. */
  readonly now: number;
  /** Number of vendors. @default 240 */
  readonly vendorCount?: number;
  /** Bills per entity (or for the company when it has no entities). @default 24 */
  readonly billsPerEntity?: number;
  /** Display names of entities. @default EAST → "Zephyr East", WEST → "Zephyr West", else the ID */
  readonly entityNames?: Readonly<Record<string, string>>;
  /** PRNG seed. @default 20260315 */
  readonly seed?: number;
}

/** Counts the default options produce for a two-entity company (tests rely on these). */
export const DEMO_RECORD_COUNTS = {
  vendors: 240,
  sharedVendors: 200,
  billsPerEntity: 24,
  /** Open negative AP bills (vendor credits the BILL way) per entity, after the bills. */
  creditBillsPerEntity: 1,
  /** Bills and invoices per entity also in the BILL demo seed, paid in Intacct, after the others. */
  paidInBothPerEntity: 1,
  customers: 20,
  apTerms: 4,
  departments: 5,
  classes: 3,
  items: 8,
  projects: 4,
} as const;

const DEFAULT_NAMES: Readonly<Record<string, string>> = { EAST: "Zephyr East", WEST: "Zephyr West" };

/** mulberry32: a tiny deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ADJECTIVES = ["Summit", "Cascade", "Evergreen", "Granite", "Harbor", "Juniper", "Keystone", "Lakeside", "Meridian", "Northwind", "Oakridge", "Pioneer", "Redwood", "Silverline", "Timber", "Union", "Valley", "Westbrook", "Alpine", "Bluebird"];
const NOUNS = ["Supply", "Logistics", "Outfitters", "Paper", "Freight", "Electric", "Printing", "Janitorial", "Software", "Packaging", "Textiles", "Hardware", "Catering", "Consulting", "Insurance", "Telecom"];
const SUFFIXES = ["Co.", "Inc.", "LLC", "Ltd.", "& Sons", "Group", "Partners", "Corp."];

const pad3 = (n: number): string => String(n).padStart(3, "0");

/**
 * Builds the demo records, object name → records, in the seed's generic field shape (dates
 * `mm/dd/yyyy`; `MEGAENTITYID` marks records created inside an entity).
 *
 * @example
 * const records = demoRecords({ entityIds: ["EAST", "WEST"], now: Date.now() });
 */
export function demoRecords(options: DemoRecordOptions): Record<string, IntacctRecord[]> {
  const entities = options.entityIds ?? ["EAST", "WEST"];
  const rand = prng(options.seed ?? 20260315);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const day = (daysAgo: number): string => formatDate(options.now - daysAgo * 86_400_000);
  const scopes = entities.length > 0 ? entities : [""];
  const mega = (entity: string): IntacctRecord => (entity === "" ? {} : { MEGAENTITYID: entity });
  const out: Record<string, IntacctRecord[]> = {};

  out["TRXCURRENCIES"] = [
    { CODE: "USD", NAME: "US Dollar", SYMBOL: "$" },
    { CODE: "CAD", NAME: "Canadian Dollar", SYMBOL: "CA$" },
    { CODE: "EUR", NAME: "Euro", SYMBOL: "€" },
  ];
  out["LOCATIONENTITY"] = entities.map((id) => ({ LOCATIONID: id, NAME: options.entityNames?.[id] ?? DEFAULT_NAMES[id] ?? id }));

  const accounts: Array<[string, string, string?]> = [
    ["1000", "Operating cash"],
    ["1200", "Accounts receivable", "Receivables account"],
    ["1300", "Prepaid expenses"],
    ["1500", "Equipment"],
    ["2000", "Accounts payable", "Payables account"],
    ["2100", "Accrued liabilities"],
    ["3000", "Retained earnings"],
    ["4000", "Product revenue"],
    ["4100", "Service revenue"],
    ["5000", "Cost of goods sold"],
    ["6100", "Rent"],
    ["6200", "Utilities"],
    ["6300", "Office supplies"],
    ["6400", "Facilities"],
    ["6500", "Travel"],
    ["6600", "Software subscriptions"],
    ["6700", "Professional fees"],
    ["6800", "Freight and shipping"],
  ];
  out["GLACCOUNT"] = [
    ...accounts.map(([no, title, alt]) => ({ ACCOUNTNO: no, TITLE: title, ACCOUNTTYPE: Number(no) >= 4000 ? "incomestatement" : "balancesheet", NORMALBALANCE: no.startsWith("2") || no.startsWith("3") || no.startsWith("4") ? "credit" : "debit", ...(alt ? { ALTERNATIVEACCOUNT: alt } : {}) })),
    ...scopes.map((e, i) => ({ ACCOUNTNO: `101${i}`, TITLE: `BILL clearing${e === "" ? "" : ` - ${e}`}` })),
  ];

  out["DEPARTMENT"] = [
    ["ADMIN", "Administration"],
    ["OPS", "Operations"],
    ["SALES", "Sales"],
    ["ENG", "Engineering"],
    ["FIN", "Finance"],
  ].map(([id, title]) => ({ DEPARTMENTID: id ?? "", TITLE: title ?? "" }));

  out["LOCATION"] = scopes.flatMap((e) => [
    { LOCATIONID: `${e || "HQ"}-HQ`, NAME: `${e || "Main"} headquarters`, ...(e === "" ? {} : { PARENTID: e }) },
    { LOCATIONID: `${e || "HQ"}-WH`, NAME: `${e || "Main"} warehouse`, ...(e === "" ? {} : { PARENTID: e }) },
  ]);
  const locationOf = (e: string, i: number): string => `${e || "HQ"}-${i % 2 === 0 ? "HQ" : "WH"}`;

  out["CLASS"] = [
    { CLASSID: "RETAIL", NAME: "Retail" },
    { CLASSID: "WHOLESALE", NAME: "Wholesale" },
    { CLASSID: "ONLINE", NAME: "Online" },
    ...entities.map((e) => ({ CLASSID: `${e}-LOCAL`, NAME: `${e} local programs`, MEGAENTITYID: e })),
  ];

  const people = ["Avery Stone", "Jordan Lee", "Riley Chen", "Casey Patel", "Morgan Diaz", "Taylor Brooks"];
  out["EMPLOYEE"] = people.map((name, i) => {
    const e = entities.length > 0 && i >= 2 ? (entities[i % entities.length] ?? "") : "";
    const [first = "", last = ""] = name.split(" ");
    return { EMPLOYEEID: `EMP-${pad3(i + 1)}`, PERSONALINFO: { CONTACTNAME: name, FIRSTNAME: first, LASTNAME: last, EMAIL1: `${first.toLowerCase()}.${last.toLowerCase()}@zephyr.example` }, TITLE: name, DEPARTMENTID: pick(["ADMIN", "OPS", "SALES", "ENG", "FIN"]), ...mega(e) };
  });

  // Every customer has a billing e-mail: BILL refuses a customer without one.
  out["CUSTOMER"] = Array.from({ length: DEMO_RECORD_COUNTS.customers }, (_, i) => ({
    CUSTOMERID: `C-${pad3(i + 1)}`,
    NAME: `${pick(ADJECTIVES)} ${pick(["Retail", "Markets", "Stores", "Trading"])} ${pad3(i + 1)}`,
    TERMNAME: "Net 30",
    DISPLAYCONTACT: { EMAIL1: `ap+c${pad3(i + 1)}@customers.example` },
  }));

  out["PROJECT"] = ["Store refresh", "ERP rollout", "Warehouse automation", "Spring catalog"].map((name, i) => ({ PROJECTID: `P-${pad3(i + 1)}`, NAME: name, PROJECTCATEGORY: "Contract", CUSTOMERID: `C-${pad3(i + 1)}` }));

  out["ITEM"] = ["Tent", "Sleeping bag", "Backpack", "Headlamp", "Camp stove", "Water filter", "Trekking poles", "Rain jacket"].map((name, i) => ({ ITEMID: `I-${pad3(i + 1)}`, NAME: name, ITEMTYPE: i % 4 === 3 ? "Non-Inventory" : "Inventory", BASEPRICE: String(20 + i * 15) }));

  out["APTERM"] = [
    { NAME: "Due on receipt", DUEDATE: "0" },
    { NAME: "Net 15", DUEDATE: "15" },
    { NAME: "Net 30", DUEDATE: "30" },
    { NAME: "Net 45", DUEDATE: "45" },
  ];

  const vendorCount = options.vendorCount ?? DEMO_RECORD_COUNTS.vendors;
  const shared = Math.min(vendorCount, Math.round((vendorCount * DEMO_RECORD_COUNTS.sharedVendors) / DEMO_RECORD_COUNTS.vendors));
  const vendorEntity: string[] = [];
  out["VENDOR"] = Array.from({ length: vendorCount }, (_, i) => {
    const e = i < shared || entities.length === 0 ? "" : (entities[i % entities.length] ?? "");
    vendorEntity.push(e);
    const name = `${pick(ADJECTIVES)} ${pick(NOUNS)} ${pick(SUFFIXES)} ${pad3(i + 1)}`;
    return {
      VENDORID: `V-${pad3(i + 1)}`,
      NAME: name,
      TERMNAME: pick(["Net 15", "Net 30", "Net 30", "Net 45"]),
      APACCOUNT: pick(["6100", "6200", "6300", "6400", "6600", "6700", "6800"]),
      OFFSETGLACCOUNTNO: "2000",
      PAYMETHODKEY: pick(["Printed Check", "ACH", "EFT"]),
      DISPLAYCONTACT: { PRINTAS: name, EMAIL1: `ap@vendor${pad3(i + 1)}.example` },
      ...(i % 37 === 36 ? { STATUS: "inactive" } : {}),
      ...mega(e),
    };
  });
  const vendorsFor = (e: string): string[] => out["VENDOR"]?.flatMap((v, i) => (vendorEntity[i] === "" || vendorEntity[i] === e) && v["STATUS"] !== "inactive" ? [typeof v["VENDORID"] === "string" ? v["VENDORID"] : ""] : []) ?? [];

  out["CHECKINGACCOUNT"] = scopes.flatMap((e, i) => [
    { BANKACCOUNTID: `${e || "MAIN"}-OPER`, BANKACCOUNTNO: `4000${i}1234`, GLACCOUNTNO: "1000", BANKNAME: "First Pacific Bank", ...mega(e) },
    { BANKACCOUNTID: `${e || "MAIN"}-CLEARING`, BANKACCOUNTNO: `4000${i}9876`, GLACCOUNTNO: `101${i}`, BANKNAME: "BILL clearing", ...mega(e) },
  ]);

  out["SUPDOCFOLDER"] = [{ SUPDOCFOLDERNAME: "Vendor documents", SUPDOCFOLDERDESCRIPTION: "W-9s and contracts" }];
  out["SUPDOC"] = [{ SUPDOCID: "DEMO-ATT-1", SUPDOCNAME: "W-9 forms", SUPDOCFOLDERNAME: "Vendor documents", ATTACHMENTS: { attachment: { attachmentname: "w9-v001", attachmenttype: "pdf", attachmentdata: "JVBERi0xLjQKJcOkw7zDtsOfCg==" } } }];

  // Bills: per scope, RECORDNOs are assigned 1..N in this order (a fresh company), which the
  // payments below rely on.
  const perEntity = options.billsPerEntity ?? DEMO_RECORD_COUNTS.billsPerEntity;
  const bills: IntacctRecord[] = [];
  const payments: IntacctRecord[] = [];
  const billFacts: Array<{ recordNo: number; vendor: string; entity: string; amount: number }> = [];
  for (const e of scopes) {
    const vendors = vendorsFor(e);
    for (let b = 0; b < perEntity; b++) {
      const vendor = vendors[(b * 7) % vendors.length] ?? "V-001";
      const amount = Math.round((150 + rand() * 4850) * 100) / 100;
      const daysAgo = b < perEntity / 3 ? 45 + b : 2 + (b % 10);
      const date = day(daysAgo);
      bills.push({
        VENDORID: vendor,
        WHENCREATED: date,
        TERMNAME: "Net 30",
        RECORDID: `INV-${e || "MAIN"}-${pad3(b + 1)}`,
        DESCRIPTION: `Demo bill ${b + 1}`,
        APBILLITEMS: {
          APBILLITEM: [
            { ACCOUNTNO: pick(["6100", "6200", "6300", "6400"]), TRX_AMOUNT: (Math.round(amount * 60) / 100).toFixed(2), LOCATIONID: locationOf(e, b), DEPARTMENTID: pick(["OPS", "ADMIN", "SALES"]) },
            { ACCOUNTNO: pick(["6600", "6700", "6800"]), TRX_AMOUNT: (amount - Math.round(amount * 60) / 100).toFixed(2), LOCATIONID: locationOf(e, b + 1), CLASSID: "RETAIL" },
          ],
        },
        ...mega(e),
      });
      billFacts.push({ recordNo: bills.length, vendor, entity: e, amount: Math.round(amount * 100) / 100 });
    }
  }
  // Vendor credits the BILL way (B14): per scope one negative AP bill, open (nothing applied), so
  // a two-way account pulls it as an unapplied credit. After every bill, so bill RECORDNOs stay 1..N.
  scopes.forEach((e, s) => {
    const vendor = vendorsFor(e)[3 + s] ?? "V-001";
    bills.push({
      VENDORID: vendor,
      WHENCREATED: day(4),
      TERMNAME: "Net 30",
      RECORDID: `CRN-${e || "MAIN"}-001`,
      DESCRIPTION: "Credit note: returned trekking poles",
      APBILLITEMS: { APBILLITEM: { ACCOUNTNO: "6300", TRX_AMOUNT: "-180.00", LOCATIONID: locationOf(e, 0) } },
      ...mega(e),
    });
  });
  // Documents entered in both systems before the sync was set up, then paid in Intacct (status
  // in): per scope one bill of the scope's first own vendor and one invoice of customer C-010 +
  // scope index, dated in the current month. The BILL demo seed (`src/sandbox/bill/demo-seed.ts`)
  // holds the same bill and invoice, so the first sync links them and records the payments on the
  // platform. Keep both seeds in step.
  const monthStart = Date.UTC(new Date(options.now).getUTCFullYear(), new Date(options.now).getUTCMonth(), 1);
  const monthDay = (n: number): string => formatDate(monthStart + (n - 1) * 86_400_000);
  const paidInBoth: Array<{ entity: string; recordNo: number; vendor: string; amount: string }> = [];
  scopes.forEach((e) => {
    const vendor = out["VENDOR"]?.find((v, i) => vendorEntity[i] === e && v["STATUS"] !== "inactive")?.["VENDORID"];
    const vendorId = typeof vendor === "string" ? vendor : "V-001";
    bills.push({
      VENDORID: vendorId,
      WHENCREATED: monthDay(2),
      WHENDUE: monthDay(28),
      RECORDID: `MNT-${(e || "MAIN").charAt(0)}-0415`,
      DESCRIPTION: "HVAC maintenance (entered in both systems)",
      APBILLITEMS: { APBILLITEM: { ACCOUNTNO: "6200", TRX_AMOUNT: "960.00" } },
      ...mega(e),
    });
    paidInBoth.push({ entity: e, recordNo: bills.length, vendor: vendorId, amount: "960.00" });
  });
  out["APBILL"] = bills;

  // Vendor credits: per scope one debit memo applied to a bill, one left open.
  const adjustments: IntacctRecord[] = [];
  scopes.forEach((e) => {
    const target = billFacts.find((f) => f.entity === e);
    if (!target) return;
    for (const [n, memo] of [
      [1, "Credit for damaged goods"],
      [2, "Volume rebate"],
    ] as const) {
      adjustments.push({
        VENDORID: target.vendor,
        WHENCREATED: day(20),
        RECORDID: `VC-${e || "MAIN"}-${n}`,
        DESCRIPTION: memo,
        APADJUSTMENTITEMS: { APADJUSTMENTITEM: { ACCOUNTNO: "6400", TRX_AMOUNT: "-50.00", LOCATIONID: locationOf(e, 0) } },
        ...mega(e),
      });
    }
  });
  out["APADJUSTMENT"] = adjustments;

  // Payments: the older third of each scope's bills are paid in full, every fourth recent one
  // half paid; the first bill also consumes the scope's first vendor credit (credit + cash).
  scopes.forEach((e, s) => {
    const facts = billFacts.filter((f) => f.entity === e);
    facts.forEach((f, i) => {
      const old = i < perEntity / 3;
      if (!old && i % 4 !== 0) return;
      const credit = i === 0 ? 50 : 0;
      const cash = old ? f.amount - credit : Math.round((f.amount / 2) * 100) / 100;
      const detail: IntacctRecord = { RECORDKEY: String(f.recordNo), TRX_PAYMENTAMOUNT: cash.toFixed(2) };
      const details: IntacctRecord[] = [detail];
      if (credit > 0) details.push({ RECORDKEY: String(f.recordNo), ADJUSTMENTKEY: String(s * 2 + 1), TRX_ADJUSTMENTAMOUNT: credit.toFixed(2) });
      payments.push({
        FINANCIALENTITY: `${e || "MAIN"}-CLEARING`,
        PAYMENTMETHOD: "EFT",
        VENDORID: f.vendor,
        PAYMENTDATE: day(old ? 35 : 1),
        CURRENCY: "USD",
        DOCNUMBER: `PMT-${e || "MAIN"}-${pad3(i + 1)}`,
        APPYMTDETAILS: { APPYMTDETAIL: details },
        ...mega(e),
      });
    });
  });
  for (const f of paidInBoth) {
    payments.push({
      FINANCIALENTITY: `${f.entity || "MAIN"}-OPER`, PAYMENTMETHOD: "Printed Check", VENDORID: f.vendor, PAYMENTDATE: monthDay(3), CURRENCY: "USD",
      DOCNUMBER: `CHK-${f.entity || "MAIN"}-1001`, APPYMTDETAILS: { APPYMTDETAIL: { RECORDKEY: String(f.recordNo), TRX_PAYMENTAMOUNT: f.amount } }, ...mega(f.entity),
    });
  }
  out["APPYMT"] = payments;

  // Invoices and received payments.
  const invoices: IntacctRecord[] = [];
  const received: IntacctRecord[] = [];
  scopes.forEach((e) => {
    for (let n = 0; n < 6; n++) {
      const amount = (500 + n * 125).toFixed(2);
      invoices.push({
        CUSTOMERID: `C-${pad3(n + 1)}`,
        WHENCREATED: day(10 + n),
        WHENDUE: day(n - 20),
        RECORDID: `AR-${e || "MAIN"}-${pad3(n + 1)}`,
        ARINVOICEITEMS: { ARINVOICEITEM: { ACCOUNTNO: "4000", TRX_AMOUNT: amount, LOCATIONID: locationOf(e, n) } },
        ...mega(e),
      });
      if (n < 2) received.push({ PAYMENTMETHOD: "EFT", CUSTOMERID: `C-${pad3(n + 1)}`, RECEIPTDATE: day(3), CURRENCY: "USD", FINANCIALENTITY: `${e || "MAIN"}-OPER`, ARPYMTDETAILS: { ARPYMTDETAIL: { RECORDKEY: String(invoices.length), TRX_PAYMENTAMOUNT: amount } }, ...mega(e) });
    }
  });
  scopes.forEach((e, s) => {
    invoices.push({
      CUSTOMERID: `C-${pad3(10 + s)}`, WHENCREATED: monthDay(2), WHENDUE: monthDay(28), RECORDID: `SVC-${(e || "MAIN").charAt(0)}-0415`,
      DESCRIPTION: "Fitting service (entered in both systems)", ARINVOICEITEMS: { ARINVOICEITEM: { ACCOUNTNO: "4000", TRX_AMOUNT: "1800.00" } }, ...mega(e),
    });
    received.push({ PAYMENTMETHOD: "Printed Check", CUSTOMERID: `C-${pad3(10 + s)}`, RECEIPTDATE: monthDay(3), CURRENCY: "USD", FINANCIALENTITY: `${e || "MAIN"}-OPER`, ARPYMTDETAILS: { ARPYMTDETAIL: { RECORDKEY: String(invoices.length), TRX_PAYMENTAMOUNT: "1800.00" } }, ...mega(e) });
  });
  out["ARINVOICE"] = invoices;
  out["ARPYMT"] = received;
  return out;
}
