/**
 * Pull specifications (pure): what an incremental read of one object asks each side for, from
 * its cursor. Intacct: `query` pages of 2,000 rows, only the mapped fields, `WHENMODIFIED >=`
 * the watermark minus the overlap, ordered by WHENMODIFIED (B19). BILL: `updatedTime:gte` and
 * `sort=updatedTime:asc`, 100 rows a page (§5).
 */
import type { ListOptions } from "../bill/query.js";
import type { QueryFilter, QuerySpec } from "../intacct/functions/query.js";
import { type Cursor, pullFrom } from "./cursor.js";
import { OBJECT_SPECS, type SyncObject } from "./model/objects.js";
import type { IntacctPullSpec, PlatformPullSpec } from "./ports.js";
import type { EntityScope } from "./preferences.js";

/** Page sizes of the two APIs. */
export const PullLimits = {
  /** Intacct `query` page size maximum (B19; intacct-xml-api.md §4.8). */
  INTACCT_PAGE_SIZE: 2000,
  /** BILL `max` maximum (§5.1). */
  PLATFORM_PAGE_SIZE: 100,
} as const;

/**
 * The Intacct pull of an object from its cursor.
 *
 * @example
 * intacctPullSpec("vendor", decodeCursor(stored), scopeOf("")); // { intacctObject: "VENDOR", fields: [...], from: "03/01/2026 08:00:00", ... }
 */
export function intacctPullSpec(object: SyncObject, cursor: Cursor | undefined, scope: EntityScope): IntacctPullSpec {
  const spec = OBJECT_SPECS[object];
  const from = pullFrom(cursor);
  return {
    intacctObject: spec.intacctObject, fields: spec.intacctFields, pageSize: PullLimits.INTACCT_PAGE_SIZE,
    // On transactions WHENCREATED is the transaction date, not a timestamp (B0): only lists use the fallback.
    includeNeverModified: spec.kind !== "transaction", showPrivate: scope.kind === "top",
    ...(from === undefined ? {} : { from }),
  };
}

/** The platform pull of an object from its cursor. */
export function platformPullSpec(cursor: Cursor | undefined): PlatformPullSpec {
  const from = pullFrom(cursor);
  return { max: PullLimits.PLATFORM_PAGE_SIZE, ...(from === undefined ? {} : { from }) };
}

/**
 * The Intacct client's `query` for one page of a pull: `WHENMODIFIED >= from` (plus, for lists,
 * never-modified rows created since `from`, B0), ordered by WHENMODIFIED then RECORDNO so pages
 * are stable, `offset` paging.
 *
 * @example
 * client.query(intacctQuery(intacctPullSpec("vendor", cursor, scope), 0));
 */
export function intacctQuery(spec: IntacctPullSpec, offset: number): QuerySpec {
  let filter: QueryFilter | undefined;
  if (spec.from !== undefined) {
    const modified: QueryFilter = { op: "greaterthanorequalto", field: "WHENMODIFIED", value: spec.from };
    filter = spec.includeNeverModified
      ? { op: "or", filters: [modified, { op: "and", filters: [{ op: "isnull", field: "WHENMODIFIED" }, { op: "greaterthanorequalto", field: "WHENCREATED", value: spec.from }] }] }
      : modified;
  }
  return {
    object: spec.intacctObject, select: spec.fields, orderBy: [{ field: "WHENMODIFIED" }, { field: "RECORDNO" }], showPrivate: spec.showPrivate, pageSize: spec.pageSize, offset,
    ...(filter === undefined ? {} : { filter }),
  };
}

/** The BILL client's list options for a pull: `updatedTime:gte`, oldest first. */
export function platformListOptions(spec: PlatformPullSpec): ListOptions {
  return {
    max: spec.max, sort: [{ field: "updatedTime", order: "asc" }],
    ...(spec.from === undefined ? {} : { filters: [{ field: "updatedTime", op: "gte", value: spec.from }] }),
  };
}
