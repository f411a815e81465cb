/**
 * The objects half behind the real gateway (in-process `app.request`): demo seed, entity
 * sessions, readByQuery + readMore, a bill and its payment, a rolled-back transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ManualClock } from "../../../domain/clock.js";
import type { IntacctResponse, RequestAuthentication, XmlElement } from "../../../intacct/xml/index.js";
import { decodeResponse, el, encodeRequest } from "../../../intacct/xml/index.js";
import { DEMO_FACTS } from "../demo-seed.js";
import type { IntacctSandbox } from "../sandbox-server.js";
import { startIntacctSandbox } from "../sandbox-server.js";
import { demoRecords } from "./demo-records.js";
import { createObjectsModule } from "./index.js";

const NOW = Date.UTC(2026, 2, 15, 12, 0, 0);
let sandbox: IntacctSandbox;

beforeAll(async () => {
  sandbox = await startIntacctSandbox({ listen: false, seed: "demo", clock: new ManualClock(NOW) }, { createObjects: createObjectsModule, demoRecords });
});
afterAll(async () => {
  await sandbox.close();
});

const login = (locationId?: string): RequestAuthentication => ({ kind: "login", userId: DEMO_FACTS.userId, companyId: DEMO_FACTS.companyId, password: DEMO_FACTS.password, ...(locationId ? { locationId } : {}) });

async function post(functions: readonly XmlElement[], auth: RequestAuthentication = login(), transaction = false): Promise<IntacctResponse> {
  const body = encodeRequest({
    control: { senderId: DEMO_FACTS.senderId, senderPassword: DEMO_FACTS.senderPassword, controlId: "t", uniqueId: false },
    operation: { ...(transaction ? { transaction: true } : {}), authentication: auth, functions: functions.map((f, i) => ({ controlId: `f${i}`, body: f })) },
  });
  const res = await sandbox.app.request("/ia/xml/xmlgw.phtml", { method: "POST", body, headers: { "content-type": "application/xml" } });
  return decodeResponse(await res.text());
}

const results = (r: IntacctResponse) => r.operation?.results ?? [];

describe("objects through the gateway", () => {
  it("pages the demo's vendors with readByQuery and readMore", async () => {
    const first = results(await post([el("readByQuery", null, el("object", null, "VENDOR"), el("fields", null, "VENDORID,NAME"), el("query", null, ""), el("pagesize", null, "100"))]))[0];
    expect(first?.status).toBe("success");
    expect(first?.data?.attrs).toMatchObject({ listtype: "vendor", count: "100", totalcount: "200", numremaining: "100" });
    const next = results(await post([el("readMore", null, el("resultId", null, first?.data?.attrs["resultId"] ?? ""))]))[0];
    expect(next?.status).toBe("success");
    expect(next?.data?.attrs).toMatchObject({ count: "100", numremaining: "0" });
  });

  it("sees entity-private vendors from the entity and with showprivate at the top level", async () => {
    const q = (showPrivate: boolean) =>
      el("query", null, el("object", null, "VENDOR"), el("select", null, el("field", null, "RECORDNO")), el("options", null, el("showprivate", null, String(showPrivate))), el("pagesize", null, "1"));
    expect(results(await post([q(false)]))[0]?.data?.attrs["totalcount"]).toBe("200");
    expect(results(await post([q(true)]))[0]?.data?.attrs["totalcount"]).toBe("240");
    expect(results(await post([q(false)], login("EAST")))[0]?.data?.attrs["totalcount"]).toBe("220");
  });

  it("rolls a whole transaction back when one function fails", async () => {
    const vendor = (id: string) => el("create", null, el("VENDOR", null, el("VENDORID", null, id), el("NAME", null, id)));
    const r = results(await post([vendor("TX-1"), vendor("V-001")], login(), true));
    expect(r.map((x) => x.status)).toEqual(["aborted", "failure"]);
    const check = results(await post([el("readByName", null, el("object", null, "VENDOR"), el("keys", null, "TX-1"), el("fields", null, "VENDORID"))]))[0];
    expect(check?.data?.attrs["count"]).toBe("0");
  });

  it("refuses a bill in EAST's closed period with the closed-period text", async () => {
    const bill = el(
      "create",
      null,
      el(
        "APBILL",
        null,
        el("VENDORID", null, "V-001"),
        el("WHENCREATED", null, "02/10/2026"),
        el("WHENDUE", null, "03/10/2026"),
        el("APBILLITEMS", null, el("APBILLITEM", null, el("ACCOUNTNO", null, "6400"), el("TRX_AMOUNT", null, "10"), el("LOCATIONID", null, "EAST-HQ"))),
      ),
    );
    const r = results(await post([bill], login("EAST")))[0];
    expect(r?.status).toBe("failure");
    expect(r?.errors?.[0]?.description).toBe("Periods are closed.");
  });
});
