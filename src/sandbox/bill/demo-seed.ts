/**
 * The BILL demo seed: two organizations, one for each entity of the Intacct demo company
 * (`ZEPHYR-DEMO`, entities `EAST` and `WEST`; see `src/sandbox/intacct/demo-seed.ts`), each with
 * an AP user who may pay, an AP & AR sync-token user, a dev key, GL classifications, vendors,
 * bills (approved and not, paid, partly paid and open), vendor credits, payments, customers,
 * invoices and received payments, and documents on some bills and invoices. Deterministic for a given `now` (dates are in `now`'s month).
 */
import type { BillSeedInput } from "./seed.js";

/** Login facts of one demo organization (printed by `sandbox bill --seed demo --json`). */
export interface BillDemoLogin {
  readonly organizationId: string;
  readonly name: string;
  readonly intacctEntityId: string;
  readonly username: string;
  readonly password: string;
  readonly devKey: string;
  /** The AP & AR sync token of the same organization (username = token name). */
  readonly syncToken: { readonly username: string; readonly password: string };
}

/** The two demo organizations. */
export const BILL_DEMO_LOGINS: readonly BillDemoLogin[] = [
  {
    organizationId: "008DEMOEAST00000001",
    name: "Zephyr East (BILL demo)",
    intacctEntityId: "EAST",
    username: "ap@zephyr-east.example",
    password: "Bill-East-Demo-2026!",
    devKey: "DEVKEY-DEMO-EAST-0001",
    syncToken: { username: "intacct-sync-east", password: "SyncToken-East-2026!" },
  },
  {
    organizationId: "008DEMOWEST00000001",
    name: "Zephyr West (BILL demo)",
    intacctEntityId: "WEST",
    username: "ap@zephyr-west.example",
    password: "Bill-West-Demo-2026!",
    devKey: "DEVKEY-DEMO-WEST-0001",
    syncToken: { username: "intacct-sync-west", password: "SyncToken-West-2026!" },
  },
];

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A deterministic demo id: prefix, organization letter, `DEMO`, number (20 characters). */
function demoId(prefix: string, org: string, n: number): string {
  return `${prefix}${org}DEMO${String(n).padStart(12, "0")}`;
}

