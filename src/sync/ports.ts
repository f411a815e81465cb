/**
 * The ports `apply` (the I/O half of the engine) needs. Adapters live elsewhere: the state port
 * over `src/store` (links, cursors, runs, record errors, and the generic state table for the
 * durable plan and suppressions), the Intacct side over `src/intacct`, the platform side over
 * `src/bill`. Every port is bound to one account when it is built, which keeps signatures small.
 */
import type { CursorState, Suppression } from "./plan.js";
import type { Link } from "./links.js";
import type { IntacctWrite } from "./model/intacct-mapper.js";
import type { SyncObject } from "./model/objects.js";
import type { PlatformJson, PlatformWrite } from "./model/platform-mapper.js";
import type { Operation } from "./operation.js";
import type { CompanyFacts } from "./rules.js";
import type { RunStats } from "./run-summary.js";
import type { IntacctRecord } from "../intacct/xml/types.js";

/** Status of one operation of a durable plan. */
export type OperationStatus =
  /** Not started. */
  | "pending"
  /** The write was sent (and its dedupe key recorded) but its outcome is not known: settle by lookup before any retry. */
  | "in-flight"
  | "done"
  | "failed";

/** A plan saved before the first write, so a killed process resumes it instead of re-planning. */
export interface StoredPlan {
  readonly planId: string;
  readonly runId: string;
  readonly createdAt: string;
  readonly operations: readonly Operation[];
  readonly cursors: readonly CursorState[];
  readonly status: Readonly<Record<string, OperationStatus>>;
}

/** A per-record error to record (the store's `RecordErrorRecord` minus its bookkeeping). */
export interface RecordErrorInput {
  readonly object: SyncObject;
  /** Platform id, or `intacct:<RECORDNO>` for Intacct-only records. */
  readonly recordId: string;
  readonly errorClass: string;
  readonly code: string;
  readonly message: string;
  readonly fixActions: readonly string[];
  readonly operationId: string;
}

/** Writes that must commit together (a state change and its cursor advance). */
export interface SyncStateTx {
  upsertLink(link: Link): Promise<void>;
  removeLink(object: SyncObject, platformId: string): Promise<void>;
  setCursor(cursor: CursorState): Promise<void>;
  setOperationStatus(planId: string, operationId: string, status: OperationStatus): Promise<void>;
  addRecordError(error: RecordErrorInput): Promise<void>;
  /** Closes open errors of a record that now synced. */
  resolveRecordErrors(object: SyncObject, recordId: string, resolution: string): Promise<void>;
}

/** Sync state of one account. */
export interface SyncStatePort {
  links(): Promise<Link[]>;
  cursors(): Promise<CursorState[]>;
  suppressions(): Promise<Suppression[]>;
  /** Records with open errors or holds, to re-read by id and plan again. */
  openErrorRecords(): Promise<ReadonlyArray<{ readonly object: SyncObject; readonly recordId: string }>>;
  /** The unfinished plan of the account, if a previous run stopped mid-way. */
  unfinishedPlan(): Promise<StoredPlan | undefined>;
  savePlan(plan: StoredPlan): Promise<void>;
  finishPlan(planId: string): Promise<void>;
  startRun(run: { readonly runId: string; readonly kind: "sync" | "sync-dry-run" }): Promise<void>;
  finishRun(runId: string, status: "succeeded" | "failed", stats: RunStats): Promise<void>;
  withTransaction<T>(cb: (tx: SyncStateTx) => Promise<T>): Promise<T>;
}

/** One row of an Intacct deletion feed (AUDITHISTORY, Q10). */
export interface IntacctDeletion {
  readonly objectKey: string;
  readonly accessTime: string;
}

