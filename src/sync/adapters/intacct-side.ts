/**
 * The engine's Intacct port (`IntacctSidePort`) over the Intacct client (`src/intacct`), bound to
 * one account's entity session: incremental `query` pages of 2,000 rows with only the mapped
 * fields, `read` by RECORDNO for document lines, lookups to settle uncertain writes, and writes
 * batched up to 100 functions a request with the plan's deterministic control ids (the client
 * sends `uniqueid=true` on writes, so a repeated control id is refused, never applied twice).
 */
import { deleteRecords, IntacctError, IntacctLimits, query, read, type QueryFilter } from "../../intacct/index.js";
import type { IntacctClient, IntacctFunction } from "../../intacct/index.js";
import { create, update } from "../../intacct/functions/generic.js";
import { createInvoice } from "../../intacct/functions/legacy.js";
import type { IntacctRecord } from "../../intacct/xml/types.js";
import { intacctDateToIso } from "../model/values.js";
import { OBJECT_SPECS, type SyncObject } from "../model/objects.js";
import { field } from "../model/intacct-mapper.js";
import type { IntacctDeletion, IntacctPullSpec, IntacctSidePort, IntacctWriteResult } from "../ports.js";
import { intacctQuery } from "../pull.js";
import type { CompanyFacts } from "../rules.js";
import { type AttachmentSource, createSupdocWriter, type SupdocWriterOptions } from "./attachment-writer.js";

/** API call counters of one side (for the run's stats). */
export interface SideCounters {
  calls: number;
  writes: number;
  ms: number;
}

/** Options of {@link createIntacctSide}. */
export interface IntacctSideOptions {
  /** A client whose session is at the account's entity (`client.forEntity(entityId)`) or top level. */
  readonly client: IntacctClient;
  /** The account's entity; `""` = top level. */
  readonly entityId: string;
  /** Counters to add calls to. @default new counters */
  readonly counters?: SideCounters;
  /** The platform's documents, for attachment writes. @default none (attachment writes fail with a per-record error) */
  readonly documents?: AttachmentSource;
  /** Attachment limit overrides (tests). @default AttachmentLimits */
  readonly attachmentLimits?: SupdocWriterOptions["limits"];
}

/** The Intacct side plus a one-query deletion read for several objects. */
export interface IntacctSide extends IntacctSidePort {
  readonly counters: SideCounters;
  /** Deletions of several objects since `from` in one AUDITHISTORY query (objects sharing an Intacct object, like bills and credits, each get every row). */
  readDeletionsOf(objects: readonly SyncObject[], from: string | undefined): Promise<Array<{ readonly object: SyncObject; readonly deletion: IntacctDeletion }>>;
}

/** Objects whose Intacct records carry lines that `query` does not return (read them by RECORDNO). */
const WITH_LINES: ReadonlySet<SyncObject> = new Set(["bill", "vendorCredit", "billPayment", "invoice", "receivedPayment"]);

/** The field a transaction is looked up by (its document number). */
function lookupField(object: SyncObject): string | undefined {
  const spec = OBJECT_SPECS[object];
  if (spec.kind !== "transaction") return spec.intacctIdField;
  return object === "billPayment" || object === "receivedPayment" ? "DOCNUMBER" : "RECORDID";
}

/**
 * The Intacct side of one account.
 *
 * @example
 * const side = createIntacctSide({ client: client.forEntity("EAST"), entityId: "EAST" });
 * for await (const page of side.readChanges({ object: "vendor", spec })) console.log(page.length);
 */
