/**
 * Test support: an in-memory pair of "sides" holding canonical records, and a simulated `apply`
 * that performs a plan's operations on them exactly as the I/O layer will (write, then store the
 * link from `linkAfter`). Used by the planner's property tests; no I/O.
 */
import { LinkIndex } from "../links.js";
import type { CanonicalRecord, Observation, RecordFacts, Ref } from "../model/canonical.js";
import { OBJECT_SPECS, type Side, type SyncObject } from "../model/objects.js";
import { linkAfter, type Operation } from "../operation.js";

/** One side's records by object and key. */
export type SideStore = Map<string, Observation>;

/** Two sides and the link table. */
export interface World {
  readonly platform: SideStore;
  readonly intacct: SideStore;
  links: LinkIndex;
  /** Counter for new keys. */
  next: number;
}

/** An empty world. */
export function emptyWorld(): World {
  return { platform: new Map(), intacct: new Map(), links: new LinkIndex(), next: 1 };
}

function storeKey(object: SyncObject, key: string): string {
  return `${object}/${key}`;
}

/** Puts an observation on its side. */
export function put(world: World, o: Observation): void {
  (o.side === "platform" ? world.platform : world.intacct).set(storeKey(o.object, o.key), o);
}

/** All current observations of a side. */
export function observations(world: World, side: Side): Observation[] {
  return [...(side === "platform" ? world.platform : world.intacct).values()];
}

/** Builds an observation. */
export function obs(side: Side, key: string, record: CanonicalRecord, extra: { naturalId?: string; entityId?: string; facts?: RecordFacts; modified?: string } = {}): Observation {
  const naturalId = extra.naturalId ?? ("code" in record && typeof record.code === "string" ? record.code : undefined);
  return {
    side, object: record.object, key, modified: extra.modified ?? (side === "intacct" ? "03/01/2026 10:00:00" : "2026-03-01T10:00:00.000Z"),
    entityId: extra.entityId ?? "", deleted: false, record, facts: extra.facts ?? {}, ...(naturalId === undefined ? {} : { naturalId }),
  };
}

function translateRef(ref: Ref, to: Side, links: LinkIndex): Ref {
  if (ref.side === to) return ref;
  if (to === "intacct") {
    const link = links.byPlatform(ref.object, ref.id);
    if (link === undefined) throw new Error(`simulated apply: ${ref.object} ${ref.id} not linked`);
    const transaction = OBJECT_SPECS[ref.object].kind === "transaction";
    return { object: ref.object, side: "intacct", id: transaction ? link.intacctKey : (link.intacctId ?? link.intacctKey) };
  }
  const link = links.byIntacctRef(ref.object, ref.id);
  if (link === undefined) throw new Error(`simulated apply: ${ref.object} ${ref.id} not linked`);
  return { object: ref.object, side: "platform", id: link.platformId };
}

/** A record with every reference translated into `to`'s id space (what reading it back from that side gives). */
export function translate(record: CanonicalRecord, to: Side, links: LinkIndex): CanonicalRecord {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o["object"] === "string" && (o["side"] === "platform" || o["side"] === "intacct") && typeof o["id"] === "string" && Object.keys(o).length === 3) {
        return translateRef(o as unknown as Ref, to, links);
      }
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(o)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return walk(record) as CanonicalRecord;
}

/**
 * Performs `operations` on the world the way `apply` will: each write lands on its target side
 * (references translated), then the link from `linkAfter` is stored. Returns the number of writes.
 */
export function simulateApply(world: World, operations: readonly Operation[]): number {
  let writes = 0;
  for (const op of operations) {
    if (op.target === "none") {
      const next = linkAfter(op, {}, world.links);
      if (next !== undefined && next !== "remove") world.links.add(next);
      continue;
    }
    writes++;
    const target = op.target;
    const store = target === "platform" ? world.platform : world.intacct;
    if (op.kind === "delete") {
      const key = target === "platform" ? op.platformId : op.intacctKey;
      if (key !== undefined) store.delete(storeKey(op.object, key));
      const all = world.links.all().filter((l) => !(l.object === op.object && l.platformId === op.platformId));
      world.links = new LinkIndex(all);
      continue;
    }
    const record = target === "platform" ? op.platformRecord : op.intacctRecord;
    if (record === undefined) throw new Error(`simulated apply: ${op.kind} without a record`);
    const written = translate(record, target, world.links);
    let key = target === "platform" ? op.platformId : op.intacctKey;
    if (key === undefined) key = `${target === "platform" ? "P" : "I"}${world.next++}`;
    const codeOf = "code" in written && typeof written.code === "string" ? written.code : undefined;
    const naturalId = target === "intacct" ? (op.intacctId ?? codeOf ?? (OBJECT_SPECS[op.object].intacctIdField === undefined ? undefined : `AUTO-${key}`)) : codeOf;
    const stored: CanonicalRecord = target === "intacct" && naturalId !== undefined && "code" in written === false && OBJECT_SPECS[op.object].kind === "list" ? ({ ...written, code: naturalId } as CanonicalRecord) : written;
    store.set(storeKey(op.object, key), obs(target, key, stored, { entityId: target === "intacct" ? op.entityId : "", ...(naturalId === undefined ? {} : { naturalId }) }));
    const outcome = target === "platform" ? { platformId: key } : { intacctKey: key, ...(naturalId === undefined ? {} : { intacctId: naturalId }) };
    const next = linkAfter(op, outcome, world.links);
    if (next !== undefined && next !== "remove") world.links.add(next);
  }
  return writes;
}
