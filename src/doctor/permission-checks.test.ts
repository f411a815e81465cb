import { describe, expect, it } from "vitest";

import { IntacctError } from "../intacct/errors.js";
import type { Fact, Permissions } from "./intacct-facts.js";
import { missingRights, moduleChecks, permissionModelCheck } from "./permission-checks.js";
import { REQUIRED_PERMISSIONS } from "./sync-needs.js";

const ok = <T>(value: T): Fact<T> => ({ ok: true, value });
const denied: Fact<string[]> = { ok: false, error: new IntacctError("PERMISSION_DENIED", "denied", { category: "permission", level: "function" }) };

function allGranted(): Map<string, Map<string, Set<string>>> {
  return new Map(REQUIRED_PERMISSIONS.map((a) => [a.application, new Map(Object.entries(a.policies).map(([p, r]) => [p, new Set(r)]))]));
}

describe("permissionModelCheck", () => {
  it("calls a company role-based when the user has a role", () => {
    const r = permissionModelCheck("XML_Bill.com", ok(["Billcom Role"]), ok(["Billcom Role", "Controller"]));
    expect(r.context).toEqual({ userId: "XML_Bill.com", model: "role", roles: ["Billcom Role"] });
    expect(r.checks.map((c) => `${c.id}:${c.status}`)).toEqual(["permissions.model:pass", "permissions.role-assigned:pass"]);
  });

  it("fails permissions.role-assigned when roles exist but none is assigned", () => {
    const r = permissionModelCheck("XML_NO_ROLE", ok([]), ok(["Billcom Role"]));
    expect(r.checks[1]).toMatchObject({ id: "permissions.role-assigned", status: "fail", fix: "Company > Web Services Users > Edit next to XML_NO_ROLE > Roles information: select the role with All permissions (Billcom Role), then Save." });
  });

  it("calls a company without roles user-based, and the model unknown when roles are unreadable", () => {
    expect(permissionModelCheck("u", ok([]), ok([])).context.model).toBe("user");
    expect(permissionModelCheck("u", denied, denied).context.model).toBe("unknown");
    expect(permissionModelCheck("u", denied, denied).checks[0]?.status).toBe("warn");
  });
});

describe("moduleChecks", () => {
  it("passes every module when everything is granted", () => {
    const checks = moduleChecks({ userId: "u", model: "user", roles: [] }, ok<Permissions>(allGranted()));
    expect(checks.every((c) => c.status === "pass")).toBe(true);
    expect(checks.map((c) => c.id)).toContain("permissions.accounts-payable");
  });

  it("names the module, policy and right that is missing, and where to grant it", () => {
    const granted = allGranted();
    granted.get("Accounts Payable")?.get("Bills")?.delete("Delete");
    const [ap] = moduleChecks({ userId: "XML_Bill.com", model: "user", roles: [] }, ok<Permissions>(granted)).filter((c) => c.status === "fail");
    expect(ap).toMatchObject({
      id: "permissions.accounts-payable",
      message: "Accounts Payable is missing Bills (Delete) in XML_Bill.com's Subscriptions.",
      fix: "Company > Web Services Users > XML_Bill.com user > Subscriptions: select All for Accounts Payable, including Reports, and save changes.",
      evidence: ["Accounts Payable > Bills: missing Delete"],
    });
  });

  it("adds the user-type cap to the message", () => {
    const granted = allGranted();
    granted.get("Company")?.delete("Reports");
    const c = moduleChecks({ userId: "u", model: "role", roles: ["R"] }, ok<Permissions>(granted), { cappedByUserType: "employee user" }).find((x) => x.id === "permissions.company");
    expect(c?.message).toBe('Company: the Reports section is not All (missing Reports (List, Reports)) in the role R. The user type "employee user" caps rights to List and View: fix the user type first.');
  });

  it("skips every module with the reason when getUserPermissions fails", () => {
    const checks = moduleChecks({ userId: "u", model: "user", roles: [] }, { ok: false, error: new IntacctError("USER_NOT_FOUND", "x", { category: "not_found", level: "function" }) });
    expect(checks.every((c) => c.status === "skipped")).toBe(true);
  });
});

describe("missingRights", () => {
  it("lists nothing when the module is complete and every policy when it is absent", () => {
    const ap = REQUIRED_PERMISSIONS.find((a) => a.application === "Accounts Payable");
    if (ap === undefined) throw new Error("no AP");
    expect(missingRights(ap, allGranted())).toEqual([]);
    expect(missingRights(ap, new Map()).map((m) => m.policy)).toEqual(Object.keys(ap.policies));
  });
});