function orgRecords(letter: "E" | "W", now: number): Record<string, Array<Record<string, unknown>>> {
  const id = (prefix: string, n: number) => demoId(prefix, letter, n);
  const d = new Date(now);
  const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const day = (n: number) => isoDate(monthStart + (n - 1) * 86_400_000);
  const created = new Date(monthStart).toISOString().replace("Z", "+00:00");
  const region = letter === "E" ? "East" : "West";
  const t = (extra: Record<string, unknown>) => ({ createdTime: created, ...extra });
  return {
    "chart-of-accounts": [
      t({ id: id("0ca", 1), name: "Operating Bank", accountNumber: "1010", accountType: "BANK" }),
      t({ id: id("0ca", 2), name: "Accounts Payable", accountNumber: "2000", accountType: "ACCOUNTS_PAYABLE" }),
      t({ id: id("0ca", 3), name: "Consulting Revenue", accountNumber: "4000", accountType: "INCOME" }),
      t({ id: id("0ca", 4), name: "Office Supplies", accountNumber: "6000", accountType: "EXPENSE" }),
      t({ id: id("0ca", 5), name: "Software Subscriptions", accountNumber: "6100", accountType: "EXPENSE" }),
      t({ id: id("0ca", 6), name: "Professional Services", accountNumber: "6200", accountType: "EXPENSE" }),
      // Only on the platform (one per organization): the sync creates it in Intacct.
      t({ id: id("0ca", 7), name: `Trade Shows ${region}`, accountNumber: letter === "E" ? "6910" : "6920", accountType: "EXPENSE" }),
    ],
    // OPS, SALES, RETAIL and the entity location are in Intacct too (linked); Marketing, the pop-up
    // store and the events class are only on the platform: the sync creates them in the entity.
    departments: [t({ id: id("0de", 1), name: "Operations", shortName: "OPS" }), t({ id: id("0de", 2), name: "Sales", shortName: "SALES" }), t({ id: id("0de", 3), name: `Marketing ${region}`, shortName: `MKT-${letter}` })],
    locations: [t({ id: id("0lo", 1), name: `Zephyr ${region} HQ`, shortName: letter === "E" ? "EAST" : "WEST" }), t({ id: id("0lo", 2), name: `Zephyr ${region} pop-up store`, shortName: `${letter === "E" ? "EAST" : "WEST"}-POP` })],
    "accounting-classes": [t({ id: id("0ac", 1), name: "Retail", shortName: "RETAIL" }), t({ id: id("0ac", 2), name: `${region} events`, shortName: `EVENTS-${letter}` })],
    employees: [t({ id: id("0em", 1), firstName: "Dana", lastName: letter === "E" ? "Eastwood" : "Westbrook", shortName: `EMP-${letter}1`, email: `dana@zephyr-${region.toLowerCase()}.example` })],
    jobs: [t({ id: id("0jb", 1), name: `${region} office fit-out`, shortName: `JOB-${letter}1` })],
    items: [t({ id: id("0ii", 1), name: "Consulting hour", type: "SERVICE", price: 150, chartOfAccountId: id("0ca", 3) }), t({ id: id("0ii", 2), name: `Site survey ${region}`, type: "SERVICE", price: 400, chartOfAccountId: id("0ca", 3) })],
    "payment-terms": [
      t({ id: id("0pt", 1), name: "Net 30", netDue: 30 }),
      t({ id: id("0pt", 2), name: "Net 15", netDue: 15, description: "Half-month terms" }),
      // Not in Intacct's AP terms: created there.
      letter === "E" ? t({ id: id("0pt", 3), name: "Net 60", netDue: 60, description: "Distributor terms" }) : t({ id: id("0pt", 3), name: "Net 10", netDue: 10, description: "Short terms" }),
    ],
    vendors: [
      t({ id: id("009", 1), name: "Acme Paper Co", shortName: `V-ACME-${letter}`, accountType: "BUSINESS", email: "ar@acme-paper.example", address: { line1: "12 Mill Road", city: "Springfield", stateOrProvince: "IL", zipOrPostalCode: "62701", country: "US" } }),
      t({ id: id("009", 2), name: "Northwind Software", shortName: `V-NORTHWIND-${letter}`, accountType: "BUSINESS", email: "billing@northwind.example" }),
      t({ id: id("009", 3), name: "Globex Consulting", shortName: `V-GLOBEX-${letter}`, accountType: "BUSINESS", email: "ap@globex.example" }),
      t({ id: id("009", 4), name: `Initech Facilities ${region}`, shortName: `V-INITECH-${letter}`, accountType: "BUSINESS" }),
      // Also in Intacct (the entity's first own vendor, demo-records.ts): linked by ID.
      t({ id: id("009", 5), name: `Coolair HVAC ${region}`, shortName: letter === "E" ? "V-201" : "V-202", accountType: "BUSINESS", email: "billing@coolair.example" }),
    ],
    customers: [
      t({ id: id("0cu", 1), name: "Umbrella Retail", email: "ap@umbrella.example", companyName: "Umbrella Retail LLC", shortName: `C-UMBRELLA-${letter}` }),
      t({ id: id("0cu", 2), name: "Stark Logistics", email: "payables@stark.example", shortName: `C-STARK-${letter}` }),
      // Also in Intacct (C-010 / C-011, demo-records.ts): linked by ID.
      t({ id: id("0cu", 3), name: `Trailhead Outfitters ${region}`, email: "ap@trailhead.example", shortName: letter === "E" ? "C-010" : "C-011" }),
    ],
    "vendor-credits": [
      t({ id: id("vcr", 1), vendorId: id("009", 1), referenceNumber: `CR-${letter}-1001`, creditDate: day(3), approvalStatus: "APPROVED", description: "Damaged carton refund", vendorCreditLineItems: [{ amount: 20, description: "Damaged carton", classifications: { chartOfAccountId: id("0ca", 4) } }] }),
      t({ id: id("vcr", 2), vendorId: id("009", 2), referenceNumber: `CR-${letter}-1002`, creditDate: day(4), approvalStatus: "UNASSIGNED", description: "Seat downgrade", vendorCreditLineItems: [{ amount: 45, description: "2 seats removed", classifications: { chartOfAccountId: id("0ca", 5) } }] }),
    ],
    bills: [
      t({
        id: id("00n", 1),
        vendorId: id("009", 1),
        invoice: { invoiceNumber: `AP-${letter}-7731`, invoiceDate: day(1) },
        dueDate: day(28),
        description: "Paper supplies",
        approvalStatus: "APPROVED",
        billLineItems: [
          { amount: 420, description: "Copy paper", classifications: { chartOfAccountId: id("0ca", 4), departmentId: id("0de", 1), locationId: id("0lo", 1) } },
          { quantity: 3, price: 25, description: "Toner", classifications: { chartOfAccountId: id("0ca", 4), departmentId: id("0de", 1) } },
        ],
      }),
      t({ id: id("00n", 2), vendorId: id("009", 2), invoice: { invoiceNumber: `NW-${letter}-2026-01`, invoiceDate: day(2) }, dueDate: day(16), description: "Annual licences", approvalStatus: "APPROVED", billLineItems: [{ amount: 1200, description: "Licences", classifications: { chartOfAccountId: id("0ca", 5), departmentId: id("0de", 2), accountingClassId: id("0ac", 1) } }] }),
      t({ id: id("00n", 3), vendorId: id("009", 3), invoice: { invoiceNumber: `GLX-${letter}-88`, invoiceDate: day(3) }, dueDate: day(33), description: "Advisory, first half", approvalStatus: "APPROVED", billLineItems: [{ amount: 3000, description: "Advisory", classifications: { chartOfAccountId: id("0ca", 6), departmentId: id("0de", 1), locationId: id("0lo", 1) } }] }),
      t({ id: id("00n", 4), vendorId: id("009", 4), invoice: { invoiceNumber: `INI-${letter}-5`, invoiceDate: day(5) }, dueDate: day(35), description: "Cleaning, awaiting approval", approvalStatus: "APPROVING", billLineItems: [{ amount: 640, description: "Cleaning", classifications: { chartOfAccountId: id("0ca", 6), locationId: id("0lo", 1) } }] }),
      // Entered in Intacct too and paid there by check (demo-records.ts): the sync links it and
      // records the Intacct payment here.
      t({ id: id("00n", 6), vendorId: id("009", 5), invoice: { invoiceNumber: `MNT-${letter}-0415`, invoiceDate: day(2) }, dueDate: day(28), description: "HVAC maintenance (entered in both systems)", approvalStatus: "APPROVED", billLineItems: [{ amount: 960, classifications: { chartOfAccountId: id("0ca", 6) } }] }),
      t({ id: id("00n", 5), vendorId: id("009", 3), invoice: { invoiceNumber: `GLX-${letter}-91`, invoiceDate: day(6) }, dueDate: day(36), description: "Workshop (not yet assigned)", approvalStatus: "UNASSIGNED", billLineItems: [{ amount: 850, description: "Workshop", classifications: { chartOfAccountId: id("0ca", 6), departmentId: id("0de", 2) } }] }),
    ],
    payments: [
      { billId: id("00n", 1), amount: 495, processDate: day(8), description: `Inv AP-${letter}-7731`, onlinePayment: true, singleStatus: "CLEARED" },
      { billId: id("00n", 3), amount: 1000, processDate: day(10), description: `Part payment GLX-${letter}-88`, onlinePayment: true, singleStatus: "SCHEDULED" },
      { billId: id("00n", 2), amount: 600, processDate: day(9), description: "Recorded outside BILL", onlinePayment: false, singleStatus: "CLEARED" },
    ],
    invoices: [
      t({ id: id("00e", 1), customer: { id: id("0cu", 1) }, invoiceNumber: `INV-${letter}-1042`, invoiceDate: day(1), dueDate: day(31), description: "Consulting, last month", invoiceLineItems: [{ description: "Consulting", quantity: 10, price: 150, classifications: { chartOfAccountId: id("0ca", 3), itemId: id("0ii", 1) } }] }),
      t({ id: id("00e", 2), customer: { id: id("0cu", 2) }, invoiceNumber: `INV-${letter}-1043`, invoiceDate: day(2), dueDate: day(32), invoiceLineItems: [{ description: "Workshop", quantity: 1, price: 2400, classifications: { chartOfAccountId: id("0ca", 3), departmentId: id("0de", 2) } }] }),
      // Entered in Intacct too and paid there (demo-records.ts): linked; the receipt is recorded here.
      t({ id: id("00e", 4), customer: { id: id("0cu", 3) }, invoiceNumber: `SVC-${letter}-0415`, invoiceDate: day(2), dueDate: day(28), description: "Fitting service (entered in both systems)", invoiceLineItems: [{ quantity: 1, price: 1800, classifications: { chartOfAccountId: id("0ca", 3) } }] }),
      t({ id: id("00e", 3), customer: { id: id("0cu", 1) }, invoiceNumber: `INV-${letter}-1044`, invoiceDate: day(4), dueDate: day(34), invoiceLineItems: [{ description: "Support retainer", quantity: 1, price: 500, classifications: { chartOfAccountId: id("0ca", 3) } }] }),
    ],
    "receivable-payments": [
      { customerId: id("0cu", 1), paymentDate: day(7), paymentType: "CHECK", amount: 1500, description: "Check 5521", invoices: [{ id: id("00e", 1), amount: 1500 }] },
      { customerId: id("0cu", 2), paymentDate: day(8), paymentType: "ACH", amount: 1000, invoices: [{ id: id("00e", 2), amount: 1000 }] },
    ],
  };
}

