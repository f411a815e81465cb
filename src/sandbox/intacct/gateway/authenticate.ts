/**
 * Authentication level of the gateway (`intacct-xml-api.md` §2.4, §3.3, A2, A3): login or
 * session, sender authorization for the company, user status, entity access, sliding sessions.
 * Pure over the tenancy store: no HTTP here.
 */
import { createHash, randomBytes } from "node:crypto";

import type { IntacctErrorDetail, RequestAuthentication, ResponseAuthentication } from "../../../intacct/xml/index.js";
import { verifyPassword } from "../tenancy/passwords.js";
import type { CompanyRow, TenancyStore, UserRow } from "../tenancy/tenancy-store.js";
import { GatewayErrors } from "./intacct-errors.js";

/**
 * What to do when a user restricted to exactly one entity, without top-level access, signs in
 * without a `locationid` (A3, UNCONFIRMED): `enter-entity` puts the session in that entity (what
 * Sage's help says the UI does), `fail` answers "Sign-in information is incorrect".
 */
export type RestrictedTopLevelLogin = "enter-entity" | "fail";

/** Who is calling, once authenticated. */
export interface Principal {
  readonly company: CompanyRow;
  readonly user: UserRow;
  /** `""` at the top level. */
  readonly entityId: string;
  /** Present with session authentication. */
  readonly sessionId?: string;
  /** Opaque key binding readMore result sets (session id hash, or login identity). */
  readonly sessionKey: string;
  /** The sender ID of the request. */
  readonly senderId: string;
}

/** Outcome of authentication. */
export type AuthOutcome =
  | { readonly ok: true; readonly principal: Principal; readonly block: ResponseAuthentication }
  | { readonly ok: false; readonly block: ResponseAuthentication; readonly errors: readonly IntacctErrorDetail[] };

/** Options of {@link authenticate}. */
export interface AuthenticateOptions {
  readonly store: TenancyStore;
  readonly now: number;
  readonly senderId: string;
  readonly restrictedTopLevelLogin: RestrictedTopLevelLogin;
}

/** ISO-8601 with offset, seconds precision (`2024-05-02T09:15:40+00:00`, §3.3). */
export function isoWithOffset(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "+00:00");
}

/** A new session id: random, ending in `..` like every Sage sample (§4.1). */
export function newSessionId(): string {
  return `${randomBytes(24).toString("base64url")}..`;
}

/** The readMore binding key of a session (a hash, so the session id itself is not stored twice). */
export function sessionKeyOf(sessionId: string): string {
  return `s:${createHash("sha256").update(sessionId).digest("hex").slice(0, 32)}`;
}

/** Authenticates the operation. */
export function authenticate(auth: RequestAuthentication, opts: AuthenticateOptions): AuthOutcome {
  return auth.kind === "login" ? login(auth, opts) : session(auth.sessionId, opts);
}

function failure(userId: string, companyId: string, error: IntacctErrorDetail, withLocation = false): AuthOutcome {
  return { ok: false, block: { status: "failure", userId, companyId, ...(withLocation ? { locationId: "" } : {}) }, errors: [error] };
}

function login(auth: Extract<RequestAuthentication, { kind: "login" }>, opts: AuthenticateOptions): AuthOutcome {
  const { store, now } = opts;
  // Legacy entity slide-in spelling `company|entity` (A3, S29 issue 135).
  let companyIdSent = auth.companyId;
  let locationId = auth.locationId ?? "";
  const pipe = companyIdSent.split("|");
  if (pipe.length === 2 && pipe[0] !== undefined && pipe[1] !== undefined && locationId === "") {
    companyIdSent = pipe[0];
    locationId = pipe[1];
  }
  if (auth.clientId !== undefined && auth.clientId !== "") return failure(auth.userId, auth.companyId, GatewayErrors.signInIncorrect(), true);
  const company = store.getCompany(companyIdSent);
  if (!company) return failure(auth.userId, auth.companyId, GatewayErrors.signInIncorrect(), true);
  if (!store.isAuthorized(company.companyId, opts.senderId)) {
    return failure(auth.userId, auth.companyId, GatewayErrors.senderNotAuthorized(opts.senderId, auth.companyId));
  }
  const user = store.getUser(company.companyId, auth.userId);
  const hash = user && store.getUserPasswordHash(company.companyId, user.loginId);
  if (!user || !hash || !verifyPassword(auth.password, hash) || user.status !== "active") {
    return failure(auth.userId, auth.companyId, GatewayErrors.signInIncorrect(), true);
  }
  const entity = resolveEntity(store, company, user, locationId, opts.restrictedTopLevelLogin);
  if (entity === undefined) return failure(auth.userId, auth.companyId, GatewayErrors.signInIncorrect(), true);
  const expiresAt = now + company.sessionDurationMs;
  return {
    ok: true,
    principal: { company, user, entityId: entity, sessionKey: `l:${company.companyId.toUpperCase()}:${user.loginId.toLowerCase()}:${entity}`, senderId: opts.senderId },
    block: successBlock(user, company, entity, now, expiresAt),
  };
}

function session(sessionId: string, opts: AuthenticateOptions): AuthOutcome {
  const { store, now } = opts;
  const row = sessionId === "" ? undefined : store.getSession(sessionId);
  const company = row && store.getCompany(row.companyId);
  const user = row && company && store.getUser(company.companyId, row.loginId);
  if (!row || !company || !user || row.expiresAt <= now || user.status !== "active") return failure("", "", GatewayErrors.invalidSession());
  if (!store.isAuthorized(company.companyId, opts.senderId)) {
    return failure(user.loginId, company.companyId, GatewayErrors.senderNotAuthorized(opts.senderId, company.companyId));
  }
  const expiresAt = now + company.sessionDurationMs;
  store.touchSession(row.sessionId, expiresAt);
  return {
    ok: true,
    principal: { company, user, entityId: row.entityId, sessionId: row.sessionId, sessionKey: sessionKeyOf(row.sessionId), senderId: opts.senderId },
    block: successBlock(user, company, row.entityId, now, expiresAt),
  };
}

function successBlock(user: UserRow, company: CompanyRow, entityId: string, now: number, expiresAt: number): ResponseAuthentication {
  return {
    status: "success",
    userId: user.loginId,
    companyId: company.companyId,
    locationId: entityId,
    sessionTimestamp: isoWithOffset(now),
    sessionTimeout: isoWithOffset(expiresAt),
  };
}

/**
 * The entity a user lands in for a requested `locationid` (`""` = top level), or undefined when
 * the user may not go there: unknown or inactive entity, a single-entity company, an entity
 * outside the user's restrictions, or the top level for a restricted user without top-level
 * access (A3; see {@link RestrictedTopLevelLogin}).
 */
export function resolveEntity(store: TenancyStore, company: CompanyRow, user: UserRow, requested: string, restricted: RestrictedTopLevelLogin): string | undefined {
  const allowed = store.userEntities(company.companyId, user.loginId);
  if (requested === "") {
    if (allowed.length === 0 || user.topLevelAccess) return "";
    const only = allowed[0];
    if (allowed.length === 1 && only !== undefined && restricted === "enter-entity") return only;
    return undefined;
  }
  if (!company.multiEntity) return undefined;
  const entity = store.getEntity(company.companyId, requested);
  if (!entity || entity.status !== "active") return undefined;
  if (allowed.length > 0 && !allowed.includes(entity.entityId)) return undefined;
  return entity.entityId;
}
