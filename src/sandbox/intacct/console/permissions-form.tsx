/**
 * The permissions editor shared by a user's Subscriptions and a role: one row per application
 * (module) with the guide's two shortcuts, "Activities and lists" (None / Read only / All) and
 * "Reports" (None / All), as the Intacct screens offer them (`intacct-objects-permissions.md` A5).
 */
import type { Grant, PermissionSpec } from "../tenancy/effective-rights.js";
import type { ApplicationDefinition } from "../tenancy/permission-catalog.js";

/** Shortcut levels. */
export type ListLevel = "none" | "read" | "all";
export type ReportLevel = "none" | "all";

const READ_RIGHTS = new Set(["List", "View"]);

/** Field names of one application's controls (stable for tests and the browser). */
export function fieldNames(app: string): { readonly lists: string; readonly reports: string } {
  const key = app.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return { lists: `lists:${key}`, reports: `reports:${key}` };
}

/** The current shortcut levels from stored grants (anything short of All on a policy reads as less). */
export function levelsOf(app: ApplicationDefinition, grants: readonly Grant[]): { readonly lists: ListLevel; readonly reports: ReportLevel } {
  const held = (policy: string): ReadonlySet<string> => new Set(grants.filter((g) => g.application === app.name && g.policy === policy).flatMap((g) => g.rights));
  const activity = app.policies.filter((p) => p.reports !== true);
  const reports = app.policies.filter((p) => p.reports === true);
  const all = activity.length > 0 && activity.every((p) => p.rights.every((r) => held(p.name).has(r)));
  const read = activity.length > 0 && activity.every((p) => p.rights.filter((r) => READ_RIGHTS.has(r)).every((r) => held(p.name).has(r)));
  const rep = reports.length > 0 && reports.every((p) => p.rights.every((r) => held(p.name).has(r)));
  return { lists: all ? "all" : read ? "read" : "none", reports: rep ? "all" : "none" };
}

/** Builds a permission spec from the submitted form. */
export function specFromForm(catalog: readonly ApplicationDefinition[], form: Readonly<Record<string, unknown>>): PermissionSpec {
  const spec: Record<string, Record<string, readonly string[]>> = {};
  for (const app of catalog) {
    const names = fieldNames(app.name);
    const lists = form[names.lists];
    const reports = form[names.reports];
    const policies: Record<string, readonly string[]> = {};
    for (const p of app.policies) {
      if (p.reports === true) policies[p.name] = reports === "all" ? p.rights : [];
      else policies[p.name] = lists === "all" ? p.rights : lists === "read" ? p.rights.filter((r) => READ_RIGHTS.has(r)) : [];
    }
    spec[app.name] = policies;
  }
  return spec;
}

/** The editor's fieldsets. */
export function PermissionFields(props: { readonly catalog: readonly ApplicationDefinition[]; readonly grants: readonly Grant[] }) {
  return (
    <div>
      {props.catalog.map((app) => {
        const names = fieldNames(app.name);
        const current = levelsOf(app, props.grants);
        const hasReports = app.policies.some((p) => p.reports === true);
        return (
          <fieldset data-application={app.name}>
            <legend>{app.name}</legend>
            <p>
              <label>
                {"Activities and lists "}
                <select name={names.lists} aria-label={`${app.name} activities and lists`}>
                  <option value="none" selected={current.lists === "none"}>None</option>
                  <option value="read" selected={current.lists === "read"}>Read only</option>
                  <option value="all" selected={current.lists === "all"}>All</option>
                </select>
              </label>
              {hasReports ? (
                <label>
                  {"Reports "}
                  <select name={names.reports} aria-label={`${app.name} reports`}>
                    <option value="none" selected={current.reports === "none"}>None</option>
                    <option value="all" selected={current.reports === "all"}>All</option>
                  </select>
                </label>
              ) : null}
            </p>
            <details>
              <summary>Policies</summary>
              <ul>
                {app.policies.map((p) => (
                  <li>{`${p.name}: ${p.rights.join(", ")}`}</li>
                ))}
              </ul>
            </details>
          </fieldset>
        );
      })}
    </div>
  );
}

/** A form button that sets every application to All, Reports included (the guide's instruction). */
export const SELECT_ALL_SCRIPT = `document.querySelectorAll('[data-select-all]').forEach(function(b){b.addEventListener('click',function(){document.querySelectorAll('select[name^="lists:"],select[name^="reports:"]').forEach(function(s){s.value='all'})})})`;
