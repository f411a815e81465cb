/**
 * What the sync needs from the Intacct user, as data: the applications (modules) with the
 * policies and rights the setup guide's "All … including Reports" grants, and the objects the
 * sync reads, each with the permission area that guards it.
 *
 * Application and policy names are display names as `getUserPermissions` reports them
 * (`intacct-objects-permissions.md` A4, A5, Q3). Sage documents only a few spellings; the others
 * (marked UNCONFIRMED there) follow the sandbox's catalog. Callers may pass their own table
 * (`DoctorOptions.requiredPermissions`) for a company whose spellings differ.
 */

/** Rights of a policy that manages records ("All" on an Activities and lists row). */
const ALL_RIGHTS: readonly string[] = ["List", "View", "Add", "Edit", "Delete"];
/** Rights of a module's Reports section ("All" under Reports). */
const REPORT_RIGHTS: readonly string[] = ["List", "Reports"];

/** Name of the policy that stands for a module's Reports section. */
export const REPORTS_POLICY = "Reports";

/** One module the sync needs, with its policies. */
export interface RequiredApplication {
  /** Display name, e.g. `Accounts Payable`. */
  readonly application: string;
  /** Policy → rights that must all be held. */
  readonly policies: Readonly<Record<string, readonly string[]>>;
}

/** Every module the guide asks "All, including Reports" for, as far as the sync uses it. */
export const REQUIRED_PERMISSIONS: readonly RequiredApplication[] = [
  { application: "Administration", policies: { Users: ["List", "View"], Roles: ["List", "View"], [REPORTS_POLICY]: REPORT_RIGHTS } },
  {
    application: "Company",
    policies: { Departments: ALL_RIGHTS, Locations: ALL_RIGHTS, Classes: ALL_RIGHTS, Entities: ALL_RIGHTS, Employees: ALL_RIGHTS, Attachments: ALL_RIGHTS, [REPORTS_POLICY]: REPORT_RIGHTS },
  },
  { application: "General Ledger", policies: { Accounts: ALL_RIGHTS, "Reporting periods": ["List", "View"], [REPORTS_POLICY]: REPORT_RIGHTS } },
  { application: "Cash Management", policies: { "Checking accounts": ALL_RIGHTS, [REPORTS_POLICY]: REPORT_RIGHTS } },
  {
    application: "Accounts Payable",
    policies: { Vendors: ALL_RIGHTS, Bills: ALL_RIGHTS, Adjustments: ALL_RIGHTS, Payments: ALL_RIGHTS, "Pay bills": ["Run"], "AP terms": ALL_RIGHTS, [REPORTS_POLICY]: REPORT_RIGHTS },
  },
  { application: "Accounts Receivable", policies: { Customers: ALL_RIGHTS, Invoices: ALL_RIGHTS, "Manage payments": ALL_RIGHTS, "AR terms": ALL_RIGHTS, [REPORTS_POLICY]: REPORT_RIGHTS } },
  { application: "Projects", policies: { Projects: ["List", "View"], [REPORTS_POLICY]: REPORT_RIGHTS } },
  { application: "Inventory Control", policies: { Items: ALL_RIGHTS, [REPORTS_POLICY]: REPORT_RIGHTS } },
];

/** An object the sync reads, and where its permission lives (for the fix text). */
export interface ReadProbe {
  readonly object: string;
  readonly application: string;
  readonly policy: string;
}

/** Objects the sync reads (PRODUCT.md object table); each gets a `query` with pagesize 1. */
export const READ_PROBES: readonly ReadProbe[] = [
  { object: "GLACCOUNT", application: "General Ledger", policy: "Accounts" },
  { object: "DEPARTMENT", application: "Company", policy: "Departments" },
  { object: "LOCATION", application: "Company", policy: "Locations" },
  { object: "CLASS", application: "Company", policy: "Classes" },
  { object: "EMPLOYEE", application: "Company", policy: "Employees" },
  { object: "PROJECT", application: "Projects", policy: "Projects" },
  { object: "ITEM", application: "Inventory Control", policy: "Items" },
  { object: "CUSTOMER", application: "Accounts Receivable", policy: "Customers" },
  { object: "VENDOR", application: "Accounts Payable", policy: "Vendors" },
  { object: "APTERM", application: "Accounts Payable", policy: "AP terms" },
  { object: "CHECKINGACCOUNT", application: "Cash Management", policy: "Checking accounts" },
  { object: "APBILL", application: "Accounts Payable", policy: "Bills" },
  { object: "APADJUSTMENT", application: "Accounts Payable", policy: "Adjustments" },
  { object: "APPYMT", application: "Accounts Payable", policy: "Payments" },
  { object: "ARINVOICE", application: "Accounts Receivable", policy: "Invoices" },
  { object: "ARPYMT", application: "Accounts Receivable", policy: "Manage payments" },
];

/** `accounts-payable` from `Accounts Payable` (check ids). */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
