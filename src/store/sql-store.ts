/**
 * The store written once in portable SQL over a {@link SqlDriver}. The SQLite and PostgreSQL
 * adapters only supply the driver (Kysely: dialects are small overrides, not forks).
 */
import type { Clock } from "../domain/clock.js";
import { type AuthRepositories, authRepositories } from "./auth-repositories.js";
import { type RunQueueRepository, runQueueRepository } from "./run-queue-repository.js";
import { type UsageRepository, usageRepository } from "./usage-repository.js";
import { runMigrations } from "./migrations.js";
import type {
  AccountPatch,
  AccountRecord,
  AccountRepository,
  CursorRecord,
  CursorRepository,
  CursorSide,
  JsonObject,
  JsonValue,
  LinkRecord,
  LinkRepository,
  MigrationResult,
  NewAccount,
  RecordErrorRecord,
  RecordErrorRepository,
  RecordErrorStatus,
  RunRecord,
  RunRepository,
  RunStatus,
  StateRepository,
  Store,
  StoreRepositories,
} from "./port.js";
import type { SqlDriver, SqlExecutor, SqlValue } from "./sql.js";
import { StoreError } from "./store-error.js";

/** Options of {@link SqlStore}. */
export interface SqlStoreOptions {
  readonly driver: SqlDriver;
  /** Time source for created/updated timestamps. */
  readonly clock: Clock;
}

/** A {@link Store} over any {@link SqlDriver}. */
export class SqlStore implements Store {
  readonly dialect: "sqlite" | "postgres";
  readonly accounts: AccountRepository;
  readonly runs: RunRepository;
  readonly links: LinkRepository;
  readonly cursors: CursorRepository;
  readonly recordErrors: RecordErrorRepository;
  readonly state: StateRepository;
  readonly auth: AuthRepositories;
  readonly runQueue: RunQueueRepository;
  readonly usage: UsageRepository;
  readonly #driver: SqlDriver;
  readonly #now: () => string;
  #closed = false;

