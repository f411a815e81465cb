/**
 * The demo seed (issue 3 §10, PRODUCT.md): a multi-entity, role-based company with the sync user
 * `XML_Bill.com` set up exactly as the setup guide says, deliberately misconfigured users for the
 * doctor to catch, a second single-entity company with user-based permissions, a sender
 * authorized for both and one authorized for neither. Records come from the objects half's demo
 * generator.
 */
import type { IntacctRecord } from "../../intacct/xml/index.js";
import type { SeedInput } from "./seed/seed-schema.js";

/** Connection facts of the demo seed (printed by `sandbox intacct --seed demo --json`). */
export const DEMO_FACTS = {
  /** The multi-entity, role-based company. */
  companyId: "ZEPHYR-DEMO",
  entityIds: ["EAST", "WEST"] as readonly string[],
  senderId: "intacct-sync-sandbox",
  senderPassword: "Sandbox-Sender-2026!",
  /** The sync user, set up exactly as the guide says. */
  userId: "XML_Bill.com",
  password: "Sync-User-Pass-2026!",
  /** The role the guide's role-based steps create. */
  roleName: "Billcom Role",
  /** The single-entity, user-based company (same sync user ID and password). */
  userBasedCompanyId: "ZEPHYR-SOLO",
  /** A sender that exists but is authorized for no company. */
  unauthorizedSenderId: "other-partner",
  unauthorizedSenderPassword: "Other-Partner-2026!",
  /** Password of every misconfigured demo user. */
  misconfiguredPassword: "Misconfigured-2026!",
} as const;

/** A deliberately misconfigured demo user and what is wrong with it (for the doctor's tests). */
export interface MisconfiguredUser {
  readonly companyId: string;
  readonly userId: string;
  /** Stable problem id. */
  readonly problem:
    | "admin-not-full"
    | "role-missing-reports"
    | "restricted-to-entity"
    | "user-type-not-business"
    | "not-web-services-user"
    | "inactive"
    | "no-role-assigned"
    | "subscription-missing-reports";
  readonly description: string;
}

/** The misconfigured users of the demo seed. */
export const DEMO_MISCONFIGURED_USERS: readonly MisconfiguredUser[] = [
  { companyId: DEMO_FACTS.companyId, userId: "XML_LIMITED_ADMIN", problem: "admin-not-full", description: "Admin privileges Limited instead of Full" },
  { companyId: DEMO_FACTS.companyId, userId: "XML_NO_AP_REPORTS", problem: "role-missing-reports", description: "Its role has All on every module except Accounts Payable's Reports" },
  { companyId: DEMO_FACTS.companyId, userId: "XML_EAST_ONLY", problem: "restricted-to-entity", description: "Restricted to entity EAST, no top-level access" },
  { companyId: DEMO_FACTS.companyId, userId: "XML_EMPLOYEE", problem: "user-type-not-business", description: "User type Employee instead of Business" },
  { companyId: DEMO_FACTS.companyId, userId: "XML_NOT_WS", problem: "not-web-services-user", description: "A regular user, not a Web Services user" },
  { companyId: DEMO_FACTS.companyId, userId: "XML_INACTIVE", problem: "inactive", description: "Status inactive: cannot sign in" },
  { companyId: DEMO_FACTS.companyId, userId: "XML_NO_ROLE", problem: "no-role-assigned", description: "No role assigned (role-based company: no permissions at all)" },
  { companyId: DEMO_FACTS.userBasedCompanyId, userId: "XML_NO_REPORTS", problem: "subscription-missing-reports", description: "Subscriptions All everywhere except Reports" },
];

/** Records per company for the demo (the objects half's generator), object name → records. */
export type DemoRecordSource = (company: { readonly companyId: string; readonly entityIds: readonly string[]; readonly now: number }) => Readonly<Record<string, readonly IntacctRecord[]>>;

