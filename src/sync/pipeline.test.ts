/**
 * The whole pure pipeline the I/O layer will drive: raw side records → observations → plan →
 * writes built by the mappers → raw records as each side would store them → observations again.
 * A second plan over everything must be empty.
 */
import { describe, expect, it } from "vitest";

import type { IntacctRecord } from "../intacct/xml/types.js";
import { LinkIndex } from "./links.js";
import type { Observation, Ref } from "./model/canonical.js";
import { isNegativeBill, observeIntacct, toIntacct } from "./model/intacct-mapper.js";
import { OBJECT_SPECS, type SyncObject } from "./model/objects.js";
import { observePlatform, type PlatformJson, toPlatform } from "./model/platform-mapper.js";
import { linkAfter, type Operation } from "./operation.js";
import { plan } from "./plan.js";
import { DEFAULT_PREFERENCES, intacctWriteSettings, scopeOf, type SyncPreferences } from "./preferences.js";

const PREFS: SyncPreferences = { ...DEFAULT_PREFERENCES, clearingBankAccountId: "BILL-CLR", apAccountNo: "2000" };

class Sides {
  readonly intacct = new Map<string, { object: SyncObject; row: IntacctRecord }>();
  readonly platform = new Map<string, { object: SyncObject; row: PlatformJson }>();
  links = new LinkIndex();
  #n = 1000;

  observe(): { intacct: Observation[]; platform: Observation[] } {
    return {
      intacct: [...this.intacct.values()].map(({ object, row }) => observeIntacct(object === "bill" && isNegativeBill(row) ? "vendorCredit" : object, row)),
      platform: [...this.platform.values()].map(({ object, row }) => observePlatform(object, row)),
    };
  }

  resolveIntacct = (r: Ref): string | undefined => {
    if (r.side === "intacct") return r.id;
    const l = this.links.byPlatform(r.object, r.id);
    return OBJECT_SPECS[r.object].kind === "transaction" ? l?.intacctKey : (l?.intacctId ?? l?.intacctKey);
  };

  resolvePlatform = (r: Ref): string | undefined => (r.side === "platform" ? r.id : this.links.byIntacctRef(r.object, r.id)?.platformId);

