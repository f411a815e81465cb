/**
 * Who may use the service: people (users with a role), the accounts granted to them, their API
 * tokens and their browser sessions (migration 3). Only hashes are stored: a password as its
 * scrypt hash, an API token and a session id as their SHA-256 (the service's `http/auth` makes and
 * checks them); nothing here can be turned back into a secret.
 *
 * Written once in portable SQL over {@link SqlExecutor}, like `sql-store.ts`.
 */
import type { SqlExecutor, SqlValue } from "./sql.js";
import { StoreError } from "./store-error.js";

/** A user's role: admins see and manage everything; members see only the accounts granted to them. */
export type UserRole = "admin" | "member";

/** A person who signs in to the service. */
export interface UserRecord {
  readonly id: string;
  /** Unique sign-in name. */
  readonly username: string;
  /** Encoded password hash (e.g. `scrypt$N$r$p$salt$hash`), never the password. */
  readonly passwordHash: string;
  readonly role: UserRole;
  readonly createdAt: string;
}

/** Users. */
export interface UserRepository {
  /** Inserts; `CONFLICT` when the id or the username is taken. */
  create(user: Omit<UserRecord, "createdAt">): Promise<UserRecord>;
  get(id: string): Promise<UserRecord | undefined>;
  getByUsername(username: string): Promise<UserRecord | undefined>;
  /** All users, ordered by username. */
  list(): Promise<UserRecord[]>;
  count(): Promise<number>;
  /** Changes the password hash and/or role; `NOT_FOUND` when missing. */
  update(id: string, patch: { readonly passwordHash?: string; readonly role?: UserRole }): Promise<UserRecord>;
  /** Deletes the user with its grants, tokens and sessions; false when it did not exist. */
  remove(id: string): Promise<boolean>;
}

/** Which accounts a member may see. */
export interface AccountGrantRepository {
  /** Grants; false when the grant already existed. `NOT_FOUND` when the user or the account does not exist. */
  grant(userId: string, accountId: string): Promise<boolean>;
  /** Revokes; false when there was no grant. */
  revoke(userId: string, accountId: string): Promise<boolean>;
  has(userId: string, accountId: string): Promise<boolean>;
  /** Account ids granted to a user, ordered. */
  listAccounts(userId: string): Promise<string[]>;
  /** User ids holding a grant on an account, ordered. */
  listUsers(accountId: string): Promise<string[]>;
}

/** An API token (the token itself is shown once and never stored). */
export interface ApiTokenRecord {
  readonly id: string;
  readonly userId: string;
  /** What the owner called it. */
  readonly name: string;
  /** SHA-256 of the token, hex. */
  readonly tokenHash: string;
  /** The first characters of the token, so a person can tell tokens apart. */
  readonly prefix: string;
  readonly createdAt: string;
  readonly lastUsedAt?: string;
  readonly revokedAt?: string;
}

/** API tokens. */
export interface ApiTokenRepository {
  /** Inserts; `CONFLICT` when the id or hash exists. */
  create(token: Omit<ApiTokenRecord, "createdAt" | "lastUsedAt" | "revokedAt">): Promise<ApiTokenRecord>;
  get(id: string): Promise<ApiTokenRecord | undefined>;
  /** The token with this hash (revoked ones included: the caller checks `revokedAt`). */
  getByHash(tokenHash: string): Promise<ApiTokenRecord | undefined>;
  /** A user's tokens, newest first. */
  list(userId: string): Promise<ApiTokenRecord[]>;
  /** Stamps `lastUsedAt` = now. */
  touch(id: string): Promise<void>;
  /** Stamps `revokedAt` = now; false when missing or already revoked. */
  revoke(id: string): Promise<boolean>;
}

/** A signed-in browser session. */
export interface WebSessionRecord {
  /** SHA-256 of the session id held in the cookie, hex. */
  readonly idHash: string;
  readonly userId: string;
  /** Secret the session's CSRF tokens derive from. */
  readonly csrfSecret: string;
  readonly createdAt: string;
  /** ISO-8601 UTC. */
  readonly expiresAt: string;
}

