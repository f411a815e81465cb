/**
 * First-sync matching of unlinked records (PRODUCT.md: "match by stored link, then by ID; never
 * silently by name"): a stored link always wins (handled by the planner); then the business ID
 * (Intacct ID field ⇄ platform code; bill number + vendor for transactions); then the name, but
 * only when exactly one record on each side carries it. Everything else is an error for a
 * person to settle — BILL's own sync guesses here and overwrites vendors (§7.4).
 */
import { neutralRef } from "./fingerprint.js";
import type { LinkIndex } from "./links.js";
import { displayName, type Observation } from "./model/canonical.js";
import { OBJECT_SPECS } from "./model/objects.js";
import { matchName } from "./model/values.js";

/** How a pair was matched. */
export type MatchBasis = "id" | "name";

/** Result of matching one object's unlinked records. */
export interface MatchResult {
  readonly pairs: ReadonlyArray<{ readonly platform: Observation; readonly intacct: Observation; readonly basis: MatchBasis }>;
  /** Records that cannot be matched safely, with the reason. */
  readonly conflicts: ReadonlyArray<{ readonly observation: Observation; readonly code: "SYNC_AMBIGUOUS_MATCH" | "SYNC_DUPLICATE_ID"; readonly message: string }>;
  readonly unmatchedPlatform: readonly Observation[];
  readonly unmatchedIntacct: readonly Observation[];
}

function group<T>(items: readonly T[], key: (t: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list === undefined) out.set(k, [item]);
    else list.push(item);
  }
  return out;
}

/** The business key of an observation: its natural ID; for bills, credits and invoices, number + counterparty. */
export function businessKey(o: Observation, links: LinkIndex): string | undefined {
  const r = o.record;
  // Intacct documents carry no ID field (RECORDNO is the key): their number is RECORDID.
  const number = r !== undefined && (r.object === "bill" || r.object === "vendorCredit" || r.object === "invoice") ? r.number : undefined;
  const id = o.naturalId !== undefined && o.naturalId !== "" ? o.naturalId : number === undefined || number === "" ? undefined : number;
  if (id === undefined || r === undefined) return id;
  if (r.object === "bill" || r.object === "vendorCredit") return `${neutralRef(r.vendor, links)}|${id}`;
  if (r.object === "invoice") return `${neutralRef(r.customer, links)}|${id}`;
  return id;
}

/**
 * Matches the unlinked, non-deleted records of one object. Pure and order-independent: the same
 * records in any order give the same pairs and conflicts.
 *
 * @example
 * matchUnlinked(unlinkedBill, unlinkedIntacct, links).pairs; // [{ platform, intacct, basis: "id" }]
 */
export function matchUnlinked(platform: readonly Observation[], intacct: readonly Observation[], links: LinkIndex): MatchResult {
  const pairs: Array<MatchResult["pairs"][number]> = [];
  const conflicts: Array<MatchResult["conflicts"][number]> = [];
  const usedP = new Set<Observation>();
  const usedI = new Set<Observation>();
  const object = platform[0]?.object ?? intacct[0]?.object;
  const isList = object !== undefined && OBJECT_SPECS[object].kind !== "transaction";

  // 1. By business ID.
  const pById = group(platform, (o) => businessKey(o, links));
  const iById = group(intacct, (o) => businessKey(o, links));
  for (const [key, ps] of pById) {
    const is = iById.get(key) ?? [];
    if (is.length === 0) {
      if (isList && ps.length > 1) {
        // Creating them all would give Intacct the same ID twice.
        for (const o of ps) {
          conflicts.push({ observation: o, code: "SYNC_DUPLICATE_ID", message: `${ps.length} platform records share the ID ${key}; IDs must be unique in Intacct` });
          usedP.add(o);
        }
        continue;
      }
      // Same ID already linked to a different platform record: BILL overwrites here (§7.4); we refuse.
      const p = ps[0];
      const taken = p === undefined || p.naturalId === undefined || !isList ? undefined : links.byIntacctId(p.object, p.naturalId);
      if (taken !== undefined) {
        for (const o of ps) {
          conflicts.push({ observation: o, code: "SYNC_DUPLICATE_ID", message: `Intacct ${OBJECT_SPECS[o.object].intacctObject} ${o.naturalId ?? ""} is already linked to platform record ${taken.platformId}` });
          usedP.add(o);
        }
      }
      continue;
    }
    if (ps.length === 1 && is.length === 1) {
      const [p, i] = [ps[0], is[0]];
      if (p !== undefined && i !== undefined) {
        pairs.push({ platform: p, intacct: i, basis: "id" });
        usedP.add(p);
        usedI.add(i);
      }
      continue;
    }
    const message = `${ps.length} platform and ${is.length} Intacct records share the ID ${key.split("|").pop() ?? key}; link them by hand`;
    for (const o of [...ps, ...is]) {
      conflicts.push({ observation: o, code: "SYNC_AMBIGUOUS_MATCH", message });
      if (o.side === "platform") usedP.add(o);
      else usedI.add(o);
    }
  }

  // 2. By name — lists only, and only when unambiguous on both sides and the IDs do not disagree.
  // Uniqueness counts every record not paired by ID, including those already in conflict: a
  // name shared with an unsettled record is not unique.
  if (isList) {
    const pairedByIdP = new Set(pairs.map((x) => x.platform));
    const pairedByIdI = new Set(pairs.map((x) => x.intacct));
    const inConflict = new Set(conflicts.map((c) => c.observation));
    const nameOf = (o: Observation): string | undefined => (o.record === undefined ? undefined : matchName(displayName(o.record)));
    const pByName = group(platform.filter((o) => !pairedByIdP.has(o)), nameOf);
    const iByName = group(intacct.filter((o) => !pairedByIdI.has(o)), nameOf);
    for (const [name, ps] of pByName) {
      const is = iByName.get(name) ?? [];
      if (is.length === 0) continue;
      const p = ps[0];
      const i = is[0];
      if (ps.length === 1 && is.length === 1 && p !== undefined && i !== undefined) {
        if (inConflict.has(p) || inConflict.has(i)) continue;
        const idsDisagree = p.naturalId !== undefined && i.naturalId !== undefined && p.naturalId !== i.naturalId;
        if (idsDisagree) continue;
        pairs.push({ platform: p, intacct: i, basis: "name" });
        usedP.add(p);
        usedI.add(i);
        continue;
      }
      const message = `${ps.length} platform and ${is.length} Intacct records are named "${p?.record === undefined ? name : displayName(p.record)}"; names must be unique to match, so none was guessed`;
      for (const o of [...ps, ...is]) {
        if (inConflict.has(o)) continue;
        conflicts.push({ observation: o, code: "SYNC_AMBIGUOUS_MATCH", message });
        if (o.side === "platform") usedP.add(o);
        else usedI.add(o);
      }
    }
  }

  return {
    pairs, conflicts,
    unmatchedPlatform: platform.filter((o) => !usedP.has(o)),
    unmatchedIntacct: intacct.filter((o) => !usedI.has(o)),
  };
}
