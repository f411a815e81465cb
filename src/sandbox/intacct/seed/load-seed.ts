/**
 * Validates and loads a seed document into a sandbox: tenancy rows through the store, records
 * through the objects half's `seedRecords`. All or nothing: one SQLite transaction.
 */
import { readFileSync } from "node:fs";

import type Database from "better-sqlite3";

import type { IntacctRecord } from "../../../intacct/xml/index.js";
import type { ObjectsModule } from "../contracts.js";
import { SandboxError } from "../sandbox-error.js";
import { expandPermissionSpec, PermissionSpecError } from "../tenancy/effective-rights.js";
import { hashPassword } from "../tenancy/passwords.js";
import type { TenancyStore } from "../tenancy/tenancy-store.js";
import { normalizeAdmin, normalizeUserType } from "../tenancy/user-labels.js";
import { IntacctSandboxLimits } from "../limits.js";
import { type SeedCompany, type SeedDocument, seedRecords, seedSchema } from "./seed-schema.js";

/**
 * Validates a seed. @throws {SandboxError} `SEED_INVALID` naming every problem with its path.
 *
 * @example
 * parseSeed({ senders: [{ senderId: "s", password: "p" }], companies: [] });
 */
export function parseSeed(input: unknown): SeedDocument {
  const parsed = seedSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join(".") : "(root)"}: ${i.message}`);
    throw new SandboxError("SEED_INVALID", `Invalid Intacct sandbox seed:\n  ${problems.join("\n  ")}`);
  }
  return parsed.data;
}

/** Reads and validates a seed file (JSON). @throws {SandboxError} `SEED_INVALID` */
export function readSeedFile(path: string): SeedDocument {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new SandboxError("SEED_INVALID", `Cannot read seed file ${path}: ${(e as Error).message}`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SandboxError("SEED_INVALID", `Seed file ${path} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  return parseSeed(json);
}

/** What loading needs. */
export interface SeedTarget {
  readonly db: Database.Database;
  readonly store: TenancyStore;
  readonly objects: ObjectsModule;
  readonly now: number;
}

/** Loads a validated seed. @throws {SandboxError} `SEED_INVALID` / `CONFLICT` (nothing is loaded then). */
export function loadSeed(target: SeedTarget, seed: SeedDocument): void {
  target.db.transaction(() => {
    for (const s of seed.senders) target.store.upsertSender(s.senderId, hashPassword(s.password));
    for (const c of seed.companies) loadCompany(target, c);
  })();
}

function invalid(message: string): never {
  throw new SandboxError("SEED_INVALID", `Invalid Intacct sandbox seed: ${message}`);
}

function loadCompany(t: SeedTarget, c: SeedCompany): void {
  const { store, now } = t;
  const where = `company ${c.companyId}`;
  if (store.getCompany(c.companyId)) throw new SandboxError("CONFLICT", `Company '${c.companyId}' already exists in the sandbox (reset first)`);
  const multiEntity = c.multiEntity ?? c.entities.length > 0;
  if (!multiEntity && c.entities.length > 0) invalid(`${where}: entities listed but multiEntity is false`);
  store.insertCompany({
    companyId: c.companyId,
    name: c.name ?? c.companyId,
    permissionModel: c.permissionModel,
    multiEntity,
    sessionDurationMs: c.sessionDurationMinutes !== undefined ? c.sessionDurationMinutes * 60_000 : IntacctSandboxLimits.sessionDurationMs,
    concurrencyLimit: c.concurrencyLimit ?? null,
  });
  const entityIds = new Set<string>();
  for (const e of c.entities) {
    if (entityIds.has(e.entityId)) invalid(`${where}: duplicate entity ${e.entityId}`);
    entityIds.add(e.entityId);
    store.insertEntity({
      companyId: c.companyId, entityId: e.entityId, recordNo: store.nextRecordNo(c.companyId), name: e.name, currency: e.currency,
      firstFiscalMonth: e.firstFiscalMonth, weekStart: e.weekStart, status: e.status,
    });
  }
  for (const s of c.authorizedSenders) {
    if (!store.getSenderHash(s)) invalid(`${where}: authorizedSenders names unknown sender ${s}`);
    store.addAuthorization(c.companyId, s);
  }
  const grants = (spec: Parameters<typeof expandPermissionSpec>[0], what: string): ReturnType<typeof expandPermissionSpec> => {
    try {
      return expandPermissionSpec(spec);
    } catch (e) {
      if (e instanceof PermissionSpecError) invalid(`${where}, ${what}: ${e.message}`);
      throw e;
    }
  };
  const roles = new Set<string>();
  for (const r of c.roles) {
    if (roles.has(r.name)) invalid(`${where}: duplicate role ${r.name}`);
    roles.add(r.name);
    store.insertRole(c.companyId, r.name, r.description);
    store.setGrants(c.companyId, "role", r.name, grants(r.permissions, `role ${r.name}`));
  }
  const users = new Set<string>();
  for (const u of c.users) {
    const key = u.userId.toLowerCase();
    if (users.has(key)) invalid(`${where}: duplicate user ${u.userId}`);
    users.add(key);
    const userType = normalizeUserType(u.userType) ?? invalid(`${where}, user ${u.userId}: unknown userType '${u.userType}'`);
    const admin = normalizeAdmin(u.admin) ?? invalid(`${where}, user ${u.userId}: unknown admin '${u.admin}' (Full, Limited or Off)`);
    for (const e of u.entityIds) if (!entityIds.has(e)) invalid(`${where}, user ${u.userId}: unknown entity ${e}`);
    store.insertUser({
      companyId: c.companyId, loginId: u.userId, firstName: u.firstName, lastName: u.lastName, email: u.email, userType, admin, status: u.status,
      webServicesOnly: u.webServicesOnly, topLevelAccess: u.topLevelAccess ?? u.entityIds.length === 0, password: hashPassword(u.password), now,
    });
    store.setUserEntities(c.companyId, u.userId, u.entityIds);
    if (u.permissions) store.setGrants(c.companyId, "user", u.userId, grants(u.permissions, `user ${u.userId}`));
    for (const r of u.roles) {
      if (!roles.has(r)) invalid(`${where}, user ${u.userId}: unknown role ${r}`);
      store.assignRole(c.companyId, u.userId, r);
    }
  }
  const closedThrough: Record<string, string> = {};
  if (c.closedThrough !== undefined) closedThrough[""] = c.closedThrough;
  for (const e of c.entities) if (e.closedThrough !== undefined) closedThrough[e.entityId] = e.closedThrough;
  // The objects half keeps entities as LOCATION records; give it the seed's names and currencies.
  const records: Record<string, readonly IntacctRecord[]> = { ...seedRecords(c) };
  const listed = new Set((records["LOCATIONENTITY"] ?? []).map((r) => (typeof r["LOCATIONID"] === "string" ? r["LOCATIONID"] : "")));
  const missing = c.entities.filter((e) => !listed.has(e.entityId)).map((e): IntacctRecord => ({ LOCATIONID: e.entityId, NAME: e.name, CURRENCY: e.currency }));
  if (missing.length > 0) records["LOCATIONENTITY"] = [...missing, ...(records["LOCATIONENTITY"] ?? [])];
  try {
    t.objects.seedRecords(c.companyId, records, { entityIds: [...entityIds], closedThrough, now });
  } catch (e) {
    if (e instanceof SandboxError) throw e;
    invalid(`${where}, records: ${e instanceof Error ? e.message : String(e)}`);
  }
}