/** Browser sessions. */
export interface WebSessionRepository {
  create(session: Omit<WebSessionRecord, "createdAt">): Promise<WebSessionRecord>;
  get(idHash: string): Promise<WebSessionRecord | undefined>;
  /** Ends one session; false when missing. */
  remove(idHash: string): Promise<boolean>;
  /** Ends every session of a user (password change, user removed); returns how many. */
  removeForUser(userId: string): Promise<number>;
  /** Deletes sessions whose `expiresAt` is before `before` (ISO); returns how many. */
  removeExpired(before: string): Promise<number>;
}

/** The sign-in repositories (`store.auth`). */
export interface AuthRepositories {
  readonly users: UserRepository;
  readonly grants: AccountGrantRepository;
  readonly apiTokens: ApiTokenRepository;
  readonly webSessions: WebSessionRepository;
}

/** Binds the sign-in repositories to an executor (a connection or a transaction). */
export function authRepositories(db: SqlExecutor, now: () => string): AuthRepositories {
  return { users: userRepository(db, now), grants: grantRepository(db, now), apiTokens: apiTokenRepository(db, now), webSessions: webSessionRepository(db, now) };
}

async function one<R extends object>(db: SqlExecutor, sql: string, params: readonly SqlValue[]): Promise<R | undefined> {
  const rows = await db.query<R>(sql, params);
  return rows[0];
}

function opt<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function isConflict(e: unknown): boolean {
  return e instanceof StoreError && e.code === "CONFLICT";
}

// ---------------------------------------------------------------------------------------------
// Users

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: string;
  created_at: string;
}

function toUser(r: UserRow): UserRecord {
  return { id: r.id, username: r.username, passwordHash: r.password_hash, role: r.role === "admin" ? "admin" : "member", createdAt: r.created_at };
}

