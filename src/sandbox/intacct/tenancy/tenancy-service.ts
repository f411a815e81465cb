/**
 * The tenancy service: what an Intacct administrator does in Company > Web Services Users,
 * Subscriptions, Roles and Web Services authorizations (the setup guide's steps), as library
 * calls. The sandbox console and the admin API call it; the seed loader builds companies with it.
 *
 * @example
 * const { temporaryPassword } = sandbox.tenancy.addWebServicesUser({
 *   companyId: "ACME", userId: "XML_Bill.com", firstName: "Bill", lastName: "Sync",
 *   email: "ap@example.com", userType: "business", admin: "Full",
 * });
 * sandbox.tenancy.setUserPermissions({ companyId: "ACME", userId: "XML_Bill.com", permissions: { "*": "all" } });
 */
import type Database from "better-sqlite3";

import type { Clock } from "../../../domain/clock.js";
import { SandboxError } from "../sandbox-error.js";
import {
  type AdminLevel,
  effectiveRights,
  expandPermissionSpec,
  type Grant,
  type PermissionSpec,
  PermissionSpecError,
  type RightsMap,
  rightsToGrants,
} from "./effective-rights.js";
import { hashPassword, temporaryPassword } from "./passwords.js";
import { type ApplicationDefinition, PERMISSION_CATALOG } from "./permission-catalog.js";
import type { CompanyRow, EntityRow, OutboxMessage, RoleRow, TenancyStore, UserRow, UserStatus } from "./tenancy-store.js";
import { normalizeAdmin, normalizeUserType } from "./user-labels.js";

/** A user with its entity restrictions and roles. */
export interface UserView extends UserRow {
  /** Entities the user is restricted to; empty = unrestricted. */
  readonly entityIds: readonly string[];
  /** Roles assigned directly (role-based companies). */
  readonly roles: readonly string[];
}

/** A role with its grants and users. */
export interface RoleView extends RoleRow {
  readonly grants: readonly Grant[];
  readonly users: readonly string[];
}

/** Input of {@link TenancyService.addWebServicesUser} (the fields of Company > Web Services Users > Add). */
export interface AddWebServicesUserInput {
  readonly companyId: string;
  /** User ID, e.g. `XML_Bill.com`. */
  readonly userId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  /** `business`, `business user`, `employee`, … (see `user-labels.ts`). */
  readonly userType: string;
  /** `Full`, `Limited` or `Off`. */
  readonly admin: string;
}

/** Result of {@link TenancyService.addWebServicesUser}. */
export interface AddedUser {
  readonly user: UserView;
  /** The temporary password, also in the e-mail. */
  readonly temporaryPassword: string;
  /** The e-mail put in the outbox. */
  readonly email: OutboxMessage;
}

/** Fields {@link TenancyService.updateUser} can change. */
export interface UserUpdate {
  readonly firstName?: string;
  readonly lastName?: string;
  readonly email?: string;
  readonly userType?: string;
  readonly admin?: string;
  readonly status?: UserStatus;
  readonly webServicesOnly?: boolean;
  readonly topLevelAccess?: boolean;
  /** Replaces the entity restrictions (empty = unrestricted). */
  readonly entityIds?: readonly string[];
}

/** The tenancy service (see the module comment). */
export class TenancyService {
  readonly #store: TenancyStore;
  readonly #clock: Clock;
  readonly #db: Database.Database;

  constructor(deps: { readonly store: TenancyStore; readonly clock: Clock; readonly db: Database.Database }) {
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#db = deps.db;
  }

  /** The applications, policies and rights a permission screen offers. */
  permissionCatalog(): readonly ApplicationDefinition[] {
    return PERMISSION_CATALOG;
  }

  listCompanies(): CompanyRow[] {
    return this.#store.listCompanies();
  }

  /** @throws {SandboxError} `NOT_FOUND` */
  getCompany(companyId: string): CompanyRow {
    return this.#store.getCompany(companyId) ?? notFound(`company '${companyId}'`);
  }

  /** Entities (Company > Entities) with their IDs. */
  listEntities(companyId: string): EntityRow[] {
    this.getCompany(companyId);
    return this.#store.listEntities(companyId);
  }

  listUsers(companyId: string): UserView[] {
    const c = this.getCompany(companyId);
    return this.#store.listUsers(c.companyId).map((u) => this.#view(u));
  }

  /** @throws {SandboxError} `NOT_FOUND` */
  getUser(companyId: string, userId: string): UserView {
    const c = this.getCompany(companyId);
    const u = this.#store.getUser(c.companyId, userId) ?? notFound(`user '${userId}' in company '${c.companyId}'`);
    return this.#view(u);
  }

