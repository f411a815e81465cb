/**
 * Typed statements over the tenancy tables (Miniflare's "typed SQLite statements"). Synchronous,
 * on the connection both halves share; callers own transactions.
 */
import type Database from "better-sqlite3";

import type { AdminLevel, Grant } from "./effective-rights.js";
import type { PasswordHash } from "./passwords.js";
import { TENANCY_SCHEMA, TENANCY_TABLES } from "./tenancy-schema.js";

/** Permission model of a company (A2). */
export type PermissionModel = "user" | "role";

/** A company row. */
export interface CompanyRow {
  readonly companyId: string;
  readonly name: string;
  readonly permissionModel: PermissionModel;
  readonly multiEntity: boolean;
  readonly sessionDurationMs: number;
  readonly concurrencyLimit: number | null;
}

/** An entity (LOCATIONENTITY) row. */
export interface EntityRow {
  readonly companyId: string;
  readonly entityId: string;
  readonly recordNo: number;
  readonly name: string;
  readonly currency: string;
  readonly firstFiscalMonth: number;
  readonly weekStart: number;
  readonly status: "active" | "inactive";
}

/** User status labels (Q1). */
export type UserStatus = "active" | "inactive" | "lockedout";

/** A user (USERINFO) row, without the password hash. */
export interface UserRow {
  readonly companyId: string;
  readonly loginId: string;
  readonly recordNo: number;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  /** USERTYPE label, e.g. `business user`. */
  readonly userType: string;
  readonly admin: AdminLevel;
  readonly status: UserStatus;
  /** LOGINDISABLED: a web services only user. */
  readonly webServicesOnly: boolean;
  /** With entity restrictions: may the user still work at the top level. */
  readonly topLevelAccess: boolean;
  readonly whenCreated: number;
  readonly whenModified: number;
}

/** A role row. */
export interface RoleRow {
  readonly companyId: string;
  readonly name: string;
  readonly recordNo: number;
  readonly description: string;
}

/** A session row. */
export interface SessionRow {
  readonly sessionId: string;
  readonly companyId: string;
  readonly loginId: string;
  readonly entityId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** An e-mail in the sandbox outbox. */
export interface OutboxMessage {
  readonly id: number;
  readonly companyId: string;
  readonly to: string;
  readonly subject: string;
  readonly body: string;
  readonly createdAt: number;
}

interface RawCompany { company_id: string; name: string; permission_model: PermissionModel; multi_entity: number; session_duration_ms: number; concurrency_limit: number | null }
interface RawEntity { company_id: string; entity_id: string; recordno: number; name: string; currency: string; first_fiscal_month: number; week_start: number; status: "active" | "inactive" }
interface RawUser {
  company_id: string; loginid: string; recordno: number; first_name: string; last_name: string; email: string; user_type: string;
  admin: AdminLevel; status: UserStatus; login_disabled: number; top_level_access: number; when_created: number; when_modified: number;
}
interface RawRole { company_id: string; name: string; recordno: number; description: string }
interface RawSession { session_id: string; company_id: string; loginid: string; entity_id: string; created_at: number; expires_at: number }
interface RawOutbox { id: number; company_id: string; to_addr: string; subject: string; body: string; created_at: number }

const USER_COLS = "company_id, loginid, recordno, first_name, last_name, email, user_type, admin, status, login_disabled, top_level_access, when_created, when_modified";

const toCompany = (r: RawCompany): CompanyRow => ({
  companyId: r.company_id, name: r.name, permissionModel: r.permission_model, multiEntity: r.multi_entity === 1,
  sessionDurationMs: r.session_duration_ms, concurrencyLimit: r.concurrency_limit,
});
const toEntity = (r: RawEntity): EntityRow => ({
  companyId: r.company_id, entityId: r.entity_id, recordNo: r.recordno, name: r.name, currency: r.currency,
  firstFiscalMonth: r.first_fiscal_month, weekStart: r.week_start, status: r.status,
});
const toUser = (r: RawUser): UserRow => ({
  companyId: r.company_id, loginId: r.loginid, recordNo: r.recordno, firstName: r.first_name, lastName: r.last_name, email: r.email,
  userType: r.user_type, admin: r.admin, status: r.status, webServicesOnly: r.login_disabled === 1, topLevelAccess: r.top_level_access === 1,
  whenCreated: r.when_created, whenModified: r.when_modified,
});
const toRole = (r: RawRole): RoleRow => ({ companyId: r.company_id, name: r.name, recordNo: r.recordno, description: r.description });
const toSession = (r: RawSession): SessionRow => ({
  sessionId: r.session_id, companyId: r.company_id, loginId: r.loginid, entityId: r.entity_id, createdAt: r.created_at, expiresAt: r.expires_at,
});
const toOutbox = (r: RawOutbox): OutboxMessage => ({ id: r.id, companyId: r.company_id, to: r.to_addr, subject: r.subject, body: r.body, createdAt: r.created_at });

/** New user fields. */
export interface NewUser extends Omit<UserRow, "recordNo" | "whenCreated" | "whenModified"> {
  readonly password: PasswordHash;
  readonly now: number;
}

/** Editable user fields. */
export type UserPatch = Partial<Pick<UserRow, "firstName" | "lastName" | "email" | "userType" | "admin" | "status" | "webServicesOnly" | "topLevelAccess">>;

/** The tenancy store. */
export class TenancyStore {
  readonly #db: Database.Database;
  readonly #s;

