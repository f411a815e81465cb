import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { el } from "../../../intacct/xml/index.js";
import type { IntacctSandbox } from "../sandbox-server.js";
import { makeSandbox } from "../test-support/make-sandbox.js";
import { T } from "../test-support/test-seed.js";
import { fn, login, post, request, results } from "../test-support/xml-requests.js";

let sandbox: IntacctSandbox;
beforeEach(async () => {
  ({ sandbox } = await makeSandbox());
});
afterEach(async () => {
  await sandbox.close();
});

const getPerms = (userId: string) => el("getUserPermissions", null, el("userId", null, userId));

describe("USERINFO and friends through the generic functions", () => {
  it("reads the sync user by name with labels for enums", async () => {
    const p = await post(sandbox.app, request([["u", el("readByName", null, el("object", null, "USERINFO"), el("keys", null, "SYNC"), el("fields", null, "RECORDNO,LOGINID,USERTYPE,ADMIN,STATUS,LOGINDISABLED,UNRESTRICTED"))]]));
    expect(results(p)[0]?.data).toEqual({
      attrs: { listtype: "USERINFO", count: "1" },
      records: [{ tag: "USERINFO", record: { RECORDNO: "6", LOGINID: "sync", USERTYPE: "business user", ADMIN: "Full", STATUS: "active", LOGINDISABLED: "true", UNRESTRICTED: "true" } }],
    });
  });

  it("filters readByQuery on codes (USERTYPE = 'B', STATUS = 'F') and pages with readMore", async () => {
    const emp = await post(sandbox.app, request([["q", fn.byQuery("USERINFO", "USERTYPE = 'E'", "LOGINID")]]));
    expect(results(emp)[0]?.data?.records).toEqual([{ tag: "userinfo", record: { LOGINID: "employee" } }]);
    const inactive = await post(sandbox.app, request([["q", fn.byQuery("USERINFO", "STATUS = 'F'", "LOGINID")]]));
    expect(results(inactive)[0]?.data?.records.map((r) => r.record["LOGINID"])).toEqual(["gone"]);
    const page1 = await post(sandbox.app, request([["q", fn.byQuery("USERINFO", "", "LOGINID", "3")]]));
    const attrs = results(page1)[0]?.data?.attrs;
    expect(attrs).toMatchObject({ listtype: "userinfo", count: "3", totalcount: "8", numremaining: "5" });
    const more = await post(sandbox.app, request([["m", el("readMore", null, el("resultId", null, attrs?.["resultId"] ?? ""))]]));
    expect(results(more)[0]?.data?.attrs).toMatchObject({ count: "3", numremaining: "2", resultId: attrs?.["resultId"] });
  });

  it("shows entity restrictions in USERRESTRICTION, one row per entity", async () => {
    const p = await post(sandbox.app, request([["q", fn.byQuery("USERRESTRICTION", "UNRESTRICTED = 'F'", "LOGINID,LOCATIONID,ALLOWTOPLEVELACCESS")]]));
    expect(results(p)[0]?.data?.records.map((r) => r.record)).toEqual([
      { LOGINID: "east", LOCATIONID: "E1", ALLOWTOPLEVELACCESS: "false" },
      { LOGINID: "eastwest", LOCATIONID: "E1", ALLOWTOPLEVELACCESS: "true" },
      { LOGINID: "eastwest", LOCATIONID: "E2", ALLOWTOPLEVELACCESS: "true" },
    ]);
  });

  it("lists roles and role assignments with query (structured filter, orderby)", async () => {
    const q = el(
      "query",
      null,
      el("object", null, "ROLEUSERS"),
      el("select", null, el("field", null, "USERLOGINID"), el("field", null, "ROLENAME")),
      el("filter", null, el("equalto", null, el("field", null, "ROLENAME"), el("value", null, "NoAP"))),
      el("orderby", null, el("order", null, el("field", null, "USERLOGINID"), el("descending"))),
    );
    const p = await post(sandbox.app, request([["q", q]]));
    expect(results(p)[0]?.data).toEqual({
      attrs: { listtype: "ROLEUSERS", totalcount: "1", offset: "0", count: "1", numremaining: "0" },
      records: [{ tag: "ROLEUSERS", record: { USERLOGINID: "noap", ROLENAME: "NoAP" } }],
    });
    const roles = await post(sandbox.app, request([["r", fn.byQuery("ROLES", "", "NAME")]]));
    expect(results(roles)[0]?.data?.records.map((r) => r.record["NAME"])).toEqual(["All", "NoAP"]);
  });

  it("needs Administration rights: a user without admin privileges gets PL04000005", async () => {
    const p = await post(sandbox.app, request([["q", fn.byQuery("USERINFO")]], { auth: login({ userId: "offadmin" }) }));
    expect(results(p)[0]?.errors?.[0]?.description2).toMatch(/^You do not have permission for API operation READ_BY_QUERY on objects of type userinfo \[Support ID/);
  });

  it("refuses writes to tenancy objects honestly", async () => {
    const p = await post(sandbox.app, request([["c", el("create", null, el("USERINFO", null, el("LOGINID", null, "x")))]]));
    expect(results(p)[0]?.status).toBe("failure");
    expect(results(p)[0]?.errors?.[0]?.description2).toContain("does not implement create on USERINFO");
  });

  it("answers an unknown field with an error, not an empty success", async () => {
    const p = await post(sandbox.app, request([["q", fn.byQuery("USERINFO", "NOPE = 'x'")]]));
    expect(results(p)[0]?.status).toBe("failure");
  });
});

describe("getUserPermissions", () => {
  it("returns role-based effective permissions: All incl. Reports per application, pipe-joined rights", async () => {
    const p = await post(sandbox.app, request([["p", getPerms(T.user)]]));
    const perms = results(p)[0]?.data?.records[0];
    expect(perms?.tag).toBe("permissions");
    const apps = perms?.record["appSubscription"];
    expect(Array.isArray(apps)).toBe(true);
    const ap = (apps as Array<Record<string, unknown>>).find((a) => a["applicationName"] === "Accounts Payable");
    const policies = (ap?.["policies"] as { policy: Array<{ policyName: string; rights: string }> }).policy;
    expect(policies.find((x) => x.policyName === "Vendors")?.rights).toBe("List|View|Add|Edit|Delete");
    expect(policies.find((x) => x.policyName === "Reports")?.rights).toBe("List|Reports");
  });

  it("reflects a missing application and the admin level", async () => {
    const noap = await post(sandbox.app, request([["p", getPerms("noap")]]));
    const names = (results(noap)[0]?.data?.records[0]?.record["appSubscription"] as Array<Record<string, unknown>>).map((a) => a["applicationName"]);
    expect(names).not.toContain("Accounts Payable");
    expect(names).toContain("Administration");
    const limited = await post(sandbox.app, request([["p", getPerms("limited")]]));
    const admin = (results(limited)[0]?.data?.records[0]?.record["appSubscription"] as Array<Record<string, unknown>>).find((a) => a["applicationName"] === "Administration");
    const adminPolicies = (admin?.["policies"] as { policy: Array<{ policyName: string }> }).policy.map((x) => x.policyName);
    expect(adminPolicies).not.toContain("Grant admin rights");
  });

  it("lets a user read its own permissions but not another's without Administration rights", async () => {
    const own = await post(sandbox.app, request([["p", getPerms("offadmin")]], { auth: login({ userId: "offadmin" }) }));
    expect(results(own)[0]?.status).toBe("success");
    const other = await post(sandbox.app, request([["p", getPerms(T.user)]], { auth: login({ userId: "offadmin" }) }));
    expect(results(other)[0]?.errors?.[0]?.errorno).toBe("PL04000005");
  });

  it("answers an unknown login with BL03000025", async () => {
    const p = await post(sandbox.app, request([["p", getPerms("ghost")]]));
    expect(results(p)[0]?.errors).toEqual([{ errorno: "BL03000025", description: "", description2: "Login ID ghost does not exist.", correction: "Provide a valid USER.LOGINID value." }]);
  });

  it("reports user-based subscriptions in a user-based company", async () => {
    const p = await post(sandbox.app, request([["p", getPerms("partial")]], { auth: login({ companyId: T.userCompany }) }));
    const apps = results(p)[0]?.data?.records[0]?.record["appSubscription"] as Array<Record<string, unknown>>;
    // Admin Full adds the Administration application on top of the user's own subscriptions.
    expect(apps.map((a) => a["applicationName"])).toEqual(["Administration", "Accounts Payable"]);
    expect(apps[1]).toEqual({ applicationName: "Accounts Payable", policies: { policy: { policyName: "Vendors", rights: "List|View" } } });
  });
});