/** A small, valid-looking PDF whose text names the file (deterministic demo bytes). */
function demoPdf(title: string): string {
  const body = `%PDF-1.4\n1 0 obj << /Title (${title}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
  return Buffer.from(body, "utf8").toString("base64");
}

/**
 * Demo documents: two on the first (approved, paid) bill, one on the third, one attachment on
 * the first invoice — all on records the demo sync moves to Intacct, so each becomes a SUPDOC.
 */
function orgDocuments(letter: "E" | "W"): Array<{ id: string; billId?: string; invoiceId?: string; name: string; contentBase64: string }> {
  const id = (prefix: string, n: number) => demoId(prefix, letter, n);
  return [
    { id: id("0du", 1), billId: id("00n", 1), name: `AP-${letter}-7731.pdf`, contentBase64: demoPdf(`Acme Paper invoice AP-${letter}-7731`) },
    { id: id("0du", 2), billId: id("00n", 1), name: "delivery-note.pdf", contentBase64: demoPdf("Acme Paper delivery note") },
    { id: id("0du", 3), billId: id("00n", 3), name: `GLX-${letter}-88.pdf`, contentBase64: demoPdf(`Globex invoice GLX-${letter}-88`) },
    { id: id("att", 1), invoiceId: id("00e", 1), name: `timesheet-INV-${letter}-1042.pdf`, contentBase64: demoPdf(`Timesheet for INV-${letter}-1042`) },
  ];
}

/**
 * Builds the demo seed for the month of `now`.
 *
 * @example
 * const sandbox = await createBillSandbox({ seed: "demo" }); // uses billDemoSeed({ now: clock.now() })
 */
export function billDemoSeed(options: { readonly now: number }): BillSeedInput {
  return {
    devKeys: BILL_DEMO_LOGINS.map((l) => ({ devKey: l.devKey, name: `demo key for ${l.name}` })),
    organizations: BILL_DEMO_LOGINS.map((l, i) => ({
      id: l.organizationId,
      name: l.name,
      intacctEntityId: l.intacctEntityId,
      users: [
        { id: `006DEMO${i === 0 ? "E" : "W"}USER0000001`, username: l.username, password: l.password, kind: "user" as const, canPay: true, mfaTrusted: true },
        { id: `006DEMO${i === 0 ? "E" : "W"}TOKEN000001`, username: l.syncToken.username, password: l.syncToken.password, kind: "syncToken" as const },
      ],
      records: orgRecords(i === 0 ? "E" : "W", options.now),
      documents: orgDocuments(i === 0 ? "E" : "W"),
    })),
  };
}
