/**
 * The tenancy objects, read through the generic functions: `USERINFO`, `USERRESTRICTION`,
 * `ROLES`, `USERROLES`, `ROLEUSERS`, `ROLEPOLICYASSIGNMENT`, `USERRIGHTS`
 * (`intacct-objects-permissions.md` A1, A3, Q1, Q2). They are computed from the tenancy tables,
 * so what the console or the admin API changes is what the API returns. Reads only: `read`,
 * `readByName`, `readByQuery` (+ `readMore`), `query`. Writes answer an explicit "not
 * implemented" failure (use the console or the tenancy service).
 *
 * Field choices beyond the documented names are UNCONFIRMED: flat `FIRSTNAME`/`LASTNAME`/`EMAIL`
 * on USERINFO; `ALLOWTOPLEVELACCESS` on USERRESTRICTION (Q1 suggests exposing it there);
 * `APPLICATION` and `RIGHTS` on ROLEPOLICYASSIGNMENT/USERRIGHTS (Q2: the rights column is
 * unknown).
 */
import { randomBytes } from "node:crypto";

import type { IntacctErrorDetail, IntacctRecord, XmlElement } from "../../../intacct/xml/index.js";
import { childElement, childText } from "../../../intacct/xml/index.js";
import type { CallContext, CallRequirement, FunctionOutcome } from "../contracts.js";
import { formatTimestamp } from "../objects/value-format.js";
import { filterRows } from "../query/evaluate.js";
import type { FilterNode } from "../query/filter-ast.js";
import { QueryLimits } from "../query/limits.js";
import { parseQueryString, QuerySyntaxError } from "../query/query-string.js";
import { booleanOption, parseOrderBy, parseSelect, parseStructuredFilter, QueryStructureError } from "../query/structured-query.js";
import { ADMINISTRATION } from "../tenancy/permission-catalog.js";
import type { TenancyStore, UserRow } from "../tenancy/tenancy-store.js";
import { userTypeCode } from "../tenancy/user-labels.js";
import { intacctError } from "./intacct-errors.js";

/** Names of the tenancy objects (upper case). */
export const TENANCY_OBJECTS = ["USERINFO", "USERRESTRICTION", "ROLES", "USERROLES", "ROLEUSERS", "ROLEPOLICYASSIGNMENT", "USERRIGHTS"] as const;
type TenancyObject = (typeof TENANCY_OBJECTS)[number];

/** Prefix of tenancy `readByQuery` result ids (so `readMore` can be routed). */
export const TENANCY_RESULT_PREFIX = "TNY";

interface Row {
  readonly values: Readonly<Record<string, string>>;
  /** readByQuery filter codes for enum/boolean fields (`USERTYPE = 'B'`, `STATUS = 'T'`). */
  readonly codes: Readonly<Record<string, string>>;
}

interface ObjectSpec {
  readonly fields: readonly string[];
  /** `read` key field and `readByName` key field. */
  readonly recordKey?: string;
  readonly nameKey?: string;
  readonly policy: "Users" | "Roles";
  rows(store: TenancyStore, companyId: string): Row[];
}

const bool = (b: boolean): string => (b ? "true" : "false");
const tf = (b: boolean): string => (b ? "T" : "F");
const STATUS_CODE: Readonly<Record<string, string>> = { active: "T", inactive: "F", lockedout: "L" };

function userCodes(u: UserRow): Record<string, string> {
  return { USERTYPE: userTypeCode(u.userType), STATUS: STATUS_CODE[u.status] ?? "", LOGINDISABLED: tf(u.webServicesOnly) };
}

