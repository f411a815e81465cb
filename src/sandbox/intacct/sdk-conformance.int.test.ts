/**
 * MUST-SHOW (issue 3): the official `@intacct/intacct-sdk` 2.2.1, unmodified, against the
 * running sandbox over HTTP. The SDK only accepts endpoints whose host ends in `.intacct.com`
 * (peers.md §3.1), so the sandbox announces `http://sandbox.intacct.com:<port>/…` in
 * getAPISession's `<endpoint>`, and this test process resolves that one name to 127.0.0.1 through
 * the HTTP global agent's `lookup` (no /etc/hosts edit, no SDK patching; node-fetch uses the
 * global agent). Any other name resolves normally.
 */
import dns from "node:dns";
import http from "node:http";

import * as IA from "@intacct/intacct-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createIntacctSandbox } from "./create-intacct-sandbox.js";
import { DEMO_FACTS } from "./demo-seed.js";
import type { IntacctSandbox } from "./sandbox-server.js";

const SANDBOX_HOST = "sandbox.intacct.com";
const mutableHttp = http as { globalAgent: http.Agent };
const originalAgent = mutableHttp.globalAgent;

let sandbox: IntacctSandbox;
let endpointUrl: string;

beforeAll(async () => {
  mutableHttp.globalAgent = new http.Agent({
    keepAlive: false,
    lookup: ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
      if (hostname !== SANDBOX_HOST) return dns.lookup(hostname, options, callback as never);
      if (options.all) callback(null, [{ address: "127.0.0.1", family: 4 }]);
      else callback(null, "127.0.0.1", 4);
      return undefined;
    }) as never,
  });
  sandbox = await createIntacctSandbox({ seed: "demo", publicHostname: SANDBOX_HOST });
  endpointUrl = sandbox.publicEndpointUrl;
});

afterAll(async () => {
  mutableHttp.globalAgent = originalAgent;
  await sandbox.close();
});

function loginConfig(overrides: Partial<IA.ClientConfig> = {}): IA.ClientConfig {
  const config = new IA.ClientConfig();
  config.endpointUrl = endpointUrl;
  config.senderId = DEMO_FACTS.senderId;
  config.senderPassword = DEMO_FACTS.senderPassword;
  config.companyId = DEMO_FACTS.companyId;
  config.userId = DEMO_FACTS.userId;
  config.userPassword = DEMO_FACTS.password;
  Object.assign(config, overrides);
  return config;
}

async function sessionClient(entityId?: string): Promise<IA.OnlineClient> {
  const config = await IA.SessionProvider.factory(loginConfig(entityId === undefined ? {} : { entityId }));
  return new IA.OnlineClient(config);
}

function today(offsetDays = 0): Date {
  return new Date(sandbox.clock.now() + offsetDays * 86_400_000);
}

async function caught(work: () => Promise<unknown>): Promise<Error & { errors?: string[] }> {
  try {
    await work();
  } catch (e) {
    return e as Error & { errors?: string[] };
  }
  throw new Error("expected the SDK to throw");
}

