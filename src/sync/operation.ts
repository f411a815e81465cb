/**
 * Operations: the output of `plan` and the input of `apply`. Each is one decision about one
 * record (create, update, delete, link, skip, hold or error), with a deterministic function
 * control id so a retried write is recognised by Intacct (`uniqueid=true`) and by our own
 * dedupe key on the platform.
 */
import { controlIdFor } from "../intacct/control-id.js";
import { digest, fingerprint } from "./fingerprint.js";
import type { Link, LinkIndex } from "./links.js";
import type { CanonicalRecord } from "./model/canonical.js";
import { OBJECT_SPECS, type Side, type SyncObject } from "./model/objects.js";

/** What an operation does. `link`, `skip`, `hold` and `error` write nothing to either side. */
export type OperationKind = "create" | "update" | "delete" | "link" | "skip" | "hold" | "error";

/** The user's ways out of a per-record error (BILL's Sync Status "Fix" choices, §6). */
export type FixAction =
  /** Plan the record again on the next run (after fixing the cause). */
  | "retry"
  /** "Don't sync this change": accept the difference; later changes sync again. */
  | "skip-change"
  /** "I fixed it in Intacct": relink to the Intacct record as it is now and resume. */
  | "fixed-in-intacct";

/** Classes of per-record errors (machine-readable; peers.md §6 item 4). */
export type ErrorClass =
  | "ambiguous-match"
  | "duplicate-id"
  | "closed-period"
  | "paid-in-intacct"
  | "entity-scope"
  | "missing-location"
  | "unresolved-reference"
  | "locked-field"
  | "deleted-in-intacct"
  | "configuration"
  | "unsupported";

/** A per-record error decided at planning time. */
export interface PlannedError {
  readonly class: ErrorClass;
  /** Stable code, e.g. `SYNC_CLOSED_PERIOD`. */
  readonly code: string;
  readonly message: string;
  readonly fixActions: readonly FixAction[];
}

/** One planned operation. */
export interface Operation {
  /** Unique within a plan; equal to `controlId`. */
  readonly id: string;
  /** Deterministic function control id (≤ 256 chars) from account, object, record, version and kind. */
  readonly controlId: string;
  /** Platform dedupe key (≤ 40 chars of `[A-Za-z0-9._-]`): recorded before a platform write, and carried as its marker. */
  readonly dedupeKey: string;
  readonly object: SyncObject;
  readonly kind: OperationKind;
  /** The side the change came from. */
  readonly source: Side;
  /** The side written; `none` for state-only kinds. */
  readonly target: Side | "none";
  readonly platformId?: string;
  /** Intacct RECORDNO (for books-closed: the entity ID). */
  readonly intacctKey?: string;
  /** Intacct business ID (VENDORID…), when known. */
  readonly intacctId?: string;
  /** Entity the Intacct record lives in or is written to; `""` = top level. */
  readonly entityId: string;
  /** Content the platform side has after the operation (refs in their source side's ids). */
  readonly platformRecord?: CanonicalRecord;
  /** Content the Intacct side has after the operation. */
  readonly intacctRecord?: CanonicalRecord;
  /** Side-local content version of what is written (see `contentVersion`). */
  readonly version: string;
  /** One line saying why, for people. */
  readonly reason: string;
  readonly notes: readonly string[];
  /** Operations that must succeed first (the records this one references). */
  readonly dependsOn: readonly string[];
  /** Before a create: look the target side up by these keys and link instead when found. */
  readonly lookup?: { readonly naturalId?: string; readonly name?: string };
  /** Remembered Intacct facts to store on the link. */
  readonly intacctPaid?: boolean;
  readonly error?: PlannedError;
}

/** The record an operation writes (the target side's content), if any. */
export function writtenRecord(op: Operation): CanonicalRecord | undefined {
  return op.target === "platform" ? op.platformRecord : op.target === "intacct" ? op.intacctRecord : undefined;
}

/**
 * The control id of an operation: `controlIdFor([object, account, record, version, kind])`,
 * where record is the platform id, or `intacct:<RECORDNO>` for records that exist only in Intacct.
 * Stable across runs for the same content; distinct for a new version.
 */
export function operationControlId(accountId: string, object: SyncObject, recordKey: string, version: string, kind: OperationKind): string {
  return controlIdFor([object, accountId, recordKey, version, kind]);
}

/** The platform dedupe key for a control id (a BILL marker key, `[A-Za-z0-9._-]{1,40}`). */
export function dedupeKeyFor(controlId: string): string {
  return `s${digest(controlId).replace(/[^A-Za-z0-9_-]/g, "")}`.slice(0, 24);
}

/** What a successful write reported. */
export interface WriteOutcome {
  /** Platform id of the written or existing record. */
  readonly platformId?: string;
  /** Intacct RECORDNO of the written or existing record. */
  readonly intacctKey?: string;
  /** Intacct business ID when the target assigned one (auto-numbering). */
  readonly intacctId?: string;
}

/**
 * The link to store after `op` succeeded (create, update, link), or `"remove"` after a delete,
 * or undefined when the operation changes no link (skip, hold, error). Fingerprints are computed
 * against `links` as they are when the operation completes, so references to records created
 * earlier in the same run are neutralised the same way the next run will.
 *
 * @example
 * const next = linkAfter(op, { intacctKey: "4471" }, index);
 * if (next !== undefined && next !== "remove") await store.links.upsert(toLinkRow(accountId, next));
 */
export function linkAfter(op: Operation, outcome: WriteOutcome, links: LinkIndex): Link | "remove" | undefined {
  if (op.kind === "delete") return "remove";
  if (op.kind !== "create" && op.kind !== "update" && op.kind !== "link") return undefined;
  const platformId = outcome.platformId ?? op.platformId;
  const intacctKey = outcome.intacctKey ?? op.intacctKey;
  if (platformId === undefined || intacctKey === undefined) return undefined;
  const previous = links.byPlatform(op.object, platformId);
  const pr = op.platformRecord;
  const intacctId = outcome.intacctId ?? op.intacctId ?? codeOf(op.intacctRecord) ?? previous?.intacctId;
  // A list record created without a code gets Intacct's auto-numbered ID (B0): the Intacct side
  // reads back with that code, so its fingerprint must include it or the next run sees a change.
  const ir = op.intacctRecord !== undefined && outcome.intacctId !== undefined && OBJECT_SPECS[op.object].kind === "list" && "code" in op.intacctRecord === false
    ? ({ ...op.intacctRecord, code: outcome.intacctId } as CanonicalRecord)
    : op.intacctRecord;
  const intacctPaid = op.intacctPaid ?? previous?.intacctPaid;
  return {
    object: op.object, platformId, intacctKey, entityId: op.entityId,
    platformVersion: pr === undefined ? (previous?.platformVersion ?? "") : fingerprint(pr, links),
    intacctVersion: ir === undefined ? (previous?.intacctVersion ?? "") : fingerprint(ir, links),
    ...(intacctId === undefined ? {} : { intacctId }),
    ...(intacctPaid === undefined ? {} : { intacctPaid }),
  };
}

function codeOf(record: CanonicalRecord | undefined): string | undefined {
  if (record === undefined) return undefined;
  return "code" in record && typeof record.code === "string" ? record.code : undefined;
}