const SPECS: Readonly<Record<TenancyObject, ObjectSpec>> = {
  USERINFO: {
    fields: ["RECORDNO", "LOGINID", "DESCRIPTION", "FIRSTNAME", "LASTNAME", "EMAIL", "USERTYPE", "ADMIN", "STATUS", "LOGINDISABLED", "UNRESTRICTED", "WHENCREATED", "WHENMODIFIED"],
    recordKey: "RECORDNO",
    nameKey: "LOGINID",
    policy: "Users",
    rows: (store, companyId) =>
      store.listUsers(companyId).map((u) => ({
        values: {
          RECORDNO: String(u.recordNo), LOGINID: u.loginId, DESCRIPTION: `${u.firstName} ${u.lastName}`.trim(), FIRSTNAME: u.firstName,
          LASTNAME: u.lastName, EMAIL: u.email, USERTYPE: u.userType, ADMIN: u.admin, STATUS: u.status, LOGINDISABLED: bool(u.webServicesOnly),
          UNRESTRICTED: bool(store.userEntities(u.companyId, u.loginId).length === 0),
          WHENCREATED: formatTimestamp(u.whenCreated), WHENMODIFIED: formatTimestamp(u.whenModified),
        },
        codes: { ...userCodes(u), UNRESTRICTED: tf(store.userEntities(u.companyId, u.loginId).length === 0) },
      })),
  },
  USERRESTRICTION: {
    fields: ["RECORDNO", "LOGINID", "FIRSTNAME", "LASTNAME", "ADMIN", "USERTYPE", "STATUS", "UNRESTRICTED", "ALLOWTOPLEVELACCESS", "LOCATIONID"],
    recordKey: "RECORDNO",
    nameKey: "LOGINID",
    policy: "Users",
    rows: (store, companyId) =>
      store.listUsers(companyId).flatMap((u) => {
        const entities = store.userEntities(u.companyId, u.loginId);
        const unrestricted = entities.length === 0;
        return (unrestricted ? [""] : entities).map((loc) => ({
          values: {
            RECORDNO: String(u.recordNo), LOGINID: u.loginId, FIRSTNAME: u.firstName, LASTNAME: u.lastName, ADMIN: u.admin, USERTYPE: u.userType,
            STATUS: u.status, UNRESTRICTED: bool(unrestricted), ALLOWTOPLEVELACCESS: bool(unrestricted || u.topLevelAccess), LOCATIONID: loc,
          },
          codes: { ...userCodes(u), UNRESTRICTED: tf(unrestricted), ALLOWTOPLEVELACCESS: tf(unrestricted || u.topLevelAccess) },
        }));
      }),
  },
  ROLES: {
    fields: ["RECORDNO", "NAME", "DESCRIPTION"],
    recordKey: "RECORDNO",
    nameKey: "NAME",
    policy: "Roles",
    rows: (store, companyId) => store.listRoles(companyId).map((r) => ({ values: { RECORDNO: String(r.recordNo), NAME: r.name, DESCRIPTION: r.description }, codes: {} })),
  },
  USERROLES: {
    fields: ["USERID", "ROLENAME"],
    policy: "Roles",
    rows: (store, companyId) => store.listAssignments(companyId).map((a) => ({ values: { USERID: a.loginId, ROLENAME: a.roleName }, codes: {} })),
  },
  ROLEUSERS: {
    fields: ["USERLOGINID", "ROLENAME"],
    policy: "Roles",
    rows: (store, companyId) => store.listAssignments(companyId).map((a) => ({ values: { USERLOGINID: a.loginId, ROLENAME: a.roleName }, codes: {} })),
  },
  ROLEPOLICYASSIGNMENT: {
    fields: ["RECORDNO", "ROLES.NAME", "APPLICATION", "POLICYNAME", "RIGHTS"],
    recordKey: "RECORDNO",
    policy: "Roles",
    rows: (store, companyId) => {
      let n = 0;
      return store.listRoles(companyId).flatMap((r) =>
        store.grantsOf(companyId, "role", r.name).map((g) => ({
          values: { RECORDNO: String(++n), "ROLES.NAME": r.name, APPLICATION: g.application, POLICYNAME: g.policy, RIGHTS: g.rights.join("|") },
          codes: {},
        })),
      );
    },
  },
  USERRIGHTS: {
    fields: ["RECORDNO", "USERINFO.LOGINID", "APPLICATION", "POLICYNAME", "RIGHTS"],
    recordKey: "RECORDNO",
    policy: "Users",
    rows: (store, companyId) => {
      let n = 0;
      return store.listUsers(companyId).flatMap((u) =>
        store.grantsOf(companyId, "user", u.loginId).map((g) => ({
          values: { RECORDNO: String(++n), "USERINFO.LOGINID": u.loginId, APPLICATION: g.application, POLICYNAME: g.policy, RIGHTS: g.rights.join("|") },
          codes: {},
        })),
      );
    },
  },
};

