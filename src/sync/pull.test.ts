import { describe, expect, it } from "vitest";

import { intacctPullSpec, platformPullSpec } from "./pull.js";
import { scopeOf } from "./preferences.js";

describe("pull specifications", () => {
  it("reads Intacct in pages of 2,000 rows, only the mapped fields, from the watermark minus the overlap", () => {
    const spec = intacctPullSpec("vendor", { side: "intacct", watermark: "03/01/2026 10:00:00" }, scopeOf(""));
    expect(spec).toEqual({
      intacctObject: "VENDOR", fields: ["RECORDNO", "WHENMODIFIED", "MEGAENTITYID", "VENDORID", "NAME", "STATUS", "DISPLAYCONTACT.EMAIL1", "OBJECTRESTRICTION"],
      pageSize: 2000, includeNeverModified: true, showPrivate: true, from: "03/01/2026 08:00:00",
    });
  });

  it("reads everything on a first sync, and entity-level accounts do not ask for private rows", () => {
    const spec = intacctPullSpec("bill", undefined, scopeOf("E-EAST"));
    expect(spec.from).toBeUndefined();
    expect(spec.showPrivate).toBe(false);
    expect(spec.includeNeverModified).toBe(false);
  });

  it("reads BILL 100 rows a page from updatedTime minus five minutes", () => {
    expect(platformPullSpec({ side: "platform", watermark: "2026-03-01T10:00:00.000Z" })).toEqual({ max: 100, from: "2026-03-01T09:55:00.000Z" });
  });
});

describe("pull queries", () => {
  it("builds the client's query: modified since, or never modified but created since, stable order", async () => {
    const { intacctQuery } = await import("./pull.js");
    const q = intacctQuery(intacctPullSpec("vendor", { side: "intacct", watermark: "03/01/2026 10:00:00" }, scopeOf("")), 2000);
    expect(q.filter).toEqual({
      op: "or",
      filters: [
        { op: "greaterthanorequalto", field: "WHENMODIFIED", value: "03/01/2026 08:00:00" },
        { op: "and", filters: [{ op: "isnull", field: "WHENMODIFIED" }, { op: "greaterthanorequalto", field: "WHENCREATED", value: "03/01/2026 08:00:00" }] },
      ],
    });
    expect(q).toMatchObject({ object: "VENDOR", pageSize: 2000, offset: 2000, orderBy: [{ field: "WHENMODIFIED" }, { field: "RECORDNO" }], showPrivate: true });
    expect(intacctQuery(intacctPullSpec("vendor", undefined, scopeOf("")), 0).filter).toBeUndefined();
    const { query } = await import("../intacct/functions/query.js");
    expect(query(q).body.name).toBe("query");
  });

  it("builds BILL's list options: updatedTime gte, ascending", async () => {
    const { platformListOptions } = await import("./pull.js");
    expect(platformListOptions({ max: 100, from: "2026-03-01T09:55:00.000Z" })).toEqual({ max: 100, sort: [{ field: "updatedTime", order: "asc" }], filters: [{ field: "updatedTime", op: "gte", value: "2026-03-01T09:55:00.000Z" }] });
  });
});
