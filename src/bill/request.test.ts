import { describe, expect, it } from "vitest";

import { BillError } from "./errors.js";
import { buildRequest, decodePage, decodeResponse, parseErrorEntries } from "./request.js";

const id = (s: string) => s;

describe("buildRequest", () => {
  it("builds URL, query, session headers and JSON body without touching the network", () => {
    const r = buildRequest("http://x/connect/", { method: "POST", path: "/v3/vendors", query: { max: "5" }, body: { name: "A" }, idempotent: false }, { devKey: "dk", sessionId: "sid" });
    expect(r).toEqual({ method: "POST", url: "http://x/connect/v3/vendors?max=5", headers: { accept: "application/json", devKey: "dk", sessionId: "sid", "content-type": "application/json" }, body: '{"name":"A"}' });
  });
});

describe("decodeResponse", () => {
  const spec = { method: "GET", path: "/v3/vendors/009X", idempotent: true } as const;

  it("returns the parsed body of a 2xx answer", () => {
    expect(decodeResponse(spec, { status: 200, retryAfter: null, text: '{"id":"009X"}' }, 0, id)).toEqual({ id: "009X" });
  });

  it("turns BILL's error array into a classified BillError with the code verbatim", () => {
    const text = JSON.stringify([{ timestamp: "t", code: "BDC_1109", severity: "ERROR", category: "DOWNSTREAM", message: "Session is invalid. Please log in." }]);
    const err = (() => {
      try {
        decodeResponse(spec, { status: 401, retryAfter: null, text }, 0, id);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(BillError);
    const e = err as BillError;
    expect([e.kind, e.bdcCode, e.status, e.request]).toEqual(["session_expired", "BDC_1109", 401, "GET /v3/vendors/009X"]);
    expect(e.message).toBe("BILL GET /v3/vendors/009X failed (HTTP 401): BDC_1109 Session is invalid. Please log in.");
  });

  it("redacts secrets echoed in error messages", () => {
    const text = JSON.stringify([{ code: null, message: "password: hunter22 is wrong" }]);
    expect(() => decodeResponse(spec, { status: 400, retryAfter: "2", text }, 0, (s) => s.replace("hunter22", "REDACTED"))).toThrow("password: REDACTED is wrong");
  });

  it("reads v2's envelope too", () => {
    expect(parseErrorEntries(JSON.stringify({ response_status: 1, response_data: { error_code: "BDC_1144", error_message: "Max" } }), id)).toEqual([{ code: "BDC_1144", message: "Max" }]);
  });

  it("makes an unparseable 2xx of a create an uncertain outcome", () => {
    expect(() => decodeResponse({ method: "POST", path: "/v3/bills", idempotent: false }, { status: 200, retryAfter: null, text: "<html>" }, 0, id)).toThrow(expect.objectContaining({ kind: "uncertain_outcome" }) as Error);
  });
});

describe("decodePage", () => {
  it("reads results and nextPage, treating an empty token as the end", () => {
    const spec = { method: "GET", path: "/v3/bills", idempotent: true } as const;
    expect(decodePage(spec, { results: [1], nextPage: "" })).toEqual({ results: [1], nextPage: undefined });
    expect(() => decodePage(spec, { items: [] })).toThrow(/without a results array/);
  });
});
