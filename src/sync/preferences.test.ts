import { describe, expect, it } from "vitest";

import { DEFAULT_PREFERENCES, parsePreferences, scopeOf } from "./preferences.js";

describe("preferences", () => {
  it("defaults to two-way transactions, platform as master, all bills, reject in closed periods", () => {
    expect(parsePreferences({})).toEqual(DEFAULT_PREFERENCES);
    expect(parsePreferences(undefined)).toEqual(DEFAULT_PREFERENCES);
  });

  it("keeps the accounts and the policy it is given", () => {
    expect(parsePreferences({ master: "intacct", transactions: "one-way", onlyApproved: true, apAccountNo: "2000", clearingBankAccountId: "BILL-CLR", closedPeriodPolicy: "move", schedule: "daily" })).toEqual({
      transactions: "one-way", master: "intacct", onlyApproved: true, apAccountNo: "2000", clearingBankAccountId: "BILL-CLR", closedPeriodPolicy: "move",
    });
  });

  it("rejects a bad value or an unknown key, naming the field", () => {
    expect(() => parsePreferences({ closedPeriodPolicy: "ignore" })).toThrow(/^invalid sync preference closedPeriodPolicy: /);
    expect(() => parsePreferences({ mastr: "intacct" })).toThrow(/^invalid sync preference/);
    try {
      parsePreferences({ master: "both" });
    } catch (e) {
      expect(e).toMatchObject({ code: "PREFERENCES_INVALID", side: "user" });
    }
  });

  it("reads the scope from the Login Info Entity ID", () => {
    expect(scopeOf("")).toEqual({ kind: "top" });
    expect(scopeOf(" E-EAST ")).toEqual({ kind: "entity", entityId: "E-EAST" });
  });
});