  constructor(db: Database.Database) {
    this.#db = db;
    db.exec(TENANCY_SCHEMA);
    this.#s = {
      company: db.prepare<[string], RawCompany>("SELECT * FROM tenancy_company WHERE company_id = ?"),
      companies: db.prepare<[], RawCompany>("SELECT * FROM tenancy_company ORDER BY company_id"),
      insertCompany: db.prepare<[string, string, PermissionModel, number, number, number | null]>(
        "INSERT INTO tenancy_company (company_id, name, permission_model, multi_entity, session_duration_ms, concurrency_limit) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      nextRecordNo: db.prepare<[string], { n: number }>("UPDATE tenancy_company SET next_recordno = next_recordno + 1 WHERE company_id = ? RETURNING next_recordno - 1 AS n"),
      setConcurrency: db.prepare<[number | null, string]>("UPDATE tenancy_company SET concurrency_limit = ? WHERE company_id = ?"),
      entities: db.prepare<[string], RawEntity>("SELECT * FROM tenancy_entity WHERE company_id = ? ORDER BY recordno"),
      entity: db.prepare<[string, string], RawEntity>("SELECT * FROM tenancy_entity WHERE company_id = ? AND entity_id = ?"),
      insertEntity: db.prepare<[string, string, number, string, string, number, number, string]>(
        "INSERT INTO tenancy_entity (company_id, entity_id, recordno, name, currency, first_fiscal_month, week_start, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      sender: db.prepare<[string], { sender_id: string; password_hash: string; salt: string }>("SELECT * FROM tenancy_sender WHERE sender_id = ?"),
      senders: db.prepare<[], { sender_id: string }>("SELECT sender_id FROM tenancy_sender ORDER BY sender_id"),
      upsertSender: db.prepare<[string, string, string]>(
        "INSERT INTO tenancy_sender (sender_id, password_hash, salt) VALUES (?, ?, ?) ON CONFLICT (sender_id) DO UPDATE SET password_hash = excluded.password_hash, salt = excluded.salt",
      ),
      authorized: db.prepare<[string, string], { n: number }>("SELECT 1 AS n FROM tenancy_authorization WHERE company_id = ? AND sender_id = ?"),
      authorizations: db.prepare<[string], { sender_id: string }>("SELECT sender_id FROM tenancy_authorization WHERE company_id = ? ORDER BY sender_id"),
      addAuthorization: db.prepare<[string, string]>("INSERT OR IGNORE INTO tenancy_authorization (company_id, sender_id) VALUES (?, ?)"),
      removeAuthorization: db.prepare<[string, string]>("DELETE FROM tenancy_authorization WHERE company_id = ? AND sender_id = ?"),
      user: db.prepare<[string, string], RawUser>(`SELECT ${USER_COLS} FROM tenancy_user WHERE company_id = ? AND loginid = ?`),
      users: db.prepare<[string], RawUser>(`SELECT ${USER_COLS} FROM tenancy_user WHERE company_id = ? ORDER BY recordno`),
      userPassword: db.prepare<[string, string], { password_hash: string; salt: string }>("SELECT password_hash, salt FROM tenancy_user WHERE company_id = ? AND loginid = ?"),
      insertUser: db.prepare(
        `INSERT INTO tenancy_user (${USER_COLS}, password_hash, salt) VALUES (@company_id, @loginid, @recordno, @first_name, @last_name, @email, @user_type, @admin, @status, @login_disabled, @top_level_access, @now, @now, @password_hash, @salt)`,
      ),
      updateUser: db.prepare(
        `UPDATE tenancy_user SET first_name = @first_name, last_name = @last_name, email = @email, user_type = @user_type, admin = @admin, status = @status,
           login_disabled = @login_disabled, top_level_access = @top_level_access, when_modified = @now WHERE company_id = @company_id AND loginid = @loginid`,
      ),
      setPassword: db.prepare<[string, string, number, string, string]>("UPDATE tenancy_user SET password_hash = ?, salt = ?, when_modified = ? WHERE company_id = ? AND loginid = ?"),
      userEntities: db.prepare<[string, string], { entity_id: string }>("SELECT entity_id FROM tenancy_user_entity WHERE company_id = ? AND loginid = ? ORDER BY entity_id"),
      clearUserEntities: db.prepare<[string, string]>("DELETE FROM tenancy_user_entity WHERE company_id = ? AND loginid = ?"),
      addUserEntity: db.prepare<[string, string, string]>("INSERT OR IGNORE INTO tenancy_user_entity (company_id, loginid, entity_id) VALUES (?, ?, ?)"),
      roles: db.prepare<[string], RawRole>("SELECT * FROM tenancy_role WHERE company_id = ? ORDER BY recordno"),
      role: db.prepare<[string, string], RawRole>("SELECT * FROM tenancy_role WHERE company_id = ? AND name = ?"),
      insertRole: db.prepare<[string, string, number, string]>("INSERT INTO tenancy_role (company_id, name, recordno, description) VALUES (?, ?, ?, ?)"),
      rolesOfUser: db.prepare<[string, string], { role_name: string }>("SELECT role_name FROM tenancy_role_assignment WHERE company_id = ? AND loginid = ? ORDER BY role_name"),
      usersOfRole: db.prepare<[string, string], { loginid: string }>("SELECT loginid FROM tenancy_role_assignment WHERE company_id = ? AND role_name = ? ORDER BY loginid"),
      assignments: db.prepare<[string], { loginid: string; role_name: string }>("SELECT loginid, role_name FROM tenancy_role_assignment WHERE company_id = ? ORDER BY loginid, role_name"),
      assign: db.prepare<[string, string, string]>("INSERT OR IGNORE INTO tenancy_role_assignment (company_id, loginid, role_name) VALUES (?, ?, ?)"),
      unassign: db.prepare<[string, string, string]>("DELETE FROM tenancy_role_assignment WHERE company_id = ? AND loginid = ? AND role_name = ?"),
      grants: db.prepare<[string, string, string], { application: string; policy: string; rights: string }>(
        "SELECT application, policy, rights FROM tenancy_grant WHERE company_id = ? AND holder_kind = ? AND holder = ? ORDER BY rowid",
      ),
      clearGrants: db.prepare<[string, string, string]>("DELETE FROM tenancy_grant WHERE company_id = ? AND holder_kind = ? AND holder = ?"),
      insertGrant: db.prepare<[string, string, string, string, string, string]>(
        "INSERT OR REPLACE INTO tenancy_grant (company_id, holder_kind, holder, application, policy, rights) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      session: db.prepare<[string], RawSession>("SELECT * FROM tenancy_session WHERE session_id = ?"),
      insertSession: db.prepare<[string, string, string, string, number, number]>(
        "INSERT INTO tenancy_session (session_id, company_id, loginid, entity_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      touchSession: db.prepare<[number, string]>("UPDATE tenancy_session SET expires_at = ? WHERE session_id = ?"),
      expireSessions: db.prepare<[{ now: number }]>("UPDATE tenancy_session SET expires_at = @now WHERE expires_at > @now"),
      expireCompanySessions: db.prepare<[{ now: number; company: string }]>("UPDATE tenancy_session SET expires_at = @now WHERE expires_at > @now AND company_id = @company"),
      purgeSessions: db.prepare<[number]>("DELETE FROM tenancy_session WHERE expires_at < ?"),
      controlIdDone: db.prepare<[string, string], { n: number }>("SELECT 1 AS n FROM gateway_control_id WHERE company_id = ? AND control_id = ?"),
      recordControlId: db.prepare<[string, string, number]>("INSERT OR IGNORE INTO gateway_control_id (company_id, control_id, completed_at) VALUES (?, ?, ?)"),
      insertOutbox: db.prepare<[string, string, string, string, number]>("INSERT INTO tenancy_outbox (company_id, to_addr, subject, body, created_at) VALUES (?, ?, ?, ?, ?)"),
      outbox: db.prepare<[], RawOutbox>("SELECT * FROM tenancy_outbox ORDER BY id"),
      companyOutbox: db.prepare<[string], RawOutbox>("SELECT * FROM tenancy_outbox WHERE company_id = ? COLLATE NOCASE ORDER BY id"),
    };
  }

  /** Deletes every tenancy row. */
  reset(): void {
    for (const t of TENANCY_TABLES) this.#db.prepare(`DELETE FROM ${t}`).run();
  }

  getCompany(companyId: string): CompanyRow | undefined {
    const r = this.#s.company.get(companyId);
    return r && toCompany(r);
  }
  listCompanies(): CompanyRow[] {
    return this.#s.companies.all().map(toCompany);
  }
  insertCompany(c: Omit<CompanyRow, "concurrencyLimit"> & { readonly concurrencyLimit?: number | null }): void {
    this.#s.insertCompany.run(c.companyId, c.name, c.permissionModel, c.multiEntity ? 1 : 0, c.sessionDurationMs, c.concurrencyLimit ?? null);
  }
  /** Allocates the next RECORDNO for a tenancy record (users, roles, entities) of the company. */
  nextRecordNo(companyId: string): number {
    const r = this.#s.nextRecordNo.get(companyId);
    if (!r) throw new Error(`company ${companyId} does not exist`);
    return r.n;
  }
  setConcurrencyLimit(companyId: string, limit: number | null): void {
    this.#s.setConcurrency.run(limit, companyId);
  }

  listEntities(companyId: string): EntityRow[] {
    return this.#s.entities.all(companyId).map(toEntity);
  }
  getEntity(companyId: string, entityId: string): EntityRow | undefined {
    const r = this.#s.entity.get(companyId, entityId);
    return r && toEntity(r);
  }
  insertEntity(e: EntityRow): void {
    this.#s.insertEntity.run(e.companyId, e.entityId, e.recordNo, e.name, e.currency, e.firstFiscalMonth, e.weekStart, e.status);
  }

  getSenderHash(senderId: string): PasswordHash | undefined {
    const r = this.#s.sender.get(senderId);
    return r && { hash: r.password_hash, salt: r.salt };
  }
  listSenders(): string[] {
    return this.#s.senders.all().map((r) => r.sender_id);
  }
  upsertSender(senderId: string, password: PasswordHash): void {
    this.#s.upsertSender.run(senderId, password.hash, password.salt);
  }
  isAuthorized(companyId: string, senderId: string): boolean {
    return this.#s.authorized.get(companyId, senderId) !== undefined;
  }
  listAuthorizations(companyId: string): string[] {
    return this.#s.authorizations.all(companyId).map((r) => r.sender_id);
  }
  addAuthorization(companyId: string, senderId: string): void {
    this.#s.addAuthorization.run(companyId, senderId);
  }
  removeAuthorization(companyId: string, senderId: string): void {
    this.#s.removeAuthorization.run(companyId, senderId);
  }

  getUser(companyId: string, loginId: string): UserRow | undefined {
    const r = this.#s.user.get(companyId, loginId);
    return r && toUser(r);
  }
  listUsers(companyId: string): UserRow[] {
    return this.#s.users.all(companyId).map(toUser);
  }
  getUserPasswordHash(companyId: string, loginId: string): PasswordHash | undefined {
    const r = this.#s.userPassword.get(companyId, loginId);
    return r && { hash: r.password_hash, salt: r.salt };
  }
  insertUser(u: NewUser): UserRow {
    const recordno = this.nextRecordNo(u.companyId);
    this.#s.insertUser.run({
      company_id: u.companyId, loginid: u.loginId, recordno, first_name: u.firstName, last_name: u.lastName, email: u.email,
      user_type: u.userType, admin: u.admin, status: u.status, login_disabled: u.webServicesOnly ? 1 : 0,
      top_level_access: u.topLevelAccess ? 1 : 0, now: u.now, password_hash: u.password.hash, salt: u.password.salt,
    });
    const row = this.getUser(u.companyId, u.loginId);
    if (!row) throw new Error("user insert failed");
    return row;
  }
  updateUser(companyId: string, loginId: string, patch: UserPatch, now: number): UserRow | undefined {
    const cur = this.getUser(companyId, loginId);
    if (!cur) return undefined;
    const next = { ...cur, ...patch };
    this.#s.updateUser.run({
      company_id: cur.companyId, loginid: cur.loginId, first_name: next.firstName, last_name: next.lastName, email: next.email,
      user_type: next.userType, admin: next.admin, status: next.status, login_disabled: next.webServicesOnly ? 1 : 0,
      top_level_access: next.topLevelAccess ? 1 : 0, now,
    });
    return this.getUser(companyId, loginId);
  }
  setUserPassword(companyId: string, loginId: string, password: PasswordHash, now: number): void {
    this.#s.setPassword.run(password.hash, password.salt, now, companyId, loginId);
  }
  /** Entity restrictions of a user; empty = unrestricted. */
  userEntities(companyId: string, loginId: string): string[] {
    return this.#s.userEntities.all(companyId, loginId).map((r) => r.entity_id);
  }
  setUserEntities(companyId: string, loginId: string, entityIds: readonly string[]): void {
    this.#s.clearUserEntities.run(companyId, loginId);
    for (const e of entityIds) this.#s.addUserEntity.run(companyId, loginId, e);
  }

