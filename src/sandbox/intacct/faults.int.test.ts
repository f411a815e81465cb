import { afterEach, describe, expect, it } from "vitest";

import { decodeResponse } from "../../intacct/xml/index.js";
import type { FaultSettings } from "./faults.js";
import { seededRandom } from "./faults.js";
import { SandboxError } from "./sandbox-error.js";
import type { IntacctSandbox } from "./sandbox-server.js";
import { startIntacctSandbox } from "./sandbox-server.js";
import { createStubObjects } from "./test-support/stub-objects.js";
import { T, testSeed } from "./test-support/test-seed.js";
import { fn, login, post, request, text } from "./test-support/xml-requests.js";

let sandbox: IntacctSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(faults: Partial<FaultSettings> = {}, listen = true): Promise<IntacctSandbox> {
  sandbox = await startIntacctSandbox({ seed: testSeed(), faults, listen }, { createObjects: createStubObjects });
  return sandbox;
}

async function postHttp(s: IntacctSandbox, xml: string): Promise<Response> {
  return fetch(s.endpointUrl, { method: "POST", body: xml, headers: { "Content-Type": "application/xml" } });
}

const vendors = (s: IntacctSandbox): string[] => s.objects.listRecords(T.company, "VENDOR").map((r) => text(r["VENDORID"]));

describe("concurrency limit", () => {
  it("answers the third concurrent request of a company with HTTP 429 GW-0010 and Retry-After, and counts it", async () => {
    const s = await start({ latency: { requestMs: 300, functionMs: 0, jitterMs: 0 } });
    const replies = await Promise.all([1, 2, 3].map(() => postHttp(s, request([["f", fn.readVendors()]]))));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 429]);
    const limited = replies.find((r) => r.status === 429);
    expect(limited?.headers.get("retry-after")).toBe("1");
    expect(limited?.headers.get("content-type")).toBe('text/xml; encoding="UTF-8"');
    const body = decodeResponse((await limited?.text()) ?? "");
    expect(body.control.status).toBe("failure");
    expect(body.errors?.[0]?.errorno).toBe("GW-0010");
    expect(s.counters.get(T.company)).toMatchObject({ requests: 3, functions: 2, rejected429: 1, concurrent: 0, maxConcurrent: 2 });
  });

  it("can send the 429 as plain text and without Retry-After", async () => {
    const s = await start({ latency: { requestMs: 200, functionMs: 0, jitterMs: 0 }, concurrencyLimit: 1, rateLimitBody: "text", retryAfterSeconds: null });
    const replies = await Promise.all([1, 2].map(() => postHttp(s, request([["f", fn.readVendors()]]))));
    const limited = replies.find((r) => r.status === 429);
    expect(limited?.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(limited?.headers.get("retry-after")).toBeNull();
    expect(await limited?.text()).toMatch(/^GW-0010 Too many requests/);
  });

  it("keeps companies apart and lets queued requests wait for a slot when queueTimeoutMs is set", async () => {
    const s = await start({ latency: { requestMs: 150, functionMs: 0, jitterMs: 0 }, queueTimeoutMs: 2000 });
    const acme = [1, 2, 3, 4].map(() => postHttp(s, request([["f", fn.readVendors()]])));
    const solo = [1, 2].map(() => postHttp(s, request([["f", fn.readVendors()]], { auth: login({ companyId: T.userCompany }) })));
    expect((await Promise.all([...acme, ...solo])).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(s.counters.get(T.company)?.maxConcurrent).toBe(2);
    expect(s.counters.get(T.userCompany)?.maxConcurrent).toBe(2);
  });

  it("has no limit with concurrencyLimit 0", async () => {
    const s = await start({ latency: { requestMs: 150, functionMs: 0, jitterMs: 0 }, concurrencyLimit: 0 });
    const replies = await Promise.all([1, 2, 3, 4].map(() => postHttp(s, request([["f", fn.readVendors()]]))));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(s.counters.get(T.company)?.maxConcurrent).toBe(4);
  });
});

describe("latency", () => {
  it("adds the per-request and per-function latency before the operation runs", async () => {
    const s = await start({ latency: { requestMs: 50, functionMs: 100, jitterMs: 0 } }, false);
    const t0 = performance.now();
    await post(s.app, request([["a", fn.readVendors()], ["b", fn.readVendors()], ["c", fn.readVendors()]]));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(340);
  });

  it("in service-time mode runs the operation first and answers when the modelled time is up", async () => {
    const s = await start({ latency: { requestMs: 300, functionMs: 0, jitterMs: 0, mode: "service-time" } }, false);
    const t0 = performance.now();
    const pending = post(s.app, request([["c", fn.createVendor("V2")]]));
    // The write has committed long before the answer comes (mode "added" would not have run it yet).
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(vendors(s)).toEqual(["V1", "V2"]);
    await pending;
    expect(performance.now() - t0).toBeGreaterThanOrEqual(295);
  });

  it("in service-time mode still answers a before-commit fault after the modelled time, with nothing run", async () => {
    const s = await start({ latency: { requestMs: 200, functionMs: 0, jitterMs: 0, mode: "service-time" }, rules: [{ kind: "http-error", status: 503, phase: "before-commit", nth: 1 }] }, false);
    const t0 = performance.now();
    const r = await post(s.app, request([["c", fn.createVendor("V2")]]));
    expect(r.status).toBe(503);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(195);
    expect(vendors(s)).toEqual(["V1"]);
  });
});

