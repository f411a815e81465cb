import { describe, expect, it } from "vitest";

import { check } from "./check.js";
import { formatReport } from "./format-report.js";

describe("formatReport", () => {
  it("prints a table, then the fixes of failures and warnings, then a summary", () => {
    const text = formatReport({
      ok: false,
      target: { companyId: "ACME", userId: "XML_Bill.com", entityId: "EAST", accountId: "bill-east" },
      checks: [check.pass("login.credentials", "Sign-in", "Signed in."), check.fail("user.admin", "Admin", 'Admin privileges are "Limited", not Full.', "Edit: Admin privileges: select Full, then Save."), check.skipped("prefs.open-periods", "Open period", "Not readable.")],
    });
    expect(text).toBe(
      [
        'Doctor for company "ACME", user XML_Bill.com, entity EAST (account bill-east)',
        "",
        "STATUS  CHECK               MESSAGE",
        "PASS    login.credentials   Signed in.",
        'FAIL    user.admin          Admin privileges are "Limited", not Full.',
        "SKIP    prefs.open-periods  Not readable.",
        "",
        "How to fix:",
        "  user.admin: Edit: Admin privileges: select Full, then Save.",
        "",
        "FAILED: 1 passed, 0 warnings, 1 failed, 1 skipped.",
        "",
      ].join("\n"),
    );
  });
});
