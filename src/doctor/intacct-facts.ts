/**
 * Reads the facts the doctor judges, through the Intacct client (never the sandbox's internals):
 * the user record, its entity restrictions, roles, effective permissions, entities, and the
 * pieces of setup the sync's preferences rely on. Each read returns a value or the error, so one
 * missing permission never hides the other findings.
 */
import type { IntacctClient } from "../intacct/client.js";
import { IntacctError } from "../intacct/errors.js";
import { getUserPermissions, readByName, readEntityDetails } from "../intacct/functions/generic.js";
import { query, type QueryFilter } from "../intacct/functions/query.js";
import type { IntacctFunction } from "../intacct/functions/types.js";
import { coerceError } from "../domain/errors.js";
import { type IntacctRecord, type IntacctValue, parseXml } from "../intacct/xml/index.js";

/** A read that worked, or the error it gave. */
export type Fact<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IntacctError };

/** Runs a read and captures an Intacct error as a failed fact (anything else is a bug and throws). */
export async function fact<T>(read: () => Promise<T>): Promise<Fact<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (e) {
    if (e instanceof IntacctError) return { ok: false, error: e };
    throw coerceError(e);
  }
}

/** Text of a field (`""` when absent or nested). */
export function text(v: IntacctValue | undefined): string {
  return typeof v === "string" ? v.trim() : "";
}

/** A value as a list (Intacct repeats sibling tags; one sibling decodes as a record). */
export function asList(v: IntacctValue | undefined): IntacctRecord[] {
  if (v === undefined || typeof v === "string") return [];
  if (Array.isArray(v)) return v.filter((x): x is IntacctRecord => typeof x === "object" && !Array.isArray(x));
  return [v];
}

/** The user record fields the doctor reads (USERINFO, A1/Q1). */
export interface UserFacts {
  readonly loginId: string;
  readonly userType: string;
  readonly admin: string;
  readonly status: string;
  readonly webServicesOnly: string;
}

/** Effective permissions: application → policy → rights. */
export type Permissions = ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;

/** The sync user's entity restrictions (USERRESTRICTION, A1). */
export interface RestrictionFacts {
  readonly unrestricted: boolean;
  readonly entityIds: readonly string[];
  readonly topLevelAccess: boolean;
}

/** Reads the doctor's facts for one user through one client. */
export class IntacctFacts {
  readonly #client: IntacctClient;
  readonly #userId: string;
  readonly #entity: string;

  /** `entityId` is the session the reads run in (`""` = top level). */
  constructor(client: IntacctClient, userId: string, entityId: string) {
    this.#client = client;
    this.#userId = userId;
    this.#entity = entityId;
  }

  #run(fn: IntacctFunction, entityId = this.#entity) {
    return this.#client.execute(fn, { entityId });
  }

  /** `readByName USERINFO <self>`; undefined when the user record is not found. */
  user(): Promise<Fact<UserFacts | undefined>> {
    return fact(async () => {
      const r = await this.#run(readByName("USERINFO", [this.#userId], { fields: ["LOGINID", "USERTYPE", "ADMIN", "STATUS", "LOGINDISABLED"] }));
      const rec = r.records[0];
      if (rec === undefined) return undefined;
      return { loginId: text(rec["LOGINID"]), userType: text(rec["USERTYPE"]), admin: text(rec["ADMIN"]), status: text(rec["STATUS"]), webServicesOnly: text(rec["LOGINDISABLED"]) };
    });
  }

  /** `query USERRESTRICTION` rows of self (one per restricted entity; one row when unrestricted). */
  restriction(): Promise<Fact<RestrictionFacts | undefined>> {
    return fact(async () => {
      const r = await this.#run(
        query({ object: "USERRESTRICTION", select: ["LOGINID", "UNRESTRICTED", "ALLOWTOPLEVELACCESS", "LOCATIONID"], filter: { op: "equalto", field: "LOGINID", value: this.#userId }, caseInsensitive: true, pageSize: 1000 }),
      );
      if (r.records.length === 0) return undefined;
      const unrestricted = r.records.some((x) => text(x["UNRESTRICTED"]).toLowerCase() === "true");
      const topLevelAccess = unrestricted || r.records.some((x) => text(x["ALLOWTOPLEVELACCESS"]).toLowerCase() === "true");
      const entityIds = unrestricted ? [] : r.records.map((x) => text(x["LOCATIONID"])).filter((e) => e !== "");
      return { unrestricted, entityIds, topLevelAccess };
    });
  }

  /** `getUserPermissions <self>` as a map (A4/A6). */
  permissions(): Promise<Fact<Permissions>> {
    return fact(async () => {
      const r = await this.#run(getUserPermissions(this.#userId));
      const map = new Map<string, Map<string, Set<string>>>();
      for (const perms of r.records) {
        for (const app of asList(perms["appSubscription"])) {
          const name = text(app["applicationName"]);
          const policies = map.get(name) ?? new Map<string, Set<string>>();
          map.set(name, policies);
          for (const holder of asList(app["policies"])) {
            for (const p of asList(holder["policy"])) {
              const rights = text(p["rights"]).split("|").map((s) => s.trim()).filter((s) => s !== "");
              const set = policies.get(text(p["policyName"])) ?? new Set<string>();
              for (const right of rights) set.add(right);
              policies.set(text(p["policyName"]), set);
            }
          }
        }
      }
      return map;
    });
  }

  /** Roles assigned to self (`ROLEUSERS`, A3). */
  rolesOfUser(): Promise<Fact<string[]>> {
    return fact(async () => {
      const r = await this.#run(query({ object: "ROLEUSERS", select: ["ROLENAME", "USERLOGINID"], filter: { op: "equalto", field: "USERLOGINID", value: this.#userId }, caseInsensitive: true, pageSize: 1000 }));
      return r.records.map((x) => text(x["ROLENAME"])).filter((n) => n !== "");
    });
  }

  /** All role names of the company (`ROLES`). */
  roles(): Promise<Fact<string[]>> {
    return fact(async () => {
      const r = await this.#run(query({ object: "ROLES", select: ["NAME"], pageSize: 1000 }));
      return r.records.map((x) => text(x["NAME"])).filter((n) => n !== "");
    });
  }

  /** Entities the user can reach (`readEntityDetails`, §6). */
  reachableEntities(entityId = this.#entity): Promise<Fact<string[]>> {
    return fact(async () => {
      const r = await this.#run(readEntityDetails(), entityId);
      return r.records.map((x) => text(x["id"]) || text(x["LOCATIONID"])).filter((n) => n !== "");
    });
  }

  /** All entities of the company (`query LOCATIONENTITY` at the top level). */
  allEntities(): Promise<Fact<string[]>> {
    return fact(async () => {
      const r = await this.#run(query({ object: "LOCATIONENTITY", select: ["LOCATIONID"], pageSize: 2000 }), "");
      return r.records.map((x) => text(x["LOCATIONID"])).filter((n) => n !== "");
    });
  }

  /** Rows of an object matching a filter, in the given session. */
  rows(object: string, select: readonly string[], filter?: QueryFilter, entityId = this.#entity): Promise<Fact<IntacctRecord[]>> {
    return fact(async () => (await this.#run(query({ object, select, ...(filter === undefined ? {} : { filter }), pageSize: 2000 }), entityId)).records.slice());
  }

  /** A legacy function with no arguments or only attributes (e.g. `get_closedbooksdate`). */
  legacy(xml: string): Promise<Fact<IntacctRecord[]>> {
    return fact(async () => (await this.#run({ kind: "read", body: parseXml(xml) })).records.slice());
  }
}