  /**
   * Company > Web Services Users > Add: creates an active web services only user at the top level
   * (unrestricted) with a temporary password, and puts the welcome e-mail in the outbox.
   *
   * @throws {SandboxError} `CONFLICT` when the user exists, `INVALID_ARGUMENT` for a bad field.
   */
  addWebServicesUser(input: AddWebServicesUserInput): AddedUser {
    const c = this.getCompany(input.companyId);
    const userId = input.userId.trim();
    if (userId === "") invalid("User ID is required");
    if (input.firstName.trim() === "" || input.lastName.trim() === "") invalid("First name and last name are required");
    if (!/^[^\s@]+@[^\s@]+$/.test(input.email.trim())) invalid(`'${input.email}' is not a valid e-mail address`);
    const userType = normalizeUserType(input.userType) ?? invalid(`Unknown user type '${input.userType}'`);
    const admin = normalizeAdmin(input.admin) ?? invalid(`Unknown admin privileges '${input.admin}' (use Full, Limited or Off)`);
    if (this.#store.getUser(c.companyId, userId)) throw new SandboxError("CONFLICT", `User '${userId}' already exists in company '${c.companyId}'`);
    const password = temporaryPassword();
    const now = this.#clock.now();
    return this.#db.transaction(() => {
      const row = this.#store.insertUser({
        companyId: c.companyId, loginId: userId, firstName: input.firstName.trim(), lastName: input.lastName.trim(), email: input.email.trim(),
        userType, admin, status: "active", webServicesOnly: true, topLevelAccess: true, password: hashPassword(password), now,
      });
      const email = this.#store.addOutbox(c.companyId, row.email, "Your new Sage Intacct Web Services user", welcomeBody(c.companyId, row, password), now);
      return { user: this.#view(row), temporaryPassword: password, email };
    })();
  }

  /** Edits a user (and its entity restrictions). @throws {SandboxError} */
  updateUser(companyId: string, userId: string, update: UserUpdate): UserView {
    const u = this.getUser(companyId, userId);
    const patch: { -readonly [K in keyof UserRow]?: UserRow[K] } = {};
    if (update.firstName !== undefined) patch.firstName = update.firstName;
    if (update.lastName !== undefined) patch.lastName = update.lastName;
    if (update.email !== undefined) patch.email = update.email;
    if (update.userType !== undefined) patch.userType = normalizeUserType(update.userType) ?? invalid(`Unknown user type '${update.userType}'`);
    if (update.admin !== undefined) patch.admin = normalizeAdmin(update.admin) ?? invalid(`Unknown admin privileges '${update.admin}'`);
    if (update.status !== undefined) patch.status = update.status;
    if (update.webServicesOnly !== undefined) patch.webServicesOnly = update.webServicesOnly;
    if (update.topLevelAccess !== undefined) patch.topLevelAccess = update.topLevelAccess;
    this.#db.transaction(() => {
      this.#store.updateUser(u.companyId, u.loginId, patch, this.#clock.now());
      if (update.entityIds !== undefined) {
        for (const e of update.entityIds) if (!this.#store.getEntity(u.companyId, e)) notFound(`entity '${e}' in company '${u.companyId}'`);
        this.#store.setUserEntities(u.companyId, u.loginId, update.entityIds);
      }
    })();
    return this.getUser(u.companyId, u.loginId);
  }

  /** Sets a user's password (what an admin reset does; Web Services passwords never expire). */
  setUserPassword(companyId: string, userId: string, password: string): void {
    const u = this.getUser(companyId, userId);
    this.#store.setUserPassword(u.companyId, u.loginId, hashPassword(password), this.#clock.now());
  }

  /** The user's own grants (its Subscriptions; used in user-based companies). */
  getUserGrants(companyId: string, userId: string): Grant[] {
    const u = this.getUser(companyId, userId);
    return this.#store.grantsOf(u.companyId, "user", u.loginId);
  }

  /**
   * Company > Web Services Users > user > Subscriptions: replaces the user's own permissions.
   *
   * @example
   * tenancy.setUserPermissions({ companyId, userId, permissions: { "*": "all" } }); // All incl. Reports
   */
  setUserPermissions(input: { readonly companyId: string; readonly userId: string; readonly permissions: PermissionSpec }): Grant[] {
    const u = this.getUser(input.companyId, input.userId);
    const grants = expand(input.permissions);
    this.#store.setGrants(u.companyId, "user", u.loginId, grants);
    return grants;
  }

  /** Effective rights of a user under its company's permission model (what getUserPermissions returns). */
  effectiveRights(companyId: string, userId: string): RightsMap {
    const c = this.getCompany(companyId);
    const u = this.#store.getUser(c.companyId, userId) ?? notFound(`user '${userId}' in company '${c.companyId}'`);
    const grants = c.permissionModel === "user"
      ? this.#store.grantsOf(c.companyId, "user", u.loginId)
      : this.#store.rolesOfUser(c.companyId, u.loginId).flatMap((r) => this.#store.grantsOf(c.companyId, "role", r));
    return effectiveRights({ userType: u.userType, admin: u.admin }, grants);
  }

  /** {@link effectiveRights} as rows. */
  effectivePermissions(companyId: string, userId: string): Grant[] {
    return rightsToGrants(this.effectiveRights(companyId, userId));
  }

  listRoles(companyId: string): RoleView[] {
    const c = this.getCompany(companyId);
    return this.#store.listRoles(c.companyId).map((r) => this.#roleView(r));
  }

  getRole(companyId: string, roleName: string): RoleView {
    const c = this.getCompany(companyId);
    const r = this.#store.getRole(c.companyId, roleName) ?? notFound(`role '${roleName}' in company '${c.companyId}'`);
    return this.#roleView(r);
  }

  /** Company > Roles > Add (optionally with its permissions). @throws {SandboxError} `CONFLICT` */
  addRole(input: { readonly companyId: string; readonly name: string; readonly description?: string; readonly permissions?: PermissionSpec }): RoleView {
    const c = this.getCompany(input.companyId);
    const name = input.name.trim();
    if (name === "") invalid("Role name is required");
    if (this.#store.getRole(c.companyId, name)) throw new SandboxError("CONFLICT", `Role '${name}' already exists in company '${c.companyId}'`);
    const grants = input.permissions ? expand(input.permissions) : [];
    this.#db.transaction(() => {
      this.#store.insertRole(c.companyId, name, input.description ?? "");
      this.#store.setGrants(c.companyId, "role", name, grants);
    })();
    return this.getRole(c.companyId, name);
  }

  /** Replaces a role's permissions. */
  setRolePermissions(input: { readonly companyId: string; readonly roleName: string; readonly permissions: PermissionSpec }): Grant[] {
    const r = this.getRole(input.companyId, input.roleName);
    const grants = expand(input.permissions);
    this.#store.setGrants(r.companyId, "role", r.name, grants);
    return grants;
  }

  /** Web Services Users > Edit > Roles information: assigns a role to a user. */
  assignRole(input: { readonly companyId: string; readonly userId: string; readonly roleName: string }): void {
    const u = this.getUser(input.companyId, input.userId);
    const r = this.getRole(u.companyId, input.roleName);
    this.#store.assignRole(u.companyId, u.loginId, r.name);
  }

  /** Removes a role from a user. */
  unassignRole(input: { readonly companyId: string; readonly userId: string; readonly roleName: string }): void {
    const u = this.getUser(input.companyId, input.userId);
    this.#store.unassignRole(u.companyId, u.loginId, input.roleName);
  }

  /** Company > Setup > Company > Security > Web Services authorizations. */
  listSenderAuthorizations(companyId: string): string[] {
    const c = this.getCompany(companyId);
    return this.#store.listAuthorizations(c.companyId);
  }

  /** Authorizes a sender ID for a company (the sender must exist in the sandbox). */
  addSenderAuthorization(input: { readonly companyId: string; readonly senderId: string }): void {
    const c = this.getCompany(input.companyId);
    if (!this.#store.getSenderHash(input.senderId)) notFound(`sender '${input.senderId}'`);
    this.#store.addAuthorization(c.companyId, input.senderId);
  }

  removeSenderAuthorization(input: { readonly companyId: string; readonly senderId: string }): void {
    const c = this.getCompany(input.companyId);
    this.#store.removeAuthorization(c.companyId, input.senderId);
  }

  /** E-mails the sandbox "sent" (newest last), for one company or all. */
  listOutbox(companyId?: string): OutboxMessage[] {
    return this.#store.listOutbox(companyId);
  }

  #view(u: UserRow): UserView {
    return { ...u, entityIds: this.#store.userEntities(u.companyId, u.loginId), roles: this.#store.rolesOfUser(u.companyId, u.loginId) };
  }

  #roleView(r: RoleRow): RoleView {
    return { ...r, grants: this.#store.grantsOf(r.companyId, "role", r.name), users: this.#store.usersOfRole(r.companyId, r.name) };
  }
}

function expand(spec: PermissionSpec): Grant[] {
  try {
    return expandPermissionSpec(spec);
  } catch (e) {
    if (e instanceof PermissionSpecError) throw new SandboxError("INVALID_ARGUMENT", e.message, { cause: e });
    throw e;
  }
}

function notFound(what: string): never {
  throw new SandboxError("NOT_FOUND", `No ${what}`);
}

function invalid(message: string): never {
  throw new SandboxError("INVALID_ARGUMENT", message);
}

function welcomeBody(companyId: string, user: UserRow, password: string): string {
  return [
    `Hello ${user.firstName} ${user.lastName},`,
    "",
    `A Sage Intacct Web Services user was created for you in company ${companyId}.`,
    "",
    `Company ID: ${companyId}`,
    `User ID: ${user.loginId}`,
    `Temporary password: ${password}`,
    "",
    "Web Services users cannot sign in to the Sage Intacct UI; use these credentials in your integration's Sage Intacct Login Info.",
    "",
    "(Sent by the intacct-sync Intacct sandbox: nothing left this machine.)",
  ].join("\n");
}

export type { AdminLevel };