type SeedUserInput = NonNullable<NonNullable<SeedInput["companies"]>[number]["users"]>[number];

/** Last day of the month before `now`, as `YYYY-MM-DD` (the demo's closed period in EAST). */
function endOfPreviousMonth(now: number): string {
  const d = new Date(now);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 0)).toISOString().slice(0, 10);
}

/**
 * Builds the demo seed.
 *
 * @example
 * sandbox.loadSeed(demoSeed({ now: Date.now(), records: demoRecords }));
 */
export function demoSeed(options: { readonly now: number; readonly records?: DemoRecordSource }): SeedInput {
  const f = DEMO_FACTS;
  const bad = f.misconfiguredPassword;
  const records = (companyId: string, entityIds: readonly string[]): Record<string, IntacctRecord[]> => {
    const out: Record<string, IntacctRecord[]> = {};
    for (const [object, list] of Object.entries(options.records?.({ companyId, entityIds, now: options.now }) ?? {})) out[object] = [...list];
    return out;
  };
  const syncUser: SeedUserInput = { userId: f.userId, password: f.password, firstName: "Bill.com", lastName: "Sync", email: "ap-admin@zephyr.example", userType: "business", admin: "Full", webServicesOnly: true };
  const misconfigured = (userId: string, extra: Partial<SeedUserInput>): SeedUserInput => ({
    ...syncUser, userId, password: bad, firstName: "Misconfigured", lastName: userId, roles: [f.roleName], ...extra,
  });
  return {
    senders: [
      { senderId: f.senderId, password: f.senderPassword },
      { senderId: f.unauthorizedSenderId, password: f.unauthorizedSenderPassword },
    ],
    companies: [
      {
        companyId: f.companyId,
        name: "Zephyr Outdoor Supply (demo)",
        permissionModel: "role",
        authorizedSenders: [f.senderId],
        entities: [
          { entityId: "EAST", name: "Zephyr East", currency: "USD", closedThrough: endOfPreviousMonth(options.now) },
          { entityId: "WEST", name: "Zephyr West", currency: "USD" },
        ],
        roles: [
          { name: f.roleName, description: "All on every application, Reports included (setup guide, role-based)", permissions: { "*": "all" } },
          { name: "AP without reports", description: "All except Accounts Payable reports", permissions: { "*": "all", "Accounts Payable": "all-but-reports" } },
          { name: "Controller", description: "People who run the books", permissions: { "*": "all" } },
        ],
        users: [
          { ...syncUser, roles: [f.roleName] },
          { userId: "admin", password: "Admin-Pass-2026!", firstName: "Avery", lastName: "Admin", email: "avery@zephyr.example", userType: "business", admin: "Full", roles: ["Controller"] },
          misconfigured("XML_LIMITED_ADMIN", { admin: "Limited" }),
          misconfigured("XML_NO_AP_REPORTS", { roles: ["AP without reports"] }),
          misconfigured("XML_EAST_ONLY", { entityIds: ["EAST"], topLevelAccess: false }),
          misconfigured("XML_EMPLOYEE", { userType: "employee" }),
          misconfigured("XML_NOT_WS", { webServicesOnly: false }),
          misconfigured("XML_INACTIVE", { status: "inactive" }),
          misconfigured("XML_NO_ROLE", { roles: [] }),
        ],
        records: records(f.companyId, f.entityIds),
      },
      {
        companyId: f.userBasedCompanyId,
        name: "Zephyr Solo Shop (demo, user-based)",
        permissionModel: "user",
        authorizedSenders: [f.senderId],
        users: [
          { ...syncUser, permissions: { "*": "all" } },
          { ...syncUser, userId: "XML_NO_REPORTS", password: bad, firstName: "Misconfigured", lastName: "XML_NO_REPORTS", permissions: { "*": "all-but-reports" } },
        ],
        records: records(f.userBasedCompanyId, []),
      },
    ],
  };
}
