/**
 * Protocol semantics with the real objects half, in-process: readMore result sets expire on the
 * sandbox clock and are bound to the session that created them; a request may carry many
 * functions; the demo's closed period and permissions hold through the gateway.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { ManualClock } from "../../domain/clock.js";
import { el } from "../../intacct/xml/index.js";
import { createIntacctSandbox } from "./create-intacct-sandbox.js";
import { DEMO_FACTS } from "./demo-seed.js";
import type { IntacctSandbox } from "./sandbox-server.js";
import { fn, login, post, request, results, session, text } from "./test-support/xml-requests.js";

let sandbox: IntacctSandbox;
let clock: ManualClock;
beforeEach(async () => {
  clock = new ManualClock(Date.UTC(2026, 2, 15, 12));
  sandbox = await createIntacctSandbox({ listen: false, seed: "demo", clock });
});
afterEach(async () => {
  await sandbox.close();
});

const demo = { sender: DEMO_FACTS.senderId, senderPassword: DEMO_FACTS.senderPassword };
const demoLogin = (userId: string = DEMO_FACTS.userId, password: string = DEMO_FACTS.password) => login({ companyId: DEMO_FACTS.companyId, userId, password });

async function newSession(): Promise<string> {
  const p = await post(sandbox.app, request([["s", fn.getAPISession()]], { ...demo, auth: demoLogin() }));
  return text(results(p)[0]?.data?.records[0]?.record["sessionid"]);
}

describe("readMore", () => {
  it("pages a result set, then refuses it after it expired on the sandbox clock", async () => {
    const id = await newSession();
    const first = await post(sandbox.app, request([["q", fn.byQuery("VENDOR", "", "VENDORID", "50")]], { ...demo, auth: session(id) }));
    const resultId = results(first)[0]?.data?.attrs["resultId"] ?? "";
    expect(resultId).not.toBe("");
    const more = (): Promise<ReturnType<typeof results>> =>
      post(sandbox.app, request([["m", el("readMore", null, el("resultId", null, resultId))]], { ...demo, auth: session(id) })).then(results);
    expect((await more())[0]?.status).toBe("success");
    clock.advance(31 * 60_000);
    const expired = (await more())[0];
    expect(expired?.status).toBe("failure");
    expect(expired?.errors?.[0]).toMatchObject({ errorno: "readMore failed", description2: `Attempt to readMore with an invalid or expired resultId: ${resultId}` });
  });

  it("binds a result set to the session that created it", async () => {
    const a = await newSession();
    const b = await newSession();
    const first = await post(sandbox.app, request([["q", fn.byQuery("VENDOR", "", "VENDORID", "50")]], { ...demo, auth: session(a) }));
    const resultId = results(first)[0]?.data?.attrs["resultId"] ?? "";
    const other = await post(sandbox.app, request([["m", el("readMore", null, el("resultId", null, resultId))]], { ...demo, auth: session(b) }));
    expect(results(other)[0]?.status).toBe("failure");
  });
});

describe("functions and permissions with the real objects half", () => {
  it("answers many functions of one request in order", async () => {
    const fns = Array.from({ length: 25 }, (_, i) => [`f${i}`, fn.byQuery("VENDOR", `VENDORID = 'V-${String(i + 1).padStart(3, "0")}'`, "VENDORID", "1")] as const);
    const p = await post(sandbox.app, request(fns, { ...demo, auth: demoLogin() }));
    expect(results(p).map((r) => r.controlId)).toEqual(fns.map(([c]) => c));
    expect(results(p).every((r) => r.status === "success")).toBe(true);
  });

  it("lets a role without AP Reports list vendors, and refuses a user with no role", async () => {
    const noReports = await post(sandbox.app, request([["q", fn.byQuery("VENDOR", "", "VENDORID", "1")]], { ...demo, auth: demoLogin("XML_NO_AP_REPORTS", DEMO_FACTS.misconfiguredPassword) }));
    expect(results(noReports)[0]?.status).toBe("success");
    const noRole = await post(sandbox.app, request([["q", fn.byQuery("APBILL", "", "RECORDNO", "1")]], { ...demo, auth: demoLogin("XML_NO_ROLE", DEMO_FACTS.misconfiguredPassword) }));
    expect(results(noRole)[0]?.errors?.[0]?.description2).toMatch(/^You do not have permission for API operation READ_BY_QUERY on objects of type apbill \[Support ID: /);
  });

  it("never answers success to an unknown object", async () => {
    const p = await post(sandbox.app, request([["q", fn.byQuery("VENDOR9")]], { ...demo, auth: demoLogin() }));
    expect(results(p)[0]?.status).toBe("failure");
  });
});
