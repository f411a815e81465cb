/**
 * Functions the tenancy half answers itself: `getAPISession` (§4.1), `readEntityDetails` (§6)
 * and `getUserPermissions` (A4/A6).
 */
import type { IntacctRecord, XmlElement } from "../../../intacct/xml/index.js";
import { childElement, childText } from "../../../intacct/xml/index.js";
import type { FunctionOutcome } from "../contracts.js";
import { hasRight, type RightsMap, rightsToGrants } from "../tenancy/effective-rights.js";
import { ADMINISTRATION } from "../tenancy/permission-catalog.js";
import type { TenancyService } from "../tenancy/tenancy-service.js";
import type { TenancyStore } from "../tenancy/tenancy-store.js";
import { newSessionId, type Principal, resolveEntity } from "./authenticate.js";
import { GatewayErrors, intacctError } from "./intacct-errors.js";

/** What these functions need. */
export interface GatewayFunctionDeps {
  readonly store: TenancyStore;
  readonly tenancy: TenancyService;
  readonly now: number;
  /** The URL `getAPISession` returns in `<endpoint>`. */
  readonly endpointUrl: string;
}

/** Names of the functions in this module. */
export const GATEWAY_FUNCTIONS: ReadonlySet<string> = new Set(["getAPISession", "readEntityDetails", "getUserPermissions"]);

/**
 * `getAPISession`: without `<locationid>` a session-authenticated call returns its own session
 * (UNCONFIRMED whether Intacct returns the same id; the SDK accepts both); with `<locationid>X`
 * a new session in entity X; with an empty `<locationid/>` a new top-level session — refused for
 * a user restricted to entities without top-level access (§4.1).
 */
export function getApiSession(fn: XmlElement, p: Principal, deps: GatewayFunctionDeps): FunctionOutcome {
  const locationEl = childElement(fn, "locationid");
  const target = locationEl === undefined ? p.entityId : locationEl.text.trim();
  let sessionId: string;
  if (locationEl === undefined && p.sessionId !== undefined) {
    sessionId = p.sessionId;
  } else {
    const entity = resolveEntity(deps.store, p.company, p.user, target, "fail");
    if (entity === undefined) {
      const what = target === "" ? "the top level" : `entity '${target}'`;
      return {
        status: "failure",
        errors: [intacctError("XL03000006", `User '${p.user.loginId}' cannot access ${what} of company '${p.company.companyId}'.`, "Invalid entity", "Check the entity ID and the user's entity restrictions.")],
      };
    }
    sessionId = newSessionId();
    // Keep the table small: forget sessions dead for more than a day.
    deps.store.purgeSessions(deps.now - 24 * 60 * 60 * 1000);
    deps.store.insertSession({
      sessionId, companyId: p.company.companyId, loginId: p.user.loginId, entityId: entity, createdAt: deps.now, expiresAt: deps.now + p.company.sessionDurationMs,
    });
  }
  const row = deps.store.getSession(sessionId);
  return {
    status: "success",
    data: { attrs: {}, records: [{ tag: "api", record: { sessionid: sessionId, endpoint: deps.endpointUrl, locationid: row?.entityId ?? target } }] },
  };
}

/**
 * `readEntityDetails`: the entities the user can reach (§6: `id`, `name`, `recordno`,
 * `currency`, `firstfiscalmonth`, `firstfiscaltaxmonth`, `weekstart`). The wrapper shape is
 * UNCONFIRMED: `<data listtype="entity" count="n">` with one `<entity>` per entity.
 */
export function readEntityDetails(p: Principal, deps: GatewayFunctionDeps): FunctionOutcome {
  const allowed = deps.store.userEntities(p.company.companyId, p.user.loginId);
  const entities = deps.store
    .listEntities(p.company.companyId)
    .filter((e) => e.status === "active" && (allowed.length === 0 || allowed.includes(e.entityId)));
  const records = entities.map((e) => ({
    tag: "entity",
    record: {
      id: e.entityId, name: e.name, recordno: String(e.recordNo), currency: e.currency, firstfiscalmonth: String(e.firstFiscalMonth),
      firstfiscaltaxmonth: String(e.firstFiscalMonth), weekstart: String(e.weekStart),
    } satisfies IntacctRecord,
  }));
  return { status: "success", data: { attrs: { listtype: "entity", count: String(records.length) }, records } };
}

/**
 * `getUserPermissions` (A4/A6): effective permissions of `userId` under the company's model.
 * A user may always read its own; reading another user's needs Administration → Users → View.
 */
export function getUserPermissions(fn: XmlElement, p: Principal, callerRights: () => RightsMap, deps: GatewayFunctionDeps): FunctionOutcome {
  const userId = (childText(fn, "userId") ?? "").trim();
  const target = userId === "" ? undefined : deps.store.getUser(p.company.companyId, userId);
  if (target && target.loginId.toLowerCase() !== p.user.loginId.toLowerCase() && !hasRight(callerRights(), ADMINISTRATION, "Users", "View")) {
    return { status: "failure", errors: [GatewayErrors.permissionDenied("READ", "userinfo")] };
  }
  if (!target) return { status: "failure", errors: [GatewayErrors.unknownLogin(userId)] };
  const grants = rightsToGrants(deps.tenancy.effectiveRights(p.company.companyId, target.loginId));
  const byApp = new Map<string, IntacctRecord[]>();
  for (const g of grants) {
    let list = byApp.get(g.application);
    if (!list) byApp.set(g.application, (list = []));
    list.push({ policyName: g.policy, rights: g.rights.join("|") });
  }
  const appSubscription: IntacctRecord[] = [...byApp].map(([applicationName, policy]) => ({ applicationName, policies: { policy } }));
  return { status: "success", data: { attrs: {}, records: [{ tag: "permissions", record: appSubscription.length > 0 ? { appSubscription } : {} }] } };
}
