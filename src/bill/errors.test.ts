import { describe, expect, it } from "vitest";

import { BillError, classifyResponse, classifyTransportFailure } from "./errors.js";

describe("classifyResponse", () => {
  it("maps BILL codes before HTTP statuses", () => {
    expect(classifyResponse(401, "BDC_1109", true)).toBe("session_expired");
    expect(classifyResponse(401, "BDC_1101", true)).toBe("auth");
    expect(classifyResponse(401, "BDC_1102", true)).toBe("auth");
    expect(classifyResponse(429, "BDC_1322", false)).toBe("rate_limit");
    expect(classifyResponse(400, "BDC_1144", true)).toBe("rate_limit");
    expect(classifyResponse(404, "BDC_1205", true)).toBe("not_found");
    expect(classifyResponse(501, "BDC_1121", true)).toBe("not_found");
  });

  it("treats a server failure as transient for idempotent calls and uncertain for creates", () => {
    expect(classifyResponse(503, undefined, true)).toBe("transient");
    expect(classifyResponse(500, "BDC_1001", false)).toBe("uncertain_outcome");
    expect(classifyResponse(400, "BDC_1001", true)).toBe("transient");
  });

  it("calls other 4xx answers validation errors", () => {
    expect(classifyResponse(400, undefined, false)).toBe("validation");
    expect(classifyResponse(400, "BDC_1002", true)).toBe("validation");
  });
});

describe("classifyTransportFailure", () => {
  it("is transient when nothing was sent or the call is idempotent, else uncertain", () => {
    expect(classifyTransportFailure(true, false)).toBe("transient");
    expect(classifyTransportFailure(false, true)).toBe("transient");
    expect(classifyTransportFailure(false, false)).toBe("uncertain_outcome");
  });
});

describe("BillError", () => {
  it("derives code and side from the kind", () => {
    const e = new BillError("validation", "name: must not be blank", { status: 400 });
    expect([e.code, e.side, e.kind, e.name]).toEqual(["BILL_VALIDATION", "user", "validation", "BillError"]);
    expect(new BillError("uncertain_outcome", "x").side).toBe("system");
  });
});
