/**
 * The doctor against the Intacct sandbox's demo seed (MUST-SHOW): the demo's XML_Bill.com passes
 * at the top level and with each Entity ID, in both permission models; each misconfigured demo
 * user, and each setup failure of issue 4, fails with its own check id and fix.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createIntacctClient } from "../intacct/client.js";
import { create } from "../intacct/functions/generic.js";
import type { IntacctFunction } from "../intacct/functions/types.js";
import type { FetchLike } from "../intacct/transport.js";
import { createIntacctSandbox } from "../sandbox/intacct/create-intacct-sandbox.js";
import { DEMO_FACTS, DEMO_MISCONFIGURED_USERS, type MisconfiguredUser } from "../sandbox/intacct/demo-seed.js";
import type { IntacctSandbox } from "../sandbox/intacct/sandbox-server.js";
import type { CheckResult, DoctorReport } from "./check.js";
import { runDoctor, type DoctorOptions } from "./doctor.js";
import { formatReport } from "./format-report.js";

let sandbox: IntacctSandbox;

/** Writes through the public API as the demo's sync user (the demo seed carries no bank accounts yet). */
async function createInIntacct(fns: IntacctFunction[]): Promise<void> {
  const client = createIntacctClient({
    credentials: {
      senderId: F.senderId, senderPassword: F.senderPassword, endpointUrl: sandbox.endpointUrl, allowNonIntacctEndpoint: true,
      auth: { kind: "login", companyId: F.companyId, userId: F.userId, userPassword: F.password, entityId: "" },
    },
    fetch: fetchFn,
  });
  try {
    for (const fn of fns) await client.execute(fn);
  } finally {
    await client.close();
  }
}
let fetchFn: FetchLike;

beforeAll(async () => {
  sandbox = await createIntacctSandbox({ seed: "demo", listen: false });
  fetchFn = (url, init) => Promise.resolve(sandbox.app.request(url, init));
});
afterAll(async () => {
  await sandbox.close();
});

const F = DEMO_FACTS;

function doctor(login: Partial<DoctorOptions["loginInfo"]>, extra: Partial<DoctorOptions> = {}): Promise<DoctorReport> {
  return runDoctor({
    loginInfo: { companyId: F.companyId, userId: F.userId, password: F.password, entityId: "", ...login },
    senderId: F.senderId,
    senderPassword: F.senderPassword,
    endpointUrl: sandbox.endpointUrl,
    fetch: fetchFn,
    ...extra,
  });
}