  constructor(options: SqlStoreOptions) {
    this.#driver = options.driver;
    this.dialect = options.driver.dialect.name;
    this.#now = () => new Date(options.clock.now()).toISOString();
    const repos = bindRepositories(this.#guarded(), this.#now);
    this.accounts = repos.accounts;
    this.runs = repos.runs;
    this.links = repos.links;
    this.cursors = repos.cursors;
    this.recordErrors = repos.recordErrors;
    this.state = repos.state;
    this.auth = repos.auth;
    this.runQueue = repos.runQueue;
    this.usage = repos.usage;
  }

  async migrate(): Promise<MigrationResult[]> {
    this.#assertOpen();
    return runMigrations(this.#driver, this.#now);
  }

  async withTransaction<T>(cb: (tx: StoreRepositories) => Promise<T>): Promise<T> {
    this.#assertOpen();
    try {
      return await this.#driver.transaction(async (tx) => cb(bindRepositories(wrapExecutor(tx, this.#driver), this.#now)));
    } catch (e) {
      throw this.#wrap(e);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#driver.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreError("CLOSED", "The store is closed.");
  }

  #guarded(): SqlExecutor {
    const inner = wrapExecutor(this.#driver, this.#driver);
    return {
      query: async (sql, params) => {
        this.#assertOpen();
        return inner.query(sql, params);
      },
      run: async (sql, params) => {
        this.#assertOpen();
        return inner.run(sql, params);
      },
    };
  }

  #wrap(e: unknown): unknown {
    return e instanceof StoreError || !isDriverError(e, this.#driver) ? e : toStoreError(e, this.#driver);
  }
}

function isDriverError(e: unknown, driver: SqlDriver): boolean {
  return driver.dialect.errorCode(e) !== undefined;
}

function toStoreError(e: unknown, driver: SqlDriver): StoreError {
  const code = driver.dialect.errorCode(e);
  const extra = code === undefined ? {} : { driverCode: code };
  if (driver.dialect.isUniqueViolation(e)) return new StoreError("CONFLICT", "A record with the same key already exists.", { cause: e, ...extra });
  if (driver.dialect.isRetryable(e)) return new StoreError("BUSY", `The database is busy (${code ?? "retryable"}); retry the operation.`, { cause: e, ...extra });
  return new StoreError("QUERY_FAILED", `Database error${code === undefined ? "" : ` ${code}`}: ${(e as Error).message}`, { cause: e, ...extra });
}

/** Maps driver errors to {@link StoreError}s at the executor boundary. */
function wrapExecutor(exec: SqlExecutor, driver: SqlDriver): SqlExecutor {
  return {
    query: async (sql, params) => {
      try {
        return await exec.query(sql, params);
      } catch (e) {
        throw e instanceof StoreError ? e : toStoreError(e, driver);
      }
    },
    run: async (sql, params) => {
      try {
        return await exec.run(sql, params);
      } catch (e) {
        throw e instanceof StoreError ? e : toStoreError(e, driver);
      }
    },
  };
}

function bindRepositories(db: SqlExecutor, now: () => string): StoreRepositories {
  return {
    accounts: accountRepository(db, now),
    runs: runRepository(db, now),
    links: linkRepository(db, now),
    cursors: cursorRepository(db, now),
    recordErrors: recordErrorRepository(db, now),
    state: stateRepository(db, now),
    auth: authRepositories(db, now),
    runQueue: runQueueRepository(db, now),
    usage: usageRepository(db, now),
  };
}

// ---------------------------------------------------------------------------------------------
// Row mapping helpers

function json(value: JsonValue | undefined): string {
  return JSON.stringify(value ?? {});
}

function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined) return fallback;
  return JSON.parse(text) as T;
}

function opt<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

async function one<R extends object>(db: SqlExecutor, sql: string, params: readonly SqlValue[]): Promise<R | undefined> {
  const rows = await db.query<R>(sql, params);
  return rows[0];
}

// ---------------------------------------------------------------------------------------------
// Accounts

interface AccountRow {
  id: string;
  name: string;
  platform_org_id: string;
  company_id: string;
  user_id: string;
  password_encrypted: string;
  entity_id: string;
  preferences: string;
  platform_username: string | null;
  platform_secret_encrypted: string | null;
  created_at: string;
  updated_at: string;
}

function toAccount(r: AccountRow): AccountRecord {
  return {
    id: r.id,
    name: r.name,
    platformOrgId: r.platform_org_id,
    companyId: r.company_id,
    userId: r.user_id,
    passwordEncrypted: r.password_encrypted,
    entityId: r.entity_id,
    preferences: parseJson<JsonObject>(r.preferences, {}),
    ...(r.platform_username === null ? {} : { platformUsername: r.platform_username }),
    ...(r.platform_secret_encrypted === null ? {} : { platformSecretEncrypted: r.platform_secret_encrypted }),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function accountRepository(db: SqlExecutor, now: () => string): AccountRepository {
  const get = async (id: string): Promise<AccountRecord | undefined> => {
    const row = await one<AccountRow>(db, "SELECT * FROM accounts WHERE id = ?", [id]);
    return row === undefined ? undefined : toAccount(row);
  };
  return {
    async create(a: NewAccount) {
      const at = now();
      try {
        await db.run(
          `INSERT INTO accounts (id, name, platform_org_id, company_id, user_id, password_encrypted, entity_id, preferences, platform_username, platform_secret_encrypted, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [a.id, a.name, a.platformOrgId, a.companyId, a.userId, a.passwordEncrypted, a.entityId, json(a.preferences), a.platformUsername ?? null, a.platformSecretEncrypted ?? null, at, at],
        );
      } catch (e) {
        if (e instanceof StoreError && e.code === "CONFLICT") {
          throw new StoreError("CONFLICT", `An account with id "${a.id}" or platform organization "${a.platformOrgId}" already exists.`, { cause: e });
        }
        throw e;
      }
      return { ...a, createdAt: at, updatedAt: at };
    },
    get,
    async list() {
      return (await db.query<AccountRow>("SELECT * FROM accounts ORDER BY id")).map(toAccount);
    },
    async update(id: string, patch: AccountPatch) {
      const current = await get(id);
      if (current === undefined) throw new StoreError("NOT_FOUND", `No account with id "${id}".`);
      const next: AccountRecord = { ...current, ...patch, id, updatedAt: now() };
      await db.run(
        `UPDATE accounts SET name = ?, platform_org_id = ?, company_id = ?, user_id = ?, password_encrypted = ?, entity_id = ?, preferences = ?, platform_username = ?, platform_secret_encrypted = ?, updated_at = ? WHERE id = ?`,
        [next.name, next.platformOrgId, next.companyId, next.userId, next.passwordEncrypted, next.entityId, json(next.preferences), next.platformUsername ?? null, next.platformSecretEncrypted ?? null, next.updatedAt, id],
      );
      return next;
    },
    async remove(id: string) {
      const { changes } = await db.run("DELETE FROM accounts WHERE id = ?", [id]);
      return changes > 0;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Runs

interface RunRow {
  id: string;
  account_id: string;
  kind: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  stats: string;
  error: string | null;
}

function toRun(r: RunRow): RunRecord {
  return {
    id: r.id,
    accountId: r.account_id,
    kind: r.kind,
    status: r.status as RunStatus,
    startedAt: r.started_at,
    ...opt("finishedAt", r.finished_at),
    stats: parseJson<JsonObject>(r.stats, {}),
    ...opt("error", parseJson<JsonObject | null>(r.error, null)),
  };
}

const FINAL_STATUSES: ReadonlySet<RunStatus> = new Set(["succeeded", "failed", "cancelled"]);

function runRepository(db: SqlExecutor, now: () => string): RunRepository {
  const get = async (id: string): Promise<RunRecord | undefined> => {
    const row = await one<RunRow>(db, "SELECT * FROM sync_runs WHERE id = ?", [id]);
    return row === undefined ? undefined : toRun(row);
  };
  return {
    async start(run) {
      const at = now();
      await db.run("INSERT INTO sync_runs (id, account_id, kind, status, started_at, stats) VALUES (?, ?, ?, ?, ?, ?)", [
        run.id,
        run.accountId,
        run.kind,
        run.status ?? "running",
        at,
        json(run.stats),
      ]);
      return { id: run.id, accountId: run.accountId, kind: run.kind, status: run.status ?? "running", startedAt: at, stats: run.stats ?? {} };
    },
    async update(id, patch) {
      const current = await get(id);
      if (current === undefined) throw new StoreError("NOT_FOUND", `No run with id "${id}".`);
      const status = patch.status ?? current.status;
      const finishedAt = FINAL_STATUSES.has(status) ? (current.finishedAt ?? now()) : undefined;
      const stats = patch.stats ?? current.stats;
      const error = patch.error ?? current.error;
      await db.run("UPDATE sync_runs SET status = ?, finished_at = ?, stats = ?, error = ? WHERE id = ?", [
        status,
        finishedAt ?? null,
        json(stats),
        error === undefined ? null : json(error),
        id,
      ]);
      return { ...current, status, stats, ...opt("finishedAt", finishedAt), ...opt("error", error) };
    },
    get,
    async list(accountId, options) {
      const limit = Math.max(1, Math.min(options?.limit ?? 100, 10_000));
      const rows = await db.query<RunRow>("SELECT * FROM sync_runs WHERE account_id = ? ORDER BY started_at DESC, id DESC LIMIT ?", [accountId, limit]);
      return rows.map(toRun);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Links

interface LinkRow {
  account_id: string;
  object: string;
  platform_id: string;
  intacct_key: string;
  intacct_id: string | null;
  version: string | null;
  data: string;
  updated_at: string;
}

function toLink(r: LinkRow): LinkRecord {
  return {
    accountId: r.account_id,
    object: r.object,
    platformId: r.platform_id,
    intacctKey: r.intacct_key,
    ...opt("intacctId", r.intacct_id),
    ...opt("version", r.version),
    data: parseJson<JsonObject>(r.data, {}),
    updatedAt: r.updated_at,
  };
}

function linkRepository(db: SqlExecutor, now: () => string): LinkRepository {
  return {
    async upsert(link) {
      const at = now();
      await db.run(
        `INSERT INTO record_links (account_id, object, platform_id, intacct_key, intacct_id, version, data, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (account_id, object, platform_id) DO UPDATE SET
           intacct_key = excluded.intacct_key, intacct_id = excluded.intacct_id, version = excluded.version,
           data = excluded.data, updated_at = excluded.updated_at`,
        [link.accountId, link.object, link.platformId, link.intacctKey, link.intacctId ?? null, link.version ?? null, json(link.data), at],
      );
      return { ...link, updatedAt: at };
    },
    async get(accountId, object, platformId) {
      const row = await one<LinkRow>(db, "SELECT * FROM record_links WHERE account_id = ? AND object = ? AND platform_id = ?", [accountId, object, platformId]);
      return row === undefined ? undefined : toLink(row);
    },
    async getByIntacctKey(accountId, object, intacctKey) {
      const row = await one<LinkRow>(db, "SELECT * FROM record_links WHERE account_id = ? AND object = ? AND intacct_key = ?", [accountId, object, intacctKey]);
      return row === undefined ? undefined : toLink(row);
    },
    async list(accountId, object) {
      return (await db.query<LinkRow>("SELECT * FROM record_links WHERE account_id = ? AND object = ? ORDER BY platform_id", [accountId, object])).map(toLink);
    },
    async remove(accountId, object, platformId) {
      const { changes } = await db.run("DELETE FROM record_links WHERE account_id = ? AND object = ? AND platform_id = ?", [accountId, object, platformId]);
      return changes > 0;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Cursors

interface CursorRow {
  account_id: string;
  side: string;
  object: string;
  value: string;
  updated_at: string;
}

function toCursor(r: CursorRow): CursorRecord {
  return { accountId: r.account_id, side: r.side as CursorSide, object: r.object, value: r.value, updatedAt: r.updated_at };
}

function cursorRepository(db: SqlExecutor, now: () => string): CursorRepository {
  return {
    async get(accountId, side, object) {
      const row = await one<CursorRow>(db, "SELECT * FROM sync_cursors WHERE account_id = ? AND side = ? AND object = ?", [accountId, side, object]);
      return row === undefined ? undefined : toCursor(row);
    },
    async set(accountId, side, object, value) {
      const at = now();
      await db.run(
        `INSERT INTO sync_cursors (account_id, side, object, value, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (account_id, side, object) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        [accountId, side, object, value, at],
      );
      return { accountId, side, object, value, updatedAt: at };
    },
    async list(accountId) {
      return (await db.query<CursorRow>("SELECT * FROM sync_cursors WHERE account_id = ? ORDER BY side, object", [accountId])).map(toCursor);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Record errors

interface RecordErrorRow {
  id: string;
  account_id: string;
  run_id: string | null;
  object: string;
  record_id: string;
  error_class: string;
  code: string;
  message: string;
  fix_actions: string;
  status: string;
  created_at: string;
  resolved_at: string | null;
  resolution: string | null;
}

function toRecordError(r: RecordErrorRow): RecordErrorRecord {
  return {
    id: r.id,
    accountId: r.account_id,
    ...opt("runId", r.run_id),
    object: r.object,
    recordId: r.record_id,
    errorClass: r.error_class,
    code: r.code,
    message: r.message,
    fixActions: parseJson<string[]>(r.fix_actions, []),
    status: r.status as RecordErrorStatus,
    createdAt: r.created_at,
    ...opt("resolvedAt", r.resolved_at),
    ...opt("resolution", r.resolution),
  };
}

function recordErrorRepository(db: SqlExecutor, now: () => string): RecordErrorRepository {
  const get = async (id: string): Promise<RecordErrorRecord | undefined> => {
    const row = await one<RecordErrorRow>(db, "SELECT * FROM record_errors WHERE id = ?", [id]);
    return row === undefined ? undefined : toRecordError(row);
  };
  return {
    async add(e) {
      const at = now();
      await db.run(
        `INSERT INTO record_errors (id, account_id, run_id, object, record_id, error_class, code, message, fix_actions, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
        [e.id, e.accountId, e.runId ?? null, e.object, e.recordId, e.errorClass, e.code, e.message, JSON.stringify(e.fixActions), at],
      );
      return { ...e, status: "open", createdAt: at };
    },
    get,
    async list(accountId, options) {
      const rows =
        options?.status === undefined
          ? await db.query<RecordErrorRow>("SELECT * FROM record_errors WHERE account_id = ? ORDER BY created_at, id", [accountId])
          : await db.query<RecordErrorRow>("SELECT * FROM record_errors WHERE account_id = ? AND status = ? ORDER BY created_at, id", [accountId, options.status]);
      return rows.map(toRecordError);
    },
    async resolve(id, status, resolution) {
      const at = now();
      const { changes } = await db.run("UPDATE record_errors SET status = ?, resolved_at = ?, resolution = ? WHERE id = ?", [status, at, resolution, id]);
      if (changes === 0) throw new StoreError("NOT_FOUND", `No record error with id "${id}".`);
      const updated = await get(id);
      if (updated === undefined) throw new StoreError("NOT_FOUND", `No record error with id "${id}".`);
      return updated;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Generic state

function stateRepository(db: SqlExecutor, now: () => string): StateRepository {
  return {
    async get(accountId, namespace, key) {
      const row = await one<{ value: string }>(db, "SELECT value FROM account_state WHERE account_id = ? AND namespace = ? AND key = ?", [accountId, namespace, key]);
      return row === undefined ? undefined : (JSON.parse(row.value) as JsonValue);
    },
    async put(accountId, namespace, key, value) {
      await db.run(
        `INSERT INTO account_state (account_id, namespace, key, value, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (account_id, namespace, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        [accountId, namespace, key, JSON.stringify(value), now()],
      );
    },
    async delete(accountId, namespace, key) {
      const { changes } = await db.run("DELETE FROM account_state WHERE account_id = ? AND namespace = ? AND key = ?", [accountId, namespace, key]);
      return changes > 0;
    },
    async list(accountId, namespace) {
      const rows = await db.query<{ key: string; value: string }>("SELECT key, value FROM account_state WHERE account_id = ? AND namespace = ? ORDER BY key", [accountId, namespace]);
      return rows.map((r) => ({ key: r.key, value: JSON.parse(r.value) as JsonValue }));
    },
  };
}