const API_OPERATION: Readonly<Record<string, string>> = {
  read: "READ", readByName: "READ_BY_NAME", readByQuery: "READ_BY_QUERY", query: "QUERY", readMore: "READ_MORE",
  create: "CREATE", update: "UPDATE", delete: "DELETE",
};

interface StoredResult {
  readonly sessionKey: string;
  readonly tag: string;
  readonly records: readonly IntacctRecord[];
  position: number;
  readonly pageSize: number;
  readonly expiresAt: number;
}

/** The tenancy objects handler. One per sandbox. */
export class TenancyObjects {
  readonly #store: TenancyStore;
  readonly #results = new Map<string, StoredResult>();

  constructor(store: TenancyStore) {
    this.#store = store;
  }

  /** Drops every stored result set. */
  reset(): void {
    this.#results.clear();
  }

  /** True when `fn` is a call this module answers. */
  handles(fn: XmlElement): boolean {
    if (fn.name === "readMore") return (childText(fn, "resultId") ?? "").trim().startsWith(TENANCY_RESULT_PREFIX);
    return objectOf(fn) !== undefined;
  }

  /** What the call needs (Administration → Users or Roles). */
  requirement(fn: XmlElement): CallRequirement | null {
    if (fn.name === "readMore") return null; // checked when the result set was created
    const object = objectOf(fn);
    if (!object) return null;
    const op = API_OPERATION[fn.name] ?? fn.name.toUpperCase();
    const right = fn.name === "read" || fn.name === "readByName" ? "View" : fn.name === "create" ? "Add" : fn.name === "update" ? "Edit" : fn.name === "delete" ? "Delete" : "List";
    return { application: ADMINISTRATION, policy: SPECS[object].policy, right, apiOperation: op, object: object.toLowerCase() };
  }

  /** Runs a read. Never throws for Intacct-level errors. */
  execute(ctx: CallContext, fn: XmlElement): FunctionOutcome {
    try {
      if (fn.name === "readMore") return this.#readMore(ctx, (childText(fn, "resultId") ?? "").trim());
      const object = objectOf(fn);
      if (!object) return fail(intacctError("SANDBOX-NOT-IMPLEMENTED", `The Intacct sandbox cannot answer ${fn.name} here.`));
      switch (fn.name) {
        case "read":
        case "readByName":
          return this.#read(ctx, object, fn);
        case "readByQuery":
          return this.#readByQuery(ctx, object, fn);
        case "query":
          return this.#query(ctx, object, fn);
        default:
          return fail(
            intacctError(
              "SANDBOX-NOT-IMPLEMENTED",
              `The Intacct sandbox does not implement ${fn.name} on ${object}; use the sandbox console or its admin API to change users and roles.`,
            ),
          );
      }
    } catch (e) {
      if (e instanceof QuerySyntaxError || e instanceof QueryStructureError) return fail(intacctError("Query Failed", e.message));
      if (e instanceof TenancyQueryError) return fail(e.detail);
      throw e;
    }
  }

  #rows(ctx: CallContext, object: TenancyObject): Row[] {
    return SPECS[object].rows(this.#store, ctx.companyId);
  }

