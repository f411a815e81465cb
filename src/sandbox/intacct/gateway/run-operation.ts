/**
 * Runs the functions of one authenticated `<operation>` (§2.3, §2.5, §3.6, A1): dispatch to the
 * tenancy half or the objects half, the permission check, `uniqueid` replay refusal, and
 * `transaction="true"` rollback with `failure`/`aborted` + `XL03000009`.
 *
 * Everything here is synchronous on the shared better-sqlite3 connection, so a savepoint around
 * the whole operation is all a transaction needs (no other request can interleave).
 */
import type Database from "better-sqlite3";

import { coerceError } from "../../../domain/errors.js";
import type { IntacctRequest, RequestFunction, ResponseResult } from "../../../intacct/xml/index.js";
import type { CallContext, CallRequirement, FunctionOutcome, ObjectFunctions } from "../contracts.js";
import { hasRight, type RightsMap } from "../tenancy/effective-rights.js";
import type { TenancyService } from "../tenancy/tenancy-service.js";
import type { TenancyStore } from "../tenancy/tenancy-store.js";
import type { Principal } from "./authenticate.js";
import { GATEWAY_FUNCTIONS, getApiSession, getUserPermissions, readEntityDetails } from "./gateway-functions.js";
import { GatewayErrors } from "./intacct-errors.js";
import type { TenancyObjects } from "./tenancy-objects.js";

/** Dependencies of {@link runOperation}. */
export interface OperationDeps {
  readonly db: Database.Database;
  readonly store: TenancyStore;
  readonly tenancy: TenancyService;
  readonly tenancyObjects: TenancyObjects;
  readonly objects: ObjectFunctions;
  readonly now: number;
  readonly endpointUrl: string;
  /** errorno of the duplicate-control-id failure (A1: UNCONFIRMED). */
  readonly duplicateControlIdErrorno: string;
  /** Called once per executed function (counters). */
  readonly onFunction?: () => void;
}

let savepointSeq = 0;

/** Runs every function of the request's operation and returns one result per function. */
export function runOperation(request: IntacctRequest, principal: Principal, deps: OperationDeps): ResponseResult[] {
  const fns = request.operation.functions;
  const uniqueId = request.control.uniqueId === true;
  let rights: RightsMap | undefined;
  const callerRights = (): RightsMap => (rights ??= deps.tenancy.effectiveRights(principal.company.companyId, principal.user.loginId));
  const ctx: CallContext = {
    companyId: principal.company.companyId,
    entityId: principal.entityId,
    userId: principal.user.loginId,
    now: deps.now,
    sessionKey: principal.sessionKey,
  };
  const one = (f: RequestFunction): FunctionOutcome => {
    deps.onFunction?.();
    if (uniqueId && deps.store.isControlIdDone(ctx.companyId, f.controlId)) {
      return { status: "failure", errors: [GatewayErrors.duplicateControlId(deps.duplicateControlIdErrorno, f.controlId)] };
    }
    const outcome = dispatch(f, principal, ctx, callerRights, deps);
    if (outcome.status === "success" && uniqueId) deps.store.recordControlId(ctx.companyId, f.controlId, deps.now);
    return outcome;
  };

  if (request.operation.transaction === true) return runTransaction(fns, one, deps.db);
  return fns.map((f) => toResult(f, withSavepoint(deps.db, () => one(f)).outcome));
}

function runTransaction(fns: readonly RequestFunction[], one: (f: RequestFunction) => FunctionOutcome, db: Database.Database): ResponseResult[] {
  const name = `op_${++savepointSeq}`;
  db.exec(`SAVEPOINT ${name}`);
  const done: Array<{ f: RequestFunction; outcome: FunctionOutcome }> = [];
  let failedAt = -1;
  try {
    for (const f of fns) {
      const outcome = safely(() => one(f));
      done.push({ f, outcome });
      if (outcome.status !== "success") {
        failedAt = done.length - 1;
        break;
      }
    }
  } catch (e) {
    db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
    throw e;
  }
  if (failedAt < 0) {
    db.exec(`RELEASE ${name}`);
    return done.map(({ f, outcome }) => toResult(f, outcome));
  }
  db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
  // §3.6: the failing function keeps its errors plus XL03000009; every other function (run and
  // rolled back, or never run) is `aborted` with XL03000009 (the safest reading of UNCONFIRMED).
  return fns.map((f, i) => {
    const rolledBack = GatewayErrors.rolledBack();
    if (i === failedAt) {
      const failed = done[i]?.outcome;
      return toResult(f, { status: "failure", ...(failed?.data ? { data: failed.data } : {}), errors: [...(failed?.errors ?? []), rolledBack] });
    }
    return { status: "aborted", function: f.body.name, controlId: f.controlId, errors: [rolledBack] };
  });
}

/** Runs one function in its own savepoint; a thrown error rolls it back and becomes a failure. */
function withSavepoint(db: Database.Database, run: () => FunctionOutcome): { outcome: FunctionOutcome } {
  const name = `fn_${++savepointSeq}`;
  db.exec(`SAVEPOINT ${name}`);
  try {
    const outcome = run();
    db.exec(`RELEASE ${name}`);
    return { outcome };
  } catch (e) {
    db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
    return { outcome: { status: "failure", errors: [GatewayErrors.internal(coerceError(e).message)] } };
  }
}

function safely(run: () => FunctionOutcome): FunctionOutcome {
  try {
    return run();
  } catch (e) {
    return { status: "failure", errors: [GatewayErrors.internal(coerceError(e).message)] };
  }
}

function dispatch(f: RequestFunction, p: Principal, ctx: CallContext, callerRights: () => RightsMap, deps: OperationDeps): FunctionOutcome {
  const fn = f.body;
  if (GATEWAY_FUNCTIONS.has(fn.name)) {
    const fdeps = { store: deps.store, tenancy: deps.tenancy, now: deps.now, endpointUrl: deps.endpointUrl };
    if (fn.name === "getAPISession") return getApiSession(fn, p, fdeps);
    if (fn.name === "readEntityDetails") return readEntityDetails(p, fdeps);
    return getUserPermissions(fn, p, callerRights, fdeps);
  }
  if (deps.tenancyObjects.handles(fn)) {
    const denied = check(deps.tenancyObjects.requirement(fn), callerRights);
    return denied ?? deps.tenancyObjects.execute(ctx, fn);
  }
  const requirement = deps.objects.requirement(fn);
  if (requirement !== null && "status" in requirement) return requirement;
  return check(requirement, callerRights) ?? deps.objects.execute(ctx, fn);
}

function check(requirement: CallRequirement | null, callerRights: () => RightsMap): FunctionOutcome | undefined {
  if (requirement === null) return undefined;
  if (hasRight(callerRights(), requirement.application, requirement.policy, requirement.right)) return undefined;
  return { status: "failure", errors: [GatewayErrors.permissionDenied(requirement.apiOperation, requirement.object)] };
}

function toResult(f: RequestFunction, o: FunctionOutcome): ResponseResult {
  return {
    status: o.status,
    function: f.body.name,
    controlId: f.controlId,
    ...(o.key !== undefined ? { key: o.key } : {}),
    ...(o.data ? { data: o.data } : {}),
    ...(o.errors && o.errors.length > 0 ? { errors: o.errors } : {}),
  };
}
