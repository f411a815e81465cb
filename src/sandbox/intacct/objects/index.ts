/**
 * The objects half of the Intacct sandbox (see `../contracts.ts`): records of every object the
 * sync touches, validation with Intacct's error texts, queries and paging, bill state, closed
 * periods, multi-entity visibility and the audit history, on the gateway's better-sqlite3
 * connection.
 *
 * @example
 * const objects = createObjectsModule(new Database(":memory:"));
 * objects.seedRecords("ACME", demoRecords({}).records, { entityIds: ["E100", "E200"], now: Date.now() });
 * const outcome = objects.execute(ctx, parseXml("<readByQuery><object>VENDOR</object><query/></readByQuery>"));
 */
import type Database from "better-sqlite3";

import type { IntacctRecord, XmlElement } from "../../../intacct/xml/index.js";
import { childText, recordToElement } from "../../../intacct/xml/index.js";
import type { CallContext, FunctionOutcome, ObjectsModule, SeedRecordOptions } from "../contracts.js";
import { QueryLimits } from "../query/limits.js";
import type { Catalog } from "./catalog.js";
import { createCatalog } from "./catalog.js";
import { createDocument, deleteDocument, findDocument, updateDocument } from "./documents.js";
import type { ClosedPeriodDate, Env, ResolvedObjectsOptions } from "./environment.js";
import { str } from "./environment.js";
import type { ClosedPeriodErrorText } from "./error-texts.js";
import { DEFAULT_CLOSED_PERIOD_ERROR, ErrorTexts, fail, failure, ObjectFunctionError } from "./error-texts.js";
import { LEGACY_DOCUMENT_FUNCTIONS, LEGACY_LIST_DELETES, LEGACY_SUPDOC_FUNCTIONS, runClosedBooksDate, runLegacyDocument, runLegacyGet, runLegacyListDelete, runLegacySupdoc } from "./legacy.js";
import { createListRecord, deleteListRecord, findForDelete, updateListRecord } from "./list-objects.js";
import { runInspect, runLookup } from "./metadata.js";
import type { ObjectDef } from "./object-definition.js";
import { createPayment, deletePayment, findPaymentForDelete, updatePayment } from "./payments.js";
import type { LastResultIndex } from "./reads.js";
import { readByKeys, readByQuery, readMore, runQuery } from "./reads.js";
import { parseFields } from "./record-input.js";
import { orderFields } from "./record-writer.js";
import type { RecordStore, StoredRecord } from "./record-store.js";
import { createRecordStore } from "./record-store.js";
import { requirementOf } from "./requirements.js";
import { formatTimestamp, fromIsoDate } from "./value-format.js";

export { APPLICATION, SANDBOX_APPLICATIONS } from "./applications.js";
export type { ApplicationName } from "./applications.js";
export { DEFAULT_CLOSED_PERIOD_ERROR } from "./error-texts.js";
export type { ClosedPeriodErrorText } from "./error-texts.js";
export type { ClosedPeriodDate } from "./environment.js";
export { OBJECT_FUNCTIONS } from "./requirements.js";

/** Options of {@link createObjectsModule}. */
export interface ObjectsModuleOptions {
  /** Lifetime of a readByQuery result set for readMore, ms of the sandbox clock. @default 1_800_000 (30 min; UNCONFIRMED) */
  readonly resultTtlMs?: number;
  /** Offset of the API user's time zone from UTC for TIMESTAMP fields, minutes. @default 0 */
  readonly timezoneOffsetMinutes?: number;
  /** The closed-period error text (UNCONFIRMED split, A8). @default DEFAULT_CLOSED_PERIOD_ERROR */
  readonly closedPeriodError?: ClosedPeriodErrorText;
  /**
   * Which date the closed-period check reads (UNCONFIRMED, B17/A8): the GL posting date
   * (`WHENPOSTED`, else `WHENCREATED`), or both dates. @default "posting"
   */
  readonly closedPeriodDate?: ClosedPeriodDate;
  /** Let an entity session change top-level (shared) records. @default false */
  readonly entityMayChangeShared?: boolean;
  /**
   * Tag of line items inside a `read` of a document: `<APBILLITEMS><apbillitem>` (lower, as a
   * public Go client's response struct expects; UNCONFIRMED) or `<APBILLITEM>` (upper). @default "lower"
   */
  readonly lineItemTagCase?: "lower" | "upper";
}

