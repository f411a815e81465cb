import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

import { parseXml } from "../../../intacct/xml/index.js";
import type { CallContext } from "../contracts.js";
import { DEMO_RECORD_COUNTS, demoRecords } from "./demo-records.js";
import { createObjectsModule } from "./index.js";

const NOW = Date.UTC(2026, 2, 15, 12, 0, 0);

describe("demo records", () => {
  it("are deterministic", () => {
    expect(demoRecords({ now: NOW })).toEqual(demoRecords({ now: NOW }));
  });

  it("seed a two-entity company with 200+ vendors, paid and unpaid bills, credits and a closed period", () => {
    const m = createObjectsModule(new Database(":memory:"));
    m.seedRecords("DEMO", demoRecords({ now: NOW, entityIds: ["EAST", "WEST"] }), { entityIds: ["EAST", "WEST"], closedThrough: { EAST: "2026-02-28" }, now: NOW });
    expect(m.listRecords("DEMO", "VENDOR")).toHaveLength(DEMO_RECORD_COUNTS.vendors);
    expect(m.listRecords("DEMO", "LOCATIONENTITY").map((e) => e["NAME"])).toEqual(["Zephyr East", "Zephyr West"]);
    const bills = m.listRecords("DEMO", "APBILL");
    expect(bills).toHaveLength(2 * (DEMO_RECORD_COUNTS.billsPerEntity + DEMO_RECORD_COUNTS.creditBillsPerEntity + DEMO_RECORD_COUNTS.paidInBothPerEntity));
    const states = new Set(bills.map((b) => b["STATE"]));
    expect([...states].sort()).toEqual(["Paid", "Partially Paid", "Posted"]);
    expect(m.listRecords("DEMO", "APADJUSTMENT").map((a) => a["STATE"])).toEqual(["Paid", "Posted", "Paid", "Posted"]);
    expect(m.listRecords("DEMO", "CHECKINGACCOUNT").map((c) => c["BANKACCOUNTID"])).toEqual(["EAST-OPER", "EAST-CLEARING", "WEST-OPER", "WEST-CLEARING"]);
    const east: CallContext = { companyId: "DEMO", entityId: "EAST", userId: "u", now: NOW, sessionKey: "k" };
    const closed = m.execute(east, parseXml("<get_closedbooksdate/>"));
    expect(closed.data?.records[0]?.record).toEqual({ year: "2026", month: "02", day: "28" });
    expect(m.listRecords("DEMO", "ARINVOICE").filter((i) => i["STATE"] === "Paid")).toHaveLength(4 + 2 * DEMO_RECORD_COUNTS.paidInBothPerEntity);
  });

  it("also fit a company without entities", () => {
    const m = createObjectsModule(new Database(":memory:"));
    m.seedRecords("SOLO", demoRecords({ now: NOW, entityIds: [], vendorCount: 30, billsPerEntity: 6 }), { entityIds: [], now: NOW });
    expect(m.listRecords("SOLO", "VENDOR")).toHaveLength(30);
    expect(m.listRecords("SOLO", "APBILL")).toHaveLength(6 + DEMO_RECORD_COUNTS.creditBillsPerEntity + DEMO_RECORD_COUNTS.paidInBothPerEntity);
  });
});
