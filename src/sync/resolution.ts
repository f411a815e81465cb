/**
 * The fix actions of a per-record error, as pure state changes (`bill-intacct-sync.md` §6 and
 * §9: BILL's escape hatches, but available to the user rather than only to Support).
 *
 * - `retry`: nothing changes here; the record is re-read and planned again on the next run.
 * - `skip-change` ("don't sync this change"): the current version of the changed side counts as
 *   synced. On a linked record its fingerprint goes on the link; on an unlinked one a suppression
 *   keeps that version out of planning. Later changes sync again.
 * - `fixed-in-intacct` ("I fixed it in Intacct"): link the platform record to the Intacct record
 *   as they both are now, so neither side counts as changed; resume from there.
 */
import { contentVersion, fingerprint } from "./fingerprint.js";
import type { Link, LinkIndex } from "./links.js";
import type { Observation } from "./model/canonical.js";
import type { FixAction } from "./operation.js";
import type { Suppression } from "./plan.js";
import { SyncError } from "./sync-error.js";

/** What resolving an error changes in the state. */
export type ResolutionChange =
  | { readonly kind: "none" }
  | { readonly kind: "upsert-link"; readonly link: Link }
  | { readonly kind: "suppress"; readonly suppression: Suppression };

/** Input of {@link resolveFix}. */
export interface ResolveFixInput {
  readonly action: FixAction;
  /** The record the error is about, as it is now on the side where it changed. */
  readonly changed?: Observation;
  /** Its link, when it has one. */
  readonly link?: Link;
  /** For `fixed-in-intacct`: both records as they are now (the Intacct one may be newly created). */
  readonly platform?: Observation;
  readonly intacct?: Observation;
  readonly links: LinkIndex;
}

/**
 * The state change a fix action makes.
 *
 * @example
 * resolveFix({ action: "skip-change", changed: platformBill, link, links }); // { kind: "upsert-link", link: {..., platformVersion: <now>} }
 */
export function resolveFix(input: ResolveFixInput): ResolutionChange {
  switch (input.action) {
    case "retry":
      return { kind: "none" };
    case "skip-change": {
      const o = input.changed;
      if (o === undefined || o.record === undefined) return { kind: "none" };
      if (input.link !== undefined) {
        const fp = fingerprint(o.record, input.links);
        return { kind: "upsert-link", link: o.side === "platform" ? { ...input.link, platformVersion: fp } : { ...input.link, intacctVersion: fp } };
      }
      return { kind: "suppress", suppression: { object: o.object, side: o.side, key: o.key, version: contentVersion(o.record) } };
    }
    case "fixed-in-intacct": {
      const p = input.platform;
      const i = input.intacct;
      if (p?.record === undefined || i?.record === undefined || p.object !== i.object) {
        throw new SyncError("RECORD_INVALID", `"I fixed it in Intacct" needs the platform record and the Intacct record of the same object`, { side: "user" });
      }
      return {
        kind: "upsert-link",
        link: {
          object: p.object, platformId: p.key, intacctKey: i.key, entityId: i.entityId,
          platformVersion: fingerprint(p.record, input.links), intacctVersion: fingerprint(i.record, input.links),
          ...(i.naturalId === undefined ? {} : { intacctId: i.naturalId }),
          ...(i.facts.paid === undefined ? {} : { intacctPaid: i.facts.paid !== "unpaid" }),
        },
      };
    }
  }
}
