/**
 * Intacct's error texts, verbatim where the references record them (`intacct-xml-api.md` §5,
 * A4, A5, A8, A9; `intacct-objects-permissions.md` A7, Q7). Texts marked UNCONFIRMED are the
 * sandbox's most plausible choice; the closed-period error is configurable
 * ({@link ClosedPeriodErrorText}).
 */
import type { IntacctErrorDetail } from "../../../intacct/xml/index.js";
import type { FunctionOutcome } from "../contracts.js";

/** One `<error>`. */
export function errorDetail(errorno: string, description2: string, correction = "", description = ""): IntacctErrorDetail {
  return { errorno, description, description2, correction };
}

/** A failure outcome with these errors (and optional data, e.g. `listtype="objects" count="0"`). */
export function failure(errors: readonly IntacctErrorDetail[], data?: FunctionOutcome["data"]): FunctionOutcome {
  return data ? { status: "failure", errors, data } : { status: "failure", errors };
}

/** Thrown inside a function's execution to abort it (and roll back its savepoint). */
export class ObjectFunctionError extends Error {
  readonly code = "OBJECT_FUNCTION_FAILED" as const;
  constructor(readonly errors: readonly IntacctErrorDetail[]) {
    super(errors.map((e) => e.description2 || e.errorno).join("; "));
    this.name = "ObjectFunctionError";
  }
}

/** Throws an {@link ObjectFunctionError}. */
export function fail(...errors: IntacctErrorDetail[]): never {
  throw new ObjectFunctionError(errors);
}

/** The closed-period error (A8). The texts are Medium confidence; the split and errorno UNCONFIRMED. */
export interface ClosedPeriodErrorText {
  /** @default "BL01001973" */
  readonly errorno: string;
  /** @default "Periods are closed." */
  readonly description: string;
  /** `{date}` is replaced by the transaction date (mm/dd/yyyy). */
  readonly description2: string;
  readonly correction: string;
}

/** Default closed-period error text. */
export const DEFAULT_CLOSED_PERIOD_ERROR: ClosedPeriodErrorText = {
  errorno: "BL01001973",
  description: "Periods are closed.",
  description2: "Your transaction date ({date}) is within a period that's been closed.",
  correction: "You can add, modify, or delete a transaction only if the date of the transaction is within a period that's open.",
};