export function createIntacctSide(options: IntacctSideOptions): IntacctSide {
  const client = options.client;
  const counters = options.counters ?? { calls: 0, writes: 0, ms: 0 };
  const timed = async <T>(fn: () => Promise<T>, calls = 1): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      counters.calls += calls;
      counters.ms += performance.now() - t0;
    }
  };

  async function readByKeys(object: SyncObject, keys: readonly string[]): Promise<IntacctRecord[]> {
    const out: IntacctRecord[] = [];
    const fns: IntacctFunction[] = [];
    for (let i = 0; i < keys.length; i += IntacctLimits.MAX_KEYS) fns.push(read(OBJECT_SPECS[object].intacctObject, keys.slice(i, i + IntacctLimits.MAX_KEYS)));
    if (fns.length === 0) return out;
    const outcomes = await timed(() => client.executeBatch(fns), Math.ceil(fns.length / IntacctLimits.MAX_FUNCTIONS_PER_REQUEST));
    for (const o of outcomes) {
      if (!o.ok) throw o.error;
      out.push(...o.result.records.map(upperCaseLineItems));
    }
    return out;
  }

  /** AUDITHISTORY rows with ACCESSMODE `D` of some object types (OBJECTTYPE is lower case; OBJECTKEY `<RECORDNO>--REC`, Q10). */
  async function* readDeletionRows(types: readonly string[], from: string | undefined, lower = false): AsyncGenerator<Array<IntacctDeletion & { readonly objectType: string }>> {
    const objectTypes = lower ? types : types.map((t) => t.toLowerCase());
    const filters: QueryFilter[] = [{ op: "equalto", field: "ACCESSMODE", value: "D" }, objectTypes.length === 1 ? { op: "equalto", field: "OBJECTTYPE", value: objectTypes[0] ?? "" } : { op: "in", field: "OBJECTTYPE", values: objectTypes }];
    if (from !== undefined) filters.push({ op: "greaterthanorequalto", field: "ACCESSTIME", value: from });
    for await (const page of client.queryPages({ object: "AUDITHISTORY", select: ["ID", "OBJECTTYPE", "OBJECTKEY", "ACCESSTIME"], filter: { op: "and", filters }, orderBy: [{ field: "ACCESSTIME" }, { field: "ID" }], pageSize: 2000, showPrivate: options.entityId === "" })) {
      counters.calls++;
      yield page.records.flatMap((r) => {
        const objectKey = field(r, "OBJECTKEY");
        const accessTime = field(r, "ACCESSTIME");
        return objectKey === undefined || accessTime === undefined ? [] : [{ objectKey, accessTime, objectType: (field(r, "OBJECTTYPE") ?? "").toLowerCase() }];
      });
    }
  }

  const writeSupdoc = createSupdocWriter({
    client, sessionEntityId: options.entityId, count: (calls, writes, ms) => {
      counters.calls += calls;
      counters.writes += writes;
      counters.ms += ms;
    },
    ...(options.documents === undefined ? {} : { source: options.documents }),
    ...(options.attachmentLimits === undefined ? {} : { limits: options.attachmentLimits }),
  });

  return {
    counters,
    async companyFacts(): Promise<CompanyFacts> {
      const locationEntities: Record<string, string> = {};
      const booksClosed: Record<string, string> = {};
      // Entities (LOCATIONENTITY) carry the closed-through date per entity (B17, UNCONFIRMED: the
      // sandbox exposes it as CLOSEDTHROUGH). Locations roll up to their ENTITY.
      try {
        for await (const page of client.queryPages({ object: "LOCATIONENTITY", select: ["RECORDNO", "LOCATIONID", "CLOSEDTHROUGH"], pageSize: 2000 })) {
          counters.calls++;
          for (const r of page.records) {
            const id = field(r, "LOCATIONID");
            const closed = intacctDateToIso(field(r, "CLOSEDTHROUGH"));
            if (id !== undefined && closed !== undefined) booksClosed[id] = closed;
          }
        }
        for await (const page of client.queryPages({ object: "LOCATION", select: ["RECORDNO", "LOCATIONID", "ENTITY"], pageSize: 2000, showPrivate: options.entityId === "" })) {
          counters.calls++;
          for (const r of page.records) {
            const id = field(r, "LOCATIONID");
            const entity = field(r, "ENTITY");
            if (id !== undefined && entity !== undefined && entity !== "") locationEntities[id] = entity.split("--")[0] ?? entity;
          }
        }
      } catch (e) {
        // A single-entity company has no LOCATIONENTITY: no routing, one books-closed date.
        if (!(e instanceof IntacctError) || (e.category !== "configuration" && e.category !== "not_found")) throw e;
      }
      return { locationEntities, booksClosed };
    },

    async *readChanges({ object, spec, unchanged }: { readonly object: SyncObject; readonly spec: IntacctPullSpec; readonly unchanged?: (row: IntacctRecord) => boolean }): AsyncIterable<readonly IntacctRecord[]> {
      // Attachments flow out only (PRODUCT.md): nothing to read; a SUPDOC is looked up by id when written.
      if (OBJECT_SPECS[object].inbound === "none") return;
      const t0 = performance.now();
      // The books-closed date is read from the entity row's CLOSEDTHROUGH (B17, UNCONFIRMED; ADR 0006 §1).
      const query = object === "booksClosed" ? { ...spec, fields: [...spec.fields, "CLOSEDTHROUGH"] } : spec;
      const pages = client.queryPages(intacctQuery(query, 0));
      for await (const page of pages) {
        counters.calls++;
        counters.ms += performance.now() - t0;
        if (!WITH_LINES.has(object) || page.records.length === 0) {
          yield page.records;
          continue;
        }
        // Rows the caller already processed at this WHENMODIFIED (the overlap window) need no line read.
        const changed = unchanged === undefined ? page.records : page.records.filter((r) => !unchanged(r));
        const keys = changed.map((r) => field(r, "RECORDNO")).filter((k): k is string => k !== undefined);
        yield keys.length === 0 ? [] : await readByKeys(object, keys);
      }
    },

    readDeletions({ object, from }) {
      return readDeletionRows([OBJECT_SPECS[object].intacctObject], from);
    },

    async readDeletionsOf(objects, from) {
      const byType = new Map<string, SyncObject[]>();
      for (const o of objects) {
        if (OBJECT_SPECS[o].inbound === "none") continue; // attachments: removals are not synced
        const type = OBJECT_SPECS[o].intacctObject.toLowerCase();
        byType.set(type, [...(byType.get(type) ?? []), o]);
      }
      const out: Array<{ object: SyncObject; deletion: IntacctDeletion }> = [];
      if (byType.size === 0) return out;
      for await (const page of readDeletionRows([...byType.keys()], from, true)) {
        for (const d of page) for (const o of byType.get(d.objectType) ?? []) out.push({ object: o, deletion: d });
      }
      return out;
    },

    readByKeys,

    async lookup(object, by): Promise<IntacctRecord[]> {
      const spec = OBJECT_SPECS[object];
      // An attachment is settled by its writer, which looks the SUPDOC up by id before sending
      // anything and adds only what is missing: "not found" makes apply re-send it safely.
      if (object === "attachment") return [];
      const filters: QueryFilter[] = [];
      const idField = lookupField(object);
      if (by.naturalId !== undefined && idField !== undefined) filters.push({ op: "equalto", field: idField, value: by.naturalId });
      else if (by.name !== undefined && spec.kind === "list") filters.push({ op: "equalto", field: object === "glAccount" || object === "department" ? "TITLE" : "NAME", value: by.name });
      if (filters.length === 0) return [];
      const [filter] = filters;
      const result = await timed(() => client.execute(query({ object: spec.intacctObject, select: ["RECORDNO", ...(idField === undefined ? [] : [idField])], ...(filter === undefined ? {} : { filter }), showPrivate: options.entityId === "", pageSize: 10 })));
      return [...result.records];
    },

    async write(items): Promise<IntacctWriteResult[]> {
      if (items.length === 0) return [];
      const fns: Array<IntacctFunction | undefined> = items.map(({ controlId, write }) => {
        switch (write.fn) {
          case "create": return create(write.object, write.record, { controlId });
          case "update": return update(write.object, write.record, { controlId });
          case "delete": return deleteRecords(write.object, [write.key], { controlId });
          case "create_invoice": return createInvoice(write.invoice, { controlId });
          case "supdoc": return undefined;
        }
      });
      const results: IntacctWriteResult[] = items.map(({ controlId, write }) => ({ status: "failed", controlId, code: "NOT_IMPLEMENTED", message: `${write.fn} is not implemented by the sync's Intacct writer yet`, errorClass: "unsupported", retryable: false }));
      // Attachments: several requests each (look-up, download, create or add, link), one record at a time.
      const supdocs = items.flatMap((it, i) => (it.write.fn === "supdoc" ? [{ i, item: { controlId: it.controlId, write: it.write, entityId: it.entityId } }] : []));
      for (const { i, item } of supdocs) results[i] = await writeSupdoc(item);
      const sendable = fns.flatMap((f, i) => (f === undefined ? [] : [{ f, i }]));
      if (sendable.length === 0) return results;
      const entityId = items[0]?.entityId ?? options.entityId;
      const outcomes = await timed(() => client.executeBatch(sendable.map((s) => s.f), entityId === options.entityId ? {} : { entityId }), Math.ceil(sendable.length / IntacctLimits.MAX_FUNCTIONS_PER_REQUEST));
      counters.writes += sendable.length;
      for (const [k, o] of outcomes.entries()) {
        const index = sendable[k]?.i ?? 0;
        const controlId = items[index]?.controlId ?? "";
        const write = items[index]?.write;
        if (o.ok) {
          const rec = o.result.records[0] ?? {};
          const recordNo = field(rec, "RECORDNO") ?? o.result.key;
          const idField = write !== undefined && write.fn !== "delete" && write.fn !== "create_invoice" && write.fn !== "supdoc" ? OBJECT_SPECS_BY_INTACCT.get(write.object) : undefined;
          const id = idField === undefined ? undefined : field(rec, idField);
          results[index] = { status: "ok", controlId, ...(recordNo === undefined ? {} : { recordNo }), ...(id === undefined ? {} : { id }) };
        } else if (o.error.category === "duplicate_control_id") {
          results[index] = { status: "already-done", controlId };
        } else if (o.error.category === "uncertain_outcome" || o.error.category === "transient" || o.error.category === "rate_limit") {
          results[index] = { status: "uncertain", controlId };
        } else {
          results[index] = { status: "failed", controlId, code: o.error.errorno ?? o.error.code, message: o.error.message, errorClass: o.error.category, retryable: o.error.retryable };
        }
      }
      return results;
    },
  };
}

/** Intacct object → its business ID field (the first engine object using it). */
const OBJECT_SPECS_BY_INTACCT: ReadonlyMap<string, string> = new Map(
  Object.values(OBJECT_SPECS).flatMap((s) => (s.intacctIdField === undefined || s.kind === "transaction" ? [] : [[s.intacctObject, s.intacctIdField] as const])),
);

/**
 * `read` returns document lines as `APBILLITEMS/apbillitem` (real Intacct answers the item
 * element in lower case; the sandbox mirrors it) while the mappers read `APBILLITEMS/APBILLITEM`:
 * item element names under a container are upper-cased here.
 */
export function upperCaseLineItems(record: IntacctRecord): IntacctRecord {
  let out: IntacctRecord | undefined;
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined || typeof value === "string" || Array.isArray(value) || !/(ITEMS|DETAILS)$/.test(key)) continue;
    const container: IntacctRecord = {};
    for (const [inner, v] of Object.entries(value)) if (v !== undefined) container[inner.toUpperCase()] = v;
    out ??= { ...record };
    out[key] = container;
  }
  return out ?? record;
}
