/**
 * What a run remembers about Intacct between runs so a run with no changes reads each object once
 * (issue 6 "Must show": at most one query per object type on each side):
 *
 * - **Stamps.** For documents with lines (bills, credits, payments, invoices), the WHENMODIFIED of
 *   each row the last run processed. The incremental query re-reads a two-hour overlap window
 *   (eventual consistency, B0); rows in it whose WHENMODIFIED is unchanged were planned already, so
 *   their lines are not read again and they are not planned again (the cursor still moves over
 *   them). Records this run wrote in Intacct are stamped by one `query` of RECORDNO/WHENMODIFIED per
 *   object at the end of the run, so the next run does not read back its own writes either.
 *   Stamps are kept per account with the preferences and scope they were planned under; a change of
 *   either forgets them (a skipped decision may depend on them). Known gap: an edit made in Intacct
 *   to a record between this run's write and its stamp query is taken for the run's own write and
 *   is picked up only with the record's next change.
 * - **Company facts.** Location → entity and closed-through dates, cached and updated from the
 *   incremental pulls of `location` and `booksClosed` instead of a second full read of LOCATION and
 *   LOCATIONENTITY on every run.
 */
import { type IntacctClient, query, type QueryFilter } from "../../intacct/index.js";
import type { IntacctRecord } from "../../intacct/xml/types.js";
import type { JsonObject, JsonValue, Store } from "../../store/port.js";
import type { SideCounters } from "../adapters/intacct-side.js";
import { nextCursor } from "../cursor.js";
import { field } from "../model/intacct-mapper.js";
import { OBJECT_SPECS, type SyncObject } from "../model/objects.js";
import { intacctDateToIso } from "../model/values.js";
import type { Operation } from "../operation.js";
import type { CursorState } from "../plan.js";
import type { OperationStatus } from "../ports.js";
import type { CompanyFacts } from "../rules.js";

const STAMPS_NS = "sync-intacct-stamps";
const CONTEXT_KEY = "#context";
const FACTS_NS = "sync-company-facts";
const FACTS_KEY = "current";
/** Documents whose rows need a line read (as the Intacct side's `WITH_LINES`). */
const STAMPED: ReadonlySet<SyncObject> = new Set(["bill", "vendorCredit", "billPayment", "invoice", "receivedPayment"]);
/** Keys per RECORDNO `in` filter of the stamp query. */
const KEYS_PER_QUERY = 1000;

/** What a run remembers (see the module comment). */
export interface PullMemory {
  /** The `unchanged` predicate of `IntacctSidePort.readChanges` for an object (undefined: read every row). */
  unchanged(object: SyncObject): ((row: IntacctRecord) => boolean) | undefined;
  /** Notes a row a pull read but does not plan (an APBILL of the other kind): the cursor still moves over it. */
  passedOver(object: SyncObject, row: IntacctRecord): void;
  /** Notes a row that was read in full and observed (its stamp is saved with the run). */
  seen(object: SyncObject, row: IntacctRecord): void;
  /** The planned cursors, moved over rows skipped as unchanged. */
  cursors(planned: readonly CursorState[], previous: readonly CursorState[]): CursorState[];
  /** Company facts: the cache updated by this run's pulls when both were pulled incrementally, else `load()`. */
  companyFacts(objects: readonly SyncObject[], incremental: (object: SyncObject) => boolean, load: () => Promise<CompanyFacts>): Promise<CompanyFacts>;
  /** After an applied run: saves the stamps (seen rows, then this run's Intacct writes) and the facts. */
  save(input: { readonly client: IntacctClient; readonly showPrivate: boolean; readonly operations: readonly Operation[]; readonly status: Readonly<Record<string, OperationStatus>>; readonly counters: SideCounters }): Promise<void>;
}

function stampKeyOf(object: SyncObject, recordNo: string): string {
  return `${OBJECT_SPECS[object].intacctObject}|${recordNo}`;
}

