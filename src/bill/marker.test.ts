import { describe, expect, it } from "vitest";

import { findByMarker, formatMarker, readMarker, withMarker } from "./marker.js";

async function* from<T>(items: T[]): AsyncGenerator<T> {
  for (const i of items) yield await Promise.resolve(i);
}

describe("external markers", () => {
  it("appends a marker and shortens the text, never the marker, to fit", () => {
    expect(withMarker("Inv AP-7731", "p-1f3a")).toBe("Inv AP-7731 [is:p-1f3a]");
    const long = withMarker("x".repeat(100), "key-1", 70);
    expect(long).toHaveLength(70);
    expect(readMarker(long)).toBe("key-1");
    expect(withMarker(undefined, "k")).toBe("[is:k]");
  });

  it("replaces an old marker instead of stacking them", () => {
    expect(withMarker("memo [is:old]", "new")).toBe("memo [is:new]");
  });

  it("refuses keys that could break the pattern", () => {
    expect(() => formatMarker("a b")).toThrow(RangeError);
    expect(() => formatMarker("x".repeat(41))).toThrow(RangeError);
  });

  it("finds the record carrying the marker", async () => {
    const rows = [{ d: "a" }, { d: "b [is:k2]" }, { d: "[is:k1]" }];
    expect(await findByMarker(from(rows), "k1", (r) => r.d)).toEqual({ d: "[is:k1]" });
    expect(await findByMarker(from(rows), "k3", (r) => r.d)).toBeUndefined();
  });
});
