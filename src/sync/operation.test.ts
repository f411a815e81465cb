import { describe, expect, it } from "vitest";

import { fingerprint } from "./fingerprint.js";
import { LinkIndex } from "./links.js";
import type { Vendor } from "./model/canonical.js";
import { dedupeKeyFor, linkAfter, type Operation, operationControlId } from "./operation.js";

const base: Omit<Operation, "kind" | "target" | "source"> = {
  id: "x", controlId: "x", dedupeKey: "sx", object: "vendor", entityId: "", version: "v", reason: "", notes: [], dependsOn: [],
};

describe("operations", () => {
  it("derives control ids of at most 256 characters, readable by object", () => {
    const id = operationControlId("acct-1", "vendor", "009A".repeat(100), "v1", "create");
    expect(id.length).toBeLessThanOrEqual(256);
    expect(id.startsWith("vendor-")).toBe(true);
    expect(operationControlId("acct-1", "vendor", "009A", "v1", "create")).not.toBe(operationControlId("acct-2", "vendor", "009A", "v1", "create"));
  });

  it("derives platform dedupe keys that are valid BILL marker keys", () => {
    expect(dedupeKeyFor("vendor-abc")).toMatch(/^[A-Za-z0-9._-]{1,40}$/);
    expect(dedupeKeyFor("vendor-abc")).toBe(dedupeKeyFor("vendor-abc"));
  });

  it("after a create in Intacct, links the platform record to the new RECORDNO with both fingerprints", () => {
    const v: Vendor = { object: "vendor", name: "Acme", active: true };
    const links = new LinkIndex();
    const op: Operation = { ...base, kind: "create", source: "platform", target: "intacct", platformId: "009A", platformRecord: v, intacctRecord: v };
    const link = linkAfter(op, { intacctKey: "12", intacctId: "V-0001" }, links);
    expect(link).toEqual({
      object: "vendor", platformId: "009A", intacctKey: "12", intacctId: "V-0001", entityId: "",
      platformVersion: fingerprint(v, links),
      // Intacct auto-numbered the vendor: its side reads back with that code.
      intacctVersion: fingerprint({ ...v, code: "V-0001" }, links),
    });
  });

  it("removes the link after a delete and changes none after a skip", () => {
    const links = new LinkIndex();
    expect(linkAfter({ ...base, kind: "delete", source: "platform", target: "intacct", platformId: "009A", intacctKey: "12" }, {}, links)).toBe("remove");
    expect(linkAfter({ ...base, kind: "skip", source: "platform", target: "none", platformId: "009A" }, {}, links)).toBeUndefined();
  });
});
