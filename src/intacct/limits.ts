/**
 * Real-world limits of the Intacct XML gateway, in one place (STYLE.md "Names").
 * Sources: `intacct-xml-api.md` §4.10 (XSD, Sage "Records" and "Queries" pages).
 */
export const IntacctLimits = {
  /** Keys per `read`, `readByName` and `delete` call [S-REC]. */
  MAX_KEYS: 100,
  /** Records per `create`/`update` call [S-REC]. */
  MAX_RECORDS: 100,
  /** `query` page size range; default 100 [XSD], [S-QRY]. */
  QUERY_PAGESIZE_MAX: 2000,
  /** `readByQuery` page size range; default 100 [S-REC]. */
  READ_BY_QUERY_PAGESIZE_MAX: 1000,
  /** Values inside one `in`/`notin` filter [XSD]. */
  MAX_IN_VALUES: 1000,
  /** Length of request and function control ids [XSD]. */
  MAX_CONTROL_ID_LENGTH: 256,
  /**
   * Functions per request. Undocumented by Sage (UNCONFIRMED); 100 keeps a request well under the
   * gateway's size and time limits and matches the per-call record limit.
   */
  MAX_FUNCTIONS_PER_REQUEST: 100,
} as const;
