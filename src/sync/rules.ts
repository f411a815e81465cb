/**
 * Pure rules the planner applies to transactions: entity routing, closed periods, approval. Each
 * returns a decision the planner turns into an operation; none throws.
 */
import type { LinkIndex } from "./links.js";
import type { CanonicalRecord, Line, Observation, Ref } from "./model/canonical.js";
import { addDays } from "./model/values.js";
import type { PlannedError } from "./operation.js";
import type { ClosedPeriodPolicy, EntityScope } from "./preferences.js";

/** Company facts the rules need. */
export interface CompanyFacts {
  /** Intacct LOCATIONID → the entity (LOCATIONID of the LOCATIONENTITY) it rolls up to. Empty for a single-entity company. */
  readonly locationEntities: Readonly<Record<string, string>>;
  /** Closed-through date (ISO) per entity ID; `""` = top level / single-entity company. */
  readonly booksClosed: Readonly<Record<string, string>>;
}

/** Where a transaction goes, or why it cannot. */
export type RouteDecision = { readonly ok: true; readonly entityId: string } | { readonly ok: false; readonly error: PlannedError };

function linesOf(record: CanonicalRecord): readonly Line[] {
  return record.object === "bill" || record.object === "vendorCredit" || record.object === "invoice" ? record.lines : [];
}

/** The Intacct LOCATIONID of a location reference (platform refs through their link). */
function intacctLocation(ref: Ref, links: LinkIndex): string | undefined {
  return ref.side === "intacct" ? ref.id : links.byPlatform("location", ref.id)?.intacctId;
}

/**
 * The entity a platform transaction is written to. An entity-level account writes only into its
 * entity (a line coded to another entity's location is an error); a top-level account of a
 * multi-entity company routes by the lines' locations — every line needs one, and all must roll
 * up to one entity (`bill-intacct-sync.md` §2.1; Intacct requires LOCATIONID on lines, B3).
 */
export function routeTransaction(record: CanonicalRecord, scope: EntityScope, company: CompanyFacts, links: LinkIndex): RouteDecision {
  const lines = linesOf(record);
  const multiEntity = Object.keys(company.locationEntities).length > 0;
  const entities = new Set<string>();
  let missing = 0;
  let unresolved = 0;
  for (const l of lines) {
    if (l.location === undefined) {
      missing++;
      continue;
    }
    const loc = intacctLocation(l.location, links);
    if (loc === undefined) {
      unresolved++;
      continue;
    }
    const entity = company.locationEntities[loc];
    if (entity !== undefined) entities.add(entity);
  }
  if (scope.kind === "entity") {
    const foreign = [...entities].filter((e) => e !== scope.entityId);
    if (foreign.length > 0) {
      return { ok: false, error: { class: "entity-scope", code: "SYNC_ENTITY_SCOPE", message: `this account syncs entity ${scope.entityId} only; a line is coded to a location of entity ${foreign.join(", ")}`, fixActions: ["retry", "skip-change"] } };
    }
    return { ok: true, entityId: scope.entityId };
  }
  if (!multiEntity || lines.length === 0) return { ok: true, entityId: "" };
  if (missing > 0) {
    return { ok: false, error: { class: "missing-location", code: "SYNC_LOCATION_REQUIRED", message: `a top-level account routes each transaction to its entity by location; ${missing} line(s) have no location`, fixActions: ["retry", "skip-change"] } };
  }
  if (unresolved > 0) {
    return { ok: false, error: { class: "unresolved-reference", code: "SYNC_LOCATION_UNLINKED", message: `${unresolved} line location(s) are not linked to Intacct locations yet`, fixActions: ["retry"] } };
  }
  if (entities.size > 1) {
    return { ok: false, error: { class: "entity-scope", code: "SYNC_ENTITY_SPLIT", message: `the lines roll up to several entities (${[...entities].sort().join(", ")}); one transaction goes to one entity`, fixActions: ["retry", "skip-change"] } };
  }
  return { ok: true, entityId: [...entities][0] ?? "" };
}

/** The date a transaction posts on (checked against the closed period). */
export function postingDateOf(record: CanonicalRecord): string | undefined {
  if (record.object === "bill") return record.postingDate;
  if (record.object === "vendorCredit" || record.object === "invoice" || record.object === "billPayment" || record.object === "receivedPayment") return record.date;
  return undefined;
}

function withPostingDate(record: CanonicalRecord, date: string): CanonicalRecord {
  if (record.object === "bill") return { ...record, postingDate: date };
  if (record.object === "vendorCredit" || record.object === "invoice" || record.object === "billPayment" || record.object === "receivedPayment") return { ...record, date };
  return record;
}

/** Closed-through date of an entity: its own, else the top level's (single-entity companies). */
export function closedThrough(entityId: string, company: CompanyFacts): string | undefined {
  return company.booksClosed[entityId] ?? (entityId === "" ? undefined : company.booksClosed[""]);
}

/** What the closed-period policy decided. */
export type PeriodDecision =
  | { readonly kind: "open"; readonly record: CanonicalRecord }
  | { readonly kind: "moved"; readonly record: CanonicalRecord; readonly note: string }
  | { readonly kind: "hold"; readonly note: string }
  | { readonly kind: "reject"; readonly error: PlannedError };

/**
 * Applies the account's closed-period policy, per entity (BILL keeps one date for all entities
 * and blocks open ones, §2.1; we read each entity's own date). Dates on or before the
 * closed-through date are closed.
 */
export function checkPeriod(record: CanonicalRecord, entityId: string, company: CompanyFacts, policy: ClosedPeriodPolicy): PeriodDecision {
  const date = postingDateOf(record);
  const closed = closedThrough(entityId, company);
  if (date === undefined || closed === undefined || date > closed) return { kind: "open", record };
  const where = entityId === "" ? "the company" : `entity ${entityId}`;
  switch (policy) {
    case "move": {
      const first = addDays(closed, 1);
      return { kind: "moved", record: withPostingDate(record, first), note: `posting date ${date} is in a closed period of ${where} (closed through ${closed}); moved to the first open date ${first}` };
    }
    case "hold":
      return { kind: "hold", note: `posting date ${date} is in a closed period of ${where} (closed through ${closed}); held until the period reopens or the date changes` };
    case "reject":
      return {
        kind: "reject",
        error: {
          class: "closed-period", code: "SYNC_CLOSED_PERIOD",
          message: `Periods are closed. The posting date ${date} is within a period of ${where} closed through ${closed}. Change the date, or reopen the period in Intacct and retry.`,
          fixActions: ["retry", "skip-change"],
        },
      };
  }
}

/** True when "sync only approved" keeps this platform bill or credit back. */
export function heldForApproval(o: Observation, onlyApproved: boolean): boolean {
  return onlyApproved && (o.object === "bill" || o.object === "vendorCredit") && o.facts.approved === false;
}
