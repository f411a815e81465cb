import { describe, expect, it } from "vitest";

import { contentVersion, fingerprint } from "./fingerprint.js";
import { type Link, LinkIndex } from "./links.js";
import type { Vendor } from "./model/canonical.js";
import { plan } from "./plan.js";
import { DEFAULT_PREFERENCES, scopeOf } from "./preferences.js";
import { resolveFix } from "./resolution.js";
import { obs } from "./testing/world.js";

const v = (name: string): Vendor => ({ object: "vendor", name, code: "V-1", active: true });
const link: Link = { object: "vendor", platformId: "009A", intacctKey: "12", intacctId: "V-1", entityId: "", platformVersion: "old", intacctVersion: "old" };

describe("fix actions", () => {
  it("retry changes nothing (the record is planned again next run)", () => {
    expect(resolveFix({ action: "retry", links: new LinkIndex() })).toEqual({ kind: "none" });
  });

  it("don't sync this change: the changed side's current version counts as synced on the link", () => {
    const links = new LinkIndex([link]);
    const changed = obs("platform", "009A", v("Acme 2"));
    const r = resolveFix({ action: "skip-change", changed, link, links });
    expect(r).toEqual({ kind: "upsert-link", link: { ...link, platformVersion: fingerprint(v("Acme 2"), links) } });
    if (r.kind !== "upsert-link") return;
    const again = plan({ accountId: "a", scope: scopeOf(""), preferences: DEFAULT_PREFERENCES, company: { locationEntities: {}, booksClosed: {} }, platform: [changed], intacct: [], links: [r.link] });
    expect(again.operations).toEqual([]);
  });

  it("don't sync this change on an unlinked record becomes a suppression of that version", () => {
    const changed = obs("platform", "009B", v("Beta"));
    expect(resolveFix({ action: "skip-change", changed, links: new LinkIndex() })).toEqual({
      kind: "suppress", suppression: { object: "vendor", side: "platform", key: "009B", version: contentVersion(v("Beta")) },
    });
  });

  it("I fixed it in Intacct: relinks to the Intacct record as it is now, so neither side counts as changed", () => {
    const links = new LinkIndex();
    const platform = obs("platform", "009A", v("Acme"));
    const intacct = obs("intacct", "99", v("Acme Corp"));
    const r = resolveFix({ action: "fixed-in-intacct", platform, intacct, links });
    if (r.kind !== "upsert-link") throw new Error("expected a link");
    expect(r.link).toMatchObject({ platformId: "009A", intacctKey: "99", intacctId: "V-1" });
    const again = plan({ accountId: "a", scope: scopeOf(""), preferences: DEFAULT_PREFERENCES, company: { locationEntities: {}, booksClosed: {} }, platform: [platform], intacct: [intacct], links: [r.link] });
    expect(again.operations).toEqual([]);
  });

  it("I fixed it in Intacct needs both records", () => {
    expect(() => resolveFix({ action: "fixed-in-intacct", platform: obs("platform", "009A", v("A")), links: new LinkIndex() })).toThrow('"I fixed it in Intacct" needs the platform record and the Intacct record of the same object');
  });
});
