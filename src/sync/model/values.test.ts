import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { addDays, billDateToIso, centsToDecimal, centsToNumber, decimalToCents, intacctActive, intacctDateToIso, isoToIntacctDate, matchName, numberToCents } from "./values.js";

describe("values", () => {
  it("converts Intacct dates, padded or not, to ISO and back", () => {
    expect(intacctDateToIso("03/04/2026")).toBe("2026-03-04");
    expect(intacctDateToIso("9/28/2022")).toBe("2022-09-28");
    expect(intacctDateToIso("03/04/2026 10:11:12")).toBe("2026-03-04");
    expect(intacctDateToIso("")).toBeUndefined();
    expect(isoToIntacctDate("2026-03-04")).toBe("03/04/2026");
    expect(() => intacctDateToIso("2026-03-04")).toThrow('not an Intacct date (mm/dd/yyyy): "2026-03-04"');
  });

  it("reads BILL dates and timestamps as ISO dates", () => {
    expect(billDateToIso("2026-06-30")).toBe("2026-06-30");
    expect(billDateToIso("2026-03-02T18:04:11.000+00:00")).toBe("2026-03-02");
  });

  it("adds days across month and year ends", () => {
    expect(addDays("2026-03-31", 1)).toBe("2026-04-01");
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
  });

  it("parses Intacct amounts to cents, rounding a third decimal as Intacct does", () => {
    expect(decimalToCents("1250.00")).toBe(125000);
    expect(decimalToCents("-150")).toBe(-15000);
    expect(decimalToCents("310.455")).toBe(31046);
    expect(decimalToCents("")).toBe(0);
    expect(() => decimalToCents("1,250.00")).toThrow('not a decimal amount: "1,250.00"');
  });

  it("round-trips any amount in cents through Intacct's decimal text and BILL's JSON number", () => {
    fc.assert(fc.property(fc.integer({ min: -1_000_000_000_00, max: 1_000_000_000_00 }), (c) => {
      expect(decimalToCents(centsToDecimal(c))).toBe(c);
      expect(numberToCents(centsToNumber(c))).toBe(c);
    }));
  });

  it("reads STATUS in query and readByQuery spellings", () => {
    expect(intacctActive("active")).toBe(true);
    expect(intacctActive("T")).toBe(true);
    expect(intacctActive("inactive")).toBe(false);
    expect(intacctActive("F")).toBe(false);
    expect(intacctActive(undefined)).toBe(true);
  });

  it("normalises names for matching: case, inner and outer whitespace", () => {
    expect(matchName("  Acme   Paper ")).toBe(matchName("acme paper"));
    expect(matchName("   ")).toBeUndefined();
  });
});
