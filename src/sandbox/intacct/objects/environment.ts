/**
 * What every object operation works with: the store, the catalog, the options and the caller's
 * context, plus the helpers for entities, visibility, audit history and closed periods
 * (`intacct-xml-api.md` §6, `intacct-objects-permissions.md` B0, B17, Q10).
 */
import type { IntacctRecord } from "../../../intacct/xml/index.js";
import type { CallContext } from "../contracts.js";
import type { Catalog } from "./catalog.js";
import type { ClosedPeriodErrorText } from "./error-texts.js";
import { errorDetail, ErrorTexts, fail } from "./error-texts.js";
import type { ObjectDef } from "./object-definition.js";
import type { RecordStore, StoredRecord } from "./record-store.js";
import { formatTimestamp, toIsoDate } from "./value-format.js";

/** Resolved options of the objects module (see `ObjectsModuleOptions`). */
export interface ResolvedObjectsOptions {
  readonly resultTtlMs: number;
  readonly timezoneOffsetMinutes: number;
  readonly closedPeriodError: ClosedPeriodErrorText;
  readonly closedPeriodDate: ClosedPeriodDate;
  readonly entityMayChangeShared: boolean;
  readonly lineItemTagCase: "lower" | "upper";
}

/** The environment of one function call. */
export interface Env {
  readonly store: RecordStore;
  readonly catalog: Catalog;
  readonly options: ResolvedObjectsOptions;
  readonly ctx: CallContext;
}

/** Owner entity facts for MEGAENTITY fields. */
export interface EntityInfo {
  readonly key: string;
  readonly id: string;
  readonly name: string;
}

/** The entity (a LOCATION of type E) with this ID, or undefined. */
export function entityInfo(env: Env, entityId: string): EntityInfo | undefined {
  if (entityId === "") return undefined;
  const loc = env.store.byId(env.ctx.companyId, "LOCATION", entityId);
  if (!loc || loc.fields["LOCATIONTYPE"] !== "E") return undefined;
  return { key: String(loc.recordNo), id: entityId, name: str(loc.fields["NAME"]) };
}

/** True when the company has entities (multi-entity shared). */
export function isMultiEntity(env: Env): boolean {
  return env.store.list(env.ctx.companyId, "LOCATION", [""]).some((r) => r.fields["LOCATIONTYPE"] === "E");
}

/** A field value as a string (`""` for absent or nested). */
export function str(v: IntacctRecord[string] | undefined): string {
  return typeof v === "string" ? v : "";
}

/** Owners whose records the session may see; undefined = all (top level with showprivate). */
export function visibleOwners(env: Env, showPrivate: boolean): readonly string[] | undefined {
  if (env.ctx.entityId !== "") return ["", env.ctx.entityId];
  return showPrivate ? undefined : [""];
}

/**
 * Whether the session sees this record: owners as {@link visibleOwners}, plus "entities have no
 * visibility into other entities" for entity and location rows (whose `ENTITY` names the entity
 * they roll up to).
 */
export function isVisible(env: Env, def: ObjectDef, rec: StoredRecord, showPrivate: boolean): boolean {
  const owners = visibleOwners(env, showPrivate);
  if (owners && !owners.includes(rec.entity)) return false;
  if (env.ctx.entityId !== "" && (def.name === "LOCATION" || def.name === "LOCATIONENTITY")) {
    const rollsUpTo = str(rec.fields["ENTITY"]);
    return rollsUpTo === "" || rollsUpTo === env.ctx.entityId;
  }
  return true;
}

/** May a record owned by `owner` reference a record owned by `refOwner`? (§6 cross-entity rule) */
export function mayReference(owner: string, refOwner: string): boolean {
  return refOwner === "" || refOwner === owner;
}

/** Now as a TIMESTAMP in the user's time zone. */
export function nowStamp(env: Env): string {
  return formatTimestamp(env.ctx.now, env.options.timezoneOffsetMinutes);
}