/** The objects module plus sandbox-only controls (closed periods for the admin API and tests). */
export interface SandboxObjectsModule extends ObjectsModule {
  /**
   * Sets (or with null clears) the books-closed-through date (`YYYY-MM-DD`) of an entity (`""` =
   * top level). With `now` (sandbox clock, ms) the entity row's WHENMODIFIED moves, so an
   * incremental pull of LOCATIONENTITY sees the new CLOSEDTHROUGH.
   */
  setClosedThrough(companyId: string, entityId: string, through: string | null, now?: number): void;
  /** Books-closed-through dates by entity (`""` = top level). */
  closedThrough(companyId: string): Record<string, string>;
}

/** Seed order: references before the records that use them. */
const SEED_ORDER = ["LOCATIONENTITY", "TRXCURRENCIES", "GLACCOUNT", "DEPARTMENT", "LOCATION", "CLASS", "EMPLOYEE", "CUSTOMER", "PROJECT", "ITEM", "APTERM", "VENDOR", "CHECKINGACCOUNT", "SUPDOCFOLDER", "SUPDOC", "APBILL", "APADJUSTMENT", "ARINVOICE", "APPYMT", "ARPYMT"];

/** Creates the objects half on `db` (tables are created if missing). */
export function createObjectsModule(db: Database.Database, options: ObjectsModuleOptions = {}): SandboxObjectsModule {
  const store: RecordStore = createRecordStore(db);
  const catalog: Catalog = createCatalog();
  const resolved: ResolvedObjectsOptions = {
    resultTtlMs: options.resultTtlMs ?? QueryLimits.defaultResultTtlMs,
    timezoneOffsetMinutes: options.timezoneOffsetMinutes ?? 0,
    closedPeriodError: options.closedPeriodError ?? DEFAULT_CLOSED_PERIOD_ERROR,
    closedPeriodDate: options.closedPeriodDate ?? "posting",
    entityMayChangeShared: options.entityMayChangeShared ?? false,
    lineItemTagCase: options.lineItemTagCase ?? "lower",
  };
  const last: LastResultIndex = new Map();
  const envOf = (ctx: CallContext): Env => ({ store, catalog, options: resolved, ctx });

  const inSavepoint = <T>(work: () => T): T => db.transaction(work)();

  function execute(ctx: CallContext, fn: XmlElement): FunctionOutcome {
    const req = requirementOf(catalog, fn, (id) => store.getResult(id)?.object);
    if (req && "status" in req) return req;
    const env = envOf(ctx);
    try {
      return inSavepoint(() => dispatch(env, fn));
    } catch (e) {
      if (e instanceof ObjectFunctionError) {
        const writes = fn.name === "create" || fn.name === "update";
        return failure(e.errors, writes ? { attrs: { listtype: "objects", count: "0" }, records: [] } : undefined);
      }
      throw e;
    }
  }

  function dispatch(env: Env, fn: XmlElement): FunctionOutcome {
    const objectDef = (name: string): ObjectDef => catalog.object(name) ?? fail(ErrorTexts.unknownObject(name));
    const objectOf = (): ObjectDef => objectDef(childText(fn, "object")?.trim() ?? "");
    switch (fn.name) {
      case "create":
      case "update":
        return write(env, fn);
      case "delete":
        return remove(env, objectOf(), childText(fn, "keys") ?? "");
      case "read":
        return readByKeys(env, objectOf(), fn, false);
      case "readByName":
        return readByKeys(env, objectOf(), fn, true);
      case "readByQuery":
        return readByQuery(env, objectOf(), fn, last);
      case "readMore":
        return readMore(env, fn, last);
      case "query":
        return runQuery(env, objectOf(), fn);
      case "lookup":
        return runLookup(catalog, fn);
      case "inspect":
        return runInspect(catalog, fn);
      case "get_list":
      case "get":
        return runLegacyGet(env, objectDef(fn.attrs["object"] ?? ""), fn);
      case "get_closedbooksdate":
        return runClosedBooksDate(env);
      default:
        break;
    }
    const doc = LEGACY_DOCUMENT_FUNCTIONS[fn.name];
    if (doc) return runLegacyDocument(env, objectDef(doc.object), fn, doc.op);
    const listDelete = LEGACY_LIST_DELETES[fn.name];
    if (listDelete) return runLegacyListDelete(env, objectDef(listDelete.object), fn, listDelete.attr);
    const supdoc = LEGACY_SUPDOC_FUNCTIONS[fn.name];
    if (supdoc) return runLegacySupdoc(env, objectDef(supdoc === "create_folder" ? "SUPDOCFOLDER" : "SUPDOC"), fn, supdoc);
    return fail(ErrorTexts.notImplemented(fn.name));
  }

  function createOne(env: Env, def: ObjectDef, element: XmlElement): StoredRecord {
    const input = parseFields(env, def, element);
    if (def.name === "APPYMT" || def.name === "ARPYMT") return createPayment(env, def, input);
    if (def.lines) return createDocument(env, def, input);
    return createListRecord(env, def, input);
  }

  function write(env: Env, fn: XmlElement): FunctionOutcome {
    if (fn.children.length > QueryLimits.maxRecordsPerWrite) fail(ErrorTexts.tooMany("records", QueryLimits.maxRecordsPerWrite));
    const records: Array<{ tag: string; record: IntacctRecord }> = [];
    for (const element of fn.children) {
      const def = catalog.object(element.name) ?? fail(ErrorTexts.unknownObject(element.name));
      const op = fn.name === "create" ? "create" : "update";
      if (!def.ops.includes(op)) fail(ErrorTexts.operationNotAllowed(op.toUpperCase(), def.name));
      let rec: StoredRecord;
      if (op === "create") rec = createOne(env, def, element);
      else {
        const input = parseFields(env, def, element, ["RECORDNO"]);
        if (def.name === "APPYMT" || def.name === "ARPYMT") rec = updatePayment(env, def, input);
        else if (def.lines) rec = updateDocument(env, def, input, true);
        else rec = updateListRecord(env, def, input);
      }
      const out: IntacctRecord = { RECORDNO: String(rec.recordNo) };
      if (def.idField) out[def.idField] = str(rec.fields[def.idField]);
      records.push({ tag: def.name.toLowerCase(), record: out });
    }
    return { status: "success", data: { attrs: { listtype: "objects", count: String(records.length) }, records } };
  }

  function remove(env: Env, def: ObjectDef, keys: string): FunctionOutcome {
    if (!def.ops.includes("delete")) fail(ErrorTexts.operationNotAllowed("DELETE", def.name));
    const list = keys.split(",").map((k) => k.trim()).filter((k) => k !== "");
    if (list.length > QueryLimits.maxKeys) fail(ErrorTexts.tooMany("keys", QueryLimits.maxKeys));
    if (list.length === 0) fail(ErrorTexts.required("Keys"));
    for (const key of list) {
      if (def.name === "APPYMT" || def.name === "ARPYMT") deletePayment(env, def, findPaymentForDelete(env, def, key));
      else if (def.lines) deleteDocument(env, def, findDocument(env, def, key, "delete"));
      else deleteListRecord(env, def, findForDelete(env, def, key));
    }
    return { status: "success" };
  }

  function seedEntity(env: Env, record: IntacctRecord): void {
    const id = str(record["LOCATIONID"]);
    if (id === "" || store.byId(env.ctx.companyId, "LOCATION", id)) return;
    const def = objectDef("LOCATION");
    const recordNo = store.nextRecordNo(env.ctx.companyId, "LOCATION");
    const fields: IntacctRecord = { RECORDNO: String(recordNo), LOCATIONID: id, NAME: str(record["NAME"]) || id, LOCATIONTYPE: "E", ENTITY: id, ENTITYNAME: str(record["NAME"]) || id, CURRENCY: str(record["CURRENCY"]) || "USD", STATUS: "active" };
    const stamp = formatTimestamp(env.ctx.now, resolved.timezoneOffsetMinutes);
    fields["WHENCREATED"] = stamp;
    fields["WHENMODIFIED"] = stamp;
    store.insert(env.ctx.companyId, def.name, { recordNo, id, parent: null, entity: "", fields: orderFields(def, fields) });
  }

  function objectDef(name: string): ObjectDef {
    const def = catalog.object(name);
    if (!def) throw new Error(`unknown object ${name}`);
    return def;
  }

  function seedRecords(companyId: string, records: Readonly<Record<string, readonly IntacctRecord[]>>, seed: SeedRecordOptions): void {
    const base: CallContext = { companyId, entityId: "", userId: "seed", now: seed.now, sessionKey: "seed" };
    const unknown = Object.keys(records).filter((k) => !SEED_ORDER.includes(k.toUpperCase()));
    if (unknown.length > 0) throw new Error(`Seed records name unknown objects: ${unknown.join(", ")}`);
    inSavepoint(() => {
      const byObject = new Map(Object.entries(records).map(([k, v]) => [k.toUpperCase(), v]));
      const entities = byObject.get("LOCATIONENTITY") ?? [];
      for (const e of entities) seedEntity(envOf(base), e);
      for (const id of seed.entityIds) seedEntity(envOf(base), { LOCATIONID: id });
      for (const object of SEED_ORDER.slice(1)) {
        const def = objectDef(object);
        (byObject.get(object) ?? []).forEach((record, i) => {
          const entityId = str(record["MEGAENTITYID"]);
          const clean: IntacctRecord = { ...record };
          for (const k of ["MEGAENTITYID", "MEGAENTITYKEY", "MEGAENTITYNAME", "RECORDNO"]) delete clean[k];
          const env = envOf({ ...base, entityId });
          try {
            createOne(env, def, recordToElement(def.name, clean));
          } catch (e) {
            if (e instanceof ObjectFunctionError) throw new Error(`Seed ${object} #${i + 1} is invalid: ${e.message}`, { cause: e });
            throw e;
          }
        });
      }
      for (const [entity, through] of Object.entries(seed.closedThrough ?? {})) store.setClosedThrough(companyId, entity, through);
    });
  }

  return {
    requirement: (fn) => requirementOf(catalog, fn, (id) => store.getResult(id)?.object),
    execute,
    seedRecords,
    listRecords(companyId, object) {
      const def = catalog.object(object);
      if (!def) return [];
      if (def.name === "LOCATIONENTITY") return store.list(companyId, "LOCATION").filter((r) => r.fields["LOCATIONTYPE"] === "E").map((r) => r.fields);
      return store.list(companyId, def.name).map((r) => r.fields);
    },
    reset: () => {
      store.reset();
      last.clear();
    },
    setClosedThrough(companyId, entityId, through, now) {
      inSavepoint(() => {
        store.setClosedThrough(companyId, entityId, through);
        const row = entityId === "" ? undefined : store.byId(companyId, "LOCATION", entityId);
        if (row && now !== undefined) store.update(companyId, "LOCATION", { ...row, fields: { ...row.fields, WHENMODIFIED: formatTimestamp(now, resolved.timezoneOffsetMinutes) } });
      });
    },
    closedThrough: (companyId) => Object.fromEntries(store.closedThrough(companyId)),
  };
}

/** Renders a closed-through ISO date the way responses show dates (`mm/dd/yyyy`). */
export function closedThroughDisplay(iso: string): string {
  return fromIsoDate(iso);
}