function factsOf(value: JsonValue | undefined): CompanyFacts | undefined {
  if (value === undefined || value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const v = value as JsonObject;
  const rec = (x: JsonValue | undefined): Record<string, string> | undefined => {
    if (x === undefined || x === null || typeof x !== "object" || Array.isArray(x)) return undefined;
    const out: Record<string, string> = {};
    for (const [k, s] of Object.entries(x)) if (typeof s === "string") out[k] = s;
    return out;
  };
  const locationEntities = rec(v["locationEntities"]);
  const booksClosed = rec(v["booksClosed"]);
  return locationEntities === undefined || booksClosed === undefined ? undefined : { locationEntities, booksClosed };
}

/**
 * Loads the memory of an account. `context` identifies what decisions were planned under
 * (preferences and scope); stamps saved under another context are ignored.
 *
 * @example
 * const memory = await loadPullMemory(store, account.id, JSON.stringify({ preferences, entityId }));
 */
export async function loadPullMemory(store: Store, accountId: string, context: string): Promise<PullMemory> {
  const stamps = new Map<string, string>();
  const entries = await store.state.list(accountId, STAMPS_NS);
  const storedContext = entries.find((e) => e.key === CONTEXT_KEY)?.value;
  if (storedContext === context) for (const e of entries) if (e.key !== CONTEXT_KEY && typeof e.value === "string") stamps.set(e.key, e.value);
  const cachedFacts = factsOf(await store.state.get(accountId, FACTS_NS, FACTS_KEY));
  const seen = new Map<string, string>();
  const skipped = new Map<SyncObject, string[]>();
  const pulledLocations: IntacctRecord[] = [];
  const pulledEntities: IntacctRecord[] = [];
  let facts: CompanyFacts | undefined;

  return {
    unchanged(object) {
      if (!STAMPED.has(object) || stamps.size === 0) return undefined;
      return (row) => {
        const key = field(row, "RECORDNO");
        const modified = field(row, "WHENMODIFIED");
        if (key === undefined || modified === undefined || modified === "" || stamps.get(stampKeyOf(object, key)) !== modified) return false;
        const list = skipped.get(object) ?? [];
        list.push(modified);
        skipped.set(object, list);
        return true;
      };
    },

    passedOver(object, row) {
      const modified = field(row, "WHENMODIFIED");
      if (modified === undefined || modified === "") return;
      const list = skipped.get(object) ?? [];
      list.push(modified);
      skipped.set(object, list);
    },

    seen(object, row) {
      if (object === "location") pulledLocations.push(row);
      if (object === "booksClosed") pulledEntities.push(row);
      if (!STAMPED.has(object)) return;
      const key = field(row, "RECORDNO");
      const modified = field(row, "WHENMODIFIED");
      if (key !== undefined && modified !== undefined && modified !== "") seen.set(stampKeyOf(object, key), modified);
    },

    cursors(planned, previous) {
      const out = [...planned];
      for (const [object, stampsOfSkipped] of skipped) {
        const i = out.findIndex((c) => c.object === object && c.side === "intacct" && c.stream === "changes");
        const base = i >= 0 ? out[i]?.cursor : previous.find((c) => c.object === object && c.side === "intacct" && c.stream === "changes")?.cursor;
        const next = nextCursor(base, "intacct", stampsOfSkipped);
        if (next === undefined || next.watermark === base?.watermark) continue;
        const state: CursorState = { object, side: "intacct", stream: "changes", cursor: next };
        if (i >= 0) out[i] = state;
        else out.push(state);
      }
      return out;
    },

    async companyFacts(objects, incremental, load) {
      if (cachedFacts !== undefined && objects.includes("location") && objects.includes("booksClosed") && incremental("location") && incremental("booksClosed")) {
        const locationEntities = { ...cachedFacts.locationEntities };
        const booksClosed = { ...cachedFacts.booksClosed };
        for (const r of pulledLocations) {
          const id = field(r, "LOCATIONID");
          const entity = field(r, "ENTITY");
          if (id === undefined) continue;
          if (entity === undefined || entity === "") delete locationEntities[id];
          else locationEntities[id] = entity.split("--")[0] ?? entity;
        }
        for (const r of pulledEntities) {
          const id = field(r, "LOCATIONID");
          if (id === undefined) continue;
          const closed = intacctDateToIso(field(r, "CLOSEDTHROUGH"));
          if (closed === undefined) delete booksClosed[id];
          else booksClosed[id] = closed;
        }
        facts = { locationEntities, booksClosed };
        return facts;
      }
      facts = await load();
      return facts;
    },

    async save({ client, showPrivate, operations, status, counters }) {
      const written = new Map<SyncObject, Set<string>>();
      for (const op of operations) {
        if (!STAMPED.has(op.object) || op.target !== "intacct" || (op.kind !== "create" && op.kind !== "update") || status[op.id] !== "done") continue;
        const key = op.intacctKey ?? (op.platformId === undefined ? undefined : (await store.links.get(accountId, op.object, op.platformId))?.intacctKey);
        if (key === undefined) continue;
        const set = written.get(op.object) ?? new Set<string>();
        set.add(key);
        written.set(op.object, set);
      }
      const fresh = new Map(seen);
      for (const [object, keys] of written) {
        const all = [...keys];
        for (let i = 0; i < all.length; i += KEYS_PER_QUERY) {
          const chunk = all.slice(i, i + KEYS_PER_QUERY);
          const filter: QueryFilter = chunk.length === 1 ? { op: "equalto", field: "RECORDNO", value: chunk[0] ?? "" } : { op: "in", field: "RECORDNO", values: chunk };
          const t0 = performance.now();
          const result = await client.execute(query({ object: OBJECT_SPECS[object].intacctObject, select: ["RECORDNO", "WHENMODIFIED"], filter, pageSize: 2000, showPrivate }));
          counters.calls++;
          counters.ms += performance.now() - t0;
          for (const r of result.records) {
            const key = field(r, "RECORDNO");
            const modified = field(r, "WHENMODIFIED");
            if (key !== undefined && modified !== undefined && modified !== "") fresh.set(stampKeyOf(object, key), modified);
          }
        }
      }
      const changed = [...fresh].filter(([k, v]) => stamps.get(k) !== v);
      const factsChanged = facts !== undefined && JSON.stringify(facts) !== JSON.stringify(cachedFacts);
      const contextChanged = storedContext !== context && (storedContext !== undefined || fresh.size > 0);
      if (changed.length === 0 && !factsChanged && !contextChanged) return;
      await store.withTransaction(async (tx) => {
        if (contextChanged) {
          for (const e of entries) await tx.state.delete(accountId, STAMPS_NS, e.key);
          await tx.state.put(accountId, STAMPS_NS, CONTEXT_KEY, context);
        }
        for (const [k, v] of changed) await tx.state.put(accountId, STAMPS_NS, k, v);
        if (factsChanged && facts !== undefined) await tx.state.put(accountId, FACTS_NS, FACTS_KEY, { locationEntities: facts.locationEntities, booksClosed: facts.booksClosed });
      });
    },
  };
}
