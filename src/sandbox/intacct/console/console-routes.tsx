/**
 * The sandbox console: server-rendered pages where a person performs the setup guide's steps
 * literally (Company > Web Services Users > Add, the e-mail with the temporary password,
 * Subscriptions, Roles > Add, assigning the role, Entities, Web Services authorizations).
 * Plain HTML forms (POST, then redirect); all state changes go through the tenancy service, so
 * what the console does is what the XML gateway sees.
 *
 * Mounted by the sandbox at `/console` (`create-intacct-sandbox.ts`). Loopback only, no sign-in:
 * this is a local emulator's admin screen, not a product UI.
 */
import { Hono } from "hono";
import type { Context } from "hono";

import { SandboxError } from "../sandbox-error.js";
import type { ConsoleDeps } from "../sandbox-server.js";
import type { TenancyService } from "../tenancy/tenancy-service.js";
import { companyCrumbs, companyPath, Page } from "./layout.js";
import { PermissionFields, SELECT_ALL_SCRIPT, specFromForm } from "./permissions-form.js";
import { AddUserForm, EditUserForm, UsersTable } from "./user-pages.js";

type Form = Record<string, string | string[]>;

async function formOf(c: Context): Promise<Form> {
  const body = await c.req.parseBody({ all: true });
  const out: Form = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === "string") out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === "string");
  }
  return out;
}

function one(form: Form, key: string): string {
  const v = form[key];
  return typeof v === "string" ? v : Array.isArray(v) ? (v[0] ?? "") : "";
}

function many(form: Form, key: string): string[] {
  const v = form[key];
  return v === undefined ? [] : typeof v === "string" ? [v] : v;
}

function redirect(c: Context, to: string, notice?: string): Response {
  return c.redirect(notice === undefined ? to : `${to}?notice=${encodeURIComponent(notice)}`, 303);
}

function notice(c: Context): string | undefined {
  return c.req.query("notice");
}

/**
 * Builds the console app (a {@link ConsoleFactory}).
 *
 * @example
 * app.route("/console", consoleRoutes({ tenancy, url: () => base, endpointUrl: () => `${base}/ia/xml/xmlgw.phtml` }));
 */
