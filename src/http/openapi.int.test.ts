import { compileErrors, validate } from "@readme/openapi-parser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { API_PREFIX } from "./api/api-router.js";
import { createHttpApp } from "./app.js";
import { makeTestDeps, type TestDeps } from "./test-support.js";

describe("OpenAPI document", () => {
  let t: TestDeps;
  beforeEach(async () => {
    t = await makeTestDeps({ settings: { publicUrl: "http://127.0.0.1:8080" } });
  });
  afterEach(async () => t.close());

  async function document(): Promise<Record<string, unknown>> {
    const res = await createHttpApp(t.deps).request("/api/openapi.json");
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  }

  it("is a valid OpenAPI 3.1 document", async () => {
    const doc = await document();
    expect(doc["openapi"]).toBe("3.1.0");
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? "" : compileErrors(result)).toBe("");
    expect(result.valid).toBe(true);
  });

  it("documents every route the app serves under /api/v1, and nothing else", async () => {
    const app = createHttpApp(t.deps);
    const doc = await document();
    const paths = doc["paths"] as Record<string, Record<string, unknown>>;
    const served = new Set(
      app.routes.filter((r) => r.path.startsWith(`${API_PREFIX}/`) && r.method !== "ALL").map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`),
    );
    const documented = new Set(Object.entries(paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m} ${p}`)));
    expect(served.size).toBeGreaterThan(25);
    expect([...served].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !served.has(r))).toEqual([]);
  });

  it("names the error shape and both ways to authenticate", async () => {
    const doc = await document();
    const components = doc["components"] as { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    expect(Object.keys(components.securitySchemes).sort()).toEqual(["bearerAuth", "sessionCookie"]);
    expect(components.schemas["Error"]).toMatchObject({ type: "object", required: ["error"] });
    expect(doc["servers"]).toEqual([{ url: "http://127.0.0.1:8080" }]);
    const signIn = (doc["paths"] as Record<string, Record<string, Record<string, unknown>>>)["/api/v1/session"]?.["post"];
    expect(signIn?.["security"]).toEqual([]);
  });

  it("serves a docs page listing every operation, with no external resource", async () => {
    const res = await createHttpApp(t.deps).request("/api/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toContain("<code>/api/v1/accounts/{accountId}/login-info</code>");
    expect(page).toContain('href="#syncNow"');
    expect(page).not.toMatch(/<(script|link)\b/i);
    expect(page).not.toMatch(/(src|href)="https?:/i);
  });
});
