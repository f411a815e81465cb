import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { controlIdFor } from "./control-id.js";

describe("controlIdFor", () => {
  it("is deterministic and distinguishes part boundaries", () => {
    expect(controlIdFor(["bill", "acct-1", "B7"])).toBe(controlIdFor(["bill", "acct-1", "B7"]));
    expect(controlIdFor(["a,b"])).not.toBe(controlIdFor(["a", "b"]));
    expect(controlIdFor(["bill", "x"])).toMatch(/^bill-[A-Za-z0-9_-]{43}$/);
  });

  it("stays within 256 characters whatever the input", () => {
    expect(controlIdFor(["x".repeat(1000), "y".repeat(1000)]).length).toBeLessThanOrEqual(256);
    expect(controlIdFor(["ü ∑ <&>"])).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});

describe("controlIdFor properties", () => {
  it("is a pure function of its parts, ≤ 256 safe characters, and injective in practice", () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 6 }), fc.array(fc.string(), { minLength: 1, maxLength: 6 }), (a, b) => {
        const ia = controlIdFor(a);
        expect(ia).toBe(controlIdFor([...a]));
        expect(ia.length).toBeLessThanOrEqual(256);
        expect(ia).toMatch(/^[A-Za-z0-9_.-]+$/);
        if (JSON.stringify(a) !== JSON.stringify(b)) expect(controlIdFor(b)).not.toBe(ia);
      }),
    );
  });
});