export function consoleRoutes(deps: ConsoleDeps): Hono {
  const t: TenancyService = deps.tenancy;
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof SandboxError) {
      return c.html(
        <Page title="Error" crumbs={[{ label: "Console", href: "/console" }]} error={err.message}>
          <p>
            <a href="/console">Back to the console</a>
          </p>
        </Page>,
        err.httpStatus === 500 ? 500 : err.httpStatus,
      );
    }
    throw err;
  });

  app.get("/", (c) =>
    c.html(
      <Page title="Companies" crumbs={[{ label: "Console" }]}>
        <p>{`Gateway endpoint: ${deps.endpointUrl()}`}</p>
        <table>
          <thead>
            <tr>
              <th scope="col">Company ID</th>
              <th scope="col">Name</th>
              <th scope="col">Permissions</th>
            </tr>
          </thead>
          <tbody>
            {t.listCompanies().map((co) => (
              <tr>
                <td>
                  <a href={companyPath(co.companyId)}>{co.companyId}</a>
                </td>
                <td>{co.name}</td>
                <td>{co.permissionModel === "role" ? "Role-based" : "User-based"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <a href="/console/outbox">Outbox: every e-mail the sandbox "sent"</a>
        </p>
      </Page>,
    ),
  );

  app.get("/outbox", (c) => c.html(<Page title="Outbox" crumbs={[{ label: "Console", href: "/console" }, { label: "Outbox" }]}>{outbox(t.listOutbox())}</Page>));

  app.get("/c/:co", (c) => {
    const co = t.getCompany(c.req.param("co"));
    return c.html(
      <Page title="Company Info" companyId={co.companyId} crumbs={companyCrumbs(co.companyId, { label: "Company Info" })}>
        <dl>
          <dt>Company ID</dt>
          <dd id="company-id">{co.companyId}</dd>
          <dt>Company name</dt>
          <dd>{co.name}</dd>
          <dt>Permissions</dt>
          <dd id="permission-model">{co.permissionModel === "role" ? "Role-based" : "User-based"}</dd>
          <dt>Multi-entity</dt>
          <dd>{co.multiEntity ? "Yes" : "No"}</dd>
        </dl>
      </Page>,
    );
  });

  // Company > Web Services Users
  app.get("/c/:co/web-services-users", (c) => {
    const co = t.getCompany(c.req.param("co"));
    return c.html(
      <Page title="Web Services Users" companyId={co.companyId} crumbs={companyCrumbs(co.companyId, { label: "Web Services Users" })} notice={notice(c)}>
        <p>
          <a href={companyPath(co.companyId, "/web-services-users/add")}>Add</a>
        </p>
        <UsersTable companyId={co.companyId} users={t.listUsers(co.companyId)} roleBased={co.permissionModel === "role"} />
      </Page>,
    );
  });

  app.get("/c/:co/web-services-users/add", (c) => {
    const co = t.getCompany(c.req.param("co"));
    return c.html(addUserPage(co.companyId, {}));
  });

  app.post("/c/:co/web-services-users/add", async (c) => {
    const co = t.getCompany(c.req.param("co"));
    const form = await formOf(c);
    const input = { userId: one(form, "userId"), firstName: one(form, "firstName"), lastName: one(form, "lastName"), email: one(form, "email"), userType: one(form, "userType"), admin: one(form, "admin") };
    try {
      const added = t.addWebServicesUser({ companyId: co.companyId, ...input });
      return redirect(c, companyPath(co.companyId, "/web-services-users"), `User ${added.user.loginId} was saved. Sage Intacct sent an e-mail with the temporary password to ${added.user.email} (see Outbox).`);
    } catch (e) {
      if (e instanceof SandboxError && (e.code === "CONFLICT" || e.code === "INVALID_ARGUMENT")) return c.html(addUserPage(co.companyId, input, e.message), e.httpStatus === 409 ? 409 : 400);
      throw e;
    }
  });

  app.get("/c/:co/web-services-users/:user/edit", (c) => {
    const co = t.getCompany(c.req.param("co"));
    const user = t.getUser(co.companyId, c.req.param("user"));
    return c.html(
      <Page title={`Edit ${user.loginId}`} companyId={co.companyId} crumbs={companyCrumbs(co.companyId, { label: "Web Services Users", href: companyPath(co.companyId, "/web-services-users") }, { label: `Edit ${user.loginId}` })} notice={notice(c)}>
        <EditUserForm companyId={co.companyId} user={user} entities={t.listEntities(co.companyId)} roles={co.permissionModel === "role" ? t.listRoles(co.companyId).map((r) => r.name) : undefined} />
      </Page>,
    );
  });

  app.post("/c/:co/web-services-users/:user/edit", async (c) => {
    const co = t.getCompany(c.req.param("co"));
    const user = t.getUser(co.companyId, c.req.param("user"));
    const form = await formOf(c);
    const restricted = one(form, "entityAccess") === "restricted";
    t.updateUser(co.companyId, user.loginId, {
      userType: one(form, "userType"),
      admin: one(form, "admin"),
      status: one(form, "status") === "inactive" ? "inactive" : one(form, "status") === "lockedout" ? "lockedout" : "active",
      webServicesOnly: one(form, "webServicesOnly") === "on",
      entityIds: restricted ? many(form, "entityIds") : [],
      topLevelAccess: !restricted || one(form, "topLevelAccess") === "on",
    });
    if (co.permissionModel === "role" && form["rolesInfo"] !== undefined) {
      const wanted = new Set(many(form, "roles"));
      for (const r of user.roles) if (!wanted.has(r)) t.unassignRole({ companyId: co.companyId, userId: user.loginId, roleName: r });
      for (const r of wanted) if (!user.roles.includes(r)) t.assignRole({ companyId: co.companyId, userId: user.loginId, roleName: r });
    }
    return redirect(c, companyPath(co.companyId, "/web-services-users"), `User ${user.loginId} was saved.`);
  });

  // Company > Web Services Users > user > Subscriptions (user-based permissions)
  app.get("/c/:co/web-services-users/:user/subscriptions", (c) => {
    const co = t.getCompany(c.req.param("co"));
    const user = t.getUser(co.companyId, c.req.param("user"));
    return c.html(
      <Page
        title={`${user.loginId} > Subscriptions`}
        companyId={co.companyId}
        crumbs={companyCrumbs(co.companyId, { label: "Web Services Users", href: companyPath(co.companyId, "/web-services-users") }, { label: user.loginId }, { label: "Subscriptions" })}
        notice={notice(c)}
      >
        {co.permissionModel === "role" ? <p class="error">This company uses role-based permissions: the user's own Subscriptions are ignored. Use Company &gt; Roles and assign the role.</p> : null}
        <form method="post">
          <p>
            <button type="button" data-select-all>
              Select All for every module (including Reports)
            </button>
          </p>
          <PermissionFields catalog={t.permissionCatalog()} grants={t.getUserGrants(co.companyId, user.loginId)} />
          <button type="submit">Save</button>
        </form>
        <script dangerouslySetInnerHTML={{ __html: SELECT_ALL_SCRIPT }} />
      </Page>,
    );
  });

  app.post("/c/:co/web-services-users/:user/subscriptions", async (c) => {
    const co = t.getCompany(c.req.param("co"));
    const user = t.getUser(co.companyId, c.req.param("user"));
    t.setUserPermissions({ companyId: co.companyId, userId: user.loginId, permissions: specFromForm(t.permissionCatalog(), await formOf(c)) });
    return redirect(c, companyPath(co.companyId, `/web-services-users/${encodeURIComponent(user.loginId)}/subscriptions`), "Permissions saved.");
  });

  // Company > Roles
  app.get("/c/:co/roles", (c) => {
    const co = t.getCompany(c.req.param("co"));
    return c.html(
      <Page title="Roles" companyId={co.companyId} crumbs={companyCrumbs(co.companyId, { label: "Roles" })} notice={notice(c)}>
        <p>
          <a href={companyPath(co.companyId, "/roles/add")}>Add</a>
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Description</th>
              <th scope="col">Users</th>
            </tr>
          </thead>
          <tbody>
            {t.listRoles(co.companyId).map((r) => (
              <tr>
                <td>
                  <a href={companyPath(co.companyId, `/roles/${encodeURIComponent(r.name)}`)}>{r.name}</a>
                </td>
                <td>{r.description}</td>
                <td>{r.users.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Page>,
    );
  });

  app.get("/c/:co/roles/add", (c) => {
    const co = t.getCompany(c.req.param("co"));
    return c.html(roleFormPage(t, co.companyId, undefined));
  });

  app.post("/c/:co/roles/add", async (c) => {
    const co = t.getCompany(c.req.param("co"));
    const form = await formOf(c);
    try {
      const role = t.addRole({ companyId: co.companyId, name: one(form, "name"), description: one(form, "description"), permissions: specFromForm(t.permissionCatalog(), form) });
      return redirect(c, companyPath(co.companyId, "/roles"), `Role ${role.name} was saved.`);
    } catch (e) {
      if (e instanceof SandboxError && (e.code === "CONFLICT" || e.code === "INVALID_ARGUMENT")) return c.html(roleFormPage(t, co.companyId, undefined, e.message), e.httpStatus === 409 ? 409 : 400);
      throw e;
    }
  });

  app.get("/c/:co/roles/:role", (c) => {
    const co = t.getCompany(c.req.param("co"));
    return c.html(roleFormPage(t, co.companyId, t.getRole(co.companyId, c.req.param("role")).name, undefined, notice(c)));
  });

  app.post("/c/:co/roles/:role", async (c) => {
    const co = t.getCompany(c.req.param("co"));
    const role = t.getRole(co.companyId, c.req.param("role"));
    t.setRolePermissions({ companyId: co.companyId, roleName: role.name, permissions: specFromForm(t.permissionCatalog(), await formOf(c)) });
    return redirect(c, companyPath(co.companyId, "/roles"), `Role ${role.name} was saved.`);
  });

  // Company > Entities
  app.get("/c/:co/entities", (c) => {
    const co = t.getCompany(c.req.param("co"));
    const entities = t.listEntities(co.companyId);
    return c.html(
      <Page title="Entities" companyId={co.companyId} crumbs={companyCrumbs(co.companyId, { label: "Entities" })}>
        {entities.length === 0 ? (
          <p>This company has no entities: leave the Entity ID of the Login Info blank.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Entity ID</th>
                <th scope="col">Name</th>
                <th scope="col">Currency</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {entities.map((e) => (
                <tr>
                  <td>{e.entityId}</td>
                  <td>{e.name}</td>
                  <td>{e.currency}</td>
                  <td>{e.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Page>,
    );
  });

  // Company > Setup > Security > Web Services authorizations
  const authPath = "/c/:co/setup/security/web-services-authorizations";
  app.get(authPath, (c) => {
    const co = t.getCompany(c.req.param("co"));
    return c.html(authorizationsPage(t, co.companyId, notice(c)));
  });
  app.post(authPath, async (c) => {
    const co = t.getCompany(c.req.param("co"));
    const form = await formOf(c);
    const senderId = one(form, "senderId").trim();
    const here = companyPath(co.companyId, "/setup/security/web-services-authorizations");
    try {
      if (one(form, "action") === "remove") {
        t.removeSenderAuthorization({ companyId: co.companyId, senderId });
        return redirect(c, here, `Sender ID ${senderId} was removed.`);
      }
      t.addSenderAuthorization({ companyId: co.companyId, senderId });
      return redirect(c, here, `Sender ID ${senderId} is authorized.`);
    } catch (e) {
      if (e instanceof SandboxError && e.code === "NOT_FOUND") return c.html(authorizationsPage(t, co.companyId, undefined, `${e.message}: the sandbox knows only the senders of its seed.`), 404);
      throw e;
    }
  });

  app.get("/c/:co/outbox", (c) => {
    const co = t.getCompany(c.req.param("co"));
    return c.html(
      <Page title="Outbox" companyId={co.companyId} crumbs={companyCrumbs(co.companyId, { label: "Outbox" })}>
        {outbox(t.listOutbox(co.companyId))}
      </Page>,
    );
  });

  return app;
}

function addUserPage(companyId: string, values: Readonly<Record<string, string>>, error?: string) {
  return (
    <Page title="Add Web Services user" companyId={companyId} crumbs={companyCrumbs(companyId, { label: "Web Services Users", href: companyPath(companyId, "/web-services-users") }, { label: "Add" })} {...(error === undefined ? {} : { error })}>
      <AddUserForm values={values} />
    </Page>
  );
}

function roleFormPage(t: TenancyService, companyId: string, roleName: string | undefined, error?: string, noticeText?: string) {
  const grants = roleName === undefined ? [] : t.getRole(companyId, roleName).grants;
  return (
    <Page
      title={roleName === undefined ? "Add role" : `Role ${roleName}`}
      companyId={companyId}
      crumbs={companyCrumbs(companyId, { label: "Roles", href: companyPath(companyId, "/roles") }, { label: roleName ?? "Add" })}
      {...(error === undefined ? {} : { error })}
      {...(noticeText === undefined ? {} : { notice: noticeText })}
    >
      <form method="post">
        {roleName === undefined ? (
          <fieldset>
            <legend>Role information</legend>
            <label>
              {"Name "}
              <input name="name" required />
            </label>
            <label>
              {"Description "}
              <input name="description" />
            </label>
          </fieldset>
        ) : null}
        <p>
          <button type="button" data-select-all>
            Select All for every module (including Reports)
          </button>
        </p>
        <PermissionFields catalog={t.permissionCatalog()} grants={grants} />
        <button type="submit">Save</button>
      </form>
      <script dangerouslySetInnerHTML={{ __html: SELECT_ALL_SCRIPT }} />
    </Page>
  );
}

function authorizationsPage(t: TenancyService, companyId: string, noticeText?: string, error?: string) {
  return (
    <Page
      title="Web Services authorizations"
      companyId={companyId}
      crumbs={companyCrumbs(companyId, { label: "Setup" }, { label: "Security" }, { label: "Web Services authorizations" })}
      {...(noticeText === undefined ? {} : { notice: noticeText })}
      {...(error === undefined ? {} : { error })}
    >
      <table>
        <thead>
          <tr>
            <th scope="col">Sender ID</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {t.listSenderAuthorizations(companyId).map((s) => (
            <tr>
              <td>{s}</td>
              <td>
                <form method="post">
                  <input type="hidden" name="senderId" value={s} />
                  <button type="submit" name="action" value="remove">{`Remove ${s}`}</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="post">
        <fieldset>
          <legend>Add</legend>
          <label>
            {"Sender ID "}
            <input name="senderId" required />
          </label>
          <button type="submit" name="action" value="add">
            Save
          </button>
        </fieldset>
      </form>
    </Page>
  );
}

function outbox(messages: ReadonlyArray<{ readonly id: number; readonly to: string; readonly subject: string; readonly body: string; readonly createdAt: number }>) {
  if (messages.length === 0) return <p>No e-mail yet.</p>;
  return (
    <div>
      {[...messages].reverse().map((m) => (
        <article aria-label={`E-mail to ${m.to}`} data-email-id={String(m.id)}>
          <h2>{m.subject}</h2>
          <p>{`To: ${m.to} · ${new Date(m.createdAt).toISOString()}`}</p>
          <pre>{m.body}</pre>
        </article>
      ))}
    </div>
  );
}
