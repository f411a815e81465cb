import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { ManualClock } from "../../../domain/clock.js";
import { el } from "../../../intacct/xml/index.js";
import type { IntacctSandbox } from "../sandbox-server.js";
import { makeSandbox } from "../test-support/make-sandbox.js";
import { T } from "../test-support/test-seed.js";
import { fn, login, post, request, results, session, text } from "../test-support/xml-requests.js";
import { GATEWAY_PATH } from "./gateway-app.js";

let sandbox: IntacctSandbox;
let clock: ManualClock;

beforeEach(async () => {
  ({ sandbox, clock } = await makeSandbox());
});
afterEach(async () => {
  await sandbox.close();
});

async function newSession(auth = login(), locationId?: string): Promise<string> {
  const p = await post(sandbox.app, request([["s", fn.getAPISession(locationId)]], { auth }));
  const r = results(p)[0];
  expect(r?.status, p.text).toBe("success");
  return text(r?.data?.records[0]?.record["sessionid"]);
}

describe("HTTP layer", () => {
  it("replies text/xml with encoding=UTF-8 and the XML prolog, whatever the request content type", async () => {
    const res = await sandbox.app.request(GATEWAY_PATH, { method: "POST", body: request([["f1", fn.readVendors()]]), headers: { "Content-Type": "x-intacct-xml-request" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe('text/xml; encoding="UTF-8"');
    expect((await res.text()).startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  });

  it("answers a bare GET and an empty POST with HTTP 401 XMLGW_JPP0002", async () => {
    for (const res of [await sandbox.app.request(GATEWAY_PATH), await sandbox.app.request(GATEWAY_PATH, { method: "POST", body: "" })]) {
      expect(res.status).toBe(401);
      const text = await res.text();
      expect(text).toContain("<errorno>XMLGW_JPP0002</errorno>");
      expect(text).toContain("Sign-in information is incorrect. Please check your request.");
    }
  });

  it("answers a body that is not XML (JSON) with HTTP 400 invalidRequest", async () => {
    const p = await post(sandbox.app, '{"request":1}');
    expect(p.status).toBe(400);
    expect(p.response?.control.status).toBe("failure");
    expect(p.response?.errors?.[0]).toMatchObject({ errorno: "invalidRequest", description: "Invalid Request" });
  });
});

describe("control level", () => {
  it("answers malformed XML with XL03000003 naming line and column, and no operation", async () => {
    const p = await post(sandbox.app, "<request>\n<control><senderid>x</control></request>");
    expect(p.status).toBe(200);
    expect(p.response?.control.status).toBe("failure");
    expect(p.response?.operation).toBeUndefined();
    const e = p.response?.errors?.[0];
    expect(e?.errorno).toBe("XL03000003");
    expect(e?.description2).toMatch(/^XML Parse schema error: .*Line: 2, column: \d+\. \[Support ID: .+\]$/s);
  });

  it("refuses a DOCTYPE (entity expansion) with XL03000003", async () => {
    const p = await post(sandbox.app, '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><request/>');
    expect(p.response?.errors?.[0]?.errorno).toBe("XL03000003");
  });

  it("answers a well-formed but invalid envelope with XL03000003", async () => {
    const p = await post(sandbox.app, "<request><control><senderid>x</senderid></control></request>");
    expect(p.response?.errors?.[0]?.errorno).toBe("XL03000003");
    expect(p.response?.errors?.[0]?.description2).toContain("XML Parse schema error");
  });

  it("answers a wrong sender password or unknown sender with XL03000006 and echoes the control block", async () => {
    for (const o of [{ senderPassword: "nope" }, { sender: "nobody" }]) {
      const p = await post(sandbox.app, request([["f1", fn.readVendors()]], o));
      expect(p.status).toBe(200);
      expect(p.response?.control).toMatchObject({ status: "failure", controlId: "req-1", uniqueId: "false", dtdVersion: "3.0" });
      expect(p.response?.errors).toEqual([{ errorno: "XL03000006", description: "", description2: "Incorrect Intacct XML Partner ID or password.", correction: "" }]);
      expect(p.response?.operation).toBeUndefined();
    }
  });

  it("refuses a function control id longer than 256 characters with XL03000003", async () => {
    const p = await post(sandbox.app, request([["x".repeat(257), fn.readVendors()]]));
    expect(p.response?.control.status).toBe("failure");
    expect(p.response?.errors?.[0]?.errorno).toBe("XL03000003");
    expect(p.response?.errors?.[0]?.description2).toContain("exceeds the allowed maximum length of '256'");
    const ok = await post(sandbox.app, request([["x".repeat(256), fn.readVendors()]]));
    expect(results(ok)[0]?.status).toBe("success");
  });

  it("refuses any transport policy (no async in the sandbox) with Intacct's text", async () => {
    const xml = request([["f1", fn.readVendors()]]).replace("<dtdversion>", "<policyid>pol1</policyid><dtdversion>");
    const p = await post(sandbox.app, xml);
    expect(p.response?.errors?.[0]?.description2).toBe("pol1 is not a valid transport policy.");
  });
});

describe("authentication level", () => {
  it("logs in at the top level and reports locationid, sessiontimestamp and sessiontimeout", async () => {
    const p = await post(sandbox.app, request([["f1", fn.readVendors()]]));
    expect(p.response?.operation?.authentication).toEqual({
      status: "success",
      userId: T.user,
      companyId: T.company,
      locationId: "",
      sessionTimestamp: "2026-01-15T12:00:00+00:00",
      sessionTimeout: "2026-01-15T14:00:00+00:00",
    });
  });

  it.each([
    ["a wrong password", login({ password: "bad" })],
    ["an unknown user", login({ userId: "nobody" })],
    ["an unknown company", login({ companyId: "NOPE" })],
    ["a company ID with stray spaces", login({ companyId: ` ${T.company}` })],
    ["an inactive user", login({ userId: "gone" })],
    ["an unknown entity", login({ locationId: "E9" })],
    ["an inactive entity", login({ locationId: "E3" })],
    ["an entity the user is not allowed in", login({ userId: "east", locationId: "E2" })],
  ])("fails sign-in with XL03000006 'Sign-in information is incorrect' for %s", async (_what, auth) => {
    const p = await post(sandbox.app, request([["f1", fn.readVendors()]], { auth }));
    expect(p.status).toBe(200);
    expect(p.response?.control.status).toBe("success");
    expect(p.response?.operation?.authentication.status).toBe("failure");
    expect(p.response?.operation?.errors).toEqual([{ errorno: "XL03000006", description: "", description2: "Sign-in information is incorrect", correction: "" }]);
    expect(p.response?.operation?.results).toEqual([]);
  });

  it("fails with 'Invalid Web Services Authorization' for a sender not authorized for the company (apostrophes as &#039; or ')", async () => {
    const p = await post(sandbox.app, request([["f1", fn.readVendors()]], { sender: T.otherSender, senderPassword: T.otherSenderPassword }));
    expect(p.response?.operation?.authentication).toMatchObject({ status: "failure", userId: T.user, companyId: T.company });
    expect(p.response?.operation?.errors).toEqual([
      {
        errorno: "XL03000006",
        description: "Invalid Web Services Authorization",
        description2: `The sender ID 'other-sender' is not authorized to make Web Services requests to company ID 'ACME'.`,
        correction: "Contact the company administrator to grant Web Services authorization to this sender ID.",
      },
    ]);
  });

  it("can answer failed logins with HTTP 401 XMLGW_JPP0002 when configured", async () => {
    sandbox.setFidelity({ loginFailureAs401: true });
    const p = await post(sandbox.app, request([["f1", fn.readVendors()]], { auth: login({ password: "bad" }) }));
    expect(p.status).toBe(401);
    expect(p.response?.errors?.[0]?.errorno).toBe("XMLGW_JPP0002");
  });

  it("puts a single-entity restricted user in its entity at a top-level login (configurable: fail)", async () => {
    const p = await post(sandbox.app, request([["f1", fn.readVendors()]], { auth: login({ userId: "east" }) }));
    expect(p.response?.operation?.authentication).toMatchObject({ status: "success", locationId: "E1" });
    sandbox.setFidelity({ restrictedTopLevelLogin: "fail" });
    const q = await post(sandbox.app, request([["f1", fn.readVendors()]], { auth: login({ userId: "east" }) }));
    expect(q.response?.operation?.authentication.status).toBe("failure");
  });

  it("accepts the legacy company|entity login spelling", async () => {
    const p = await post(sandbox.app, request([["f1", fn.readVendors()]], { auth: login({ companyId: `${T.company}|E2` }) }));
    expect(p.response?.operation?.authentication).toMatchObject({ status: "success", locationId: "E2" });
  });

  it("matches the company ID case-insensitively and answers with the canonical one", async () => {
    const p = await post(sandbox.app, request([["f1", fn.readVendors()]], { auth: login({ companyId: "acme" }) }));
    expect(p.response?.operation?.authentication).toMatchObject({ status: "success", companyId: "ACME" });
  });
});

describe("sessions", () => {
  it("issues a session whose endpoint and locationid the SDK needs, ending in '..'", async () => {
    const p = await post(sandbox.app, request([["s1", fn.getAPISession()]]));
    const api = results(p)[0]?.data?.records[0];
    expect(api?.tag).toBe("api");
    expect(api?.record["sessionid"]).toMatch(/\.\.$/);
    expect(api?.record["endpoint"]).toBe(sandbox.publicEndpointUrl);
    expect(api?.record["locationid"]).toBe("");
  });

  it("slides the timeout on every call and expires after the session duration of inactivity", async () => {
    const id = await newSession();
    clock.advance(90 * 60_000);
    const p = await post(sandbox.app, request([["f1", fn.readVendors()]], { auth: session(id) }));
    expect(p.response?.operation?.authentication.sessionTimeout).toBe("2026-01-15T15:30:00+00:00");
    clock.advance(119 * 60_000);
    expect((await post(sandbox.app, request([["f1", fn.readVendors()]], { auth: session(id) }))).response?.operation?.authentication.status).toBe("success");
    clock.advance(121 * 60_000);
    const dead = await post(sandbox.app, request([["f1", fn.readVendors()]], { auth: session(id) }));
    expect(dead.response?.operation?.authentication).toEqual({ status: "failure", userId: "", companyId: "" });
    expect(dead.response?.operation?.errors).toEqual([{ errorno: "XL03000006", description: "", description2: "Invalid session", correction: "" }]);
  });

  it("answers an unknown session id like an expired one", async () => {
    const p = await post(sandbox.app, request([["f1", fn.readVendors()]], { auth: session("made-up..") }));
    expect(p.response?.operation?.errors?.[0]?.description2).toBe("Invalid session");
  });

  it("expires every session on demand", async () => {
    const id = await newSession();
    expect(sandbox.expireSessions()).toBe(1);
    const p = await post(sandbox.app, request([["f1", fn.readVendors()]], { auth: session(id) }));
    expect(p.response?.operation?.authentication.status).toBe("failure");
  });

  it("switches into an entity, to another entity and back to the top level", async () => {
    const top = await newSession();
    const e1 = await newSession(session(top), "E1");
    const check = async (id: string, loc: string): Promise<void> => {
      const p = await post(sandbox.app, request([["f1", fn.readVendors()]], { auth: session(id) }));
      expect(p.response?.operation?.authentication.locationId).toBe(loc);
    };
    await check(e1, "E1");
    const e2 = await newSession(session(e1), "E2");
    await check(e2, "E2");
    const back = await newSession(session(e2), "");
    await check(back, "");
    // getAPISession without locationid keeps the session.
    const same = await post(sandbox.app, request([["s", fn.getAPISession()]], { auth: session(e1) }));
    expect(results(same)[0]?.data?.records[0]?.record["sessionid"]).toBe(e1);
  });

  it("refuses an unknown entity or the top level to a restricted user in getAPISession", async () => {
    const top = await newSession();
    const bad = await post(sandbox.app, request([["s", fn.getAPISession("NOPE")]], { auth: session(top) }));
    expect(results(bad)[0]).toMatchObject({ status: "failure", function: "getAPISession", controlId: "s" });
    const east = await newSession(login({ userId: "east", locationId: "E1" }));
    const up = await post(sandbox.app, request([["s", fn.getAPISession("")]], { auth: session(east) }));
    expect(results(up)[0]?.status).toBe("failure");
    expect(results(up)[0]?.errors?.[0]?.errorno).toBe("XL03000006");
  });

  it("lists the entities a user can reach with readEntityDetails", async () => {
    const all = await post(sandbox.app, request([["r", el("readEntityDetails")]]));
    expect(results(all)[0]?.data?.records.map((r) => r.record["id"])).toEqual(["E1", "E2"]);
    const east = await post(sandbox.app, request([["r", el("readEntityDetails")]], { auth: login({ userId: "east", locationId: "E1" }) }));
    expect(results(east)[0]?.data?.records).toEqual([
      { tag: "entity", record: { id: "E1", name: "East", recordno: "1", currency: "USD", firstfiscalmonth: "1", firstfiscaltaxmonth: "1", weekstart: "1" } },
    ]);
  });
});

describe("function level", () => {
  it("answers several functions in one request, each with status, function and controlid", async () => {
    const p = await post(sandbox.app, request([["a", fn.readVendors()], ["b", fn.createVendor("V2")], ["c", fn.readVendors()]]));
    expect(results(p).map((r) => [r.status, r.function, r.controlId])).toEqual([
      ["success", "readByQuery", "a"],
      ["success", "create", "b"],
      ["success", "readByQuery", "c"],
    ]);
    expect(results(p)[2]?.data?.attrs["count"]).toBe("2");
  });

  it("never answers success to an unknown function", async () => {
    const p = await post(sandbox.app, request([["x", el("frobnicate")]]));
    expect(results(p)[0]).toMatchObject({ status: "failure", function: "frobnicate", controlId: "x" });
  });

  it("refuses a call the user has no right for with PL04000005 and a Support ID", async () => {
    const p = await post(sandbox.app, request([["a", fn.readVendors()]], { auth: login({ userId: "noap" }) }));
    const e = results(p)[0]?.errors?.[0];
    expect(results(p)[0]?.status).toBe("failure");
    expect(e?.errorno).toBe("PL04000005");
    expect(e?.description2).toMatch(/^You do not have permission for API operation READ_BY_QUERY on objects of type vendor \[Support ID: [A-Za-z0-9_-]+%7E[A-Za-z0-9_-]+\]$/);
  });

  it("applies user-based permissions in a user-based company", async () => {
    const ok = await post(sandbox.app, request([["a", fn.readVendors()]], { auth: login({ companyId: T.userCompany, userId: "partial" }) }));
    expect(results(ok)[0]?.status).toBe("success");
    const no = await post(sandbox.app, request([["a", fn.createVendor("X")]], { auth: login({ companyId: T.userCompany, userId: "partial" }) }));
    expect(results(no)[0]?.errors?.[0]?.description2).toMatch(/^You do not have permission for API operation CREATE on objects of type vendor/);
  });

  it("caps a non-business user type to List and View", async () => {
    const read = await post(sandbox.app, request([["a", fn.readVendors()]], { auth: login({ userId: "employee" }) }));
    expect(results(read)[0]?.status).toBe("success");
    const write = await post(sandbox.app, request([["a", fn.createVendor("V9")]], { auth: login({ userId: "employee" }) }));
    expect(results(write)[0]?.errors?.[0]?.errorno).toBe("PL04000005");
  });
});

describe("uniqueid", () => {
  it("refuses a function control id that already completed, per company", async () => {
    const first = await post(sandbox.app, request([["ctl-1", fn.createVendor("V2")]], { uniqueId: true }));
    expect(results(first)[0]?.status).toBe("success");
    const again = await post(sandbox.app, request([["ctl-1", fn.createVendor("V3")]], { uniqueId: true }));
    expect(results(again)[0]).toMatchObject({ status: "failure", controlId: "ctl-1" });
    expect(results(again)[0]?.errors).toEqual([
      { errorno: "SANDBOX_DUPLICATE_CONTROL_ID", description: "", description2: "A successful transaction has already been recorded with the control id ctl-1", correction: "" },
    ]);
    expect(sandbox.objects.listRecords(T.company, "VENDOR").map((r) => r["VENDORID"])).toEqual(["V1", "V2"]);
    // Another company, or uniqueid=false, is not affected.
    const other = await post(sandbox.app, request([["ctl-1", fn.createVendor("V3")]], { uniqueId: true, auth: login({ companyId: T.userCompany }) }));
    expect(results(other)[0]?.status).toBe("success");
    const repeat = await post(sandbox.app, request([["ctl-1", fn.createVendor("V4")]]));
    expect(results(repeat)[0]?.status).toBe("success");
  });

  it("does not remember failed functions, and the errorno is configurable", async () => {
    const failed = await post(sandbox.app, request([["ctl-2", fn.createVendor("V1")]], { uniqueId: true }));
    expect(results(failed)[0]?.status).toBe("failure");
    const retry = await post(sandbox.app, request([["ctl-2", fn.createVendor("V2")]], { uniqueId: true }));
    expect(results(retry)[0]?.status).toBe("success");
    sandbox.setFidelity({ duplicateControlIdErrorno: "BL01001973" });
    const dup = await post(sandbox.app, request([["ctl-2", fn.createVendor("V5")]], { uniqueId: true }));
    expect(results(dup)[0]?.errors?.[0]?.errorno).toBe("BL01001973");
  });
});

describe("transaction=true", () => {
  it("rolls everything back: the failing function gets failure + XL03000009, the others aborted + XL03000009", async () => {
    const p = await post(sandbox.app, request([["a", fn.createVendor("V2")], ["b", fn.createVendor("V1")], ["c", fn.createVendor("V3")]], { transaction: true }));
    const rolled = { errorno: "XL03000009", description: "", description2: "The entire transaction in this operation has been rolled back due to an error.", correction: "" };
    expect(results(p).map((r) => r.status)).toEqual(["aborted", "failure", "aborted"]);
    expect(results(p)[0]?.errors).toEqual([rolled]);
    expect(results(p)[1]?.errors?.map((e) => e.errorno)).toEqual(["BL34000061", "XL03000009"]);
    expect(results(p)[2]?.errors).toEqual([rolled]);
    expect(sandbox.objects.listRecords(T.company, "VENDOR").map((r) => r["VENDORID"])).toEqual(["V1"]);
  });

  it("commits when every function succeeds, and rolls back the uniqueid records with the rest", async () => {
    const ok = await post(sandbox.app, request([["a", fn.createVendor("V2")], ["b", fn.createVendor("V3")]], { transaction: true }));
    expect(results(ok).map((r) => r.status)).toEqual(["success", "success"]);
    const bad = await post(sandbox.app, request([["c", fn.createVendor("V4")], ["d", fn.createVendor("V1")]], { transaction: true, uniqueId: true }));
    expect(results(bad).map((r) => r.status)).toEqual(["aborted", "failure"]);
    const again = await post(sandbox.app, request([["c", fn.createVendor("V4")]], { uniqueId: true }));
    expect(results(again)[0]?.status).toBe("success");
  });

  it("rolls back a permission failure inside the transaction too", async () => {
    const p = await post(sandbox.app, request([["a", fn.createVendor("V2")], ["b", el("frobnicate")]], { transaction: true }));
    expect(results(p).map((r) => r.status)).toEqual(["aborted", "failure"]);
    expect(sandbox.objects.listRecords(T.company, "VENDOR")).toHaveLength(1);
  });
});
