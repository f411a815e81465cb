/**
 * Isolation: a member cannot read or change an account that was not granted to them through any
 * account-scoped API route. Every such route is taken from the route table itself, so a route
 * added later is covered without editing this test.
 */
import { randomUUID } from "node:crypto";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openPostgresStore } from "../store/postgres/postgres-store.js";
import type { Store } from "../store/port.js";
import { createApiRouter, createHttpApp } from "./app.js";
import { createApiToken } from "./services/users.js";
import { addTestUser, makeTestDeps, type TestDeps } from "./test-support.js";

/** A valid body per operation, so a 404 cannot come from a 400 first. */
const BODIES: Readonly<Record<string, unknown>> = {
  saveLoginInfo: { companyId: "EVIL-CO", userId: "attacker", password: "attacker-password", entityId: "" },
  testLoginInfo: { companyId: "DEMO-CO", userId: "XML_Bill.com", password: "" },
  updatePreferences: { master: "intacct" },
  syncNow: { kind: "sync" },
  fixRecordError: { action: "skip-change" },
};

const pgUrl = process.env["DATABASE_TEST_URL"];
const pgSchema = `t_iso_${randomUUID().replace(/-/g, "").slice(0, 12)}`;

/** SQLite always; the real PostgreSQL server too when DATABASE_TEST_URL is set (CI). */
const BACKENDS: ReadonlyArray<readonly [string, (() => Promise<Store>) | undefined]> = [
  ["SQLite", undefined],
  ...(pgUrl === undefined || pgUrl === "" ? [] : [["PostgreSQL", () => openPostgresStore({ url: pgUrl, schema: pgSchema, maxConnections: 4 })] as const]),
];

afterAll(async () => {
  if (pgUrl === undefined || pgUrl === "") return;
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${pgSchema}" CASCADE`);
  await client.end();
});

describe.each(BACKENDS)("account isolation through the API (%s store)", (_name, openStore) => {
  let t: TestDeps;
  let app: ReturnType<typeof createHttpApp>;
  let maxToken: string;
  let minaToken: string;

  beforeAll(async () => {
    t = await makeTestDeps(openStore === undefined ? {} : { store: await openStore() });
    app = createHttpApp(t.deps);
    await t.deps.accounts.add({ id: "max-co", loginInfo: { companyId: "DEMO-CO", userId: "XML_Bill.com", password: "max-secret-password", entityId: "US" }, preferences: { master: "platform" } });
    await t.deps.accounts.add({ id: "mina-co", loginInfo: { companyId: "OTHER-CO", userId: "XML_Bill.com", password: "mina-secret-password", entityId: "" } });
    const max = await addTestUser(t.store, "max", "max-password-123");
    const mina = await addTestUser(t.store, "mina", "mina-password-123");
    await t.store.auth.grants.grant(max.id, "max-co");
    await t.store.auth.grants.grant(mina.id, "mina-co");
    await t.store.runs.start({ id: "run-max", accountId: "max-co", kind: "sync", status: "succeeded" });
    await t.store.recordErrors.add({ id: "err-max", accountId: "max-co", object: "VENDOR", recordId: "V-1", errorClass: "duplicate", code: "BL34000061", message: "Duplicate.", fixActions: ["retry", "skip-change"] });
    await t.deps.accounts.add({ id: "ghost-twin", loginInfo: { companyId: "X", userId: "Y", password: "z", entityId: "" } });
    await t.deps.accounts.remove("ghost-twin");
    maxToken = (await createApiToken(t.deps, max, "max")).token;
    minaToken = (await createApiToken(t.deps, mina, "mina")).token;
  });
  afterAll(async () => t.close());

  const accountRoutes = createApiRouter().routes.filter((r) => r.path.includes(":accountId"));

  function request(route: (typeof accountRoutes)[number], accountId: string, token: string): Promise<Response> {
    const path = `/api/v1${route.path}`.replace(":accountId", accountId).replace(":runId", "run-max").replace(":errorId", "err-max").replace(":userId", "whoever");
    const body = BODIES[route.operationId];
    return Promise.resolve(
      app.request(path, {
        method: route.method.toUpperCase(),
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  }

  it("covers every account-scoped route of the table", () => {
    expect(accountRoutes.map((r) => r.operationId).sort()).toEqual(
      [
        "deleteAccount",
        "fixRecordError",
        "getAccount",
        "getDoctorResult",
        "getLoginInfo",
        "getPreferences",
        "getRun",
        "grantAccount",
        "listRecordErrors",
        "listRuns",
        "revokeAccount",
        "runDoctor",
        "saveLoginInfo",
        "streamRunEvents",
        "syncNow",
        "testLoginInfo",
        "updatePreferences",
      ].sort(),
    );
  });

  for (const route of accountRoutes) {
    it(`${route.method.toUpperCase()} ${route.path}: answers another member's account exactly like a missing one`, async () => {
      const other = await request(route, "max-co", minaToken);
      const missing = await request(route, "ghost-twin", minaToken);
      const expected = route.path.startsWith("/users/") ? 403 : 404;
      expect(other.status).toBe(expected);
      const otherBody = (await other.json()) as { error: { code: string; message: string } };
      const missingBody = (await missing.json()) as { error: { code: string; message: string } };
      expect(otherBody.error.code).toBe(expected === 404 ? "NOT_FOUND" : "FORBIDDEN");
      expect(otherBody.error.message.replace("max-co", "ID")).toBe(missingBody.error.message.replace("ghost-twin", "ID"));
      expect(JSON.stringify(otherBody)).not.toMatch(/DEMO-CO|max-secret|run-max|err-max|Duplicate/);
    });
  }

  it("left the other account untouched: Login Info, preferences, runs, errors, grants", async () => {
    expect(await t.deps.accounts.loginInfo("max-co")).toEqual({ companyId: "DEMO-CO", userId: "XML_Bill.com", password: "max-secret-password", entityId: "US" });
    expect((await t.store.accounts.get("max-co"))?.preferences).toEqual({ master: "platform" });
    expect((await t.store.runs.list("max-co")).map((r) => r.id)).toEqual(["run-max"]);
    expect((await t.store.recordErrors.get("err-max"))?.status).toBe("open");
    expect(t.runner.requests).toEqual([]);
    expect(t.connector.tested).toEqual([]);
  });

  it("still lets the granted member use the same routes on their own account (the 404s are not from a broken route)", async () => {
    const get = accountRoutes.find((r) => r.operationId === "getAccount");
    const runs = accountRoutes.find((r) => r.operationId === "listRuns");
    const sync = accountRoutes.find((r) => r.operationId === "syncNow");
    if (get === undefined || runs === undefined || sync === undefined) throw new Error("routes missing");
    expect((await request(get, "max-co", maxToken)).status).toBe(200);
    expect(((await (await request(runs, "max-co", maxToken)).json()) as unknown[]).length).toBe(1);
    expect((await request(sync, "max-co", maxToken)).status).toBe(202);
    const list = (await (await app.request("/api/v1/accounts", { headers: { authorization: `Bearer ${minaToken}` } })).json()) as Array<{ account: { id: string } }>;
    expect(list.map((a) => a.account.id)).toEqual(["mina-co"]);
  });
});
