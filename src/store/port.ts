/**
 * The store port: everything intacct-sync persists, behind a small interface. Callers (accounts,
 * doctor, sync engine, service) depend on this file only; `sqlite/` and `postgres/` implement it
 * and only composition roots pick one (see `open-store.ts`).
 *
 * Conventions: ids are opaque text; timestamps are ISO-8601 UTC text set from the injected clock;
 * JSON columns round-trip plain objects.
 */
import type { AuthRepositories } from "./auth-repositories.js";
import type { RunQueueRepository } from "./run-queue-repository.js";
import type { UsageRepository } from "./usage-repository.js";

/** JSON value stored in a text column. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** JSON object stored in a text column. */
export type JsonObject = { readonly [key: string]: JsonValue };

/** One platform account and its Sage Intacct Login Info (password encrypted). */
export interface AccountRecord {
  readonly id: string;
  /** Display name. */
  readonly name: string;
  /** The platform (BILL) organization id; one account per organization. */
  readonly platformOrgId: string;
  /** Intacct Company ID, exactly as entered. */
  readonly companyId: string;
  /** Intacct User ID of the sync user, e.g. `XML_Bill.com`. */
  readonly userId: string;
  /** The sync user's password, encrypted (see `src/connections/credential-cipher.ts`). */
  readonly passwordEncrypted: string;
  /** Intacct Entity ID; `""` = top level or a single-entity company. */
  readonly entityId: string;
  /** Sync preferences (owned by the sync engine; opaque here). */
  readonly preferences: JsonObject;
  /** BILL sign-in user name (the organization is `platformOrgId`); absent until set. */
  readonly platformUsername?: string;
  /** BILL password and developer key, encrypted together (see `src/connections/accounts.ts`); absent until set. */
  readonly platformSecretEncrypted?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Fields of a new account (timestamps are set by the store). */
export type NewAccount = Omit<AccountRecord, "createdAt" | "updatedAt">;

/** Fields an update may change. */
export type AccountPatch = Partial<Omit<AccountRecord, "id" | "createdAt" | "updatedAt">>;

/** Accounts CRUD. */
export interface AccountRepository {
  /** Inserts; `CONFLICT` when the id or the platform organization already has an account. */
  create(account: NewAccount): Promise<AccountRecord>;
  get(id: string): Promise<AccountRecord | undefined>;
  /** All accounts, ordered by id. */
  list(): Promise<AccountRecord[]>;
  /** Changes fields; `NOT_FOUND` when missing. */
  update(id: string, patch: AccountPatch): Promise<AccountRecord>;
  /** Deletes the account and everything recorded for it; false when it did not exist. */
  remove(id: string): Promise<boolean>;
}

/** Status of a sync run. */
export type RunStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

/** One sync (or doctor) run of an account. */
export interface RunRecord {
  readonly id: string;
  readonly accountId: string;
  /** What ran, e.g. `sync`, `sync-dry-run`, `doctor`. */
  readonly kind: string;
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** Counts, timings, API calls (owned by the engine). */
  readonly stats: JsonObject;
  /** Failure summary when `status` is `failed`. */
  readonly error?: JsonObject;
}

/** Sync runs. */
export interface RunRepository {
  /** Records a run with `startedAt` = now. */
  start(run: { readonly id: string; readonly accountId: string; readonly kind: string; readonly status?: RunStatus; readonly stats?: JsonObject }): Promise<RunRecord>;
  /** Updates status/stats/error; sets `finishedAt` = now for a final status. `NOT_FOUND` when missing. */
  update(id: string, patch: { readonly status?: RunStatus; readonly stats?: JsonObject; readonly error?: JsonObject }): Promise<RunRecord>;
  get(id: string): Promise<RunRecord | undefined>;
  /** Newest first. */
  list(accountId: string, options?: { readonly limit?: number }): Promise<RunRecord[]>;
}

/** A link between a platform record and an Intacct record. */
export interface LinkRecord {
  readonly accountId: string;
  /** Intacct object name, e.g. `VENDOR`, `APBILL`. */
  readonly object: string;
  readonly platformId: string;
  /** Intacct `RECORDNO` (text). */
  readonly intacctKey: string;
  /** Intacct business ID (`VENDORID`, …) when the object has one. */
  readonly intacctId?: string;
  /** Version/fingerprint last synced (owned by the engine). */
  readonly version?: string;
  readonly data: JsonObject;
  readonly updatedAt: string;
}

/** Record links; one per (account, object, platform id) and per (account, object, Intacct key). */
export interface LinkRepository {
  /** Inserts or replaces the link of a platform record. `CONFLICT` when the Intacct key is linked to another platform record. */
  upsert(link: Omit<LinkRecord, "updatedAt">): Promise<LinkRecord>;
  get(accountId: string, object: string, platformId: string): Promise<LinkRecord | undefined>;
  getByIntacctKey(accountId: string, object: string, intacctKey: string): Promise<LinkRecord | undefined>;
  list(accountId: string, object: string): Promise<LinkRecord[]>;
  remove(accountId: string, object: string, platformId: string): Promise<boolean>;
}

/** Which side a cursor reads. */
export type CursorSide = "intacct" | "platform";

/** An incremental-read cursor (e.g. a WHENMODIFIED high-water mark). */
export interface CursorRecord {
  readonly accountId: string;
  readonly side: CursorSide;
  readonly object: string;
  readonly value: string;
  readonly updatedAt: string;
}

/** Cursors; advance them in the same transaction as the state they cover. */
export interface CursorRepository {
  get(accountId: string, side: CursorSide, object: string): Promise<CursorRecord | undefined>;
  set(accountId: string, side: CursorSide, object: string, value: string): Promise<CursorRecord>;
  list(accountId: string): Promise<CursorRecord[]>;
}

/** Status of a per-record error. */
export type RecordErrorStatus = "open" | "resolved" | "ignored";

/** A per-record sync error with its fix actions. */
export interface RecordErrorRecord {
  readonly id: string;
  readonly accountId: string;
  readonly runId?: string;
  readonly object: string;
  /** Platform or Intacct id of the record. */
  readonly recordId: string;
  /** Error class, e.g. `closed-period`, `permission`, `duplicate`. */
  readonly errorClass: string;
  readonly code: string;
  readonly message: string;
  /** e.g. `["retry", "skip-change", "fixed-in-intacct"]`. */
  readonly fixActions: readonly string[];
  readonly status: RecordErrorStatus;
  readonly createdAt: string;
  readonly resolvedAt?: string;
  readonly resolution?: string;
}

/** Per-record errors. */
export interface RecordErrorRepository {
  add(error: Omit<RecordErrorRecord, "status" | "createdAt" | "resolvedAt" | "resolution">): Promise<RecordErrorRecord>;
  get(id: string): Promise<RecordErrorRecord | undefined>;
  /** Oldest first. */
  list(accountId: string, options?: { readonly status?: RecordErrorStatus }): Promise<RecordErrorRecord[]>;
  /** Closes an open error; `NOT_FOUND` when missing. */
  resolve(id: string, status: Exclude<RecordErrorStatus, "open">, resolution: string): Promise<RecordErrorRecord>;
}

/**
 * A generic keyed JSON place per account and namespace, for state that has no table yet
 * (durable plans, idempotency keys, checkpoints).
 */
export interface StateRepository {
  get(accountId: string, namespace: string, key: string): Promise<JsonValue | undefined>;
  put(accountId: string, namespace: string, key: string, value: JsonValue): Promise<void>;
  delete(accountId: string, namespace: string, key: string): Promise<boolean>;
  /** Entries of a namespace, ordered by key. */
  list(accountId: string, namespace: string): Promise<Array<{ readonly key: string; readonly value: JsonValue }>>;
}

/** The repositories, bound to a connection or a transaction. */
export interface StoreRepositories {
  readonly accounts: AccountRepository;
  readonly runs: RunRepository;
  readonly links: LinkRepository;
  readonly cursors: CursorRepository;
  readonly recordErrors: RecordErrorRepository;
  readonly state: StateRepository;
  /** Users, account grants, API tokens, web sessions (see `auth-repositories.ts`). */
  readonly auth: AuthRepositories;
  /** Active runs, schedules and run events of the run queue (see `run-queue-repository.ts`). */
  readonly runQueue: RunQueueRepository;
  /** Intacct API usage per company and month (see `usage-repository.ts`). */
  readonly usage: UsageRepository;
}

/** Result of one migration (Kysely's `MigrationResult`). */
export interface MigrationResult {
  readonly id: number;
  readonly name: string;
  readonly status: "applied" | "already-applied";
}

/**
 * The store. Repositories used directly autocommit each call; `withTransaction` groups calls
 * (for example a state change and its cursor advance) into one commit.
 *
 * @example
 * await store.withTransaction(async (tx) => {
 *   await tx.links.upsert(link);
 *   await tx.cursors.set(accountId, "intacct", "VENDOR", cursor);
 * });
 */
export interface Store extends StoreRepositories {
  readonly dialect: "sqlite" | "postgres";
  /** Applies pending numbered migrations; safe when several processes start at once. */
  migrate(): Promise<MigrationResult[]>;
  /**
   * Runs `cb` in one serializable transaction; commits when it resolves, rolls back when it
   * throws. Not re-entrant: use `tx` inside. On PostgreSQL a serialization failure re-runs `cb`,
   * so keep it to store calls (no network I/O inside).
   */
  withTransaction<T>(cb: (tx: StoreRepositories) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
