/**
 * Real-world query limits of the Intacct XML API (`intacct-xml-api.md` §4.10), in one place.
 */
export const QueryLimits = {
  /** `readByQuery` page size range and default. */
  readByQueryMinPageSize: 1,
  readByQueryMaxPageSize: 1000,
  readByQueryDefaultPageSize: 100,
  /** `query` page size range and default. */
  queryMinPageSize: 1,
  queryMaxPageSize: 2000,
  queryDefaultPageSize: 100,
  /** Values of one `in`/`notin`. */
  maxInValues: 1000,
  /** Keys per `read`/`readByName`/`delete`. */
  maxKeys: 100,
  /** Records per `create`/`update`. */
  maxRecordsPerWrite: 100,
  /**
   * Lifetime of a `readByQuery` result set for `readMore`, in milliseconds of the sandbox clock.
   * UNCONFIRMED (§4.7, addendum A4): Intacct does not document it; 30 minutes is our choice.
   */
  defaultResultTtlMs: 30 * 60 * 1000,
} as const;
