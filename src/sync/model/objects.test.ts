import { describe, expect, it } from "vitest";

import { inDependencyOrder, OBJECT_SPECS, orderOf, SYNC_ORDER } from "./objects.js";

describe("object table", () => {
  it("lists every object after the objects it depends on", () => {
    for (const o of SYNC_ORDER) for (const d of OBJECT_SPECS[o].dependsOn) expect(orderOf(d), `${d} before ${o}`).toBeLessThan(orderOf(o));
  });

  it("puts lists before transactions, credits before bills, bills before payments", () => {
    const lastList = Math.max(...SYNC_ORDER.filter((o) => OBJECT_SPECS[o].kind !== "transaction").map(orderOf));
    const firstTransaction = Math.min(...SYNC_ORDER.filter((o) => OBJECT_SPECS[o].kind === "transaction").map(orderOf));
    expect(lastList).toBeLessThan(firstTransaction);
    expect(orderOf("vendorCredit")).toBeLessThan(orderOf("bill"));
    expect(orderOf("bill")).toBeLessThan(orderOf("billPayment"));
    expect(orderOf("invoice")).toBeLessThan(orderOf("receivedPayment"));
  });

  it("has the directions of PRODUCT.md's table", () => {
    expect(OBJECT_SPECS.project.outbound).toBe(false);
    expect(OBJECT_SPECS.attachment.inbound).toBe("none");
    expect(OBJECT_SPECS.booksClosed.outbound).toBe(false);
    expect(OBJECT_SPECS.paymentTerm.outbound && OBJECT_SPECS.paymentTerm.inbound === "records").toBe(true);
    expect(OBJECT_SPECS.billPayment.inbound).toBe("status");
  });

  it("selects WHENMODIFIED and RECORDNO in every incremental pull", () => {
    for (const o of SYNC_ORDER) if (OBJECT_SPECS[o].intacctFields.length > 0) expect(OBJECT_SPECS[o].intacctFields).toEqual(expect.arrayContaining(["RECORDNO", "WHENMODIFIED"]));
  });

  it("sorts any selection into dependency order", () => {
    expect(inDependencyOrder(["billPayment", "vendor", "bill", "vendor"])).toEqual(["vendor", "bill", "billPayment"]);
  });
});