/** Sets MEGAENTITY* for `owner` on a record of a `mega` object. */
export function stampOwner(env: Env, def: ObjectDef, fields: IntacctRecord, owner: string): void {
  if (def.ownership !== "mega") return;
  const info = entityInfo(env, owner);
  fields["MEGAENTITYKEY"] = info?.key ?? "";
  fields["MEGAENTITYID"] = info?.id ?? "";
  fields["MEGAENTITYNAME"] = info?.name ?? "";
}

/** Appends an AUDITHISTORY row (Q10); OBJECTKEY is `<RECORDNO>--REC` as Estuary's connector expects. */
export function audit(env: Env, def: ObjectDef, rec: StoredRecord, mode: "C" | "M" | "D"): void {
  if (def.name === "AUDITHISTORY" || def.parent !== undefined) return;
  const auditDef = env.catalog.object("AUDITHISTORY");
  if (!auditDef) return;
  const recordNo = env.store.nextRecordNo(env.ctx.companyId, "AUDITHISTORY");
  const fields: IntacctRecord = {
    ID: String(recordNo),
    OBJECTTYPE: def.name.toLowerCase(),
    OBJECTKEY: `${rec.recordNo}--REC`,
    OBJECTDESC: def.idField ? str(rec.fields[def.idField]) : str(rec.fields["RECORDID"]),
    ACCESSMODE: mode,
    ACCESSTIME: nowStamp(env),
    USERID: env.ctx.userId,
    SOURCE: "api",
  };
  stampOwner(env, auditDef, fields, rec.entity);
  env.store.insert(env.ctx.companyId, "AUDITHISTORY", { recordNo, id: null, parent: null, entity: rec.entity, fields });
}

/** Books closed through (yyyy-mm-dd) for an owner entity (`""` = top level), if any. */
export function closedThroughFor(env: Env, owner: string): string | undefined {
  return env.store.closedThrough(env.ctx.companyId).get(owner);
}

/**
 * Which date of a document the closed-period check reads (UNCONFIRMED, B17/A8):
 * - `posting`: the GL posting date — `WHENPOSTED`, or `WHENCREATED` when the document has none
 *   (Intacct's GL posting date defaults to the document date). A bill dated in a closed period
 *   but posting into an open one is accepted: that is what the separate GL posting date is for.
 * - `both`: the document date and the GL posting date must both be open.
 */
export type ClosedPeriodDate = "posting" | "both";

/** Fails with the closed-period error when a document's checked date(s) are closed (see {@link ClosedPeriodDate}). */
export function assertOpenDocumentPeriod(env: Env, owner: string, fields: IntacctRecord): void {
  const created = str(fields["WHENCREATED"]);
  const posted = str(fields["WHENPOSTED"]);
  if (env.options.closedPeriodDate === "both") {
    assertOpenPeriod(env, owner, created);
    assertOpenPeriod(env, owner, posted);
    return;
  }
  assertOpenPeriod(env, owner, posted === "" ? created : posted);
}

/** Fails with the closed-period error when `usDate` is on or before the owner's closed-through date (B17, A8). */
export function assertOpenPeriod(env: Env, owner: string, usDate: string): void {
  if (usDate === "") return;
  const through = closedThroughFor(env, owner);
  const iso = toIsoDate(usDate);
  if (through === undefined || iso === null || iso > through) return;
  const t = env.options.closedPeriodError;
  fail(errorDetail(t.errorno, t.description2.replace("{date}", usDate), t.correction, t.description));
}

/** Fails when an entity session tries to change a top-level record (unless the option allows it). */
export function assertMayChange(env: Env, def: ObjectDef, rec: StoredRecord, key: string): void {
  if (env.ctx.entityId !== "" && rec.entity === "" && !env.options.entityMayChangeShared) {
    fail(ErrorTexts.sharedRecordFromEntity(def.name, key, env.ctx.entityId));
  }
}