  #read(ctx: CallContext, object: TenancyObject, fn: XmlElement): FunctionOutcome {
    const spec = SPECS[object];
    const keyField = fn.name === "read" ? spec.recordKey : spec.nameKey;
    if (!keyField) return fail(intacctError("SANDBOX-NOT-IMPLEMENTED", `The Intacct sandbox does not implement ${fn.name} on ${object}.`));
    const fields = selectFields(object, childText(fn, "fields"));
    const keys = splitKeys(childText(fn, "keys") ?? "");
    if (keys.length > QueryLimits.maxKeys) return fail(intacctError("BL01001973", `Too many keys: at most ${QueryLimits.maxKeys} per ${fn.name}.`));
    const rows = this.#rows(ctx, object);
    const byKey = (k: string): Row[] =>
      rows.filter((r) => (keyField === "LOGINID" ? (r.values[keyField] ?? "").toLowerCase() === k.toLowerCase() : r.values[keyField] === k));
    const found = keys.length === 0 ? [] : keys.flatMap(byKey);
    return {
      status: "success",
      data: { attrs: { listtype: object, count: String(found.length) }, records: found.map((r) => ({ tag: object, record: project(r, fields) })) },
    };
  }

  #readByQuery(ctx: CallContext, object: TenancyObject, fn: XmlElement): FunctionOutcome {
    const fields = selectFields(object, childText(fn, "fields"));
    const pageSize = pageSizeOf(childText(fn, "pagesize"), QueryLimits.readByQueryDefaultPageSize, QueryLimits.readByQueryMaxPageSize);
    const filter = parseQueryString(childText(fn, "query") ?? "");
    checkFields(object, filter);
    const matched = filterRows(this.#rows(ctx, object), filter, { valueOf: (r, f) => r.codes[f.toUpperCase()] ?? r.values[f.toUpperCase()] ?? "", kindOf: kindOf });
    const tag = object.toLowerCase();
    const records = matched.map((r) => project(r, fields));
    const resultId = `${TENANCY_RESULT_PREFIX}${randomBytes(12).toString("hex")}`;
    const stored: StoredResult = { sessionKey: ctx.sessionKey, tag, records, position: 0, pageSize, expiresAt: ctx.now + QueryLimits.defaultResultTtlMs };
    return this.#page(resultId, stored);
  }

  #readMore(ctx: CallContext, resultId: string): FunctionOutcome {
    const stored = this.#results.get(resultId);
    if (!stored || stored.sessionKey !== ctx.sessionKey || stored.expiresAt <= ctx.now) {
      this.#results.delete(resultId);
      return fail(intacctError("readMore failed", `Attempt to readMore with an invalid or expired resultId: ${resultId}`));
    }
    return this.#page(resultId, stored);
  }

  #page(resultId: string, stored: StoredResult): FunctionOutcome {
    const page = stored.records.slice(stored.position, stored.position + stored.pageSize);
    stored.position += page.length;
    const remaining = stored.records.length - stored.position;
    if (remaining > 0) this.#results.set(resultId, stored);
    else this.#results.delete(resultId);
    return {
      status: "success",
      data: {
        attrs: { listtype: stored.tag, count: String(page.length), totalcount: String(stored.records.length), numremaining: String(remaining), resultId: remaining > 0 ? resultId : "" },
        records: page.map((record) => ({ tag: stored.tag, record })),
      },
    };
  }

  #query(ctx: CallContext, object: TenancyObject, fn: XmlElement): FunctionOutcome {
    const select = parseSelect(childElement(fn, "select"));
    if (select.some((s) => s.aggregate)) return fail(intacctError("SANDBOX-NOT-IMPLEMENTED", `The Intacct sandbox does not implement aggregates on ${object}.`));
    const fields = select.map((s) => s.field.toUpperCase());
    for (const f of fields) if (!SPECS[object].fields.includes(f)) throw new TenancyQueryError(intacctError("Query Failed", `Invalid field ${f} for object ${object}`));
    const filterEl = childElement(fn, "filter");
    const filter = filterEl ? parseStructuredFilter(filterEl) : undefined;
    checkFields(object, filter);
    const options = childElement(fn, "options");
    const caseInsensitive = booleanOption(options, "caseinsensitive", false);
    let rows = filterRows(this.#rows(ctx, object), filter, { valueOf: (r, f) => r.values[f.toUpperCase()] ?? "", kindOf, caseInsensitive });
    const order = parseOrderBy(childElement(fn, "orderby"));
    if (order.length > 0) {
      rows = [...rows].sort((a, b) => {
        for (const o of order) {
          const f = o.field.toUpperCase();
          const c = compareForSort(a.values[f] ?? "", b.values[f] ?? "", kindOf(f));
          if (c !== 0) return o.descending ? -c : c;
        }
        return 0;
      });
    }
    const pageSize = pageSizeOf(childText(fn, "pagesize"), QueryLimits.queryDefaultPageSize, QueryLimits.queryMaxPageSize);
    const offset = Math.max(0, Number.parseInt(childText(fn, "offset") ?? "0", 10) || 0);
    const page = rows.slice(offset, offset + pageSize);
    return {
      status: "success",
      data: {
        attrs: { listtype: object, totalcount: String(rows.length), offset: String(offset), count: String(page.length), numremaining: String(Math.max(0, rows.length - offset - page.length)) },
        records: page.map((r) => ({ tag: object, record: project(r, fields) })),
      },
    };
  }
}

