/**
 * The applications, policies and rights the tenancy half grants and `getUserPermissions`
 * reports (`intacct-objects-permissions.md` A5, Q2, Q3). The table itself is the objects half's
 * `SANDBOX_APPLICATIONS` (so a `CallRequirement` always names a policy that exists here); each
 * application's `Reports` policy models the UI's "Reports" section (XML spelling UNCONFIRMED).
 */
import { APPLICATION, SANDBOX_APPLICATIONS } from "../objects/applications.js";

/** Rights in the order the gateway renders them (Q2: List, View, Add, Edit, Delete, then extras). */
export const RIGHT_ORDER: readonly string[] = [
  "List", "View", "Add", "Edit", "Delete", "Run", "Open", "Close", "Reverse", "Subscribe",
  "Configure", "Remove", "Assign Users", "Grant", "Reports",
];

/** One policy of an application. */
export interface PolicyDefinition {
  readonly name: string;
  /** Every right the policy offers; "All" in the UI grants all of them. */
  readonly rights: readonly string[];
  /** True for the application's Reports section. */
  readonly reports?: boolean;
}

/** One application (module) with its policies. */
export interface ApplicationDefinition {
  readonly name: string;
  readonly policies: readonly PolicyDefinition[];
}

/** Name of the policy that stands for an application's Reports section. */
export const REPORTS_POLICY = "Reports";

/** Name of the administration application (ADMIN privileges act on it, see `effective-rights.ts`). */
export const ADMINISTRATION = APPLICATION.administration;

/**
 * Policies the tenancy half adds to the objects half's table: they guard no object call, only
 * what admin privileges mean (`effective-rights.ts`).
 */
const TENANCY_POLICIES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  [APPLICATION.administration]: { "Grant admin rights": ["Grant"] },
};

/** The catalog: the objects half's `SANDBOX_APPLICATIONS` plus {@link TENANCY_POLICIES}. */
export const PERMISSION_CATALOG: readonly ApplicationDefinition[] = Object.entries(SANDBOX_APPLICATIONS).map(([name, policies]) => {
  const all: Record<string, readonly string[]> = { ...policies, ...TENANCY_POLICIES[name] };
  const list = Object.entries(all).map(([policy, rights]) => ({ name: policy, rights: orderRights(rights), ...(policy === REPORTS_POLICY ? { reports: true } : {}) }));
  // Reports last, as the UI shows the Reports section after "Activities and lists".
  list.sort((a, b) => Number(a.reports === true) - Number(b.reports === true));
  return { name, policies: list };
});

/** Finds an application by name (exact spelling). */
export function findApplication(name: string): ApplicationDefinition | undefined {
  return PERMISSION_CATALOG.find((a) => a.name === name);
}

/** Sorts rights into the rendering order, unknown rights last in input order. */
export function orderRights(rights: Iterable<string>): string[] {
  const unique = [...new Set(rights)];
  const rank = (r: string): number => {
    const i = RIGHT_ORDER.indexOf(r);
    return i < 0 ? RIGHT_ORDER.length : i;
  };
  return unique.sort((a, b) => rank(a) - rank(b));
}
