/**
 * The doctor: checks, through the Intacct API, everything the setup guide asks for and what
 * breaks syncs in practice, and names the fix for each failure in the guide's words.
 *
 * Order: configuration and typed Login Info (no call), sign-in at the top level and in the
 * entity (sender, credentials), the user record (web services, top level, type, admin), the
 * permission model and every module's rights, the entity, per-object read probes, a write probe
 * that is rolled back, and what the preferences need. A failure that makes later checks
 * meaningless marks them `skipped` with the reason.
 */
import type { Clock } from "../domain/clock.js";
import { systemClock } from "../domain/clock.js";
import { createIntacctClient, type IntacctClient } from "../intacct/client.js";
import type { ResolvedCredentials } from "../intacct/credentials.js";
import { IntacctError } from "../intacct/errors.js";
import type { FetchLike } from "../intacct/transport.js";
import { findLoginInfoProblems, type LoginInfo } from "../connections/login-info.js";
import { check, type CheckResult, type DoctorReport, reportOk } from "./check.js";
import {
  fixAdmin,
  fixEntityAccess,
  fixEntityId,
  fixSenderAuthorization,
  fixSenderCredentials,
  fixSignIn,
  fixStatus,
  fixTopLevel,
  fixUserType,
  fixWebServicesUser,
} from "./fixes.js";
import { IntacctFacts, type RestrictionFacts, type UserFacts } from "./intacct-facts.js";
import { moduleChecks, permissionModelCheck } from "./permission-checks.js";
import { apAccountCheck, clearingAccountCheck, type DoctorPreferences, openPeriodCheck, paymentApprovalCheck, type SiblingAccount } from "./preference-checks.js";
import { readProbeChecks, writeProbeCheck } from "./probe-checks.js";
import { READ_PROBES, type ReadProbe, type RequiredApplication, slug } from "./sync-needs.js";

