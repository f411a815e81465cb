/**
 * Applications, policies and rights of the sandbox's permission model, shared by the objects half
 * (which decides what a call needs), the tenancy half (which grants rights to users and roles) and
 * the doctor (which checks the sync user has them).
 *
 * Display names follow `intacct-objects-permissions.md` A5/Q3: applications by their long display
 * names, policies in sentence case. The exact XML spellings of most policy names are UNCONFIRMED
 * there; these are the sandbox's consistent choice. Every application carries a `Reports` policy,
 * because BILL's setup guide asks for "All" on both "Activities and lists" and "Reports".
 */
import type { Right } from "../contracts.js";

/** Rights of a policy that manages records. */
const MANAGE: readonly Right[] = ["List", "View", "Add", "Edit", "Delete"];
/** Rights of a read-only list policy. */
const READ: readonly Right[] = ["List", "View"];
/** Rights of the per-application `Reports` policy. */
const REPORTS: readonly Right[] = ["List", "Reports"];

/** Application display names. */
export const APPLICATION = {
  administration: "Administration",
  company: "Company",
  generalLedger: "General Ledger",
  cashManagement: "Cash Management",
  accountsPayable: "Accounts Payable",
  accountsReceivable: "Accounts Receivable",
  projects: "Projects",
  inventory: "Inventory Control",
  platformServices: "Platform Services",
} as const;

/** An application display name. */
export type ApplicationName = (typeof APPLICATION)[keyof typeof APPLICATION];

/**
 * Application → policy → rights. The tenancy half grants from this table and `getUserPermissions`
 * reports it; the doctor expects "All" = every right listed here, Reports included.
 */
export const SANDBOX_APPLICATIONS: Readonly<Record<ApplicationName, Readonly<Record<string, readonly Right[]>>>> = {
  [APPLICATION.administration]: {
    Users: MANAGE,
    Roles: MANAGE,
    "Application subscriptions": READ,
    Reports: REPORTS,
  },
  [APPLICATION.company]: {
    Departments: MANAGE,
    Locations: MANAGE,
    Classes: MANAGE,
    Entities: MANAGE,
    Employees: MANAGE,
    Attachments: MANAGE,
    "Transaction currencies": MANAGE,
    Reports: REPORTS,
  },
  [APPLICATION.generalLedger]: {
    Accounts: MANAGE,
    "Reporting periods": READ,
    Reports: REPORTS,
  },
  [APPLICATION.cashManagement]: {
    "Checking accounts": MANAGE,
    Reports: REPORTS,
  },
  [APPLICATION.accountsPayable]: {
    Vendors: MANAGE,
    Bills: MANAGE,
    Adjustments: MANAGE,
    Payments: MANAGE,
    "Pay bills": ["Run"],
    "AP terms": MANAGE,
    Reports: REPORTS,
  },
  [APPLICATION.accountsReceivable]: {
    Customers: MANAGE,
    Invoices: MANAGE,
    "Manage payments": MANAGE,
    "AR terms": MANAGE,
    Reports: REPORTS,
  },
  [APPLICATION.projects]: {
    Projects: MANAGE,
    Reports: REPORTS,
  },
  [APPLICATION.inventory]: {
    Items: MANAGE,
    Reports: REPORTS,
  },
  [APPLICATION.platformServices]: {
    "Audit trail": READ,
    Reports: REPORTS,
  },
};

/** Where an object's permissions live. */
export interface PermissionArea {
  readonly application: ApplicationName;
  readonly policy: string;
}
