import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { IntacctSandbox } from "../sandbox-server.js";
import { makeSandbox } from "../test-support/make-sandbox.js";
import { fn, login, post, request, results, thrownCode } from "../test-support/xml-requests.js";

let sandbox: IntacctSandbox;
beforeEach(async () => {
  ({ sandbox } = await makeSandbox());
});
afterEach(async () => {
  await sandbox.close();
});

describe("the setup guide's steps through the tenancy service", () => {
  it("Company > Web Services Users > Add: creates the user and e-mails a temporary password that signs in", async () => {
    const t = sandbox.tenancy;
    const added = t.addWebServicesUser({ companyId: "ACME", userId: "XML_Bill.com", firstName: "Bill", lastName: "Sync", email: "ap@example.com", userType: "Business", admin: "Full" });
    expect(added.user).toMatchObject({ loginId: "XML_Bill.com", userType: "business user", admin: "Full", status: "active", webServicesOnly: true, entityIds: [], roles: [] });
    expect(added.email).toMatchObject({ companyId: "ACME", to: "ap@example.com" });
    expect(added.email.body).toContain(`Temporary password: ${added.temporaryPassword}`);
    expect(t.listOutbox("ACME")).toHaveLength(1);
    // Role-based company: no role yet, so no rights.
    const denied = await post(sandbox.app, request([["a", fn.readVendors()]], { auth: login({ userId: "XML_Bill.com", password: added.temporaryPassword }) }));
    expect(results(denied)[0]?.errors?.[0]?.errorno).toBe("PL04000005");
    // Company > Roles > Add with All, then assign it.
    t.addRole({ companyId: "ACME", name: "Billcom Role", permissions: { "*": "all" } });
    t.assignRole({ companyId: "ACME", userId: "XML_Bill.com", roleName: "Billcom Role" });
    const ok = await post(sandbox.app, request([["a", fn.readVendors()]], { auth: login({ userId: "XML_Bill.com", password: added.temporaryPassword }) }));
    expect(results(ok)[0]?.status).toBe("success");
    expect(t.getRole("ACME", "Billcom Role").users).toEqual(["XML_Bill.com"]);
  });

  it("Subscriptions in a user-based company grant rights directly", async () => {
    const t = sandbox.tenancy;
    const added = t.addWebServicesUser({ companyId: "SOLO", userId: "XML_Bill.com", firstName: "Bill", lastName: "Sync", email: "ap@example.com", userType: "business user", admin: "full" });
    t.setUserPermissions({ companyId: "SOLO", userId: "XML_Bill.com", permissions: { "*": "all" } });
    const ok = await post(sandbox.app, request([["a", fn.createVendor("V7")]], { auth: login({ companyId: "SOLO", userId: "XML_Bill.com", password: added.temporaryPassword }) }));
    expect(results(ok)[0]?.status).toBe("success");
    expect(t.effectivePermissions("SOLO", "XML_Bill.com").some((g) => g.application === "Accounts Payable" && g.policy === "Reports")).toBe(true);
  });

  it("Web Services authorizations: adding the sender lets it in", async () => {
    const t = sandbox.tenancy;
    const auth = { sender: "other-sender", senderPassword: "0ther!" };
    const before = await post(sandbox.app, request([["a", fn.readVendors()]], auth));
    expect(before.response?.operation?.errors?.[0]?.description).toBe("Invalid Web Services Authorization");
    t.addSenderAuthorization({ companyId: "ACME", senderId: "other-sender" });
    expect(t.listSenderAuthorizations("ACME")).toEqual(["other-sender", "test-sender"]);
    const after = await post(sandbox.app, request([["a", fn.readVendors()]], auth));
    expect(results(after)[0]?.status).toBe("success");
  });

  it("refuses duplicates and bad input with typed errors", () => {
    const t = sandbox.tenancy;
    const input = { companyId: "ACME", userId: "sync", firstName: "A", lastName: "B", email: "a@b.c", userType: "business", admin: "Full" };
    expect(thrownCode(() => t.addWebServicesUser(input))).toBe("CONFLICT");
    expect(thrownCode(() => t.addWebServicesUser({ ...input, userId: "x", userType: "alien" }))).toBe("INVALID_ARGUMENT");
    expect(thrownCode(() => t.addWebServicesUser({ ...input, userId: "x", email: "nope" }))).toBe("INVALID_ARGUMENT");
    expect(thrownCode(() => t.addWebServicesUser({ ...input, companyId: "NOPE" }))).toBe("NOT_FOUND");
    expect(thrownCode(() => t.addRole({ companyId: "ACME", name: "All" }))).toBe("CONFLICT");
    expect(thrownCode(() => t.setRolePermissions({ companyId: "ACME", roleName: "All", permissions: { Nope: "all" } }))).toBe("INVALID_ARGUMENT");
    expect(thrownCode(() => t.addSenderAuthorization({ companyId: "ACME", senderId: "ghost" }))).toBe("NOT_FOUND");
  });

  it("edits users: entity restrictions, status, admin level", async () => {
    const t = sandbox.tenancy;
    t.updateUser("ACME", "sync", { entityIds: ["E2"], topLevelAccess: false, admin: "Limited" });
    expect(t.getUser("ACME", "sync")).toMatchObject({ entityIds: ["E2"], admin: "Limited", topLevelAccess: false });
    const p = await post(sandbox.app, request([["a", fn.readVendors()]]));
    expect(p.response?.operation?.authentication.locationId).toBe("E2");
    expect(thrownCode(() => t.updateUser("ACME", "sync", { entityIds: ["E9"] }))).toBe("NOT_FOUND");
    t.updateUser("ACME", "sync", { status: "inactive" });
    const q = await post(sandbox.app, request([["a", fn.readVendors()]]));
    expect(q.response?.operation?.authentication.status).toBe("failure");
  });

  it("lists entities with their IDs and the permission catalog", () => {
    expect(sandbox.tenancy.listEntities("ACME").map((e) => [e.entityId, e.name])).toEqual([["E1", "East"], ["E2", "West"], ["E3", "Closed"]]);
    expect(sandbox.tenancy.permissionCatalog().map((a) => a.name)).toContain("Accounts Payable");
  });
});