/** Result of one Intacct write; batches return one per item and never throw halfway. */
export type IntacctWriteResult =
  | { readonly status: "ok"; readonly controlId: string; readonly recordNo?: string; readonly id?: string }
  /** `uniqueid` refused a repeated control id: the first attempt committed; settle by lookup. */
  | { readonly status: "already-done"; readonly controlId: string }
  /** Timeout, 5xx after send, dropped connection: settle by lookup before any retry. */
  | { readonly status: "uncertain"; readonly controlId: string }
  | { readonly status: "failed"; readonly controlId: string; readonly code: string; readonly message: string; readonly errorClass: string; readonly retryable: boolean };

/** The Intacct side of one account (its session is at the account's entity or top level). */
export interface IntacctSidePort {
  /** Company facts: location → entity, closed-through date per entity. */
  companyFacts(): Promise<CompanyFacts>;
  /** Pages (≤ 2,000 rows) of rows changed at or after `from` (all rows when undefined), selecting only `fields`, ordered by WHENMODIFIED. */
  readChanges(query: {
    readonly object: SyncObject;
    readonly spec: IntacctPullSpec;
    /** Rows of documents with lines that are unchanged since the last run: dropped before their lines are read. @default none */
    readonly unchanged?: (row: IntacctRecord) => boolean;
  }): AsyncIterable<readonly IntacctRecord[]>;
  /** Deleted keys of an object since `from` (AUDITHISTORY `ACCESSMODE` = `D`). */
  readDeletions(query: { readonly object: SyncObject; readonly from?: string }): AsyncIterable<readonly IntacctDeletion[]>;
  /** Full records by RECORDNO (lines included), for records with open errors and for line details. */
  readByKeys(object: SyncObject, keys: readonly string[]): Promise<IntacctRecord[]>;
  /** Reconciliation: records matching a business ID or name, to settle an uncertain or a duplicate create. */
  lookup(object: SyncObject, by: { readonly naturalId?: string; readonly name?: string; readonly controlId?: string }): Promise<IntacctRecord[]>;
  /** Writes with `uniqueid=true`, batched under the company's concurrency budget. */
  write(items: ReadonlyArray<{ readonly controlId: string; readonly write: IntacctWrite; readonly entityId: string }>): Promise<IntacctWriteResult[]>;
}

/** Result of one platform write. */
export type PlatformWriteResult =
  | { readonly status: "ok"; readonly id: string }
  | { readonly status: "uncertain" }
  | { readonly status: "failed"; readonly code: string; readonly message: string; readonly retryable: boolean };

/** The platform side of one account. */
export interface PlatformSidePort {
  /** Pages of records with `updatedTime` at or after `from` (all when undefined), oldest first. */
  listChanged(query: { readonly object: SyncObject; readonly spec: PlatformPullSpec }): AsyncIterable<readonly PlatformJson[]>;
  readByIds(object: SyncObject, ids: readonly string[]): Promise<PlatformJson[]>;
  /**
   * Writes. The engine records `dedupeKey` in its state before calling; the adapter carries it as
   * a marker (`[is:<key>]`) where the record has a free-text field.
   */
  write(write: PlatformWrite, dedupeKey: string): Promise<PlatformWriteResult>;
  /** The record carrying a dedupe marker, to settle an uncertain create. */
  findByDedupeKey(object: SyncObject, dedupeKey: string): Promise<PlatformJson | undefined>;
}

/** What to pull from Intacct for one object (pure; see `pull.ts`). */
export interface IntacctPullSpec {
  readonly intacctObject: string;
  readonly fields: readonly string[];
  /** Lower bound on WHENMODIFIED (`mm/dd/yyyy HH:MM:SS`), already including the overlap. */
  readonly from?: string;
  /** Also take rows never modified (`WHENMODIFIED` empty) created since `from` (lists, B0). */
  readonly includeNeverModified: boolean;
  readonly pageSize: number;
  /** At the top level of a multi-entity company, include entity-private rows. */
  readonly showPrivate: boolean;
}

/** What to pull from the platform for one object. */
export interface PlatformPullSpec {
  /** Lower bound on `updatedTime` (ISO-8601), already including the overlap. */
  readonly from?: string;
  /** Page size (BILL allows 1–100). */
  readonly max: number;
}