describe("official SDK against the sandbox", () => {
  it("opens a session at the top level with SessionProvider", async () => {
    const config = await IA.SessionProvider.factory(loginConfig());
    expect(config.sessionId).toMatch(/\.\.$/);
    expect(config.entityId).toBe("");
    expect(config.endpointUrl).toBe(endpointUrl);
    expect(config.companyId).toBe(DEMO_FACTS.companyId);
    expect(config.userId).toBe(DEMO_FACTS.userId);
    expect(config.sessionTimeout).toBeDefined();
  });

  it("opens a session into an entity, switches entity and returns to the top level", async () => {
    const east = await IA.SessionProvider.factory(loginConfig({ entityId: "EAST" }));
    expect(east.entityId).toBe("EAST");
    const switchTo = async (sessionId: string, entityId: string): Promise<IA.ClientConfig> => {
      const c = new IA.ClientConfig();
      c.endpointUrl = endpointUrl;
      c.senderId = DEMO_FACTS.senderId;
      c.senderPassword = DEMO_FACTS.senderPassword;
      c.sessionId = sessionId;
      c.entityId = entityId;
      return IA.SessionProvider.factory(c);
    };
    const west = await switchTo(east.sessionId, "WEST");
    expect(west.entityId).toBe("WEST");
    expect(west.sessionId).not.toBe(east.sessionId);
    const top = await switchTo(west.sessionId, "");
    expect(top.entityId).toBe("");
  });

  it("pages readByQuery with readMore until nothing remains", async () => {
    const client = await sessionClient();
    const first = new IA.Functions.Common.ReadByQuery();
    first.objectName = "VENDOR";
    first.fields = ["RECORDNO", "VENDORID", "NAME"];
    first.pageSize = 100;
    let result = (await client.execute(first)).getResult();
    const total = result.totalCount;
    // The top level sees the 200 shared vendors; entity-private ones need an entity session.
    expect(total).toBeGreaterThanOrEqual(200);
    const ids = result.data.map((r: Record<string, unknown>) => String(r["VENDORID"]));
    expect(result.count).toBe(100);
    while (result.numRemaining > 0) {
      const more = new IA.Functions.Common.ReadMore();
      more.resultId = result.resultId;
      result = (await client.execute(more)).getResult();
      ids.push(...result.data.map((r: Record<string, unknown>) => String(r["VENDORID"])));
    }
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
  });

  it("runs a structured query with a filter, an order and a page size", async () => {
    const client = await sessionClient();
    const q = new IA.Functions.Common.NewQuery.Query();
    q.fromObject = "VENDOR";
    q.selectFields = new IA.Functions.Common.NewQuery.QuerySelect.SelectBuilder().addFields(["VENDORID", "NAME"]).selects;
    q.filter = new IA.Functions.Common.NewQuery.QueryFilter.Filter("VENDORID").like("V-01%");
    q.orderBy = new IA.Functions.Common.NewQuery.QueryOrderBy.OrderBuilder().addDescending("VENDORID").orders;
    q.pageSize = 5;
    const result = (await client.execute(q)).getResult();
    expect(result.listType).toBe("VENDOR");
    expect(result.count).toBe(5);
    const ids = result.data.map((r: Record<string, unknown>) => String(r["VENDORID"]));
    expect(ids).toEqual([...ids].sort().reverse());
    expect(ids.every((id: string) => id.startsWith("V-01"))).toBe(true);
  });

  it("creates a vendor (VendorCreate)", async () => {
    const client = await sessionClient();
    const create = new IA.Functions.AccountsPayable.VendorCreate();
    create.vendorId = "SDK-V1";
    create.vendorName = "SDK Vendor One";
    const result = (await client.execute(create)).getResult();
    expect(result.status).toBe("success");
    expect(String((result.data[0] as Record<string, unknown> | undefined)?.["VENDORID"])).toBe("SDK-V1");
    expect(sandbox.objects.listRecords(DEMO_FACTS.companyId, "VENDOR").some((r) => r["VENDORID"] === "SDK-V1")).toBe(true);
  });

  it("creates a bill (BillCreate) and pays it (ApPaymentCreate) in an entity", async () => {
    const client = await sessionClient("EAST");
    const bill = new IA.Functions.AccountsPayable.BillCreate();
    bill.vendorId = "V-001";
    bill.transactionDate = today(-1);
    bill.glPostingDate = today(-1);
    bill.dueDate = today(29);
    bill.billNumber = "SDK-BILL-1";
    const line = new IA.Functions.AccountsPayable.BillLineCreate();
    line.glAccountNumber = "6100";
    line.transactionAmount = 125.5;
    line.locationId = "EAST-HQ";
    bill.lines = [line];
    const created = (await client.execute(bill)).getResult();
    expect(created.status).toBe("success");
    expect(created.key).toMatch(/^\d+$/);

    const info = new IA.Functions.AccountsPayable.ApPaymentInfo();
    info.financialEntityId = "EAST-CLEARING";
    info.paymentMethod = "EFT";
    info.vendorId = "V-001";
    info.paymentDate = today();
    info.transactionCurrency = "USD";
    info.baseCurrency = "USD";
    const detail = new IA.Functions.AccountsPayable.ApPaymentDetailBillInfo();
    detail.recordNo = Number(created.key);
    detail.paymentAmount = 125.5;
    info.apPaymentDetails = [new IA.Functions.AccountsPayable.ApPaymentDetailBill(detail)];
    const paid = (await client.execute(new IA.Functions.AccountsPayable.ApPaymentCreate(info, "pay-sdk-bill-1"))).getResult();
    expect(paid.status).toBe("success");
    const stored = sandbox.objects.listRecords(DEMO_FACTS.companyId, "APBILL").find((r) => r["RECORDNO"] === created.key);
    expect(stored?.["STATE"]).toBe("Paid");
  });

  it("rolls back a transaction=\"true\" batch: nothing of it remains", async () => {
    const client = await sessionClient();
    const good = new IA.Functions.AccountsPayable.VendorCreate("tx-1");
    good.vendorId = "SDK-TX-1";
    good.vendorName = "Rolled back";
    const duplicate = new IA.Functions.AccountsPayable.VendorCreate("tx-2");
    duplicate.vendorId = "V-002";
    duplicate.vendorName = "Duplicate";
    const config = new IA.RequestConfig();
    config.transaction = true;
    const e = await caught(() => client.executeBatch([good, duplicate], config));
    expect(e).toBeInstanceOf(IA.Exceptions.ResultException);
    expect(e.message).toMatch(/^Result status: failure for Control ID: tx-2 - BL34000061 /);
    expect(e.errors?.some((x) => x.startsWith("XL03000009"))).toBe(true);
    expect(sandbox.objects.listRecords(DEMO_FACTS.companyId, "VENDOR").some((r) => r["VENDORID"] === "SDK-TX-1")).toBe(false);
    // Without transaction the good half commits and the batch reports per-function results.
    const noTx = await client.executeBatch([good, duplicate]);
    expect(noTx.results.map((r) => r.status)).toEqual(["success", "failure"]);
  });

  it("throws the SDK's ResponseException for a wrong password", async () => {
    const client = new IA.OnlineClient(loginConfig({ userPassword: "wrong" }));
    const e = await caught(() => client.execute(new IA.Functions.ApiSessionCreate()));
    expect(e).toBeInstanceOf(IA.Exceptions.ResponseException);
    expect(e.message).toMatch(/^Response authentication status failure - XL03000006 /);
    expect(e.errors).toEqual(["XL03000006 Sign-in information is incorrect"]);
  });

  it("throws the SDK's ResponseException for a sender not authorized for the company", async () => {
    const client = new IA.OnlineClient(loginConfig({ senderId: DEMO_FACTS.unauthorizedSenderId, senderPassword: DEMO_FACTS.unauthorizedSenderPassword }));
    const e = await caught(() => client.execute(new IA.Functions.ApiSessionCreate()));
    expect(e).toBeInstanceOf(IA.Exceptions.ResponseException);
    expect(e.message).toMatch(/^Response authentication status failure - XL03000006 /);
    expect(e.errors).toEqual([
      `XL03000006 Invalid Web Services Authorization The sender ID '${DEMO_FACTS.unauthorizedSenderId}' is not authorized to make Web Services requests to company ID '${DEMO_FACTS.companyId}'. Contact the company administrator to grant Web Services authorization to this sender ID.`,
    ]);
  });

  it("throws the SDK's ResponseException for a wrong sender password (control level)", async () => {
    const client = new IA.OnlineClient(loginConfig({ senderPassword: "wrong" }));
    const e = await caught(() => client.execute(new IA.Functions.ApiSessionCreate()));
    expect(e).toBeInstanceOf(IA.Exceptions.ResponseException);
    expect(e.message).toBe("Response control status failure - XL03000006 Incorrect Intacct XML Partner ID or password.");
    expect(e.errors).toEqual(["XL03000006 Incorrect Intacct XML Partner ID or password."]);
  });
});
