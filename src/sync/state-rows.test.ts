import fc from "fast-check";
import { describe, expect, it } from "vitest";

import type { Link } from "./links.js";
import { SYNC_ORDER } from "./model/objects.js";
import { fromCursorRow, fromLinkRow, fromSuppressionEntry, suppressionEntry, toCursorRow, toLinkRow } from "./state-rows.js";

describe("state rows", () => {
  it("round-trips links through the store's row shape", () => {
    const linkArb: fc.Arbitrary<Link> = fc.record({
      object: fc.constantFrom(...SYNC_ORDER), platformId: fc.string({ minLength: 1 }), intacctKey: fc.string({ minLength: 1 }), entityId: fc.string(),
      platformVersion: fc.string(), intacctVersion: fc.string(), intacctId: fc.option(fc.string({ minLength: 1 }), { nil: undefined }), intacctPaid: fc.option(fc.boolean(), { nil: undefined }),
    }).map((l) => {
      const { intacctId, intacctPaid, ...rest } = l;
      return { ...rest, ...(intacctId === undefined ? {} : { intacctId }), ...(intacctPaid === undefined ? {} : { intacctPaid }) };
    });
    fc.assert(fc.property(linkArb, (l) => {
      expect(fromLinkRow(toLinkRow("acct", l))).toEqual(l);
    }));
  });

  it("keeps change and deletion cursors apart under one object name", () => {
    const c = { object: "vendor" as const, side: "intacct" as const, stream: "deletions" as const, cursor: { side: "intacct" as const, watermark: "03/01/2026 10:00:00" } };
    expect(toCursorRow(c)).toEqual({ side: "intacct", object: "vendor#deletions", value: "v1|intacct|03/01/2026 10:00:00" });
    expect(fromCursorRow(toCursorRow(c))).toEqual(c);
  });

  it("refuses a cursor row whose side disagrees with its value", () => {
    expect(() => fromCursorRow({ side: "platform", object: "vendor", value: "v1|intacct|x" })).toThrow("cursor vendor is stored under side platform but encodes intacct");
  });

  it("round-trips suppressions through the generic state table", () => {
    const s = { object: "bill" as const, side: "platform" as const, key: "00n|1", version: "abc" };
    const e = suppressionEntry(s);
    expect(fromSuppressionEntry(e.key, e.value)).toEqual(s);
  });
});