/** Options of {@link runDoctor}. */
export interface DoctorOptions {
  /** The Login Info to check, exactly as entered (the doctor reports stray spaces). */
  readonly loginInfo: LoginInfo;
  /** Deployment-wide sender credentials (`INTACCT_SENDER_ID`, `INTACCT_SENDER_PASSWORD`). */
  readonly senderId?: string;
  readonly senderPassword?: string;
  /** Gateway endpoint. @default the client's default (api.intacct.com) */
  readonly endpointUrl?: string;
  /** Allow an endpoint outside `*.intacct.com`. @default true for loopback hosts, else false */
  readonly allowNonIntacctEndpoint?: boolean;
  /** HTTP fetch for the default client. @default globalThis.fetch */
  readonly fetch?: FetchLike;
  /** Builds the Intacct client (tests inject one). @default createIntacctClient with few retries */
  readonly createClient?: (credentials: ResolvedCredentials) => IntacctClient;
  /** Account being checked, for the report. @default undefined */
  readonly accountId?: string;
  /** The account's preferences. @default {} */
  readonly preferences?: DoctorPreferences;
  /** Other accounts on the same company (clearing accounts must differ). @default [] */
  readonly siblings?: readonly SiblingAccount[];
  /**
   * Login Info of other accounts on the same company: when sign-in fails, the doctor signs in
   * with them to tell a wrong password from a wrong Company ID or User ID. @default []
   */
  readonly referenceLogins?: ReadonlyArray<{ readonly accountId: string; readonly loginInfo: LoginInfo }>;
  /** Run the write probe. @default true */
  readonly writeProbe?: boolean;
  /** Objects to probe. @default READ_PROBES */
  readonly readProbes?: readonly ReadProbe[];
  /** Modules and rights required. @default REQUIRED_PERMISSIONS */
  readonly requiredPermissions?: readonly RequiredApplication[];
  /** Today's date for the open-period check. @default systemClock */
  readonly clock?: Clock;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;

function isLoopback(url: string | undefined): boolean {
  if (url === undefined) return false;
  try {
    return LOOPBACK.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * Runs every check and returns the report (never throws for Intacct-side problems).
 *
 * @example
 * const report = await runDoctor({ loginInfo, senderId, senderPassword, endpointUrl });
 * if (!report.ok) for (const c of report.checks) if (c.status === "fail") console.log(c.id, c.fix);
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const info = options.loginInfo;
  const checks: CheckResult[] = [];
  const target = { companyId: info.companyId, userId: info.userId, entityId: info.entityId, ...(options.accountId === undefined ? {} : { accountId: options.accountId }) };
  const done = (): DoctorReport => ({ ok: reportOk(checks), target, checks });

  // 1. Configuration: the deployment's sender.
  if (options.senderId === undefined || options.senderId === "" || options.senderPassword === undefined || options.senderPassword === "") {
    checks.push(check.fail("config.sender", "Sender credentials", "No Web Services sender is configured.", fixSenderCredentials()));
    return done();
  }
  checks.push(check.pass("config.sender", "Sender credentials", `Sender ID "${options.senderId}" is configured.`));

  // 2. Login Info as typed, before any call.
  const problems = findLoginInfoProblems(info);
  if (problems.length > 0) {
    const fixes = problems.map((p) => (p.field === "password" ? "Enter the sync user's password." : `Enter the ${label(p.field)} without spaces${p.field === "companyId" ? ", exactly as Company > Company Info shows it" : p.field === "entityId" ? ", exactly as Company > Entities shows it (or leave it blank for the top level)" : ""}.`));
    checks.push(check.fail("login-info.format", "Login Info as typed", problems.map((p) => p.message).join(" "), fixes.join(" "), problems.map((p) => `${p.field}: ${p.message}`)));
    return done();
  }
  checks.push(check.pass("login-info.format", "Login Info as typed", "Company ID, User ID and Entity ID have no stray spaces."));

  const client = makeClient(options, options.createClient, info);
  try {
    await diagnose(client, options, checks);
  } finally {
    await client.close();
  }
  return done();
}

/**
 * Intacct does not say which Login Info field is wrong. Other accounts on the same company can:
 * if one of them signs in with the same User ID, this account's password is wrong (the usual
 * case after a password reset, `bill-intacct-sync.md` §1.2); if one signs in with another user,
 * the Company ID is right. Returns undefined when no reference account settles anything.
 */
async function narrowSignIn(options: DoctorOptions, createClient: DoctorOptions["createClient"]): Promise<CheckResult | undefined> {
  const info = options.loginInfo;
  const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();
  let companyConfirmedBy: string | undefined;
  for (const ref of options.referenceLogins ?? []) {
    if (!same(ref.loginInfo.companyId, info.companyId) || (same(ref.loginInfo.userId, info.userId) && ref.loginInfo.password === info.password)) continue;
    const client = makeClient(options, createClient, ref.loginInfo);
    let works = false;
    try {
      works = (await trySession(client, ref.loginInfo.entityId)).error === undefined;
    } finally {
      await client.close();
    }
    if (!works) continue;
    if (same(ref.loginInfo.userId, info.userId)) {
      return check.fail(
        "login.credentials",
        "Sign-in (Company ID, User ID, password)",
        `The password is wrong: account ${ref.accountId} signs in to company "${info.companyId}" as ${info.userId} with another password (was the password reset in Intacct?).`,
        `Enter the current password of ${info.userId} in this account's Login Info (the same one account ${ref.accountId} uses): intacct-sync accounts add ${options.accountId ?? "<id>"} … --replace.`,
        [`reference account ${ref.accountId}: sign-in works`],
      );
    }
    companyConfirmedBy ??= ref.accountId;
  }
  if (companyConfirmedBy === undefined) return undefined;
  return check.fail(
    "login.credentials",
    "Sign-in (Company ID, User ID, password)",
    `The User ID "${info.userId}" or its password is wrong: the Company ID is right (account ${companyConfirmedBy} signs in to it).`,
    fixSignIn(info.userId),
    [`reference account ${companyConfirmedBy}: sign-in works`],
  );
}

function makeClient(options: DoctorOptions, createClient: DoctorOptions["createClient"], login: LoginInfo): IntacctClient {
  const credentials: ResolvedCredentials = {
    senderId: options.senderId ?? "",
    senderPassword: options.senderPassword ?? "",
    endpointUrl: options.endpointUrl ?? "https://api.intacct.com/ia/xml/xmlgw.phtml",
    allowNonIntacctEndpoint: options.allowNonIntacctEndpoint ?? isLoopback(options.endpointUrl),
    auth: { kind: "login", companyId: login.companyId, userId: login.userId, userPassword: login.password, entityId: "" },
  };
  return (createClient ?? ((c) => createIntacctClient({ credentials: c, ...(options.fetch === undefined ? {} : { fetch: options.fetch }), retry: { maxAttempts: 2 } })))(credentials);
}

function label(field: "companyId" | "userId" | "password" | "entityId"): string {
  return field === "companyId" ? "Company ID" : field === "userId" ? "User ID" : field === "entityId" ? "Entity ID" : "password";
}

/** Opens a session; returns the error, or the entity the session actually landed in. */
async function trySession(client: IntacctClient, entityId: string): Promise<{ readonly error?: IntacctError; readonly landedIn?: string }> {
  try {
    return { landedIn: (await client.session(entityId)).entityId };
  } catch (e) {
    if (e instanceof IntacctError) return { error: e };
    throw e;
  }
}

function errorEvidence(e: IntacctError): string[] {
  return [`${e.level} level ${e.errorno ?? e.code}: ${[e.description, e.description2].filter((s) => s !== undefined && s !== "").join(" — ") || e.message}`];
}

async function diagnose(client: IntacctClient, options: DoctorOptions, checks: CheckResult[]): Promise<void> {
  const info = options.loginInfo;
  const senderId = options.senderId ?? "";
  const entityId = info.entityId;

  // 3. Sign-in: top level first, then the entity.
  const top = await trySession(client, "");
  const topError = top.error;
  // A user restricted to one entity without top-level access may be placed in that entity (A3).
  const landedIn = top.landedIn ?? "";
  const entityError = entityId === "" ? undefined : (await trySession(client, entityId)).error;
  const loginError = topError !== undefined && (entityId === "" || entityError !== undefined) ? topError : undefined;
  const topOk = topError === undefined && landedIn === "";

  if (topError?.code === "SENDER_INVALID") {
    checks.push(check.fail("sender.credentials", "Sender ID and password", `Intacct refused the sender "${senderId}": ${topError.description2 ?? topError.message}`, fixSenderCredentials(), errorEvidence(topError)));
    return;
  }
  checks.push(check.pass("sender.credentials", "Sender ID and password", `Intacct accepted the sender "${senderId}".`));
  if (topError?.code === "SENDER_NOT_AUTHORIZED") {
    checks.push(check.fail("sender.authorized", "Sender authorized for the company", `The sender "${senderId}" is not authorized for company "${info.companyId}".`, fixSenderAuthorization(senderId), errorEvidence(topError)));
    return;
  }
  if (loginError !== undefined) {
    if (loginError.category === "auth") {
      checks.push(check.skipped("sender.authorized", "Sender authorized for the company", `Intacct checks the sender's authorization only for a Company ID it knows; sign-in failed first.`));
      const narrowed = await narrowSignIn(options, options.createClient);
      checks.push(
        narrowed ??
          check.fail(
            "login.credentials",
            "Sign-in (Company ID, User ID, password)",
            `Sign-in failed for Company ID "${info.companyId}" and User ID "${info.userId}": Intacct answers "Sign-in information is incorrect" alike for a wrong Company ID, a wrong User ID, a wrong password, and an inactive or locked-out user.`,
            fixSignIn(info.userId),
            errorEvidence(loginError),
          ),
      );
    } else {
      checks.push(check.fail("login.credentials", "Sign-in (Company ID, User ID, password)", `Could not reach Intacct: ${loginError.message}`, "Check INTACCT_ENDPOINT_URL and the network, then run the doctor again.", errorEvidence(loginError)));
    }
    return;
  }
  checks.push(check.pass("sender.authorized", "Sender authorized for the company", `The sender "${senderId}" is authorized for company "${info.companyId}".`));
  const where = topOk ? " at the top level" : topError === undefined ? ` (without an Entity ID it lands in entity ${landedIn})` : ` in entity ${entityId}`;
  checks.push(check.pass("login.credentials", "Sign-in (Company ID, User ID, password)", `${info.userId} signed in to company "${info.companyId}"${where}.`));

  // The session the sync will use, and the one the user checks run in.
  const base = topOk ? "" : topError === undefined ? landedIn : entityId;
  const facts = new IntacctFacts(client, info.userId, base);

  // 4. The user record.
  const [user, restriction] = await Promise.all([facts.user(), facts.restriction()]);
  userChecks(checks, info.userId, user.ok ? user.value : undefined, user.ok ? undefined : user.error, restriction.ok ? restriction.value : undefined, topOk ? undefined : { error: topError, landedIn });

  // 5. Permissions.
  const [userRoles, allRoles, permissions] = await Promise.all([facts.rolesOfUser(), facts.roles(), facts.permissions()]);
  const model = permissionModelCheck(info.userId, userRoles, allRoles);
  checks.push(...model.checks);
  const userType = user.ok ? user.value?.userType : undefined;
  checks.push(
    ...moduleChecks(model.context, permissions, {
      ...(options.requiredPermissions === undefined ? {} : { required: options.requiredPermissions }),
      ...(userType !== undefined && userType !== "" && userType !== "business user" ? { cappedByUserType: userType } : {}),
    }),
  );

  // 6. The entity.
  const entityOk = await entityChecks(checks, facts, info, restriction.ok ? restriction.value : undefined, entityError, topOk);
  const work = entityId === "" ? "" : entityOk ? entityId : undefined;
  if (work === undefined) {
    const why = `Skipped: the entity session for "${entityId}" does not work.`;
    for (const p of options.readProbes ?? READ_PROBES) checks.push(check.skipped(`read.${slug(p.object)}`, `Read ${p.object}`, why));
    for (const id of ["write.probe", "prefs.ap-account", "prefs.clearing-account", "prefs.ap-payment-approval", "prefs.open-periods"]) checks.push(check.skipped(id, id, why));
    return;
  }

  // 7. Probes in the session the sync will use.
  const workFacts = new IntacctFacts(client, info.userId, work);
  checks.push(...(await readProbeChecks(client, work, model.context, options.readProbes)));
  if (options.writeProbe !== false) checks.push(await writeProbeCheck(client, work, model.context));

  // 8. Preferences.
  const today = new Date((options.clock ?? systemClock).now()).toISOString().slice(0, 10);
  checks.push(await apAccountCheck(workFacts, options.preferences ?? {}));
  checks.push(await clearingAccountCheck(workFacts, work, options.preferences ?? {}, options.siblings ?? []));
  checks.push(await paymentApprovalCheck(workFacts));
  checks.push(await openPeriodCheck(workFacts, today, work));
}

/** Why the top level is out of reach: a sign-in error, or the entity the user was placed in. */
type TopLevelRefusal = { readonly error: IntacctError | undefined; readonly landedIn: string } | undefined;

function userChecks(checks: CheckResult[], userId: string, user: UserFacts | undefined, userError: IntacctError | undefined, restriction: RestrictionFacts | undefined, topError: TopLevelRefusal): void {
  if (userError !== undefined || user === undefined) {
    const why = userError === undefined ? `Intacct returned no USERINFO record for ${userId}.` : `${userId} cannot read its own user record (Administration > Users): ${userError.errorno ?? userError.code}.`;
    const evidence = userError === undefined ? undefined : errorEvidence(userError);
    const denied = userError?.category === "permission";
    checks.push(check.skipped("user.web-services", "Web Services user, active", why));
    checks.push(denied ? check.fail("user.admin", "Admin privileges Full", `${why} A Full admin can.`, fixAdmin(userId), evidence) : check.skipped("user.admin", "Admin privileges Full", why));
    checks.push(check.skipped("user.type", "User type Business", why));
    topLevelCheck(checks, userId, restriction, topError);
    return;
  }
  const evidence = [`USERINFO ${user.loginId}: STATUS=${user.status} LOGINDISABLED=${user.webServicesOnly} USERTYPE=${user.userType} ADMIN=${user.admin}`];
  if (user.status !== "" && user.status !== "active") {
    checks.push(check.fail("user.web-services", "Web Services user, active", `${userId} is ${user.status}.`, fixStatus(userId), evidence));
  } else if (user.webServicesOnly.toLowerCase() !== "true") {
    checks.push(check.fail("user.web-services", "Web Services user, active", `${userId} is a regular user, not a Web Services user (it can sign in to the UI, counts as a billable user, and its password expires).`, fixWebServicesUser(userId), evidence));
  } else {
    checks.push(check.pass("user.web-services", "Web Services user, active", `${userId} is an active Web Services user.`, evidence));
  }
  topLevelCheck(checks, userId, restriction, topError);
  checks.push(
    user.userType === "business user"
      ? check.pass("user.type", "User type Business", "User type is Business.")
      : check.fail("user.type", "User type Business", `User type is "${user.userType}", not Business: it caps the user's rights.`, fixUserType(userId), evidence),
  );
  checks.push(
    user.admin.toLowerCase() === "full"
      ? check.pass("user.admin", "Admin privileges Full", "Admin privileges are Full.")
      : check.fail("user.admin", "Admin privileges Full", `Admin privileges are "${user.admin}", not Full.`, fixAdmin(userId), evidence),
  );
}

function topLevelCheck(checks: CheckResult[], userId: string, restriction: RestrictionFacts | undefined, topError: TopLevelRefusal): void {
  const id = "user.top-level";
  const title = "At the top level, unrestricted";
  if (topError !== undefined) {
    const message = topError.error === undefined ? `${userId} cannot work at the top level: signing in without an Entity ID lands in entity ${topError.landedIn}.` : `${userId} cannot sign in at the top level (only in its entity).`;
    checks.push(check.fail(id, title, message, fixTopLevel(userId), topError.error === undefined ? [`session locationid: ${topError.landedIn}`] : errorEvidence(topError.error)));
  } else if (restriction === undefined) {
    checks.push(check.skipped(id, title, "USERRESTRICTION is not readable; the top-level sign-in worked."));
  } else if (!restriction.unrestricted) {
    checks.push(check.fail(id, title, `${userId} is restricted to ${restriction.entityIds.join(", ")}: it cannot update top-level records, and other entities are out of reach.`, fixTopLevel(userId), [`USERRESTRICTION: UNRESTRICTED=false LOCATIONID=${restriction.entityIds.join(",")}`]));
  } else {
    checks.push(check.pass(id, title, `${userId} works at the top level and is not restricted to entities.`));
  }
}

async function entityChecks(checks: CheckResult[], facts: IntacctFacts, info: LoginInfo, restriction: RestrictionFacts | undefined, entityError: IntacctError | undefined, topOk: boolean): Promise<boolean> {
  const all = topOk ? await facts.allEntities() : await facts.reachableEntities();
  const known = all.ok ? all.value : [];
  if (info.entityId === "") {
    checks.push(
      known.length > 0
        ? check.pass("entity.scope", "Entity ID", `Entity ID is blank: this account syncs at the top level of a multi-entity company (entities: ${known.join(", ")}). To sync one entity, enter its Entity ID.`)
        : check.pass("entity.scope", "Entity ID", "Entity ID is blank: the company has no entities, so the sync runs at the (only) top level."),
    );
    return true;
  }
  const exists = known.some((e) => e.toLowerCase() === info.entityId.toLowerCase());
  if (!topOk && !exists) {
    // Without top-level access only the reachable entities can be listed: existence is unknown.
    checks.push(check.skipped("entity.exists", "Entity ID exists", `Only the top level can list every entity, and ${info.userId} cannot work there (reachable: ${known.join(", ") || "none"}).`));
  } else if (all.ok && !exists) {
    checks.push(
      known.length === 0
        ? check.fail("entity.exists", "Entity ID exists", `The company has no entities, but the Entity ID is "${info.entityId}".`, "Leave the Entity ID blank: a single-entity company syncs at the top level.")
        : check.fail("entity.exists", "Entity ID exists", `No entity "${info.entityId}" in company "${info.companyId}" (entities: ${known.join(", ")}).`, fixEntityId(known)),
    );
    checks.push(check.skipped("entity.access", "User may enter the entity", "Skipped: the entity does not exist."));
    checks.push(check.skipped("entity.session", "Entity session", "Skipped: the entity does not exist."));
    return false;
  } else {
    checks.push(all.ok ? check.pass("entity.exists", "Entity ID exists", `Entity "${info.entityId}" exists.`) : check.skipped("entity.exists", "Entity ID exists", `Cannot list entities (${all.error.errorno ?? all.error.code}).`));
  }
  const allowed = restriction === undefined || restriction.unrestricted || restriction.entityIds.some((e) => e.toLowerCase() === info.entityId.toLowerCase());
  checks.push(
    allowed
      ? check.pass("entity.access", "User may enter the entity", restriction === undefined ? "Entity restrictions not readable; see entity.session." : `${info.userId} may enter entity ${info.entityId}.`)
      : check.fail("entity.access", "User may enter the entity", `${info.userId} is restricted to ${restriction.entityIds.join(", ")}, not ${info.entityId}.`, fixEntityAccess(info.userId, info.entityId)),
  );
  if (entityError !== undefined) {
    checks.push(check.fail("entity.session", "Entity session", `Sign-in with Entity ID "${info.entityId}" failed although the top-level sign-in works.`, allowed ? fixEntityId(known) : fixEntityAccess(info.userId, info.entityId), errorEvidence(entityError)));
    return false;
  }
  checks.push(check.pass("entity.session", "Entity session", `A session in entity ${info.entityId} works.`));
  return true;
}
