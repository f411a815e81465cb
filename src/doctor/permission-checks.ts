/**
 * Permission checks: which model the company uses (user-based or role-based, a heuristic: A2/A7
 * found no API field for it), whether a role is assigned, and for every module the sync needs,
 * whether each policy holds every right, Reports included: naming the module, the policy and the
 * missing right, and where to grant it.
 */
import { check, type CheckResult } from "./check.js";
import { fixAssignRole, fixRoleModule, fixUserBasedModule } from "./fixes.js";
import type { Fact, Permissions } from "./intacct-facts.js";
import { REPORTS_POLICY, REQUIRED_PERMISSIONS, type RequiredApplication, slug } from "./sync-needs.js";

/** What the permission verdicts and fix texts need. */
export interface PermissionContext {
  readonly userId: string;
  /** `unknown` when the roles could not be read (fixes then name both places). */
  readonly model: "user" | "role" | "unknown";
  /** Roles assigned to the user (role-based). */
  readonly roles: readonly string[];
}

/**
 * Decides the model: roles assigned to the user → role-based; roles defined but none assigned →
 * role-based with the role missing; no roles at all (or roles unreadable) → user-based.
 */
export function permissionModelCheck(userId: string, userRoles: Fact<string[]>, allRoles: Fact<string[]>): { readonly context: PermissionContext; readonly checks: CheckResult[] } {
  const assigned = userRoles.ok ? userRoles.value : [];
  const defined = allRoles.ok ? allRoles.value : [];
  const evidence = [
    userRoles.ok ? `roles assigned to ${userId}: ${assigned.length === 0 ? "none" : assigned.join(", ")}` : `ROLEUSERS not readable: ${userRoles.error.errorno ?? userRoles.error.code}`,
    allRoles.ok ? `roles in the company: ${defined.length === 0 ? "none" : defined.join(", ")}` : `ROLES not readable: ${allRoles.error.errorno ?? allRoles.error.code}`,
  ];
  const heuristic = "Intacct's API does not state the model; judged from the roles (a role-based company has roles, a user-based one gives the user Subscriptions).";
  if (assigned.length > 0) {
    return {
      context: { userId, model: "role", roles: assigned },
      checks: [
        check.pass("permissions.model", "Permission model", `Role-based: ${userId} has the role(s) ${assigned.join(", ")}. ${heuristic}`, evidence),
        check.pass("permissions.role-assigned", "Role assigned", `${userId} is assigned ${assigned.join(", ")}.`),
      ],
    };
  }
  if (!userRoles.ok && !allRoles.ok) {
    return {
      context: { userId, model: "unknown", roles: [] },
      checks: [
        check.warn(
          "permissions.model",
          "Permission model",
          `Cannot tell user-based from role-based: ${userId} may not read roles (Administration > Roles: List, which Admin privileges Full grant).`,
          "Fix the admin privileges first (see user.admin); the permission fixes below name both the Subscriptions and the role.",
          evidence,
        ),
      ],
    };
  }
  if (defined.length > 0) {
    return {
      context: { userId, model: "role", roles: [] },
      checks: [
        check.pass("permissions.model", "Permission model", `Role-based (the company has roles: ${defined.join(", ")}). ${heuristic}`, evidence),
        check.fail("permissions.role-assigned", "Role assigned", `No role is assigned to ${userId}, so it has no permissions in a role-based company.`, fixAssignRole(userId, defined), evidence),
      ],
    };
  }
  return {
    context: { userId, model: "user", roles: [] },
    checks: [check.pass("permissions.model", "Permission model", `User-based (the company has no roles): permissions come from ${userId}'s Subscriptions. ${heuristic}`, evidence)],
  };
}

/** What is missing in one module: policy → rights. */
export function missingRights(required: RequiredApplication, granted: Permissions): Array<{ readonly policy: string; readonly rights: readonly string[] }> {
  const app = granted.get(required.application);
  const missing: Array<{ policy: string; rights: string[] }> = [];
  for (const [policy, rights] of Object.entries(required.policies)) {
    const have = app?.get(policy);
    const lacking = rights.filter((r) => have?.has(r) !== true);
    if (lacking.length > 0) missing.push({ policy, rights: lacking });
  }
  return missing;
}

/** One `permissions.<module>` check per required module. */
export function moduleChecks(
  ctx: PermissionContext,
  permissions: Fact<Permissions>,
  options: { readonly required?: readonly RequiredApplication[]; readonly cappedByUserType?: string } = {},
): CheckResult[] {
  const required = options.required ?? REQUIRED_PERMISSIONS;
  if (!permissions.ok) {
    return required.map((r) =>
      check.skipped(`permissions.${slug(r.application)}`, `${r.application} permissions`, `getUserPermissions failed (${permissions.error.errorno ?? permissions.error.code}: ${permissions.error.description2 ?? permissions.error.message}).`),
    );
  }
  return required.map((r) => {
    const id = `permissions.${slug(r.application)}`;
    const title = `${r.application}: All incl. Reports`;
    const missing = missingRights(r, permissions.value);
    if (missing.length === 0) return check.pass(id, title, `${r.application}: every right the sync needs, Reports included.`);
    const onlyReports = missing.every((m) => m.policy === REPORTS_POLICY);
    const list = missing.map((m) => `${m.policy} (${m.rights.join(", ")})`).join("; ");
    const where =
      ctx.model === "role" ? (ctx.roles.length > 0 ? `the role${ctx.roles.length > 1 ? "s" : ""} ${ctx.roles.join(", ")}` : "no assigned role") : ctx.model === "user" ? `${ctx.userId}'s Subscriptions` : "the effective permissions";
    const capped = options.cappedByUserType === undefined ? "" : ` The user type "${options.cappedByUserType}" caps rights to List and View: fix the user type first.`;
    const message = onlyReports
      ? `${r.application}: the Reports section is not All (missing ${list}) in ${where}.${capped}`
      : `${r.application} is missing ${list} in ${where}.${capped}`;
    const fix = moduleFix(ctx, r.application);
    return check.fail(id, title, message, fix, missing.map((m) => `${r.application} > ${m.policy}: missing ${m.rights.join("|")}`));
  });
}

/** Where to grant a module's rights under the context's model. */
export function moduleFix(ctx: PermissionContext, application: string): string {
  switch (ctx.model) {
    case "role":
      return ctx.roles.length > 0 ? fixRoleModule(ctx.roles, application) : fixAssignRole(ctx.userId, []);
    case "user":
      return fixUserBasedModule(ctx.userId, application);
    case "unknown":
      return `User-based permissions: ${fixUserBasedModule(ctx.userId, application)} Role-based permissions: Company > Roles > Edit the role assigned to ${ctx.userId} > ${application}: select All from the top right, select All for Reports as well, and Save.`;
  }
}
