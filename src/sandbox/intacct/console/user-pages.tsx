/** Web Services Users: the list, Add (the guide's step 1) and Edit (entity access, Roles information). */
import type { UserView } from "../tenancy/tenancy-service.js";
import type { EntityRow } from "../tenancy/tenancy-store.js";
import { USER_TYPES } from "../tenancy/user-labels.js";
import { companyPath } from "./layout.js";

/** Labels of the user type select, as the Intacct screen words them ("Business", "Employee", …). */
function userTypeOptions(selected: string) {
  return USER_TYPES.map((t) => {
    const short = t.label.replace(/ user$/, "");
    const text = short.charAt(0).toUpperCase() + short.slice(1);
    return (
      <option value={short} selected={selected === t.label || selected === short}>
        {text}
      </option>
    );
  });
}

function adminOptions(selected: string) {
  return ["Off", "Limited", "Full"].map((a) => (
    <option value={a} selected={selected.toLowerCase() === a.toLowerCase()}>
      {a}
    </option>
  ));
}

/** The users list with Edit and Subscriptions links. */
export function UsersTable(props: { readonly companyId: string; readonly users: readonly UserView[]; readonly roleBased: boolean }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">User ID</th>
          <th scope="col">Name</th>
          <th scope="col">User type</th>
          <th scope="col">Admin privileges</th>
          <th scope="col">Status</th>
          <th scope="col">Web Services only</th>
          <th scope="col">Entity access</th>
          {props.roleBased ? <th scope="col">Roles</th> : null}
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {props.users.map((u) => {
          const base = companyPath(props.companyId, `/web-services-users/${encodeURIComponent(u.loginId)}`);
          return (
            <tr data-user-id={u.loginId}>
              <td>{u.loginId}</td>
              <td>{`${u.firstName} ${u.lastName}`}</td>
              <td>{u.userType}</td>
              <td>{u.admin}</td>
              <td>{u.status}</td>
              <td>{u.webServicesOnly ? "Yes" : "No"}</td>
              <td>{u.entityIds.length === 0 ? "Unrestricted" : `Restricted: ${u.entityIds.join(", ")}${u.topLevelAccess ? " (+ top level)" : ""}`}</td>
              {props.roleBased ? <td>{u.roles.join(", ")}</td> : null}
              <td>
                <a href={`${base}/edit`} aria-label={`Edit ${u.loginId}`}>
                  Edit
                </a>
                {" · "}
                <a href={`${base}/subscriptions`} aria-label={`Subscriptions of ${u.loginId}`}>
                  Subscriptions
                </a>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Company > Web Services Users > Add. */
export function AddUserForm(props: { readonly values: Readonly<Record<string, string>> }) {
  const v = props.values;
  return (
    <form method="post">
      <fieldset>
        <legend>User information</legend>
        <label>
          {"User ID "}
          <input name="userId" required value={v["userId"] ?? ""} />
        </label>
        <label>
          {"First name "}
          <input name="firstName" required value={v["firstName"] ?? ""} />
        </label>
        <label>
          {"Last name "}
          <input name="lastName" required value={v["lastName"] ?? ""} />
        </label>
        <label>
          {"Email address "}
          <input name="email" type="email" required value={v["email"] ?? ""} />
        </label>
        <label>
          {"User type "}
          <select name="userType">{userTypeOptions(v["userType"] ?? "business")}</select>
        </label>
        <label>
          {"Admin privileges "}
          <select name="admin">{adminOptions(v["admin"] ?? "Off")}</select>
        </label>
      </fieldset>
      <button type="submit">Save</button>
    </form>
  );
}

/** Company > Web Services Users > Edit: user type, admin, status, entity restrictions, Roles information. */
export function EditUserForm(props: { readonly companyId: string; readonly user: UserView; readonly entities: readonly EntityRow[]; readonly roles: readonly string[] | undefined }) {
  const u = props.user;
  const restricted = u.entityIds.length > 0;
  return (
    <form method="post">
      <fieldset>
        <legend>User information</legend>
        <p>{`User ID: ${u.loginId} · ${u.firstName} ${u.lastName} · ${u.email}`}</p>
        <label>
          {"User type "}
          <select name="userType">{userTypeOptions(u.userType)}</select>
        </label>
        <label>
          {"Admin privileges "}
          <select name="admin">{adminOptions(u.admin)}</select>
        </label>
        <label>
          {"Status "}
          <select name="status">
            {["active", "inactive", "lockedout"].map((s) => (
              <option value={s} selected={u.status === s}>
                {s === "lockedout" ? "Locked out" : s.charAt(0).toUpperCase() + s.slice(1)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" name="webServicesOnly" checked={u.webServicesOnly} />
          {" Web Services only (cannot sign in to the UI)"}
        </label>
      </fieldset>
      {props.entities.length === 0 ? null : (
        <fieldset>
          <legend>Entity restrictions</legend>
          <label>
            <input type="radio" name="entityAccess" value="unrestricted" checked={!restricted} />
            {" Unrestricted (top level and every entity)"}
          </label>
          <label>
            <input type="radio" name="entityAccess" value="restricted" checked={restricted} />
            {" Restricted to these entities:"}
          </label>
          {props.entities.map((e) => (
            <label>
              <input type="checkbox" name="entityIds" value={e.entityId} checked={u.entityIds.includes(e.entityId)} />
              {` ${e.entityId} (${e.name})`}
            </label>
          ))}
          <label>
            <input type="checkbox" name="topLevelAccess" checked={u.topLevelAccess} />
            {" Enable access to top level"}
          </label>
        </fieldset>
      )}
      {props.roles === undefined ? null : (
        <fieldset>
          <legend>Roles information</legend>
          <input type="hidden" name="rolesInfo" value="1" />
          {props.roles.length === 0 ? <p>No roles yet: Company &gt; Roles &gt; Add.</p> : null}
          {props.roles.map((r) => (
            <label>
              <input type="checkbox" name="roles" value={r} checked={u.roles.includes(r)} />
              {` ${r}`}
            </label>
          ))}
        </fieldset>
      )}
      <button type="submit">Save</button>
    </form>
  );
}