function byId(report: DoctorReport, id: string): CheckResult {
  const c = report.checks.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no check ${id} in:\n${formatReport(report)}`);
  return c;
}

function failures(report: DoctorReport): string[] {
  return report.checks.filter((c) => c.status === "fail").map((c) => c.id);
}

describe("the demo's XML_Bill.com (MUST-SHOW)", () => {
  it("passes at the top level of the role-based multi-entity company", async () => {
    const r = await doctor({});
    expect(failures(r), formatReport(r)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(byId(r, "permissions.model").message).toMatch(/^Role-based: XML_Bill.com has the role\(s\) Billcom Role/);
    expect(byId(r, "entity.scope").message).toBe("Entity ID is blank: this account syncs at the top level of a multi-entity company (entities: EAST, WEST). To sync one entity, enter its Entity ID.");
    for (const id of ["sender.authorized", "login.credentials", "user.web-services", "user.top-level", "user.type", "user.admin", "permissions.accounts-payable", "read.vendor", "read.apbill", "write.probe"]) {
      expect(byId(r, id).status, id).toBe("pass");
    }
  });

  for (const entityId of F.entityIds) {
    it(`passes with Entity ID ${entityId}`, async () => {
      const r = await doctor({ entityId });
      expect(failures(r), formatReport(r)).toEqual([]);
      expect(byId(r, "entity.exists").status).toBe("pass");
      expect(byId(r, "entity.access").status).toBe("pass");
      expect(byId(r, "entity.session").message).toBe(`A session in entity ${entityId} works.`);
      expect(byId(r, "write.probe").message).toBe(`Creating a vendor works in entity ${entityId}; the probe was rolled back and nothing remains.`);
      expect(byId(r, "prefs.open-periods").status).toBe("pass");
    });
  }

  it("passes in the user-based single-entity company", async () => {
    const r = await doctor({ companyId: F.userBasedCompanyId });
    expect(failures(r), formatReport(r)).toEqual([]);
    expect(byId(r, "permissions.model").message).toMatch(/^User-based \(the company has no roles\)/);
    expect(byId(r, "entity.scope").message).toBe("Entity ID is blank: the company has no entities, so the sync runs at the (only) top level.");
  });
});

describe("a correctly set-up user in a user-based multi-entity company", () => {
  it("passes at the top level and with each Entity ID", async () => {
    sandbox.loadSeed({
      companies: [
        {
          companyId: "USERBASED-ME",
          permissionModel: "user",
          authorizedSenders: [F.senderId],
          entities: [
            { entityId: "NORTH", name: "North" },
            { entityId: "SOUTH", name: "South" },
          ],
          users: [{ userId: "XML_Bill.com", password: F.password, firstName: "Bill.com", lastName: "Sync", email: "ap@example.com", userType: "business", admin: "Full", webServicesOnly: true, permissions: { "*": "all" } }],
        },
      ],
    });
    for (const entityId of ["", "NORTH", "SOUTH"]) {
      const r = await doctor({ companyId: "USERBASED-ME", entityId });
      expect(failures(r), formatReport(r)).toEqual([]);
      expect(byId(r, "permissions.model").message).toMatch(/^User-based/);
    }
  });
});

describe("a user whose admin privileges are Off", () => {
  it("fails user.admin because it cannot read its own user record, and names both places to grant permissions", async () => {
    const { temporaryPassword } = sandbox.tenancy.addWebServicesUser({ companyId: F.companyId, userId: "XML_ADMIN_OFF", firstName: "A", lastName: "Off", email: "off@example.com", userType: "business", admin: "Off" });
    sandbox.tenancy.assignRole({ companyId: F.companyId, userId: "XML_ADMIN_OFF", roleName: F.roleName });
    const r = await doctor({ userId: "XML_ADMIN_OFF", password: temporaryPassword });
    expect(byId(r, "user.admin")).toMatchObject({ status: "fail", fix: "Company > Web Services Users > Edit next to XML_ADMIN_OFF: Admin privileges: select Full, then Save." });
    expect(byId(r, "user.admin").message).toMatch(/^XML_ADMIN_OFF cannot read its own user record \(Administration > Users\): PL04000005\. A Full admin can\.$/);
    expect(byId(r, "permissions.model").status).toBe("warn");
    expect(byId(r, "permissions.administration").fix).toMatch(/^User-based permissions: Company > Web Services Users > XML_ADMIN_OFF user > Subscriptions: select All for Administration.* Role-based permissions: Company > Roles > Edit the role assigned to XML_ADMIN_OFF > Administration/);
    expect(byId(r, "permissions.accounts-payable").status).toBe("pass");
  });
});

describe("the write probe leaves no trace", () => {
  it("rolls the probe vendor back: the sandbox holds no ZZ-DOCTOR vendor afterwards", async () => {
    const before = sandbox.objects.listRecords(F.companyId, "VENDOR").length;
    const r = await doctor({ entityId: "EAST" });
    expect(byId(r, "write.probe").status).toBe("pass");
    expect(byId(r, "write.probe").evidence).toContainEqual(expect.stringMatching(/^vendor ZZ-DOCTOR-[0-9A-F]{8} after the transaction: 0 record\(s\)$/));
    const after = sandbox.objects.listRecords(F.companyId, "VENDOR");
    expect(after.length).toBe(before);
    expect(after.filter((v) => typeof v["VENDORID"] === "string" && v["VENDORID"].startsWith("ZZ-DOCTOR"))).toEqual([]);
  });
});

/** The check (and fix) each misconfigured demo user must fail with. */
const EXPECTED: Readonly<Record<MisconfiguredUser["problem"], { readonly id: string; readonly fix: RegExp; readonly entityId?: string }>> = {
  "admin-not-full": { id: "user.admin", fix: /^Company > Web Services Users > Edit next to XML_LIMITED_ADMIN: Admin privileges: select Full, then Save\.$/ },
  "role-missing-reports": { id: "permissions.accounts-payable", fix: /^Company > Roles > Edit the role AP without reports > Accounts Payable: select All from the top right, select All for Reports as well, and Save\.$/ },
  "restricted-to-entity": { id: "user.top-level", fix: /^Company > Web Services Users > Edit next to XML_EAST_ONLY > Entity restrictions: remove the restrictions \(Unrestricted\)/ },
  "user-type-not-business": { id: "user.type", fix: /^Company > Web Services Users > Edit next to XML_EMPLOYEE: User type: select Business, then Save\.$/ },
  "not-web-services-user": { id: "user.web-services", fix: /^Create the sync user as the guide says, at the Root\/Top Level: Company > Web Services Users > Add/ },
  inactive: { id: "login.credentials", fix: /Status Active\.$/ },
  "no-role-assigned": { id: "permissions.role-assigned", fix: /^Company > Web Services Users > Edit next to XML_NO_ROLE > Roles information: select the role with All permissions/ },
  "subscription-missing-reports": { id: "permissions.accounts-payable", fix: /^Company > Web Services Users > XML_NO_REPORTS user > Subscriptions: select All for Accounts Payable, including Reports, and save changes\.$/ },
};

describe("each misconfigured demo user fails with its own check and fix (MUST-SHOW)", () => {
  for (const u of DEMO_MISCONFIGURED_USERS) {
    it(`${u.userId} (${u.description}) fails ${EXPECTED[u.problem].id}`, async () => {
      const expected = EXPECTED[u.problem];
      const r = await doctor({ companyId: u.companyId, userId: u.userId, password: F.misconfiguredPassword });
      expect(r.ok).toBe(false);
      const c = byId(r, expected.id);
      expect(c.status, formatReport(r)).toBe("fail");
      expect(c.fix).toMatch(expected.fix);
    });
  }

  it("names the missing right exactly: Accounts Payable > Reports in the role", async () => {
    const r = await doctor({ userId: "XML_NO_AP_REPORTS", password: F.misconfiguredPassword });
    expect(byId(r, "permissions.accounts-payable").message).toBe("Accounts Payable: the Reports section is not All (missing Reports (List, Reports)) in the role AP without reports.");
    expect(byId(r, "permissions.accounts-receivable").status).toBe("pass");
  });
});

describe("setup failures", () => {
  it("a Company ID with a trailing space is caught before any call", async () => {
    const before = sandbox.counters.snapshot().totalRequests;
    const r = await doctor({ companyId: `${F.companyId} ` });
    const c = byId(r, "login-info.format");
    expect(c).toMatchObject({ status: "fail", message: `Company ID "${F.companyId} " has a trailing space.` });
    expect(c.fix).toBe("Enter the Company ID without spaces, exactly as Company > Company Info shows it.");
    expect(r.checks.map((x) => x.id)).toEqual(["config.sender", "login-info.format"]);
    expect(sandbox.counters.snapshot().totalRequests).toBe(before);
  });

  it("a wrong password, User ID or Company ID fails login.credentials with the sign-in fix", async () => {
    for (const login of [{ password: "wrong-password" }, { userId: "XML_Bill.co" }, { companyId: "ZEPHYR-DEM0" }]) {
      const r = await doctor(login);
      const c = byId(r, "login.credentials");
      expect(c.status).toBe("fail");
      expect(c.fix).toMatch(/^Check each value of the Sage Intacct Login Info: Company ID: exactly as Company > Company Info shows it/);
      expect(c.evidence).toEqual(["authentication level XL03000006: Sign-in information is incorrect"]);
      expect(JSON.stringify(r)).not.toContain(F.password);
    }
  });

  it("names a wrong password when another account signs in as the same user (a password reset)", async () => {
    const r = await doctor(
      { password: "outdated-password", entityId: "EAST" },
      { accountId: "bill-east", referenceLogins: [{ accountId: "bill-west", loginInfo: { companyId: F.companyId, userId: F.userId, password: F.password, entityId: "WEST" } }] },
    );
    expect(byId(r, "login.credentials")).toMatchObject({
      status: "fail",
      message: `The password is wrong: account bill-west signs in to company "${F.companyId}" as ${F.userId} with another password (was the password reset in Intacct?).`,
      fix: `Enter the current password of ${F.userId} in this account's Login Info (the same one account bill-west uses): intacct-sync accounts add bill-east … --replace.`,
    });
  });

  it("confirms the Company ID when another account signs in with another user", async () => {
    const r = await doctor({ userId: "XML_Nobody" }, { referenceLogins: [{ accountId: "bill-west", loginInfo: { companyId: F.companyId, userId: F.userId, password: F.password, entityId: "" } }] });
    expect(byId(r, "login.credentials").message).toBe('The User ID "XML_Nobody" or its password is wrong: the Company ID is right (account bill-west signs in to it).');
  });

  it("a sender not authorized for the company fails sender.authorized with the Web Services authorizations fix", async () => {
    const r = await doctor({}, { senderId: F.unauthorizedSenderId, senderPassword: F.unauthorizedSenderPassword });
    const c = byId(r, "sender.authorized");
    expect(c.status).toBe("fail");
    expect(c.fix).toBe(`In Sage Intacct at the top level: Company > Setup > Security > Web Services authorizations > Add: enter the sender ID "${F.unauthorizedSenderId}" and save.`);
  });

  it("a wrong sender password fails sender.credentials", async () => {
    const r = await doctor({}, { senderPassword: "not-the-sender-password" });
    expect(byId(r, "sender.credentials").status).toBe("fail");
    expect(JSON.stringify(r)).not.toContain("not-the-sender-password");
  });

  it("missing sender configuration fails config.sender", async () => {
    const r = await doctor({}, { senderId: "" });
    expect(r.checks).toEqual([expect.objectContaining({ id: "config.sender", status: "fail" })]);
  });

  it("an Entity ID that does not exist names the company's entities", async () => {
    const r = await doctor({ entityId: "NORTH" });
    expect(byId(r, "entity.exists")).toMatchObject({
      status: "fail",
      message: `No entity "NORTH" in company "${F.companyId}" (entities: EAST, WEST).`,
      fix: "Enter an Entity ID exactly as Company > Entities shows it at the Root/Top Level: EAST, WEST; or leave the Entity ID blank to sync at the top level.",
    });
  });

  it("an Entity ID on a single-entity company says to leave it blank", async () => {
    const r = await doctor({ companyId: F.userBasedCompanyId, entityId: "EAST" });
    expect(byId(r, "entity.exists")).toMatchObject({ status: "fail", fix: "Leave the Entity ID blank: a single-entity company syncs at the top level." });
  });

  it("an entity-restricted user asked for another entity fails entity.access", async () => {
    const r = await doctor({ userId: "XML_EAST_ONLY", password: F.misconfiguredPassword, entityId: "WEST" });
    expect(byId(r, "entity.access").status, formatReport(r)).toBe("fail");
    expect(byId(r, "user.top-level").message).toBe("XML_EAST_ONLY cannot work at the top level: signing in without an Entity ID lands in entity EAST.");
    expect(byId(r, "entity.session").status).toBe("fail");
    expect(byId(r, "entity.access").fix).toBe("Company > Web Services Users > Edit next to XML_EAST_ONLY > Entity restrictions: make the user Unrestricted (recommended by the guide) or add entity WEST, then Save.");
  });

  it("a clearing account shared by two accounts fails prefs.clearing-account", async () => {
    const id = "BILL-CLEARING-WEST";
    await createInIntacct([
      create("GLACCOUNT", { ACCOUNTNO: "1090", TITLE: "Bill.com Money Out Clearing", ACCOUNTTYPE: "balancesheet", NORMALBALANCE: "debit" }, { controlId: "t-gl-1090" }),
      create("CHECKINGACCOUNT", { BANKACCOUNTID: id, BANKACCOUNTNO: "000111", GLACCOUNTNO: "1090", BANKNAME: "Bill.com Clearing West" }, { controlId: "t-ck-1" }),
    ]);
    expect(byId(await doctor({}), "prefs.clearing-account")).toMatchObject({ status: "pass", message: `No clearing account chosen yet; candidate(s): ${id}.` });
    const r = await doctor({}, { preferences: { clearingAccountId: id }, siblings: [{ accountId: "bill-east", entityId: "EAST", clearingAccountId: id }] });
    expect(byId(r, "prefs.clearing-account")).toMatchObject({ status: "fail", message: `The clearing account ${id} is also used by bill-east: each account needs its own.` });
  });

  it("an AP account that does not exist fails prefs.ap-account", async () => {
    const r = await doctor({}, { preferences: { apAccountNo: "9999-NOPE" } });
    expect(byId(r, "prefs.ap-account")).toMatchObject({ status: "fail", message: "The AP account 9999-NOPE chosen in the preferences does not exist." });
  });

  it("reports AP payment approval as skipped with the reason when the API does not expose it", async () => {
    const r = await doctor({});
    const c = byId(r, "prefs.ap-payment-approval");
    expect(c.status).toBe("skipped");
    expect(c.message).toMatch(/check by hand\. Accounts Payable > Setup > Configuration > Payment approval: uncheck "Enable AP payments approval"/);
  });
});
