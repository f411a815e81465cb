/**
 * Generic record operations over an {@link ObjectSpec}: list, get, create, patch, put, archive,
 * restore. Used by the HTTP handlers, the seed loader and the admin API alike; every mutation
 * runs inside one SQLite transaction.
 */
import type { BillSandboxStore, Rec } from "./db.js";
import { BillErrors } from "./errors.js";
import type { BillSandboxLimits } from "./limits.js";
import { asBody, type Body, type ObjectContext, type ObjectSpec } from "./objects/common.js";
import { recomputeBill } from "./objects/payables.js";
import { encodePageToken, parseListQuery } from "./query.js";

/** Fields a client may never set; the sandbox computes or owns them. */
const SERVER_OWNED = ["id", "archived", "createdTime", "updatedTime", "approvalStatus"];

function clientBody(value: unknown): Body {
  const b = { ...asBody(value) };
  for (const k of SERVER_OWNED) delete b[k];
  return b;
}

/** One page of a list, in BILL's shape. */
export function listRecords(store: BillSandboxStore, orgId: string, spec: ObjectSpec, query: Readonly<Record<string, string | undefined>>, limits: BillSandboxLimits): { results: Rec[]; nextPage?: string } {
  const parsed = parseListQuery(query, spec.fields, spec.sortable, limits);
  // One extra row tells whether another page exists.
  const rows = store.queryPage(orgId, spec.name, parsed.where, parsed.keys, parsed.after, parsed.max + 1);
  const page = rows.slice(0, parsed.max);
  const last = page[page.length - 1];
  const results = page.map((r) => r.record);
  return rows.length > parsed.max && last !== undefined ? { results, nextPage: encodePageToken({ values: last.values, seq: last.seq }, parsed.signature) } : { results };
}

/** A record by id, or BDC_1205 404. */
export function getRecord(store: BillSandboxStore, orgId: string, spec: ObjectSpec, id: string): Rec {
  const r = store.get(orgId, spec.name, id);
  if (r === undefined) throw BillErrors.notFound(spec.label, id);
  return r;
}

/** Seed-only overrides of server-owned fields. */
export interface SeedOverrides {
  readonly id?: string;
  readonly archived?: boolean;
  readonly approvalStatus?: string;
  readonly createdTime?: string;
  readonly updatedTime?: string;
}

/** Creates a record (client body, or a seed body with overrides). */
export function createRecord(ctx: ObjectContext, spec: ObjectSpec, value: unknown, overrides?: SeedOverrides): Rec {
  const validate = spec.validate;
  if (validate === undefined || !spec.ops.create) throw BillErrors.notImplemented(`POST /v3/${spec.path}`);
  const body = clientBody(value);
  if (overrides?.approvalStatus !== undefined) body["approvalStatus"] = overrides.approvalStatus;
  return ctx.store.txn(() => {
    const id = overrides?.id ?? ctx.store.newId(spec.idPrefix);
    if (ctx.store.get(ctx.orgId, spec.name, id) !== undefined) throw BillErrors.invalid("id", `${id} already exists`);
    const fields = validate(ctx, body, undefined);
    const record: Rec = { id, ...fields, archived: overrides?.archived ?? false, createdTime: overrides?.createdTime ?? ctx.now, updatedTime: overrides?.updatedTime ?? overrides?.createdTime ?? ctx.now };
    ctx.store.insert(ctx.orgId, spec.name, record);
    spec.afterCreate?.(ctx, record, body);
    return ctx.store.get(ctx.orgId, spec.name, id) ?? record;
  });
}

/** `PATCH` (merge over the stored record) or `PUT` (full replace). */
export function updateRecord(ctx: ObjectContext, spec: ObjectSpec, id: string, value: unknown, mode: "patch" | "put"): Rec {
  const validate = spec.validate;
  if (validate === undefined || !(mode === "patch" ? spec.ops.patch : spec.ops.put)) throw BillErrors.notImplemented(`${mode.toUpperCase()} /v3/${spec.path}/{id}`);
  const body = clientBody(value);
  if (Array.isArray(body["vendorCredits"]) && body["vendorCredits"].length > 0) throw BillErrors.notImplemented(`vendorCredits on ${mode.toUpperCase()} /v3/${spec.path}/{id} (apply credits with POST /v3/bills/record-payment)`);
  return ctx.store.txn(() => {
    const existing = getRecord(ctx.store, ctx.orgId, spec, id);
    if (existing["archived"] === true) throw BillErrors.rejected(`${spec.label} ${id} is archived. Restore it before updating it.`);
    const merged: Body = mode === "patch" ? { ...existing, ...body } : { ...body };
    delete merged["approvalStatus"];
    const fields = validate(ctx, merged, existing);
    const record: Rec = { id, ...fields, archived: false, createdTime: existing["createdTime"], updatedTime: existing["updatedTime"] };
    if (JSON.stringify(record) !== JSON.stringify(existing)) {
      record["updatedTime"] = ctx.now;
      ctx.store.update(ctx.orgId, spec.name, record);
    }
    if (spec.name === "bills") recomputeBill(ctx, id);
    return ctx.store.get(ctx.orgId, spec.name, id) ?? record;
  });
}

/** Archive or restore; idempotent (a second call changes nothing, not even `updatedTime`). */
export function setArchived(ctx: ObjectContext, spec: ObjectSpec, id: string, archived: boolean): Rec {
  if (!spec.ops.archive) throw BillErrors.notImplemented(`POST /v3/${spec.path}/{id}/${archived ? "archive" : "restore"}`);
  return ctx.store.txn(() => {
    const existing = getRecord(ctx.store, ctx.orgId, spec, id);
    if (existing["archived"] === archived) return existing;
    const record = { ...existing, archived, updatedTime: ctx.now };
    ctx.store.update(ctx.orgId, spec.name, record);
    return record;
  });
}

/** Admin edit: merges `fields` into a stored record as if a person changed it in BILL's web app. */
export function adminPatch(ctx: ObjectContext, spec: ObjectSpec, id: string, fields: Body): Rec {
  return ctx.store.txn(() => {
    const existing = getRecord(ctx.store, ctx.orgId, spec, id);
    const record: Rec = { ...existing, ...fields, id, updatedTime: ctx.now };
    ctx.store.update(ctx.orgId, spec.name, record);
    return record;
  });
}
