import { describe, expect, it } from "vitest";

import { ManualClock } from "../domain/clock.js";
import { MemoryLogger } from "../domain/logger.js";
import { SecretRegistry } from "../domain/redact.js";
import { resolveCredentials } from "./credentials.js";
import { type OpenSession, parseSessionTimeout, SessionManager } from "./session-manager.js";
import type { RequestAuthentication } from "./xml/index.js";

const T0 = Date.parse("2026-03-01T09:00:00Z");

function setup(options: { readonly endpoint?: string; readonly session?: boolean; readonly allowAny?: boolean } = {}) {
  const clock = new ManualClock(T0);
  const calls: Array<{ auth: RequestAuthentication; endpoint: string; locationId: string | undefined }> = [];
  let n = 0;
  const open: OpenSession = async (auth, endpoint, locationId) => {
    calls.push({ auth, endpoint, locationId });
    await new Promise((r) => setImmediate(r));
    n++;
    const entity = locationId ?? (auth.kind === "login" ? (auth.locationId ?? "") : "");
    return {
      api: { sessionid: `sess-${n}..`, endpoint: options.endpoint ?? "https://pod7.intacct.com/ia/xml/xmlgw.phtml", locationid: entity },
      authentication: { status: "success", userId: "u", companyId: "CO", sessionTimeout: new Date(clock.now() + 3_600_000).toISOString() },
    };
  };
  const secrets = new SecretRegistry();
  const credentials = resolveCredentials({
    senderId: "s",
    senderPassword: "sender-pass",
    companyId: "CO",
    ...(options.session === true ? { sessionId: "given-session.." } : { userId: "u", userPassword: "user-pass" }),
    endpointUrl: "https://api.intacct.com/ia/xml/xmlgw.phtml",
    ...(options.allowAny === true ? { allowNonIntacctEndpoint: true } : {}),
  });
  const sessions = new SessionManager({ credentials, openSession: open, clock, logger: new MemoryLogger(), secrets });
  return { sessions, calls, clock, secrets };
}

describe("SessionManager", () => {
  it("opens one session for many concurrent callers and reuses it", async () => {
    const { sessions, calls } = setup();
    const all = await Promise.all(Array.from({ length: 10 }, () => sessions.get("")));
    expect(new Set(all.map((s) => s.sessionId)).size).toBe(1);
    expect(calls).toHaveLength(1);
    await sessions.get("");
    expect(calls).toHaveLength(1);
  });

  it("keeps one session per entity, opened with login locationid", async () => {
    const { sessions, calls } = setup();
    const [top, east] = await Promise.all([sessions.get(""), sessions.get("EAST")]);
    expect(top?.entityId).toBe("");
    expect(east?.entityId).toBe("EAST");
    expect(calls.map((c) => (c.auth.kind === "login" ? (c.auth.locationId ?? "") : "session"))).toEqual(["", "EAST"]);
  });

  it("renews when the injected clock reaches the sessiontimeout minus the margin, and slides on touch", async () => {
    const { sessions, calls, clock } = setup();
    const s1 = await sessions.get("");
    clock.advance(30 * 60_000);
    sessions.touch(s1, { status: "success", userId: "u", companyId: "CO", sessionTimeout: new Date(clock.now() + 3_600_000).toISOString() });
    clock.advance(50 * 60_000); // 80 min after login, but only 50 min after the slide
    expect((await sessions.get("")).sessionId).toBe(s1.sessionId);
    clock.advance(9 * 60_000 + 30_000); // inside the 60 s margin
    expect((await sessions.get("")).sessionId).not.toBe(s1.sessionId);
    expect(calls).toHaveLength(2);
  });

  it("forgets an invalidated session", async () => {
    const { sessions, calls } = setup();
    const s = await sessions.get("");
    sessions.invalidate(s);
    await sessions.get("");
    expect(calls).toHaveLength(2);
  });

  it("honours an *.intacct.com endpoint and refuses a foreign one", async () => {
    expect((await setup().sessions.get("")).endpointUrl).toBe("https://pod7.intacct.com/ia/xml/xmlgw.phtml");
    await expect(setup({ endpoint: "https://evil.example.com/x" }).sessions.get("")).rejects.toMatchObject({ code: "ENDPOINT_UNTRUSTED" });
    expect((await setup({ endpoint: "http://127.0.0.1:9/x", allowAny: true }).sessions.get("")).endpointUrl).toBe("http://127.0.0.1:9/x");
  });

  it("switches entity from a given session with getAPISession <locationid> and registers session ids as secrets", async () => {
    const { sessions, calls, secrets } = setup({ session: true });
    const base = await sessions.get("");
    expect(base.sessionId).toBe("given-session..");
    expect(calls).toHaveLength(0);
    const east = await sessions.get("EAST");
    expect(calls[0]).toMatchObject({ auth: { kind: "session", sessionId: "given-session.." }, locationId: "EAST" });
    expect(secrets.redact(`x ${east.sessionId} given-session..`)).toBe("x REDACTED REDACTED");
    expect(sessions.canRenew).toBe(false);
  });

  it("parses sessiontimeout with offsets", () => {
    expect(parseSessionTimeout("2024-05-03T09:15:40+00:00")).toBe(Date.parse("2024-05-03T09:15:40Z"));
    expect(parseSessionTimeout("2024-05-03T02:15:40-07:00")).toBe(Date.parse("2024-05-03T09:15:40Z"));
    expect(parseSessionTimeout("")).toBeUndefined();
    expect(parseSessionTimeout("nope")).toBeUndefined();
  });
});
