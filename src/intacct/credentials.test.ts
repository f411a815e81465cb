import { describe, expect, it } from "vitest";

import { ConfigError } from "../domain/errors.js";
import { DEFAULT_ENDPOINT_URL, parseIni, resolveCredentials } from "./credentials.js";

const INI = `
; test profile file
[default]
sender_id = ini_sender
sender_password = "ini-sender-pass"
company_id = INI-CO
user_id = ini_user
user_password = ini-user-pass
endpoint_url = https://pod9.intacct.com/ia/xml/xmlgw.phtml

[east]
sender_id = east_sender
sender_password = east-pass
company_id = INI-CO
entity_id = EAST
user_id = east_user
user_password = east-user-pass
`;

const files = (path: string) => (path === "/home/me/.intacct/credentials.ini" ? INI : undefined);
const fullEnv = {
  INTACCT_SENDER_ID: "env_sender",
  INTACCT_SENDER_PASSWORD: "env-sender-pass",
  INTACCT_COMPANY_ID: "ENV-CO",
  INTACCT_ENTITY_ID: "WEST",
  INTACCT_USER_ID: "env_user",
  INTACCT_USER_PASSWORD: "env-user-pass",
};

describe("resolveCredentials", () => {
  it("takes explicit options first", () => {
    const c = resolveCredentials({ senderId: "opt", senderPassword: "opt-pass", companyId: "OPT", userId: "u", userPassword: "p" }, { env: fullEnv, readFile: files });
    expect(c).toMatchObject({ senderId: "opt", senderPassword: "opt-pass", endpointUrl: DEFAULT_ENDPOINT_URL, auth: { kind: "login", companyId: "OPT", userId: "u", userPassword: "p", entityId: "WEST" } });
  });

  it("falls back to the SDK's environment variable names", () => {
    const c = resolveCredentials({}, { env: { ...fullEnv, INTACCT_ENDPOINT_URL: "https://pod2.intacct.com/ia/xml/xmlgw.phtml" }, readFile: files });
    expect(c).toMatchObject({ senderId: "env_sender", endpointUrl: "https://pod2.intacct.com/ia/xml/xmlgw.phtml", auth: { companyId: "ENV-CO", userId: "env_user", entityId: "WEST" } });
  });

  it("reads the default profile from $HOME/.intacct/credentials.ini when env and options are empty", () => {
    const c = resolveCredentials({}, { env: { HOME: "/home/me" }, readFile: files });
    expect(c).toMatchObject({
      senderId: "ini_sender",
      senderPassword: "ini-sender-pass",
      endpointUrl: "https://pod9.intacct.com/ia/xml/xmlgw.phtml",
      auth: { kind: "login", companyId: "INI-CO", userId: "ini_user", userPassword: "ini-user-pass", entityId: "" },
    });
  });

  it("selects a named profile through INTACCT_PROFILE or options", () => {
    expect(resolveCredentials({}, { env: { HOME: "/home/me", INTACCT_PROFILE: "east" }, readFile: files }).auth).toMatchObject({ entityId: "EAST", userId: "east_user" });
    expect(resolveCredentials({ profileName: "east" }, { env: { HOME: "/home/me" }, readFile: files }).senderId).toBe("east_sender");
  });

  it("consults the profile for login only when company, user and password are all unset (SDK rule)", () => {
    const c = resolveCredentials({}, { env: { HOME: "/home/me", INTACCT_COMPANY_ID: "ENV-CO", INTACCT_USER_ID: "env_user", INTACCT_USER_PASSWORD: "pw-env" }, readFile: files });
    expect(c).toMatchObject({ senderId: "ini_sender", auth: { companyId: "ENV-CO", userId: "env_user" } });
    // user set in env → the profile is not used for login → company is missing.
    expect(() => resolveCredentials({ senderId: "s", senderPassword: "p" }, { env: { HOME: "/home/me", INTACCT_USER_ID: "u" }, readFile: files })).toThrow(
      'Required Company ID not supplied in config or env variable "INTACCT_COMPANY_ID"',
    );
  });

  it("throws the SDK's exact texts for missing values", () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'Required Sender ID not supplied in config or env variable "INTACCT_SENDER_ID"'],
      [{ INTACCT_SENDER_ID: "s" }, 'Required Sender Password not supplied in config or env variable "INTACCT_SENDER_PASSWORD"'],
      [{ INTACCT_SENDER_ID: "s", INTACCT_SENDER_PASSWORD: "p", INTACCT_USER_ID: "u" }, 'Required Company ID not supplied in config or env variable "INTACCT_COMPANY_ID"'],
      [{ INTACCT_SENDER_ID: "s", INTACCT_SENDER_PASSWORD: "p", INTACCT_COMPANY_ID: "c" }, 'Required User ID not supplied in config or env variable "INTACCT_USER_ID"'],
      [{ INTACCT_SENDER_ID: "s", INTACCT_SENDER_PASSWORD: "p", INTACCT_COMPANY_ID: "c", INTACCT_USER_ID: "u" }, 'Required User Password not supplied in config or env variable "INTACCT_USER_PASSWORD"'],
    ];
    for (const [env, message] of cases) {
      let caught: unknown;
      try {
        resolveCredentials({}, { env });
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as Error).message).toBe(message);
    }
  });

  it("reports an unknown profile with the SDK's text", () => {
    expect(() => resolveCredentials({ profileName: "nope" }, { env: { HOME: "/home/me" }, readFile: files })).toThrow('Profile Name "nope" not found in credentials file');
  });

  it("uses session credentials when a session id is given", () => {
    const c = resolveCredentials({ sessionId: "sess-abc..", companyId: "CO" }, { env: { INTACCT_SENDER_ID: "s", INTACCT_SENDER_PASSWORD: "p" } });
    expect(c.auth).toEqual({ kind: "session", sessionId: "sess-abc..", companyId: "CO", entityId: undefined });
  });

  it("refuses a non-intacct.com endpoint unless explicitly allowed", () => {
    const base = { senderId: "s", senderPassword: "p", companyId: "c", userId: "u", userPassword: "x" };
    expect(() => resolveCredentials({ ...base, endpointUrl: "http://127.0.0.1:9/ia/xml/xmlgw.phtml" })).toThrow("Endpoint URL is not a valid intacct.com domain name.");
    expect(resolveCredentials({ ...base, endpointUrl: "http://127.0.0.1:9/x", allowNonIntacctEndpoint: true }).endpointUrl).toBe("http://127.0.0.1:9/x");
    expect(resolveCredentials({ ...base, endpointUrl: "http://emulator.intacct.com:8080/x" }).endpointUrl).toBe("http://emulator.intacct.com:8080/x");
  });
});

describe("parseIni", () => {
  it("reads sections, comments and quoted values", () => {
    expect(parseIni("# c\n[a]\nk = v\nq = 'x y'\n[b]\nz=1\n")).toEqual({ a: { k: "v", q: "x y" }, b: { z: "1" } });
  });
});
