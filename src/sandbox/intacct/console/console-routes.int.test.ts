/** The console through `app.request` (Hono's in-process testing): forms, redirects, error pages. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createIntacctSandbox } from "../create-intacct-sandbox.js";
import { DEMO_FACTS as F } from "../demo-seed.js";
import type { IntacctSandbox } from "../sandbox-server.js";
import { fieldNames } from "./permissions-form.js";

let sandbox: IntacctSandbox;
beforeAll(async () => {
  sandbox = await createIntacctSandbox({ seed: "demo", listen: false });
});
afterAll(async () => {
  await sandbox.close();
});

const co = (rest: string): string => `/console/c/${F.companyId}${rest}`;

function post(path: string, fields: Record<string, string | string[]>): Promise<Response> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return Promise.resolve(sandbox.app.request(path, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } }));
}

describe("sandbox console", () => {
  it("lists the companies with their permission model", async () => {
    const html = await (await sandbox.app.request("/console")).text();
    expect(html).toContain(`<a href="/console/c/${F.companyId}">${F.companyId}</a>`);
    expect(html).toContain("Role-based");
    expect(html).toContain("User-based");
  });

  it("adds a Web Services user, e-mails the temporary password, and answers 409 for a duplicate", async () => {
    const fields = { userId: "XML_Console", firstName: "Con", lastName: "Sole", email: "c@zephyr.example", userType: "business", admin: "Full" };
    const res = await post(co("/web-services-users/add"), fields);
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.headers.get("location") ?? "")).toBe(`${co("/web-services-users")}?notice=User XML_Console was saved. Sage Intacct sent an e-mail with the temporary password to c@zephyr.example (see Outbox).`);
    const user = sandbox.tenancy.getUser(F.companyId, "XML_Console");
    expect(user).toMatchObject({ userType: "business user", admin: "Full", webServicesOnly: true, status: "active" });
    const mail = sandbox.tenancy.listOutbox(F.companyId).at(-1);
    expect(mail?.body).toMatch(/Temporary password: \S+/);
    expect(await (await sandbox.app.request(co("/outbox"))).text()).toContain("User ID: XML_Console");
    const dup = await post(co("/web-services-users/add"), fields);
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain(`User &#39;XML_Console&#39; already exists in company &#39;${F.companyId}&#39;`);
  });

  it("adds a role with All on one module and assigns it on the user's edit page", async () => {
    const ap = fieldNames("Accounts Payable");
    const res = await post(co("/roles/add"), { name: "AP only", description: "", [ap.lists]: "all", [ap.reports]: "all" });
    expect(res.status).toBe(303);
    const role = sandbox.tenancy.getRole(F.companyId, "AP only");
    expect(role.grants.map((g) => g.application)).toEqual(expect.arrayContaining(["Accounts Payable"]));
    expect(role.grants.find((g) => g.policy === "Reports" && g.application === "Accounts Payable")?.rights).toEqual(["List", "Reports"]);
    const edit = await post(co("/web-services-users/XML_Console/edit"), { userType: "business", admin: "Full", status: "active", webServicesOnly: "on", entityAccess: "unrestricted", rolesInfo: "1", roles: ["AP only"] });
    expect(edit.status).toBe(303);
    expect(sandbox.tenancy.getUser(F.companyId, "XML_Console").roles).toEqual(["AP only"]);
  });

  it("restricts a user to an entity from the edit page", async () => {
    await post(co("/web-services-users/XML_Console/edit"), { userType: "business", admin: "Full", status: "active", webServicesOnly: "on", entityAccess: "restricted", entityIds: ["EAST"] });
    expect(sandbox.tenancy.getUser(F.companyId, "XML_Console")).toMatchObject({ entityIds: ["EAST"], topLevelAccess: false, roles: ["AP only"] });
  });

  it("saves Subscriptions (user-based) from the per-module shortcuts", async () => {
    const gl = fieldNames("General Ledger");
    const res = await post(`/console/c/${F.userBasedCompanyId}/web-services-users/XML_NO_REPORTS/subscriptions`, { [gl.lists]: "read", [gl.reports]: "none" });
    expect(res.status).toBe(303);
    expect(sandbox.tenancy.getUserGrants(F.userBasedCompanyId, "XML_NO_REPORTS")).toEqual([
      { application: "General Ledger", policy: "Accounts", rights: ["List", "View"] },
      { application: "General Ledger", policy: "Reporting periods", rights: ["List", "View"] },
    ]);
  });

  it("authorizes a known sender and refuses an unknown one with 404", async () => {
    const path = co("/setup/security/web-services-authorizations");
    expect((await post(path, { senderId: F.unauthorizedSenderId, action: "add" })).status).toBe(303);
    expect(sandbox.tenancy.listSenderAuthorizations(F.companyId)).toContain(F.unauthorizedSenderId);
    expect((await post(path, { senderId: F.unauthorizedSenderId, action: "remove" })).status).toBe(303);
    expect(sandbox.tenancy.listSenderAuthorizations(F.companyId)).not.toContain(F.unauthorizedSenderId);
    const unknown = await post(path, { senderId: "nobody", action: "add" });
    expect(unknown.status).toBe(404);
  });

  it("lists the entities with their IDs", async () => {
    const html = await (await sandbox.app.request(co("/entities"))).text();
    for (const e of F.entityIds) expect(html).toContain(`<td>${e}</td>`);
  });

  it("answers 404 with an error page for an unknown company", async () => {
    const res = await sandbox.app.request("/console/c/NOPE/roles");
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("No company &#39;NOPE&#39;");
  });
});
