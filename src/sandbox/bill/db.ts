/**
 * SQLite state of the BILL sandbox (better-sqlite3, synchronous): dev keys, organizations, users,
 * sessions and one `records` table holding every object as its JSON read shape. Lists filter and
 * sort with `json_extract`, so a page costs one indexed query whatever the list size.
 */
import Database from "better-sqlite3";

import { keysetCondition, type PageCursor, type SortKey } from "./query.js";

/** A stored record: BILL's JSON read shape. */
export type Rec = Record<string, unknown>;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS dev_keys (dev_key TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS orgs (id TEXT PRIMARY KEY, name TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
  org_id TEXT NOT NULL, id TEXT NOT NULL, username TEXT NOT NULL, password TEXT NOT NULL,
  kind TEXT NOT NULL,            -- 'user' | 'syncToken'
  can_pay INTEGER NOT NULL,      -- 1 when the user's role may pay
  mfa_id TEXT,                   -- rememberMeId that makes a login MFA-trusted; NULL = never trusted
  mfa_trusted INTEGER NOT NULL,  -- 1 = every login of this user is trusted (seed shortcut)
  PRIMARY KEY (org_id, username)
);
CREATE TABLE IF NOT EXISTS sessions (
  session_id TEXT PRIMARY KEY, org_id TEXT NOT NULL, user_id TEXT NOT NULL, dev_key TEXT NOT NULL,
  kind TEXT NOT NULL, trusted INTEGER NOT NULL,
  last_seen INTEGER NOT NULL     -- milliseconds since the epoch, sandbox clock
);
CREATE TABLE IF NOT EXISTS records (
  org_id TEXT NOT NULL, object TEXT NOT NULL, id TEXT NOT NULL,
  seq INTEGER NOT NULL,          -- insertion order: the default sort and the paging tie-breaker
  data TEXT NOT NULL,            -- JSON read shape, including id, archived, createdTime, updatedTime
  PRIMARY KEY (org_id, object, id)
);
CREATE INDEX IF NOT EXISTS records_by_seq ON records (org_id, object, seq);
CREATE TABLE IF NOT EXISTS documents (
  org_id TEXT NOT NULL, id TEXT NOT NULL,
  parent_kind TEXT NOT NULL,     -- 'bill' (v3/documents, 0du…) | 'invoice' (v3/attachments, att…)
  parent_id TEXT NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL,
  seq INTEGER NOT NULL, created_time TEXT NOT NULL,
  content BLOB NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX IF NOT EXISTS documents_by_parent ON documents (org_id, parent_kind, parent_id, seq);
`;

/** A stored document (bill document or invoice attachment). */
export interface DocumentRow {
  org_id: string;
  id: string;
  parent_kind: "bill" | "invoice";
  parent_id: string;
  name: string;
  size: number;
  seq: number;
  created_time: string;
  content: Buffer;
}

/** A typed prepared statement (`db.stmt<Params, Row>`), the Miniflare shape. */
export interface Stmt<P extends unknown[], R> {
  all(...params: P): R[];
  get(...params: P): R | undefined;
  run(...params: P): Database.RunResult;
}

/** A user row. */
export interface UserRow {
  org_id: string;
  id: string;
  username: string;
  password: string;
  kind: "user" | "syncToken";
  can_pay: number;
  mfa_id: string | null;
  mfa_trusted: number;
}

/** A session row. */
export interface SessionRow {
  session_id: string;
  org_id: string;
  user_id: string;
  dev_key: string;
  kind: "user" | "syncToken";
  trusted: number;
  last_seen: number;
}

/** Opens the database (`:memory:` or a file) and applies the schema. */
export function openBillSandboxDb(file: string): Database.Database {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(SCHEMA);
  return db;
}

/** All statements of the sandbox, prepared once. */
export class BillSandboxStore {
  readonly db: Database.Database;
  readonly #s;

  constructor(db: Database.Database) {
    this.db = db;
    const stmt = <P extends unknown[], R>(sql: string): Stmt<P, R> => db.prepare(sql) as unknown as Stmt<P, R>;
    this.#s = {
      metaGet: stmt<[string], { value: string }>("SELECT value FROM meta WHERE key = ?"),
      metaSet: stmt<[string, string], never>("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
      devKeyGet: stmt<[string], { name: string }>("SELECT name FROM dev_keys WHERE dev_key = ?"),
      devKeyPut: stmt<[string, string], never>("INSERT OR REPLACE INTO dev_keys (dev_key, name) VALUES (?, ?)"),
      devKeys: stmt<[], { dev_key: string; name: string }>("SELECT dev_key, name FROM dev_keys ORDER BY dev_key"),
      orgGet: stmt<[string], { id: string; name: string; data: string }>("SELECT id, name, data FROM orgs WHERE id = ?"),
      orgPut: stmt<[string, string, string], never>("INSERT OR REPLACE INTO orgs (id, name, data) VALUES (?, ?, ?)"),
      orgs: stmt<[], { id: string; name: string; data: string }>("SELECT id, name, data FROM orgs ORDER BY id"),
      userGet: stmt<[string, string], UserRow>("SELECT * FROM users WHERE org_id = ? AND username = ?"),
      userPut: stmt<[string, string, string, string, string, number, string | null, number], never>(
        "INSERT OR REPLACE INTO users (org_id, id, username, password, kind, can_pay, mfa_id, mfa_trusted) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      usersOf: stmt<[string], UserRow>("SELECT * FROM users WHERE org_id = ? ORDER BY username"),
      sessionGet: stmt<[string], SessionRow>("SELECT * FROM sessions WHERE session_id = ?"),
      sessionPut: stmt<[string, string, string, string, string, number, number], never>(
        "INSERT INTO sessions (session_id, org_id, user_id, dev_key, kind, trusted, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ),
      sessionTouch: stmt<[number, string], never>("UPDATE sessions SET last_seen = ? WHERE session_id = ?"),
      sessionDelete: stmt<[string], never>("DELETE FROM sessions WHERE session_id = ?"),
      sessionsExpireAll: stmt<[], never>("UPDATE sessions SET last_seen = 0"),
      sessionCount: stmt<[], { n: number }>("SELECT COUNT(*) AS n FROM sessions"),
      recGet: stmt<[string, string, string], { data: string }>("SELECT data FROM records WHERE org_id = ? AND object = ? AND id = ?"),
      recInsert: stmt<[string, string, string, number, string], never>("INSERT INTO records (org_id, object, id, seq, data) VALUES (?, ?, ?, ?, ?)"),
      recUpdate: stmt<[string, string, string, string], never>("UPDATE records SET data = ? WHERE org_id = ? AND object = ? AND id = ?"),
      recAll: stmt<[string, string], { data: string }>("SELECT data FROM records WHERE org_id = ? AND object = ? ORDER BY seq"),
      recMaxSeq: stmt<[], { m: number | null }>("SELECT MAX(seq) AS m FROM records"),
      docInsert: stmt<[string, string, string, string, string, number, number, string, Buffer], never>(
        "INSERT INTO documents (org_id, id, parent_kind, parent_id, name, size, seq, created_time, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      docGet: stmt<[string, string], DocumentRow>("SELECT * FROM documents WHERE org_id = ? AND id = ?"),
      docMaxSeq: stmt<[], { m: number | null }>("SELECT MAX(seq) AS m FROM documents"),
      docList: stmt<[string, string, string, number, number], Omit<DocumentRow, "content">>(
        "SELECT org_id, id, parent_kind, parent_id, name, size, seq, created_time FROM documents WHERE org_id = ? AND parent_kind = ? AND parent_id = ? ORDER BY seq LIMIT ? OFFSET ?",
      ),
    };
  }

  /** Runs `fn` in one SQLite transaction. */
  txn<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Next value of a named counter (persisted), starting at 1. */
  nextCounter(name: string): number {
    const cur = Number(this.#s.metaGet.get(`counter:${name}`)?.value ?? "0") + 1;
    this.#s.metaSet.run(`counter:${name}`, String(cur));
    return cur;
  }

  /** A new BILL-style id: `prefix` + 17 base-36 characters (deterministic sequence). */
  newId(prefix: string): string {
    const n = this.nextCounter("id");
    return `${prefix}${n.toString(36).toUpperCase().padStart(17, "0")}`;
  }

  devKeyName(devKey: string): string | undefined {
    return this.#s.devKeyGet.get(devKey)?.name;
  }
  putDevKey(devKey: string, name: string): void {
    this.#s.devKeyPut.run(devKey, name);
  }
  devKeys(): Array<{ devKey: string; name: string }> {
    return this.#s.devKeys.all().map((r) => ({ devKey: r.dev_key, name: r.name }));
  }

  org(id: string): { id: string; name: string; data: Rec } | undefined {
    const r = this.#s.orgGet.get(id);
    return r === undefined ? undefined : { id: r.id, name: r.name, data: JSON.parse(r.data) as Rec };
  }
  putOrg(id: string, name: string, data: Rec): void {
    this.#s.orgPut.run(id, name, JSON.stringify(data));
  }
  orgs(): Array<{ id: string; name: string; data: Rec }> {
    return this.#s.orgs.all().map((r) => ({ id: r.id, name: r.name, data: JSON.parse(r.data) as Rec }));
  }

  user(orgId: string, username: string): UserRow | undefined {
    return this.#s.userGet.get(orgId, username);
  }
  putUser(u: UserRow): void {
    this.#s.userPut.run(u.org_id, u.id, u.username, u.password, u.kind, u.can_pay, u.mfa_id, u.mfa_trusted);
  }
  usersOf(orgId: string): UserRow[] {
    return this.#s.usersOf.all(orgId);
  }

  session(id: string): SessionRow | undefined {
    return this.#s.sessionGet.get(id);
  }
  putSession(s: SessionRow): void {
    this.#s.sessionPut.run(s.session_id, s.org_id, s.user_id, s.dev_key, s.kind, s.trusted, s.last_seen);
  }
  touchSession(id: string, now: number): void {
    this.#s.sessionTouch.run(now, id);
  }
  deleteSession(id: string): void {
    this.#s.sessionDelete.run(id);
  }
  expireAllSessions(): void {
    this.#s.sessionsExpireAll.run();
  }
  sessionCount(): number {
    return this.#s.sessionCount.get()?.n ?? 0;
  }

  get(orgId: string, object: string, id: string): Rec | undefined {
    const r = this.#s.recGet.get(orgId, object, id);
    return r === undefined ? undefined : (JSON.parse(r.data) as Rec);
  }
  insert(orgId: string, object: string, record: Rec): void {
    const seq = (this.#s.recMaxSeq.get()?.m ?? 0) + 1;
    this.#s.recInsert.run(orgId, object, String(record["id"]), seq, JSON.stringify(record));
  }
  update(orgId: string, object: string, record: Rec): void {
    this.#s.recUpdate.run(JSON.stringify(record), orgId, object, String(record["id"]));
  }
  all(orgId: string, object: string): Rec[] {
    return this.#s.recAll.all(orgId, object).map((r) => JSON.parse(r.data) as Rec);
  }

  /** Runs a list query built by `query.ts` (`where`/`order` are built from whitelisted fields only). */
  query(orgId: string, object: string, where: { sql: string; params: unknown[] }, order: string, limit: number, offset: number): Rec[] {
    const sql = `SELECT data FROM records WHERE org_id = ? AND object = ?${where.sql === "" ? "" : ` AND ${where.sql}`} ORDER BY ${order === "" ? "" : `${order}, `}seq LIMIT ? OFFSET ?`;
    const rows = this.db.prepare(sql).all(orgId, object, ...where.params, limit, offset) as Array<{ data: string }>;
    return rows.map((r) => JSON.parse(r.data) as Rec);
  }

  /**
   * One page of a list: rows matching `where`, strictly after `after`, ordered by `keys` then
   * insertion sequence. Returns each row's sort values and sequence for the next page token.
   * (`where`, `keys` are built from whitelisted fields only; values are bound.)
   */
  queryPage(orgId: string, object: string, where: { sql: string; params: unknown[] }, keys: readonly SortKey[], after: PageCursor | undefined, limit: number): Array<{ record: Rec; values: unknown[]; seq: number }> {
    const conds = ["org_id = ?", "object = ?"];
    const params: unknown[] = [orgId, object];
    if (where.sql !== "") {
      conds.push(where.sql);
      params.push(...where.params);
    }
    if (after !== undefined) {
      const k = keysetCondition(keys, after);
      conds.push(k.sql);
      params.push(...k.params);
    }
    const cols = keys.map((k, i) => `, ${k.expr} AS k${i}`).join("");
    const order = [...keys.map((k, i) => `k${i} ${k.desc ? "DESC" : "ASC"}`), "seq ASC"].join(", ");
    const rows = this.db.prepare(`SELECT data, seq${cols} FROM records WHERE ${conds.join(" AND ")} ORDER BY ${order} LIMIT ?`).all(...params, limit) as Array<Record<string, unknown>>;
    return rows.map((r) => ({ record: JSON.parse(String(r["data"])) as Rec, seq: Number(r["seq"]), values: keys.map((_, i) => r[`k${i}`]) }));
  }

  /** Stores a document (its bytes and metadata). */
  insertDocument(d: Omit<DocumentRow, "seq">): DocumentRow {
    const seq = (this.#s.docMaxSeq.get()?.m ?? 0) + 1;
    this.#s.docInsert.run(d.org_id, d.id, d.parent_kind, d.parent_id, d.name, d.size, seq, d.created_time, d.content);
    return { ...d, seq };
  }
  /** One document with its bytes. */
  document(orgId: string, id: string): DocumentRow | undefined {
    return this.#s.docGet.get(orgId, id);
  }
  /** A page of a parent's documents (without bytes), oldest first. */
  documentsOf(orgId: string, kind: "bill" | "invoice", parentId: string, limit: number, offset: number): Array<Omit<DocumentRow, "content">> {
    return this.#s.docList.all(orgId, kind, parentId, limit, offset);
  }

  /** Deletes everything (admin reset). */
  wipe(): void {
    this.db.exec("DELETE FROM documents; DELETE FROM records; DELETE FROM sessions; DELETE FROM users; DELETE FROM orgs; DELETE FROM dev_keys; DELETE FROM meta;");
  }
}
