import { describe, expect, it } from "vitest";

import { effectiveRights, expandPermissionSpec, hasRight, PermissionSpecError, rightsToGrants } from "./effective-rights.js";
import { PERMISSION_CATALOG } from "./permission-catalog.js";

describe("expandPermissionSpec", () => {
  it("expands '*': 'all' to every policy of every application, Reports included", () => {
    const grants = expandPermissionSpec({ "*": "all" });
    const policies = PERMISSION_CATALOG.reduce((n, a) => n + a.policies.length, 0);
    expect(grants).toHaveLength(policies);
    expect(grants.filter((g) => g.policy === "Reports")).toHaveLength(PERMISSION_CATALOG.length);
  });

  it("lets a named application override '*' (all-but-reports, none)", () => {
    const grants = expandPermissionSpec({ "*": "all", "Accounts Payable": "all-but-reports", Projects: "none" });
    expect(grants.some((g) => g.application === "Accounts Payable" && g.policy === "Reports")).toBe(false);
    expect(grants.some((g) => g.application === "Accounts Payable" && g.policy === "Bills")).toBe(true);
    expect(grants.some((g) => g.application === "Projects")).toBe(false);
  });

  it("orders rights List, View, Add, Edit, Delete, then the rest", () => {
    expect(expandPermissionSpec({ "Accounts Payable": { Vendors: ["Delete", "List", "Edit"] } })).toEqual([{ application: "Accounts Payable", policy: "Vendors", rights: ["List", "Edit", "Delete"] }]);
  });

  it("refuses 'all' for an application or policy it does not know", () => {
    expect(() => expandPermissionSpec({ Nope: "all" })).toThrow(PermissionSpecError);
    expect(() => expandPermissionSpec({ "Accounts Payable": { Nope: "all" } })).toThrow(PermissionSpecError);
  });
});

describe("effectiveRights and hasRight", () => {
  const all = expandPermissionSpec({ "*": "all" });

  it("gives a Full business admin everything", () => {
    const r = effectiveRights({ userType: "business user", admin: "Full" }, all);
    expect(hasRight(r, "Accounts Payable", "Bills", "Delete")).toBe(true);
    expect(hasRight(r, "Administration", "Grant admin rights", "Grant")).toBe(true);
  });

  it("drops Administration for admin Off and the Full-only policies for Limited", () => {
    const off = effectiveRights({ userType: "business user", admin: "Off" }, all);
    expect(off.has("Administration")).toBe(false);
    const limited = effectiveRights({ userType: "business user", admin: "Limited" }, all);
    expect(hasRight(limited, "Administration", "Users", "List")).toBe(true);
    expect(hasRight(limited, "Administration", "Grant admin rights", "Grant")).toBe(false);
  });

  it("caps non-business user types to List, View and Reports", () => {
    const r = effectiveRights({ userType: "employee user", admin: "Full" }, all);
    expect(hasRight(r, "Accounts Payable", "Vendors", "View")).toBe(true);
    expect(hasRight(r, "Accounts Payable", "Vendors", "Add")).toBe(false);
    expect(hasRight(r, "Accounts Payable", "Reports", "Reports")).toBe(true);
  });

  it("allows a policy the catalog does not know only to users with All on that application", () => {
    const full = effectiveRights({ userType: "business user", admin: "Full" }, all);
    expect(hasRight(full, "Accounts Payable", "Some new policy", "List")).toBe(true);
    const partial = effectiveRights({ userType: "business user", admin: "Full" }, expandPermissionSpec({ "Accounts Payable": { Vendors: ["List"] } }));
    expect(hasRight(partial, "Accounts Payable", "Some new policy", "List")).toBe(false);
    expect(hasRight(partial, "Unknown app", "X", "List")).toBe(false);
  });

  it("renders rows in catalog order", () => {
    const rows = rightsToGrants(effectiveRights({ userType: "business user", admin: "Full" }, all));
    expect(rows[0]?.application).toBe("Administration");
  });
});