class TenancyQueryError extends Error {
  constructor(readonly detail: IntacctErrorDetail) {
    super(detail.description2 || detail.errorno);
  }
}

function objectOf(fn: XmlElement): TenancyObject | undefined {
  if (!["read", "readByName", "readByQuery", "query", "create", "update", "delete"].includes(fn.name)) return undefined;
  let name: string | undefined;
  if (fn.name === "create" || fn.name === "update") {
    const first = fn.children[0];
    if (!first || fn.children.some((c) => c.name !== first.name)) return undefined;
    name = first.name;
  } else {
    name = childText(fn, "object");
  }
  const upper = name?.trim().toUpperCase();
  return TENANCY_OBJECTS.find((o) => o === upper);
}

function fail(...errors: IntacctErrorDetail[]): FunctionOutcome {
  return { status: "failure", errors };
}

function splitKeys(keys: string): string[] {
  return keys.split(",").map((k) => k.trim()).filter((k) => k !== "");
}

function selectFields(object: TenancyObject, fields: string | undefined): readonly string[] {
  const spec = SPECS[object];
  const list = splitKeys(fields ?? "");
  if (list.length === 0 || (list.length === 1 && list[0] === "*")) return spec.fields;
  const upper = list.map((f) => f.toUpperCase());
  const bad = upper.filter((f) => !spec.fields.includes(f));
  if (bad.length > 0) throw new TenancyQueryError(intacctError(`Invalid fields list ${bad.join(",")}`, ""));
  return upper;
}

function checkFields(object: TenancyObject, filter: FilterNode | undefined): void {
  const spec = SPECS[object];
  const visit = (n: FilterNode): void => {
    if (n.kind === "and" || n.kind === "or") n.items.forEach(visit);
    else if (n.kind === "not") visit(n.item);
    else if (n.kind !== "rownum" && !spec.fields.includes(n.field.toUpperCase())) {
      throw new TenancyQueryError(intacctError("Query Failed", `Invalid field ${n.field} for object ${object}`));
    }
  };
  if (filter) visit(filter);
}

function project(row: Row, fields: readonly string[]): IntacctRecord {
  const rec: IntacctRecord = {};
  for (const f of fields) rec[f] = row.values[f] ?? "";
  return rec;
}

function kindOf(field: string): "text" | "number" | "timestamp" {
  const f = field.toUpperCase();
  if (f === "RECORDNO") return "number";
  if (f === "WHENCREATED" || f === "WHENMODIFIED") return "timestamp";
  return "text";
}

function compareForSort(a: string, b: string, kind: "text" | "number" | "timestamp"): number {
  if (kind === "number") return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function pageSizeOf(raw: string | undefined, fallback: number, max: number): number {
  const n = Number.parseInt((raw ?? "").trim(), 10);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(Math.max(n, 1), max);
}
