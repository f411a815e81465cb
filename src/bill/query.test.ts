import { describe, expect, it } from "vitest";

import { approvedOnly, archivedAfter, encodeFilters, encodeSort, listQuery, updatedAfter } from "./query.js";

describe("list query encoding", () => {
  it("joins filters with commas and quotes values holding colons", () => {
    expect(encodeFilters([{ field: "archived", op: "eq", value: false }, updatedAfter("2026-03-01T00:00:00.000Z")])).toBe('archived:eq:false,updatedTime:gt:"2026-03-01T00:00:00.000Z"');
  });

  it("renders in and nin lists as one quoted comma list", () => {
    expect(encodeFilters([{ field: "vendorId", op: "in", value: ["009A", "009B"] }])).toBe('vendorId:in:"009A,009B"');
  });

  it("refuses a list with a scalar operator and a scalar with in", () => {
    expect(() => encodeFilters([{ field: "id", op: "eq", value: ["a"] }])).toThrow(/needs op in or nin/);
    expect(() => encodeFilters([{ field: "id", op: "in", value: "a" }])).toThrow(/needs a list/);
  });

  it("quotes values with spaces and escapes quotes", () => {
    expect(encodeFilters([{ field: "name", op: "sw", value: 'Acme "Paper" Co' }])).toBe('name:sw:"Acme \\"Paper\\" Co"');
  });

  it("encodes sort keys", () => {
    expect(encodeSort([{ field: "updatedTime", order: "asc" }, { field: "name", order: "desc" }])).toBe("updatedTime:asc,name:desc");
  });

  it("always sends max, defaulting to 100, and rejects values outside 1 to 100", () => {
    expect(listQuery({})).toEqual({ max: "100" });
    expect(listQuery({ max: 5, page: "tok", sort: [{ field: "name", order: "asc" }] })).toEqual({ max: "5", page: "tok", sort: "name:asc" });
    expect(() => listQuery({ max: 0 })).toThrow(RangeError);
    expect(() => listQuery({ max: 101 })).toThrow(RangeError);
  });

  it("turns a Date watermark into an ISO string", () => {
    expect(updatedAfter(new Date(Date.UTC(2026, 0, 2)))).toEqual({ field: "updatedTime", op: "gt", value: "2026-01-02T00:00:00.000Z" });
  });

  it("offers the approved-only and archived-sweep filters", () => {
    expect(encodeFilters([approvedOnly()])).toBe("approvalStatus:eq:APPROVED");
    expect(encodeFilters(archivedAfter("2026-01-01T00:00:00.000Z"))).toBe('archived:eq:true,updatedTime:gt:"2026-01-01T00:00:00.000Z"');
  });
});