/** The texts of every other object-level error. */
export const ErrorTexts = {
  /** A9: duplicate ID on create (two spaces before "already", no final period). */
  duplicate: (label: string, id: string) => errorDetail("BL34000061", `Another ${label} with the given value(s) ${id}  already exists`, "Use a unique value instead."),
  /** A9/§5: the generic trailer of a failed create. */
  couldNotCreate: (object: string) => errorDetail("BL01001973", `Could not create ${object.toLowerCase()} record!`),
  /** Trailer of a failed update (pattern of couldNotCreate; UNCONFIRMED). */
  couldNotUpdate: (object: string) => errorDetail("BL01001973", `Could not update ${object.toLowerCase()} record!`),
  /** A9: missing required field. */
  required: (label: string) => errorDetail("BL01001973", `Required field ${label} is missing`),
  /** A9 (Low): a reference to a record that does not exist or is not visible here. */
  invalidReference: (label: string, value: string) => errorDetail("BL01001973", `Invalid ${label} '${value}' specified.`),
  /** A value that does not fit the field type or enum (UNCONFIRMED; same pattern as references). */
  invalidValue: (label: string, value: string) => errorDetail("BL01001973", `Invalid ${label} '${value}' specified.`),
  /** A field the object does not have (UNCONFIRMED text). */
  unknownField: (object: string, field: string) => errorDetail("BL01001973", `Unknown field ${field} for object ${object}.`, "Use lookup to list the object's fields."),
  /** A5: update of a missing record — the sentence sits in errorno. */
  updateMissing: (object: string, keyField: string, key: string) => errorDetail(`Cannot update non-existing ${object} with ${keyField}=${key}.`, ""),
  /** Delete of a record others still reference (UNCONFIRMED text). */
  inUse: (object: string, id: string, usedBy: string) =>
    errorDetail("BL01001973", `Cannot delete ${object.toLowerCase()} ${id} because ${usedBy.toLowerCase()} records refer to it.`, "Delete or change the records that use it first, or make it inactive."),
  /** A5: delete of a missing record. */
  deleteMissing: (object: string, key: string) => errorDetail("BL01001973", `Cannot find ${object.toLowerCase()} with key '${key}' to delete.`),
  /** §5: unknown object in read/readByQuery/query/create. */
  unknownObject: (object: string) => errorDetail("Query Failed", `Object definition ${object} not found`),
  /** §5/Q7: an operation the object does not support. */
  operationNotAllowed: (apiOperation: string, object: string) => errorDetail("BL01001973", `API operation '${apiOperation}' cannot be performed on objects of type ${object.toLowerCase()}`),
  /** A4: readMore with an unknown or expired result id. */
  readMoreFailed: (resultId: string) => errorDetail("readMore failed", `Attempt to readMore with an invalid or expired resultId: ${resultId}`),
  /** A5: `read` with a bad field list — the sentence sits in errorno. */
  invalidFieldsList: (fields: string) => errorDetail(`Invalid fields list ${fields}`, ""),
  /** `query` selecting or filtering a field that cannot be queried (text seen in SDK issue reports). */
  cannotQuery: (object: string, fields: readonly string[]) => errorDetail("XL03000006", `The following fields cannot be queried: [ ${object.toLowerCase()}: [${fields.join(", ")}] ]`),
  /** A malformed readByQuery string or query structure (UNCONFIRMED text). */
  invalidQuery: (detail: string) => errorDetail("Query Failed", `Invalid query: ${detail}`),
  /** Page size outside the limits (UNCONFIRMED text). */
  pageSize: (fn: string, min: number, max: number) => errorDetail("XL03000003", `XML Parse schema error: ${fn} pagesize must be between ${min} and ${max}`),
  /** More keys/records than a call allows (UNCONFIRMED text). */
  tooMany: (what: string, max: number) => errorDetail("XL03000003", `XML Parse schema error: at most ${max} ${what} per call`),
  /** An entity session changing a top-level (shared) record (UNCONFIRMED text). */
  sharedRecordFromEntity: (object: string, key: string, entity: string) =>
    errorDetail("BL01001973", `Cannot change ${object.toLowerCase()} ${key}: it is owned by the top level and cannot be changed from entity ${entity}.`, "Sign in at the top level to change this record."),
  /** A bill paid (fully or partly) cannot be changed (BILL's observed behaviour, B13). */
  paidTransaction: (object: string, key: string) =>
    errorDetail("BL01001973", `Cannot change ${object.toLowerCase()} ${key} because payments have been applied to it.`, "Reverse the payments first."),
  /** Payment beyond what is due (B15: "There is no due on the bill …"). */
  noDue: (recordId: string) => errorDetail("BL01001973", `There is no due on the bill ${recordId}`),
  overpay: (recordId: string, due: string, amount: string) =>
    errorDetail("BL01001973", `The amount ${amount} is more than the amount due (${due}) on ${recordId}.`, "Enter an amount that does not exceed the amount due."),
  /** GLACCOUNT REQUIRE* dimension enforcement (B1, S32). */
  missingDimension: (dimension: string, account: string) => errorDetail("BL01001973", `This transaction is missing the ${dimension} dimension for the Account ${account}.`),
  /** Lines whose locations roll up to different entities. */
  mixedEntities: () => errorDetail("BL01001973", "All line items of a transaction must belong to the same entity.", "Use locations of one entity on every line."),
  /** Only Draft payments can be updated (B15). */
  paymentNotDraft: (key: string) => errorDetail("BL01001973", `Payment ${key} cannot be updated because it is not in Draft state.`),
  /** An unknown or unsupported function (the sandbox never answers success to what it does not know). */
  notImplemented: (fn: string) => errorDetail("XL03000003", `The function ${fn} is not implemented by this sandbox.`, "See src/sandbox/intacct/README.md for the supported functions."),
} as const;
