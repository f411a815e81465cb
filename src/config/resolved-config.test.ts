import { describe, expect, it } from "vitest";

import { ConfigError } from "../domain/errors.js";
import { decodeSecretKey, parseDatabaseUrl, resolveConfig } from "./resolved-config.js";

const KEY_HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

describe("resolveConfig", () => {
  it("defaults to a SQLite file under ./.intacct-sync with a key file next to it", () => {
    const c = resolveConfig({ cwd: "/srv/app" });
    expect(c.database).toEqual({ kind: "sqlite", path: "/srv/app/.intacct-sync/intacct-sync.db" });
    expect(c.secretKey).toEqual({ kind: "file", path: "/srv/app/.intacct-sync/secret.key" });
    expect(c.intacct).toEqual({ login: {} });
  });

  it("reads the official INTACCT_* names and keeps Login Info verbatim", () => {
    const c = resolveConfig({
      env: {
        INTACCT_SENDER_ID: "acme-sender",
        INTACCT_SENDER_PASSWORD: "s3nder-pass",
        INTACCT_ENDPOINT_URL: "http://127.0.0.1:9999/ia/xml/xmlgw.phtml",
        INTACCT_COMPANY_ID: " DEMO-CO ",
        INTACCT_USER_ID: "XML_Bill.com",
        INTACCT_USER_PASSWORD: "pw",
        INTACCT_ENTITY_ID: "",
      },
    });
    expect(c.intacct).toEqual({
      senderId: "acme-sender",
      senderPassword: "s3nder-pass",
      endpointUrl: "http://127.0.0.1:9999/ia/xml/xmlgw.phtml",
      login: { companyId: " DEMO-CO ", userId: "XML_Bill.com", userPassword: "pw", entityId: "" },
    });
  });

  it("lets flags win over environment, and environment over the config file", () => {
    const files: Record<string, string> = {
      "/etc/is.json": JSON.stringify({ databaseUrl: "sqlite:/var/file.db", intacct: { senderId: "from-file", endpointUrl: "https://file.example/x" } }),
    };
    const c = resolveConfig({
      flags: { config: "/etc/is.json", senderId: "from-flag" },
      env: { INTACCT_SENDER_ID: "from-env", DATABASE_URL: "postgres://u@localhost:5432/db" },
      readFile: (f) => files[f],
    });
    expect(c.intacct.senderId).toBe("from-flag");
    expect(c.intacct.endpointUrl).toBe("https://file.example/x");
    expect(c.database).toEqual({ kind: "postgres", url: "postgres://u@localhost:5432/db" });
    expect(c.configFile).toBe("/etc/is.json");
  });

  it("rejects unknown config file keys with the key named", () => {
    expect(() => resolveConfig({ flags: { config: "/c.json" }, readFile: () => '{"databse":"x"}' })).toThrow(/databse/);
  });

  it("names a missing config file", () => {
    expect(() => resolveConfig({ flags: { config: "/nope.json" } })).toThrow(new ConfigError("CONFIG_MISSING", "Config file not found: /nope.json"));
  });

  it("takes INTACCT_SYNC_SECRET_KEY as hex or base64 and rejects a short key", () => {
    expect(resolveConfig({ env: { INTACCT_SYNC_SECRET_KEY: KEY_HEX } }).secretKey).toEqual({ kind: "env", value: KEY_HEX });
    const b64 = Buffer.from(KEY_HEX, "hex").toString("base64");
    expect(resolveConfig({ env: { INTACCT_SYNC_SECRET_KEY: b64 } }).secretKey.kind).toBe("env");
    expect(() => resolveConfig({ env: { INTACCT_SYNC_SECRET_KEY: "short" } })).toThrow(/INTACCT_SYNC_SECRET_KEY must be 32 bytes/);
  });

  it("rejects an endpoint that is not an http(s) URL", () => {
    expect(() => resolveConfig({ env: { INTACCT_ENDPOINT_URL: "ftp://x/y" } })).toThrow(ConfigError);
  });
});

describe("parseDatabaseUrl", () => {
  it("accepts file paths, sqlite: URLs, :memory: and postgres URLs", () => {
    expect(parseDatabaseUrl("data/x.db", "/w")).toEqual({ kind: "sqlite", path: "/w/data/x.db" });
    expect(parseDatabaseUrl("sqlite:./x.db", "/w")).toEqual({ kind: "sqlite", path: "/w/x.db" });
    expect(parseDatabaseUrl("sqlite:///abs/x.db", "/w")).toEqual({ kind: "sqlite", path: "/abs/x.db" });
    expect(parseDatabaseUrl(":memory:", "/w")).toEqual({ kind: "sqlite", path: ":memory:" });
    expect(parseDatabaseUrl("postgresql://p@h/db", "/w")).toEqual({ kind: "postgres", url: "postgresql://p@h/db" });
  });

  it("rejects other schemes", () => {
    expect(() => parseDatabaseUrl("mysql://x/y", "/")).toThrow(/unsupported scheme/);
  });
});

describe("decodeSecretKey", () => {
  it("decodes 32-byte keys only", () => {
    expect(decodeSecretKey(KEY_HEX)?.length).toBe(32);
    expect(decodeSecretKey(Buffer.alloc(32, 7).toString("base64"))?.length).toBe(32);
    expect(decodeSecretKey(Buffer.alloc(16, 7).toString("base64"))).toBeUndefined();
  });
});
