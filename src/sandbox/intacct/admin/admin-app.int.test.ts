import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { ManualClock } from "../../../domain/clock.js";
import type { IntacctSandbox } from "../sandbox-server.js";
import { makeSandbox, TEST_NOW } from "../test-support/make-sandbox.js";
import { T, testSeed } from "../test-support/test-seed.js";
import { fn, post, request, results, session, text } from "../test-support/xml-requests.js";

let sandbox: IntacctSandbox;
let clock: ManualClock;
beforeEach(async () => {
  ({ sandbox, clock } = await makeSandbox());
});
afterEach(async () => {
  await sandbox.close();
});

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await sandbox.app.request(`/admin${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } }) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe("admin API", () => {
  it("lists its routes", async () => {
    const r = await admin("GET", "");
    expect(r.json["routes"]).toContain("POST /admin/reset");
  });

  it("resets everything, then loads a seed; a bad seed is refused with the path of each problem", async () => {
    expect((await admin("POST", "/reset")).json).toEqual({ reset: true });
    expect(((await admin("GET", "/companies")).json["companies"] as unknown[]).length).toBe(0);
    expect(sandbox.objects.listRecords(T.company, "VENDOR")).toEqual([]);
    const bad = await admin("POST", "/seed", { companies: [{ companyId: "X", permissionModel: "maybe", users: [{ userId: "u" }] }] });
    expect(bad.status).toBe(400);
    const err = bad.json["error"] as { code: string; message: string };
    expect(err.code).toBe("SEED_INVALID");
    expect(err.message).toContain("companies.0.permissionModel");
    expect(err.message).toContain("companies.0.users.0.password");
    expect((await admin("POST", "/seed", testSeed())).status).toBe(200);
    const companies = (await admin("GET", "/companies")).json["companies"] as Array<{ companyId: string; entities: string[] }>;
    expect(companies.map((c) => [c.companyId, c.entities])).toEqual([["ACME", ["E1", "E2", "E3"]], ["SOLO", []]]);
    expect((await admin("POST", "/seed", testSeed())).status).toBe(409);
  });

  it("shows a company's tenancy and reads records through the objects half", async () => {
    const detail = (await admin("GET", "/companies/acme")).json;
    expect(detail["authorizedSenders"]).toEqual([T.sender]);
    expect((detail["users"] as unknown[]).length).toBe(8);
    const recs = (await admin("GET", "/companies/ACME/records/vendor")).json;
    expect(recs).toMatchObject({ companyId: "ACME", object: "VENDOR", records: [{ VENDORID: "V1" }] });
    expect((await admin("GET", "/companies/NOPE")).status).toBe(404);
  });

  it("sets, adds and clears faults with validation", async () => {
    const set = await admin("PUT", "/faults", { concurrencyLimit: 5, latency: "intacct", retryAfterSeconds: null });
    expect(set.json).toMatchObject({ concurrencyLimit: 5, retryAfterSeconds: null, latency: { requestMs: 250 } });
    const rule = await admin("POST", "/faults/rules", { kind: "http-error", status: 503, phase: "after-commit", nth: 3 });
    expect(rule.json["rules"]).toEqual([{ kind: "http-error", status: 503, phase: "after-commit", nth: 3 }]);
    expect((await admin("PUT", "/faults", { rules: [{ kind: "http-error", status: 404, phase: "after-commit" }] })).status).toBe(400);
    expect((await admin("DELETE", "/faults")).json).toMatchObject({ concurrencyLimit: 2, rules: [] });
  });

  it("moves the clock, which expires sessions", async () => {
    const p = await post(sandbox.app, request([["s", fn.getAPISession()]]));
    const id = text(results(p)[0]?.data?.records[0]?.record["sessionid"]);
    expect((await admin("GET", "/clock")).json).toMatchObject({ now: TEST_NOW, frozen: false });
    const moved = await admin("POST", "/clock", { advanceMs: 3 * 60 * 60 * 1000 });
    expect(moved.json["iso"]).toBe("2026-01-15T15:00:00.000Z");
    expect(clock.now()).toBe(TEST_NOW);
    const q = await post(sandbox.app, request([["f", fn.readVendors()]], { auth: session(id) }));
    expect(q.response?.operation?.authentication.status).toBe("failure");
    const set = await admin("POST", "/clock", { set: "2027-01-01T00:00:00Z", freeze: true });
    expect(set.json).toMatchObject({ iso: "2027-01-01T00:00:00.000Z", frozen: true });
    expect((await admin("POST", "/clock", { set: "not a time" })).status).toBe(400);
  });

  it("expires sessions on demand", async () => {
    const p = await post(sandbox.app, request([["s", fn.getAPISession()]]));
    const id = text(results(p)[0]?.data?.records[0]?.record["sessionid"]);
    expect((await admin("POST", "/sessions/expire", {})).json).toEqual({ expired: 1 });
    const q = await post(sandbox.app, request([["f", fn.readVendors()]], { auth: session(id) }));
    expect(q.response?.operation?.errors?.[0]?.description2).toBe("Invalid session");
  });

  it("reads and resets the counters", async () => {
    await post(sandbox.app, request([["a", fn.readVendors()], ["b", fn.readVendors()]]));
    const c = (await admin("GET", "/counters")).json;
    expect(c).toMatchObject({ totalRequests: 1, companies: { ACME: { requests: 1, functions: 2, maxConcurrent: 1, concurrent: 0 } } });
    expect((await admin("DELETE", "/counters")).json).toMatchObject({ totalRequests: 0, companies: { ACME: { requests: 0 } } });
  });

  it("shows the outbox and changes fidelity switches", async () => {
    sandbox.tenancy.addWebServicesUser({ companyId: "ACME", userId: "new", firstName: "N", lastName: "U", email: "n@example.com", userType: "business", admin: "Full" });
    const out = (await admin("GET", "/outbox?companyId=acme")).json["messages"] as Array<{ to: string }>;
    expect(out.map((m) => m.to)).toEqual(["n@example.com"]);
    expect((await admin("PUT", "/fidelity", { restrictedTopLevelLogin: "fail" })).json).toMatchObject({ restrictedTopLevelLogin: "fail" });
  });

  it("answers an unknown admin route with 404 JSON", async () => {
    expect((await admin("GET", "/nope")).status).toBe(404);
  });
});