function userRepository(db: SqlExecutor, now: () => string): UserRepository {
  const get = async (id: string): Promise<UserRecord | undefined> => {
    const row = await one<UserRow>(db, "SELECT * FROM users WHERE id = ?", [id]);
    return row === undefined ? undefined : toUser(row);
  };
  return {
    async create(u) {
      const at = now();
      try {
        await db.run("INSERT INTO users (id, username, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)", [u.id, u.username, u.passwordHash, u.role, at]);
      } catch (e) {
        if (isConflict(e)) throw new StoreError("CONFLICT", `A user named "${u.username}" already exists.`, { cause: e });
        throw e;
      }
      return { ...u, createdAt: at };
    },
    get,
    async getByUsername(username) {
      const row = await one<UserRow>(db, "SELECT * FROM users WHERE username = ?", [username]);
      return row === undefined ? undefined : toUser(row);
    },
    async list() {
      return (await db.query<UserRow>("SELECT * FROM users ORDER BY username")).map(toUser);
    },
    async count() {
      const row = await one<{ n: number | string }>(db, "SELECT COUNT(*) AS n FROM users", []);
      return Number(row?.n ?? 0);
    },
    async update(id, patch) {
      const current = await get(id);
      if (current === undefined) throw new StoreError("NOT_FOUND", `No user with id "${id}".`);
      const next: UserRecord = { ...current, ...patch };
      await db.run("UPDATE users SET password_hash = ?, role = ? WHERE id = ?", [next.passwordHash, next.role, id]);
      return next;
    },
    async remove(id) {
      const { changes } = await db.run("DELETE FROM users WHERE id = ?", [id]);
      return changes > 0;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Grants

function grantRepository(db: SqlExecutor, now: () => string): AccountGrantRepository {
  const has = async (userId: string, accountId: string): Promise<boolean> =>
    (await one<{ user_id: string }>(db, "SELECT user_id FROM account_grants WHERE user_id = ? AND account_id = ?", [userId, accountId])) !== undefined;
  return {
    async grant(userId, accountId) {
      if (await has(userId, accountId)) return false;
      const user = await one<{ id: string }>(db, "SELECT id FROM users WHERE id = ?", [userId]);
      if (user === undefined) throw new StoreError("NOT_FOUND", `No user with id "${userId}".`);
      const account = await one<{ id: string }>(db, "SELECT id FROM accounts WHERE id = ?", [accountId]);
      if (account === undefined) throw new StoreError("NOT_FOUND", `No account with id "${accountId}".`);
      try {
        await db.run("INSERT INTO account_grants (user_id, account_id, created_at) VALUES (?, ?, ?)", [userId, accountId, now()]);
      } catch (e) {
        if (isConflict(e)) return false;
        throw e;
      }
      return true;
    },
    async revoke(userId, accountId) {
      const { changes } = await db.run("DELETE FROM account_grants WHERE user_id = ? AND account_id = ?", [userId, accountId]);
      return changes > 0;
    },
    has,
    async listAccounts(userId) {
      return (await db.query<{ account_id: string }>("SELECT account_id FROM account_grants WHERE user_id = ? ORDER BY account_id", [userId])).map((r) => r.account_id);
    },
    async listUsers(accountId) {
      return (await db.query<{ user_id: string }>("SELECT user_id FROM account_grants WHERE account_id = ? ORDER BY user_id", [accountId])).map((r) => r.user_id);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// API tokens

interface ApiTokenRow {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

function toToken(r: ApiTokenRow): ApiTokenRecord {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    tokenHash: r.token_hash,
    prefix: r.prefix,
    createdAt: r.created_at,
    ...opt("lastUsedAt", r.last_used_at),
    ...opt("revokedAt", r.revoked_at),
  };
}

function apiTokenRepository(db: SqlExecutor, now: () => string): ApiTokenRepository {
  return {
    async create(t) {
      const at = now();
      try {
        await db.run("INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?, ?)", [t.id, t.userId, t.name, t.tokenHash, t.prefix, at]);
      } catch (e) {
        if (isConflict(e)) throw new StoreError("CONFLICT", `An API token with id "${t.id}" already exists.`, { cause: e });
        throw e;
      }
      return { ...t, createdAt: at };
    },
    async get(id) {
      const row = await one<ApiTokenRow>(db, "SELECT * FROM api_tokens WHERE id = ?", [id]);
      return row === undefined ? undefined : toToken(row);
    },
    async getByHash(tokenHash) {
      const row = await one<ApiTokenRow>(db, "SELECT * FROM api_tokens WHERE token_hash = ?", [tokenHash]);
      return row === undefined ? undefined : toToken(row);
    },
    async list(userId) {
      return (await db.query<ApiTokenRow>("SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC", [userId])).map(toToken);
    },
    async touch(id) {
      await db.run("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", [now(), id]);
    },
    async revoke(id) {
      const { changes } = await db.run("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [now(), id]);
      return changes > 0;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Web sessions

interface WebSessionRow {
  id_hash: string;
  user_id: string;
  csrf_secret: string;
  created_at: string;
  expires_at: string;
}

function toSession(r: WebSessionRow): WebSessionRecord {
  return { idHash: r.id_hash, userId: r.user_id, csrfSecret: r.csrf_secret, createdAt: r.created_at, expiresAt: r.expires_at };
}

function webSessionRepository(db: SqlExecutor, now: () => string): WebSessionRepository {
  return {
    async create(s) {
      const at = now();
      await db.run("INSERT INTO web_sessions (id_hash, user_id, csrf_secret, created_at, expires_at) VALUES (?, ?, ?, ?, ?)", [s.idHash, s.userId, s.csrfSecret, at, s.expiresAt]);
      return { ...s, createdAt: at };
    },
    async get(idHash) {
      const row = await one<WebSessionRow>(db, "SELECT * FROM web_sessions WHERE id_hash = ?", [idHash]);
      return row === undefined ? undefined : toSession(row);
    },
    async remove(idHash) {
      const { changes } = await db.run("DELETE FROM web_sessions WHERE id_hash = ?", [idHash]);
      return changes > 0;
    },
    async removeForUser(userId) {
      return (await db.run("DELETE FROM web_sessions WHERE user_id = ?", [userId])).changes;
    },
    async removeExpired(before) {
      return (await db.run("DELETE FROM web_sessions WHERE expires_at < ?", [before])).changes;
    },
  };
}
