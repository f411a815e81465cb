import { describe, expect, it } from "vitest";

import { BillClientCore } from "./client.js";
import { BillError } from "./errors.js";
import { BillTransportError, type FetchLike, send } from "./send.js";

const request = { method: "POST" as const, url: "http://127.0.0.1:9/connect/v3/bills", headers: {}, body: "{}" };

function refused(): FetchLike {
  return () => Promise.reject(Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) }));
}

describe("send", () => {
  it("marks a refused connection as not sent, and a reset as possibly sent", async () => {
    await expect(send(refused(), request, 1000)).rejects.toMatchObject({ notSent: true, message: "POST /connect/v3/bills failed (ECONNREFUSED)" });
    const reset: FetchLike = () => Promise.reject(Object.assign(new TypeError("fetch failed"), { cause: { code: "UND_ERR_SOCKET" } }));
    await expect(send(reset, request, 1000)).rejects.toMatchObject({ notSent: false });
  });

  it("reports a timeout without headers or body", async () => {
    const slow: FetchLike = (_u, init) => new Promise((_r, reject) => init.signal?.addEventListener("abort", () => reject(Object.assign(new Error("aborted"), { name: "TimeoutError" }))));
    const e = await send(slow, { ...request, headers: { sessionId: "secret-session" } }, 10).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BillTransportError);
    expect((e as Error).message).toBe("POST /connect/v3/bills timed out after 10 ms");
  });
});

describe("client over a refused connection", () => {
  it("retries even a create (nothing was sent) and ends with a transient error, not an uncertain one", async () => {
    const sleeps: number[] = [];
    const fetchFn: FetchLike = (url, init) => (url.endsWith("/v3/login") ? Promise.resolve(new Response(JSON.stringify({ sessionId: "session-1234", organizationId: "008X", userId: "006X", trusted: false }))) : refused()(url, init));
    const core = new BillClientCore({ baseUrl: "http://127.0.0.1:9/connect", credentials: { organizationId: "008X", username: "u", password: "pw-secret", devKey: "dk-secret" }, fetch: fetchFn, sleep: (ms) => (sleeps.push(ms), Promise.resolve()), random: () => 0 });
    const e = await core.call({ method: "POST", path: "/v3/bills", body: {}, idempotent: false }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BillError);
    expect((e as BillError).kind).toBe("transient");
    expect(sleeps).toHaveLength(3);
    expect(core.stats).toMatchObject({ logins: 1, requests: 5, retries: 3 });
  });
});
