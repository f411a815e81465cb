import { describe, expect, it } from "vitest";

import { upperCaseLineItems } from "./intacct-side.js";

describe("upperCaseLineItems", () => {
  it("upper-cases the item elements of line containers so the mappers find APBILLITEMS/APBILLITEM", () => {
    const record = { RECORDNO: "7", APBILLITEMS: { apbillitem: [{ ACCOUNTNO: "6300", TRX_AMOUNT: "10.00" }] }, APPYMTDETAILS: { appymtdetail: { RECORDKEY: "7" } } };
    expect(upperCaseLineItems(record)).toEqual({ RECORDNO: "7", APBILLITEMS: { APBILLITEM: [{ ACCOUNTNO: "6300", TRX_AMOUNT: "10.00" }] }, APPYMTDETAILS: { APPYMTDETAIL: { RECORDKEY: "7" } } });
  });

  it("leaves records without line containers untouched (same object)", () => {
    const record = { RECORDNO: "1", DISPLAYCONTACT: { email1: "x@y.test" } };
    expect(upperCaseLineItems(record)).toBe(record);
  });
});