  /** What apply will do, minus the network. Returns the number of writes. */
  apply(ops: readonly Operation[]): number {
    let writes = 0;
    for (const op of ops) {
      let outcome: { platformId?: string; intacctKey?: string; intacctId?: string } = {};
      if (op.target === "intacct" && op.intacctRecord !== undefined) {
        const w = toIntacct(op.intacctRecord, { resolve: this.resolveIntacct, settings: intacctWriteSettings(PREFS), ...(op.kind === "update" && op.intacctKey !== undefined ? { recordNo: op.intacctKey } : {}) });
        if (w.fn !== "create" && w.fn !== "update") throw new Error(`unexpected ${w.fn}`);
        const key = op.intacctKey ?? String(this.#n++);
        const idField = OBJECT_SPECS[op.object].intacctIdField;
        const row: IntacctRecord = { ...w.record, RECORDNO: key, WHENMODIFIED: "03/10/2026 12:00:00", STATE: "Posted", TOTALPAID: "0" };
        if (idField !== undefined && row[idField] === undefined) row[idField] = this.intacct.get(key)?.row[idField] ?? `AUTO-${key}`;
        this.intacct.set(key, { object: op.object, row });
        const assigned = idField === undefined ? undefined : row[idField];
        outcome = { intacctKey: key, ...(typeof assigned === "string" ? { intacctId: assigned } : {}) };
        writes++;
      } else if (op.target === "platform" && op.platformRecord !== undefined) {
        const w = toPlatform(op.platformRecord, { resolve: this.resolvePlatform, ...(op.platformId === undefined ? {} : { platformId: op.platformId }) });
        if (w.op !== "upsert") throw new Error(`unexpected ${w.op}`);
        const id = op.platformId ?? `p${this.#n++}`;
        const body = w.body as unknown as Record<string, unknown>;
        const row: PlatformJson = { ...body, ...(typeof body["customer"] === "object" ? { customerId: (body["customer"] as { id: string }).id } : {}), id, archived: w.archived, updatedTime: "2026-03-10T12:00:00.000Z", paymentStatus: "UNPAID" };
        this.platform.set(id, { object: op.object, row });
        outcome = { platformId: id };
        writes++;
      }
      const next = linkAfter(op, outcome, this.links);
      if (next === "remove") this.links = new LinkIndex(this.links.all().filter((l) => !(l.object === op.object && l.platformId === op.platformId)));
      else if (next !== undefined) this.links.add(next);
    }
    return writes;
  }

  plan(): readonly Operation[] {
    const { intacct, platform } = this.observe();
    return plan({ accountId: "acct-1", scope: scopeOf(""), preferences: PREFS, company: { locationEntities: {}, booksClosed: {} }, intacct, platform, links: this.links.all() }).operations;
  }
}

describe("pipeline: raw records → plan → mapped writes → raw records", () => {
  function seeded(): Sides {
    const s = new Sides();
    s.intacct.set("60", { object: "glAccount", row: { RECORDNO: "60", ACCOUNTNO: "6400", TITLE: "Janitorial", STATUS: "active", WHENMODIFIED: "01/01/2026 00:00:00" } });
    s.intacct.set("12", { object: "vendor", row: { RECORDNO: "12", VENDORID: "V-ACME", NAME: "Acme", STATUS: "active", DISPLAYCONTACT: { EMAIL1: "ap@acme.test" }, WHENMODIFIED: "01/01/2026 00:00:00" } });
    s.intacct.set("4471", {
      object: "bill",
      row: { RECORDNO: "4471", RECORDID: "I-1", VENDORID: "V-ACME", WHENCREATED: "03/01/2026", WHENDUE: "03/31/2026", WHENPOSTED: "03/01/2026", STATE: "Posted", TOTALPAID: "0", TOTALDUE: "50.00", WHENMODIFIED: "03/01/2026 09:00:00", APBILLITEMS: { APBILLITEM: [{ ACCOUNTNO: "6400", TRX_AMOUNT: "50.00" }] } },
    });
    s.platform.set("0caEXP", { object: "glAccount", row: { id: "0caEXP", name: "Janitorial", accountNumber: "6400", archived: false, updatedTime: "2026-01-01T00:00:00Z" } });
    s.platform.set("009B", { object: "vendor", row: { id: "009B", name: "Beta Supplies", shortName: "V-BETA", archived: false, updatedTime: "2026-03-02T00:00:00Z" } });
    s.platform.set("00n1", {
      object: "bill",
      row: { id: "00n1", vendorId: "009B", dueDate: "2026-04-03", invoice: { invoiceNumber: "B-77", invoiceDate: "2026-03-04" }, paymentStatus: "UNPAID", approvalStatus: "APPROVED", archived: false, updatedTime: "2026-03-04T00:00:00Z", billLineItems: [{ id: "L1", amount: 120.5, classifications: { chartOfAccountId: "0caEXP" } }] },
    });
    return s;
  }

  it("first run links, creates both ways in dependency order, and a second run writes nothing", () => {
    const s = seeded();
    const first = s.plan();
    expect(first.map((o) => [o.object, o.kind, o.target])).toEqual([
      ["glAccount", "link", "none"],
      ["vendor", "create", "intacct"],
      ["vendor", "create", "platform"],
      ["bill", "create", "intacct"],
      ["bill", "create", "platform"],
    ]);
    expect(s.apply(first)).toBe(4);
    expect(s.plan()).toEqual([]);
  });

  it("an edit of an unpaid bill on the platform becomes one update of the same Intacct RECORDNO, then nothing", () => {
    const s = seeded();
    s.apply(s.plan());
    const row = s.platform.get("00n1")?.row;
    s.platform.set("00n1", { object: "bill", row: { ...row, billLineItems: [{ id: "L1", amount: 99, classifications: { chartOfAccountId: "0caEXP" } }], updatedTime: "2026-03-11T00:00:00Z" } });
    const ops = s.plan();
    const key = s.links.byPlatform("bill", "00n1")?.intacctKey;
    expect(ops.map((o) => [o.kind, o.target, o.intacctKey])).toEqual([["update", "intacct", key]]);
    expect(s.apply(ops)).toBe(1);
    expect(s.intacct.get(key ?? "")?.row["APBILLITEMS"]).toEqual({ APBILLITEM: [{ ACCOUNTNO: "6400", OFFSETGLACCOUNTNO: "2000", TRX_AMOUNT: "99.00" }] });
    expect(s.plan()).toEqual([]);
  });
});
