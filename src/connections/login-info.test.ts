import { describe, expect, it } from "vitest";

import { findLoginInfoProblems, maskLoginInfo } from "./login-info.js";

describe("findLoginInfoProblems", () => {
  it("accepts clean Login Info with a blank Entity ID", () => {
    expect(findLoginInfoProblems({ companyId: "DEMO-CO", userId: "XML_Bill.com", password: "x", entityId: "" })).toEqual([]);
  });

  it("names a Company ID with a trailing space", () => {
    expect(findLoginInfoProblems({ companyId: "DEMO-CO ", userId: "XML_Bill.com", password: "x" })).toEqual([
      { field: "companyId", message: 'Company ID "DEMO-CO " has a trailing space.' },
    ]);
  });

  it("names leading spaces, inner spaces and empty fields", () => {
    expect(findLoginInfoProblems({ companyId: " DEMO", userId: "XML Bill", password: "", entityId: "  " }).map((p) => p.message)).toEqual([
      'Company ID " DEMO" has a leading space.',
      'User ID "XML Bill" contains a space.',
      "Password is empty.",
      "Entity ID is only spaces.",
    ]);
  });
});

describe("maskLoginInfo", () => {
  it("never returns the password", () => {
    expect(maskLoginInfo({ companyId: "C", userId: "U", password: "hunter22", entityId: "" })).toEqual({ companyId: "C", userId: "U", password: "********", entityId: "" });
  });
});
