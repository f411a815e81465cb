import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { decodeCursor, dedupeRows, encodeCursor, nextCursor, pullFrom, stampKey } from "./cursor.js";

const intacctStamp = fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true }).map((d) => {
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
});
const isoStamp = fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true }).map((d) => d.toISOString());

describe("cursor encoding", () => {
  it("round-trips any cursor", () => {
    fc.assert(fc.property(fc.constantFrom<"intacct" | "platform">("intacct", "platform"), fc.string().filter((s) => !s.includes("\n")), (side, watermark) => {
      expect(decodeCursor(encodeCursor({ side, watermark }))).toEqual({ side, watermark });
    }));
  });

  it("rejects anything that is not a v1 cursor, naming it", () => {
    expect(() => decodeCursor("v2|intacct|x")).toThrow('not a v1 cursor: "v2|intacct|x"');
    expect(() => decodeCursor("garbage")).toThrow("not a v1 cursor");
  });
});

describe("incremental helpers", () => {
  it("sorts Intacct stamps chronologically across years (mm/dd/yyyy does not sort as text)", () => {
    expect(stampKey("intacct", "12/31/2025 23:59:59") < stampKey("intacct", "01/01/2026 00:00:00")).toBe(true);
  });

  it("moves the cursor to the largest stamp, never backwards", () => {
    fc.assert(fc.property(fc.option(intacctStamp, { nil: undefined }), fc.array(intacctStamp), (prev, stamps) => {
      const previous = prev === undefined ? undefined : { side: "intacct" as const, watermark: prev };
      const next = nextCursor(previous, "intacct", stamps);
      const all = [...(prev === undefined ? [] : [prev]), ...stamps];
      if (all.length === 0) {
        expect(next).toBeUndefined();
        return;
      }
      const max = all.reduce((a, b) => (stampKey("intacct", a) >= stampKey("intacct", b) ? a : b));
      expect(stampKey("intacct", next?.watermark ?? "")).toBe(stampKey("intacct", max));
    }));
  });

  it("re-reads an overlap window: two hours on Intacct, five minutes on the platform", () => {
    expect(pullFrom({ side: "intacct", watermark: "03/01/2026 01:30:00" })).toBe("02/28/2026 23:30:00");
    expect(pullFrom({ side: "platform", watermark: "2026-03-01T10:00:00.000Z" })).toBe("2026-03-01T09:55:00.000Z");
    expect(pullFrom(undefined)).toBeUndefined();
  });

  it("the overlap window always starts at or before the watermark", () => {
    fc.assert(fc.property(isoStamp, (w) => {
      expect(stampKey("platform", pullFrom({ side: "platform", watermark: w }) ?? "") <= stampKey("platform", w)).toBe(true);
    }));
  });

  it("de-duplicates re-read rows by id, keeping the latest version", () => {
    const rows = [
      { id: "1", m: "03/01/2026 10:00:00", v: "a" },
      { id: "2", m: "03/01/2026 10:00:00", v: "b" },
      { id: "1", m: "03/02/2026 10:00:00", v: "c" },
      { id: "1", m: "02/01/2026 10:00:00", v: "stale" },
    ];
    expect(dedupeRows(rows, "intacct", (r) => r.id, (r) => r.m).map((r) => r.v)).toEqual(["b", "c"]);
  });
});