  listRoles(companyId: string): RoleRow[] {
    return this.#s.roles.all(companyId).map(toRole);
  }
  getRole(companyId: string, name: string): RoleRow | undefined {
    const r = this.#s.role.get(companyId, name);
    return r && toRole(r);
  }
  insertRole(companyId: string, name: string, description: string): RoleRow {
    const recordNo = this.nextRecordNo(companyId);
    this.#s.insertRole.run(companyId, name, recordNo, description);
    return { companyId, name, recordNo, description };
  }
  rolesOfUser(companyId: string, loginId: string): string[] {
    return this.#s.rolesOfUser.all(companyId, loginId).map((r) => r.role_name);
  }
  usersOfRole(companyId: string, roleName: string): string[] {
    return this.#s.usersOfRole.all(companyId, roleName).map((r) => r.loginid);
  }
  listAssignments(companyId: string): Array<{ loginId: string; roleName: string }> {
    return this.#s.assignments.all(companyId).map((r) => ({ loginId: r.loginid, roleName: r.role_name }));
  }
  assignRole(companyId: string, loginId: string, roleName: string): void {
    this.#s.assign.run(companyId, loginId, roleName);
  }
  unassignRole(companyId: string, loginId: string, roleName: string): void {
    this.#s.unassign.run(companyId, loginId, roleName);
  }

