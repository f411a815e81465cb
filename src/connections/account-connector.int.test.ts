/**
 * The account connector against both sandboxes (the demo world): stored accounts open signed-in
 * clients of both sides, Login Info tests answer in the doctor's words, the BILL sign-in test
 * tells a refused password from a missing sign-in.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type DemoWorld, startDemoWorld } from "../cli/commands/demo.js";
import { query } from "../intacct/index.js";
import { DEMO_FACTS as F } from "../sandbox/intacct/demo-seed.js";
import { createAccountConnector } from "./account-connector.js";
import type { AccountConnector } from "./connector-port.js";

let world: DemoWorld;
let connector: AccountConnector;

beforeAll(async () => {
  world = await startDemoWorld({ databasePath: ":memory:" });
  connector = createAccountConnector({ accounts: world.accounts, intacct: { senderId: F.senderId, senderPassword: F.senderPassword, endpointUrl: world.intacctSandbox.endpointUrl }, bill: { baseUrl: world.billSandbox.url } });
});
afterAll(async () => {
  await connector.close();
  await world.close();
});

const east = { companyId: F.companyId, userId: F.userId, password: F.password, entityId: "EAST" };

describe("createAccountConnector", () => {
  it("opens a stored account: Intacct at the top level (entity view by forEntity) and BILL in the account's organization", async () => {
    const clients = await connector.open("demo-east");
    try {
      expect(clients.accountId).toBe("demo-east");
      expect(clients.intacct.entityId).toBe("");
      expect((await clients.intacct.session()).entityId).toBe("");
      const r = await clients.intacct.forEntity("EAST").execute(query({ object: "VENDOR", select: ["RECORDNO"], pageSize: 1 }));
      expect(r.records.length).toBe(1);
      expect((await clients.intacct.forEntity("EAST").session()).entityId).toBe("EAST");
      const session = await clients.bill.session.info();
      const org = world.demoAccounts.find((a) => a.id === "demo-east")?.platformOrgId;
      expect(JSON.stringify(session)).toContain(org ?? "missing");
    } finally {
      await clients.close();
    }
  });

  it("answers ACCOUNT_NOT_FOUND, and PLATFORM_LOGIN_MISSING for an account without BILL sign-in unless a fallback is given", async () => {
    await expect(connector.open("nope")).rejects.toMatchObject({ code: "ACCOUNT_NOT_FOUND" });
    await world.accounts.add({ id: "no-bill", platformOrgId: "org-no-bill", loginInfo: east });
    await expect(connector.open("no-bill")).rejects.toMatchObject({ code: "PLATFORM_LOGIN_MISSING", message: 'Account "no-bill" has no BILL sign-in. Set it with: intacct-sync accounts set no-bill --bill-username … --bill-password-stdin --bill-dev-key …' });
    const used: string[] = [];
    const login = world.billSandbox.logins[0];
    if (login === undefined) throw new Error("no demo login");
    const withFallback = createAccountConnector({
      accounts: world.accounts,
      intacct: { senderId: F.senderId, senderPassword: F.senderPassword, endpointUrl: world.intacctSandbox.endpointUrl },
      bill: { baseUrl: world.billSandbox.url, fallbackLogin: () => (used.push("fallback"), { username: login.username, password: login.password, devKey: login.devKey }) },
    });
    try {
      const clients = await withFallback.open("no-bill");
      await clients.close();
      expect(used).toEqual(["fallback"]);
      // A stored sign-in wins over the fallback.
      await (await withFallback.open("demo-east")).close();
      expect(used).toEqual(["fallback"]);
    } finally {
      await withFallback.close();
      await world.accounts.remove("no-bill");
    }
  });

  it("two open clients of one organization share the BILL session: closing one does not sign the other out", async () => {
    const a = await connector.open("demo-west");
    const b = await connector.open("demo-west");
    await a.bill.session.info();
    const loginsBefore = b.bill.stats.logins + a.bill.stats.logins;
    await a.close();
    await b.bill.session.info();
    expect(b.bill.stats.logins + a.bill.stats.logins).toBe(loginsBefore);
    await b.close();
  });

  it("refuses to open after close", async () => {
    const c = createAccountConnector({ accounts: world.accounts, intacct: { senderId: F.senderId, senderPassword: F.senderPassword, endpointUrl: world.intacctSandbox.endpointUrl }, bill: { baseUrl: world.billSandbox.url } });
    await c.close();
    await expect(c.open("demo-east")).rejects.toMatchObject({ code: "CONNECTOR_CLOSED" });
  });

  it("testLoginInfo: signs in and enters the entity", async () => {
    expect(await connector.testLoginInfo(east)).toEqual({ ok: true, message: 'XML_Bill.com signed in to company "ZEPHYR-DEMO" and entered entity EAST.' });
    expect(await connector.testLoginInfo({ ...east, entityId: "" })).toEqual({ ok: true, message: 'XML_Bill.com signed in to company "ZEPHYR-DEMO" at the top level.' });
  });

  it("testLoginInfo: a wrong password, an unknown entity, a restricted user, stray spaces and a refused sender, in readable words", async () => {
    const wrong = await connector.testLoginInfo({ ...east, password: "not-the-password" });
    expect(wrong.ok).toBe(false);
    expect(wrong.code).toBe("XL03000006");
    expect(wrong.message).toMatch(/^Sign-in failed for Company ID "ZEPHYR-DEMO" and User ID "XML_Bill.com": Intacct answers "Sign-in information is incorrect" alike/);
    expect(wrong.message).not.toContain("not-the-password");

    const entity = await connector.testLoginInfo({ ...east, entityId: "NORTH" });
    expect(entity.ok).toBe(false);
    expect(entity.message).toMatch(/^Sign-in with Entity ID "NORTH" failed although the top-level sign-in works\./);

    const restricted = await connector.testLoginInfo({ ...east, userId: "XML_EAST_ONLY", password: F.misconfiguredPassword });
    expect(restricted).toMatchObject({ ok: true });
    expect(restricted.message).toContain("in entity EAST");

    expect(await connector.testLoginInfo({ ...east, companyId: "ZEPHYR-DEMO " })).toEqual({
      ok: false,
      code: "LOGIN_INFO_INVALID",
      message: 'Company ID "ZEPHYR-DEMO " has a trailing space. Enter the values exactly as Sage Intacct shows them, without spaces.',
    });

    const badSender = createAccountConnector({ accounts: world.accounts, intacct: { senderId: F.senderId, senderPassword: "wrong-sender-pw", endpointUrl: world.intacctSandbox.endpointUrl }, bill: { baseUrl: world.billSandbox.url } });
    try {
      const r = await badSender.testLoginInfo(east);
      expect(r.ok).toBe(false);
      expect(r.message).toMatch(/^Intacct refused this deployment's Web Services sender "intacct-sync-sandbox"\./);
    } finally {
      await badSender.close();
    }
    const unauthorized = createAccountConnector({ accounts: world.accounts, intacct: { senderId: F.unauthorizedSenderId, senderPassword: F.unauthorizedSenderPassword, endpointUrl: world.intacctSandbox.endpointUrl }, bill: { baseUrl: world.billSandbox.url } });
    try {
      const r = await unauthorized.testLoginInfo(east);
      expect(r).toMatchObject({ ok: false, code: "XL03000006" });
      expect(r.message).toMatch(/^The sender "other-partner" is not authorized for company "ZEPHYR-DEMO"\. In Sage Intacct at the top level: Company > Setup > Security > Web Services authorizations > Add/);
    } finally {
      await unauthorized.close();
    }
  });

  it("testPlatformLogin: ok with the stored sign-in, BDC_1101 with a wrong password, PLATFORM_LOGIN_MISSING without one", async () => {
    expect(await connector.testPlatformLogin("demo-west")).toMatchObject({ ok: true });
    const login = world.billSandbox.logins.find((l) => l.intacctEntityId === "WEST");
    if (login === undefined) throw new Error("no WEST login");
    await world.accounts.add({ id: "bad-bill", platformOrgId: login.organizationId + "-x", loginInfo: east, platformLogin: { username: login.username, password: "wrong", devKey: login.devKey } });
    try {
      const r = await connector.testPlatformLogin("bad-bill");
      expect(r.ok).toBe(false);
      expect(r.code).toMatch(/^BDC_/);
      expect(r.message).not.toContain("wrong");
      await world.accounts.remove("bad-bill");
      await world.accounts.add({ id: "bad-bill", platformOrgId: "org-none", loginInfo: east });
      expect(await connector.testPlatformLogin("bad-bill")).toMatchObject({ ok: false, code: "PLATFORM_LOGIN_MISSING" });
    } finally {
      await world.accounts.remove("bad-bill");
    }
  });
});
