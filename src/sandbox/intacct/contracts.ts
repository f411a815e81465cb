/**
 * The seam between the two halves of the Intacct sandbox:
 *
 * - the **gateway/tenancy** half (`gateway/`, `tenancy/`, `admin/`, `server.ts`): HTTP, envelope,
 *   senders, companies, entities, users, roles, permissions, sessions, uniqueid, transactions,
 *   faults, clock, counters;
 * - the **objects** half (`objects/`, `query/`): records of every object, validation, queries,
 *   paging, bill state, closed periods, audit history, and the demo records.
 *
 * Both halves share one better-sqlite3 connection (synchronous), so a `transaction="true"`
 * operation is one SQLite SAVEPOINT opened by the gateway around the objects' calls.
 */
import type Database from "better-sqlite3";

import type { IntacctErrorDetail, IntacctRecord, ResultData, XmlElement } from "../../intacct/xml/index.js";

/** Who is calling and where: built by the gateway from the session, passed to the objects half. */
export interface CallContext {
  /** Canonical company ID (as seeded; the gateway matches case-insensitively). */
  readonly companyId: string;
  /** Entity (LOCATIONID of a LOCATIONENTITY) the session is in; `""` at the top level. */
  readonly entityId: string;
  /** LOGINID of the user. */
  readonly userId: string;
  /** Sandbox clock, milliseconds since the epoch. */
  readonly now: number;
  /** Opaque session key; `readMore` result ids are bound to it. */
  readonly sessionKey: string;
}

/** Rights of the permission model (`intacct-objects-permissions.md` A5). */
export type Right = "List" | "View" | "Add" | "Edit" | "Delete" | "Run" | "Reports";

/**
 * What a function call needs, as decided by the objects half: the gateway checks the user's
 * rights on `application`/`policy` and answers PL04000005 with `apiOperation` and `object`.
 */
export interface CallRequirement {
  /** Application display name, e.g. `Accounts Payable`, `General Ledger`, `Company`. */
  readonly application: string;
  /** Policy display name within the application, e.g. `Vendors`, `Bills`. */
  readonly policy: string;
  readonly right: Right;
  /** API operation name for the error text, e.g. `READ_BY_QUERY`, `CREATE`. */
  readonly apiOperation: string;
  /** Object name for the error text, lower case, e.g. `vendor`. */
  readonly object: string;
}

/** Outcome of one function. `failure` results carry Intacct-style errors. */
export interface FunctionOutcome {
  readonly status: "success" | "failure";
  readonly data?: ResultData;
  readonly key?: string;
  readonly errors?: readonly IntacctErrorDetail[];
}

/**
 * Implemented by the objects half. The gateway calls `requirement` (null = no check, like
 * `lookup`/`inspect`; a FunctionOutcome = the call is invalid and this failure is the answer),
 * then `execute` inside the operation's savepoint. `execute` never throws for business errors.
 */
export interface ObjectFunctions {
  requirement(fn: XmlElement): CallRequirement | FunctionOutcome | null;
  execute(ctx: CallContext, fn: XmlElement): FunctionOutcome;
}

/** Created once per sandbox by the objects half. */
export interface ObjectsModule extends ObjectFunctions {
  /** Loads seed records for one company (`records` maps object name → records). */
  seedRecords(companyId: string, records: Readonly<Record<string, readonly IntacctRecord[]>>, options: SeedRecordOptions): void;
  /** Reads records for the admin API (`GET /admin/companies/:id/records/:object`). */
  listRecords(companyId: string, object: string): IntacctRecord[];
  /** Deletes all object data of all companies (admin reset). */
  reset(): void;
}

/** Per-company seed facts the objects half needs. */
export interface SeedRecordOptions {
  /** Entity IDs of the company (empty for a single-entity company). */
  readonly entityIds: readonly string[];
  /** Books closed through this date (inclusive, `YYYY-MM-DD`) per entity ID (`""` = top level). */
  readonly closedThrough?: Readonly<Record<string, string>>;
  readonly now: number;
}

/** Factory signature the objects half exports as `createObjectsModule`. */
export type CreateObjectsModule = (db: Database.Database) => ObjectsModule;