describe("5xx and dropped connections", () => {
  it("fails before commit: HTTP 503 without XML, nothing written", async () => {
    const s = await start({ rules: [{ kind: "http-error", status: 503, phase: "before-commit", nth: 1 }] });
    const r = await postHttp(s, request([["c", fn.createVendor("V2")]]));
    expect(r.status).toBe(503);
    expect(await r.text()).toBe("");
    expect(vendors(s)).toEqual(["V1"]);
    // nth fires once: the retry goes through.
    expect((await postHttp(s, request([["c", fn.createVendor("V2")]]))).status).toBe(200);
    expect(vendors(s)).toEqual(["V1", "V2"]);
  });

  it("fails after commit: HTTP 502, but the write happened", async () => {
    const s = await start({ rules: [{ kind: "http-error", status: 502, phase: "after-commit", nth: 1 }] });
    const r = await postHttp(s, request([["c", fn.createVendor("V2")]]));
    expect(r.status).toBe(502);
    expect(vendors(s)).toEqual(["V1", "V2"]);
  });

  it("fires on the Nth request only, for the named company", async () => {
    const s = await start({ rules: [{ kind: "http-error", status: 500, phase: "before-commit", nth: 2, companyId: "acme" }] });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await postHttp(s, request([["f", fn.readVendors()]]))).status);
    expect(statuses).toEqual([200, 500, 200]);
    expect((await postHttp(s, request([["f", fn.readVendors()]], { auth: login({ companyId: T.userCompany }) }))).status).toBe(200);
  });

  it("fires at a rate drawn from the seeded RNG, reproducibly", async () => {
    const run = async (): Promise<number[]> => {
      const s = await start({ rules: [{ kind: "http-error", status: 500, phase: "before-commit", rate: 0.5 }] }, false);
      const out: number[] = [];
      for (let i = 0; i < 12; i++) out.push((await post(s.app, request([["f", fn.readVendors()]]))).status);
      await s.close();
      sandbox = undefined;
      return out;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a).toContain(500);
    expect(a).toContain(200);
    const r = seededRandom(7);
    expect([r(), r()]).toEqual(((g) => [g(), g()])(seededRandom(7)));
  });

  it("drops the connection before commit (nothing written) or after commit (written)", async () => {
    const s = await start({ rules: [{ kind: "drop-connection", phase: "before-commit", nth: 1 }, { kind: "drop-connection", phase: "after-commit", nth: 2 }] });
    await expect(postHttp(s, request([["c", fn.createVendor("V2")]]))).rejects.toThrow();
    expect(vendors(s)).toEqual(["V1"]);
    await expect(postHttp(s, request([["c", fn.createVendor("V3")]]))).rejects.toThrow();
    expect(vendors(s)).toEqual(["V1", "V3"]);
  });

  it("rejects an in-process request with CONNECTION_DROPPED (there is no socket to destroy)", async () => {
    const s = await start({ rules: [{ kind: "drop-connection", phase: "before-commit" }] }, false);
    await expect(post(s.app, request([["f", fn.readVendors()]]))).rejects.toBeInstanceOf(SandboxError);
  });
});

describe("binding", () => {
  it("refuses a non-loopback host", async () => {
    await expect(startIntacctSandbox({ host: "0.0.0.0" }, { createObjects: createStubObjects })).rejects.toMatchObject({ code: "HOST_NOT_LOOPBACK" });
  });

  it("refuses a bad seed before it listens (nothing left holding the process)", async () => {
    await expect(startIntacctSandbox({ seed: { companies: [{ companyId: "X" }] } as never }, { createObjects: createStubObjects })).rejects.toMatchObject({ code: "SEED_INVALID" });
  });

  it("listens on 127.0.0.1 with a free port and reports its URLs", async () => {
    const s = await start();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.endpointUrl).toBe(`${s.url}/ia/xml/xmlgw.phtml`);
    expect(s.adminUrl).toBe(`${s.url}/admin`);
    expect(s.consoleUrl).toBe(`${s.url}/console`);
    expect(s.publicEndpointUrl).toBe(s.endpointUrl);
  });
});
