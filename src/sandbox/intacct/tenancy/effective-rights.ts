/**
 * Pure permission rules: expand a permission spec into grants, compute a user's effective rights
 * and answer "may this user do that". `intacct-objects-permissions.md` A2, A5, Q1–Q3.
 *
 * Sandbox choices (UNCONFIRMED in Sage's docs, documented in ADR 0003):
 * - **Model.** User-based companies use the user's own grants; role-based companies use the union
 *   of the grants of the roles assigned to the user (the user's own grants are ignored).
 * - **User type caps rights** (A2: "a permission granted above the user type's maximum has no
 *   effect"): a `business user` keeps everything; every other type keeps only List, View and
 *   Reports.
 * - **Admin privileges** act on the Administration application only: `Off` removes it entirely;
 *   `Limited` removes `Application subscriptions` and `Grant admin rights` (Q1: only Full admins
 *   may create other Full admins); `Full` grants every Administration policy with all rights.
 */
import { ADMINISTRATION, findApplication, orderRights, PERMISSION_CATALOG, REPORTS_POLICY } from "./permission-catalog.js";

/** Rights for one application in a spec. */
export type ApplicationPermissionSpec = "all" | "all-but-reports" | "none" | Readonly<Record<string, readonly string[] | "all">>;

/**
 * Permissions as seeds and the tenancy service write them: application name → rights.
 * The key `"*"` stands for every application of the catalog; named applications override it.
 *
 * @example
 * { "*": "all", "Accounts Payable": "all-but-reports" }
 * { "Accounts Payable": { Vendors: ["List", "View"], Reports: ["Reports"] } }
 */
export type PermissionSpec = Readonly<Record<string, ApplicationPermissionSpec>>;

/** One stored grant row. */
export interface Grant {
  readonly application: string;
  readonly policy: string;
  readonly rights: readonly string[];
}

/** Admin privilege levels (Q1: Off / Limited / Full). */
export type AdminLevel = "Off" | "Limited" | "Full";

/** Effective rights: application → policy → rights. */
export type RightsMap = ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;

/** Thrown by {@link expandPermissionSpec} for a spec it cannot expand. */
export class PermissionSpecError extends Error {}

/** Expands a spec into grant rows (one per application and policy, empty rights dropped). */
export function expandPermissionSpec(spec: PermissionSpec): Grant[] {
  const perApp = new Map<string, ApplicationPermissionSpec>();
  const star = spec["*"];
  if (star !== undefined) for (const app of PERMISSION_CATALOG) perApp.set(app.name, star);
  for (const [name, value] of Object.entries(spec)) if (name !== "*") perApp.set(name, value);
  const grants: Grant[] = [];
  for (const [appName, value] of perApp) {
    const app = findApplication(appName);
    if (value === "none") continue;
    if (value === "all" || value === "all-but-reports") {
      if (!app) throw new PermissionSpecError(`Unknown application '${appName}': name its policies explicitly or use one of: ${PERMISSION_CATALOG.map((a) => a.name).join(", ")}`);
      for (const p of app.policies) {
        if (value === "all-but-reports" && p.reports) continue;
        grants.push({ application: app.name, policy: p.name, rights: orderRights(p.rights) });
      }
      continue;
    }
    for (const [policyName, rights] of Object.entries(value)) {
      let list: readonly string[];
      if (rights === "all") {
        const policy = app?.policies.find((p) => p.name === policyName);
        if (!policy) throw new PermissionSpecError(`Unknown policy '${policyName}' of application '${appName}': list its rights explicitly`);
        list = policy.rights;
      } else {
        list = rights;
      }
      if (list.length > 0) grants.push({ application: appName, policy: policyName, rights: orderRights(list) });
    }
  }
  return grants;
}

/** The facts of a user that shape its rights. */
export interface RightsSubject {
  /** USERINFO USERTYPE label, e.g. `business user`. */
  readonly userType: string;
  readonly admin: AdminLevel;
}

const CAPPED_RIGHTS: ReadonlySet<string> = new Set(["List", "View", "Reports"]);
const FULL_ADMIN_ONLY: ReadonlySet<string> = new Set(["Application subscriptions", "Grant admin rights"]);

/** Effective rights of a user from its grants (already chosen by permission model). */
export function effectiveRights(subject: RightsSubject, grants: readonly Grant[]): RightsMap {
  const map = new Map<string, Map<string, Set<string>>>();
  const add = (app: string, policy: string, rights: Iterable<string>): void => {
    let policies = map.get(app);
    if (!policies) map.set(app, (policies = new Map<string, Set<string>>()));
    let set = policies.get(policy);
    if (!set) policies.set(policy, (set = new Set()));
    for (const r of rights) set.add(r);
  };
  for (const g of grants) add(g.application, g.policy, g.rights);
  if (subject.admin === "Full") {
    const admin = findApplication(ADMINISTRATION);
    if (admin) for (const p of admin.policies) add(admin.name, p.name, p.rights);
  }
  if (subject.admin === "Off") map.delete(ADMINISTRATION);
  if (subject.admin === "Limited") for (const p of FULL_ADMIN_ONLY) map.get(ADMINISTRATION)?.delete(p);
  if (subject.userType !== "business user") {
    for (const policies of map.values()) {
      for (const [name, set] of policies) {
        for (const r of [...set]) if (!CAPPED_RIGHTS.has(r)) set.delete(r);
        if (set.size === 0) policies.delete(name);
      }
    }
  }
  for (const [name, policies] of [...map]) if (policies.size === 0) map.delete(name);
  return map;
}

/**
 * True when `rights` allow `right` on `application`/`policy`. A policy the catalog does not know
 * (a spelling mismatch between halves, or a seed naming its own policies) is allowed when the
 * user holds that exact grant, or holds every right of every activity policy of a catalog
 * application of that name (the guide's "All"), so a correctly set-up user is never refused
 * because of a naming gap.
 */
export function hasRight(rights: RightsMap, application: string, policy: string, right: string): boolean {
  const policies = rights.get(application);
  if (policies?.get(policy)?.has(right)) return true;
  const app = findApplication(application);
  if (!app || app.policies.some((p) => p.name === policy)) return false;
  if (!policies) return false;
  const isAll = app.policies.filter((p) => !p.reports).every((p) => p.rights.every((r) => policies.get(p.name)?.has(r)));
  if (!isAll) return false;
  return policy !== REPORTS_POLICY || policies.get(REPORTS_POLICY)?.has("Reports") === true;
}

/** Effective rights as rows in catalog order (then unknown applications/policies by name). */
export function rightsToGrants(rights: RightsMap): Grant[] {
  const out: Grant[] = [];
  const appNames = [...rights.keys()].sort((a, b) => catalogIndex(a) - catalogIndex(b) || a.localeCompare(b));
  for (const appName of appNames) {
    const policies = rights.get(appName);
    if (!policies) continue;
    const app = findApplication(appName);
    const policyIndex = (p: string): number => {
      const i = app?.policies.findIndex((x) => x.name === p) ?? -1;
      return i < 0 ? 1000 : i;
    };
    const names = [...policies.keys()].sort((a, b) => policyIndex(a) - policyIndex(b) || a.localeCompare(b));
    for (const policy of names) {
      const set = policies.get(policy);
      if (set && set.size > 0) out.push({ application: appName, policy, rights: orderRights(set) });
    }
  }
  return out;
}

function catalogIndex(app: string): number {
  const i = PERMISSION_CATALOG.findIndex((a) => a.name === app);
  return i < 0 ? 1000 : i;
}