  grantsOf(companyId: string, kind: "user" | "role", holder: string): Grant[] {
    return this.#s.grants.all(companyId, kind, holder).map((r) => ({ application: r.application, policy: r.policy, rights: r.rights.split("|") }));
  }
  /** Replaces all grants of a holder. */
  setGrants(companyId: string, kind: "user" | "role", holder: string, grants: readonly Grant[]): void {
    this.#s.clearGrants.run(companyId, kind, holder);
    for (const g of grants) this.#s.insertGrant.run(companyId, kind, holder, g.application, g.policy, g.rights.join("|"));
  }

  getSession(sessionId: string): SessionRow | undefined {
    const r = this.#s.session.get(sessionId);
    return r && toSession(r);
  }
  insertSession(s: SessionRow): void {
    this.#s.insertSession.run(s.sessionId, s.companyId, s.loginId, s.entityId, s.createdAt, s.expiresAt);
  }
  touchSession(sessionId: string, expiresAt: number): void {
    this.#s.touchSession.run(expiresAt, sessionId);
  }
  /** Makes every live session (of one company, or all) expire at `now`. Returns how many. */
  expireSessions(now: number, companyId?: string): number {
    return (companyId === undefined ? this.#s.expireSessions.run({ now }) : this.#s.expireCompanySessions.run({ now, company: companyId })).changes;
  }
  /** Deletes sessions that expired before `before`. */
  purgeSessions(before: number): void {
    this.#s.purgeSessions.run(before);
  }

  isControlIdDone(companyId: string, controlId: string): boolean {
    return this.#s.controlIdDone.get(companyId, controlId) !== undefined;
  }
  recordControlId(companyId: string, controlId: string, now: number): void {
    this.#s.recordControlId.run(companyId, controlId, now);
  }

  addOutbox(companyId: string, to: string, subject: string, body: string, now: number): OutboxMessage {
    const r = this.#s.insertOutbox.run(companyId, to, subject, body, now);
    return { id: Number(r.lastInsertRowid), companyId, to, subject, body, createdAt: now };
  }
  listOutbox(companyId?: string): OutboxMessage[] {
    return (companyId === undefined ? this.#s.outbox.all() : this.#s.companyOutbox.all(companyId)).map(toOutbox);
  }
}
