import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { createIntacctSandbox } from "../create-intacct-sandbox.js";
import { DEMO_FACTS, DEMO_MISCONFIGURED_USERS, demoSeed } from "../demo-seed.js";
import { SANDBOX_DB_FILE } from "../sandbox-database.js";
import { type IntacctSandbox, startIntacctSandbox } from "../sandbox-server.js";
import { createStubObjects } from "../test-support/stub-objects.js";
import { testSeed } from "../test-support/test-seed.js";
import { fn, login, post, request, results } from "../test-support/xml-requests.js";
import { parseSeed, readSeedFile } from "./load-seed.js";
import { type SeedInput, seedJsonSchema } from "./seed-schema.js";

const SCHEMA_PATH = join(import.meta.dirname, "../../../../schemas/intacct-sandbox-seed.schema.json");

let sandbox: IntacctSandbox | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "intacct-sandbox-"));
  dirs.push(d);
  return d;
}

describe("seed format", () => {
  it("publishes a JSON Schema generated from the validator (UPDATE_SEED_SCHEMA=1 rewrites it)", () => {
    const expected = `${JSON.stringify(seedJsonSchema(), null, 2)}\n`;
    if (process.env["UPDATE_SEED_SCHEMA"] === "1") writeFileSync(SCHEMA_PATH, expected);
    expect(readFileSync(SCHEMA_PATH, "utf8")).toBe(expected);
  });

  it("fills defaults and names every problem of a bad seed with its path", () => {
    const doc = parseSeed({ companies: [{ companyId: "C", permissionModel: "user", users: [{ userId: "u", password: "p", firstName: "F", lastName: "L", email: "e@x" }] }] });
    expect(doc.companies[0]?.users[0]).toMatchObject({ userType: "business", admin: "Off", status: "active", webServicesOnly: false, entityIds: [], roles: [] });
    expect(() => parseSeed({ companies: [{ companyId: "", permissionModel: "user", extra: 1 }] })).toThrow(/companies\.0\.companyId[\s\S]*companies\.0/);
    expect(() => parseSeed({ senders: "nope" })).toThrow(/Invalid Intacct sandbox seed/);
  });

  it("refuses references to unknown senders, roles, entities, user types, and loads nothing then", async () => {
    sandbox = await startIntacctSandbox({ listen: false }, { createObjects: createStubObjects });
    const s = sandbox;
    const base = { companyId: "C", permissionModel: "role" as const };
    const user = { userId: "u", password: "p", firstName: "F", lastName: "L", email: "e@x" };
    expect(() => s.loadSeed({ companies: [{ ...base, authorizedSenders: ["ghost"] }] })).toThrow(/unknown sender ghost/);
    expect(() => s.loadSeed({ companies: [{ ...base, users: [{ ...user, roles: ["R"] }] }] })).toThrow(/unknown role R/);
    expect(() => s.loadSeed({ companies: [{ ...base, users: [{ ...user, entityIds: ["E"] }] }] })).toThrow(/unknown entity E/);
    expect(() => s.loadSeed({ companies: [{ ...base, users: [{ ...user, userType: "alien" }] }] })).toThrow(/unknown userType/);
    expect(() => s.loadSeed({ companies: [{ ...base, roles: [{ name: "R", permissions: { Nope: "all" } }] }] })).toThrow(/Unknown application 'Nope'/);
    expect(s.tenancy.listCompanies()).toEqual([]);
  });

  it("reads a seed file and reports unreadable or invalid JSON clearly", () => {
    const dir = tempDir();
    const file = join(dir, "seed.json");
    writeFileSync(file, JSON.stringify(testSeed()));
    expect(readSeedFile(file).companies.map((c) => c.companyId)).toEqual(["ACME", "SOLO"]);
    writeFileSync(file, "{nope");
    expect(() => readSeedFile(file)).toThrow(/is not valid JSON/);
    expect(() => readSeedFile(join(dir, "missing.json"))).toThrow(/Cannot read seed file/);
  });
});

describe("the README's seed example", () => {
  it("loads as written, records included", async () => {
    const readme = readFileSync(join(import.meta.dirname, "../README.md"), "utf8");
    const block = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1] ?? "").find((b) => b.includes('"companies"'));
    expect(block).toBeDefined();
    sandbox = await createIntacctSandbox({ listen: false, seed: JSON.parse(block ?? "{}") as SeedInput });
    expect(sandbox.tenancy.listCompanies().map((c) => c.companyId)).toEqual(["ACME", "SOLO"]);
    expect(sandbox.objects.listRecords("ACME", "VENDOR").map((r) => r["VENDORID"])).toEqual(["V-100"]);
    expect(sandbox.tenancy.getUser("ACME", "east_clerk")).toMatchObject({ entityIds: ["EAST"], topLevelAccess: false });
  });
});

describe("persistence", () => {
  it("keeps state in <dataDir>/intacct-sandbox.sqlite (WAL) across restarts and does not re-seed", async () => {
    const dir = tempDir();
    sandbox = await startIntacctSandbox({ listen: false, dataDir: dir, seed: testSeed() }, { createObjects: createStubObjects });
    expect(sandbox.db.pragma("journal_mode", { simple: true })).toBe("wal");
    await post(sandbox.app, request([["c", fn.createVendor("V2")]]));
    await sandbox.close();
    sandbox = await startIntacctSandbox({ listen: false, dataDir: dir, seed: testSeed() }, { createObjects: createStubObjects });
    expect(sandbox.objects.listRecords("ACME", "VENDOR").map((r) => r["VENDORID"])).toEqual(["V1", "V2"]);
    expect(readFileSync(join(dir, SANDBOX_DB_FILE)).length).toBeGreaterThan(0);
  });

  it("stores no password in clear in the database file", async () => {
    const dir = tempDir();
    sandbox = await startIntacctSandbox({ listen: false, dataDir: dir, seed: testSeed() }, { createObjects: createStubObjects });
    sandbox.db.pragma("wal_checkpoint(TRUNCATE)");
    const raw = readFileSync(join(dir, SANDBOX_DB_FILE)).toString("latin1");
    for (const secret of ["S3nder!", "0ther!", "Sync!pw"]) expect(raw).not.toContain(secret);
  });
});

describe("demo seed", () => {
  it("validates, and sets up XML_Bill.com exactly as the guide says in a role-based multi-entity company", async () => {
    sandbox = await startIntacctSandbox({ listen: false, seed: "demo" }, { createObjects: createStubObjects });
    const t = sandbox.tenancy;
    expect(sandbox.demo).toBe(DEMO_FACTS);
    expect(t.getCompany(DEMO_FACTS.companyId)).toMatchObject({ permissionModel: "role", multiEntity: true });
    expect(t.listEntities(DEMO_FACTS.companyId).map((e) => e.entityId)).toEqual(["EAST", "WEST"]);
    expect(t.listSenderAuthorizations(DEMO_FACTS.companyId)).toEqual([DEMO_FACTS.senderId]);
    const u = t.getUser(DEMO_FACTS.companyId, DEMO_FACTS.userId);
    expect(u).toMatchObject({ userType: "business user", admin: "Full", webServicesOnly: true, status: "active", entityIds: [], roles: [DEMO_FACTS.roleName] });
    const role = t.getRole(DEMO_FACTS.companyId, DEMO_FACTS.roleName);
    for (const app of t.permissionCatalog()) {
      for (const p of app.policies) {
        expect(role.grants.find((g) => g.application === app.name && g.policy === p.name)?.rights, `${app.name}/${p.name}`).toEqual(p.rights);
      }
    }
    expect(t.getCompany(DEMO_FACTS.userBasedCompanyId)).toMatchObject({ permissionModel: "user", multiEntity: false });
    expect(t.getUserGrants(DEMO_FACTS.userBasedCompanyId, DEMO_FACTS.userId).length).toBeGreaterThan(10);
  });

  it("signs the sync user in at the top level and in each entity; the other sender is refused", async () => {
    sandbox = await startIntacctSandbox({ listen: false, seed: "demo" }, { createObjects: createStubObjects });
    const f = DEMO_FACTS;
    const auth = (locationId?: string, companyId: string = f.companyId) => login({ companyId, userId: f.userId, password: f.password, ...(locationId ? { locationId } : {}) });
    for (const loc of [undefined, ...f.entityIds]) {
      const p = await post(sandbox.app, request([["a", fn.readVendors()]], { sender: f.senderId, senderPassword: f.senderPassword, auth: auth(loc) }));
      expect(p.response?.operation?.authentication).toMatchObject({ status: "success", locationId: loc ?? "" });
      expect(results(p)[0]?.status).toBe("success");
    }
    const solo = await post(sandbox.app, request([["a", fn.readVendors()]], { sender: f.senderId, senderPassword: f.senderPassword, auth: auth(undefined, f.userBasedCompanyId) }));
    expect(results(solo)[0]?.status).toBe("success");
    const other = await post(sandbox.app, request([["a", fn.readVendors()]], { sender: f.unauthorizedSenderId, senderPassword: f.unauthorizedSenderPassword, auth: auth() }));
    expect(other.response?.operation?.errors?.[0]?.description).toBe("Invalid Web Services Authorization");
  });

  it("has at least four misconfigured users, each really misconfigured as described", async () => {
    sandbox = await startIntacctSandbox({ listen: false, seed: "demo" }, { createObjects: createStubObjects });
    const t = sandbox.tenancy;
    expect(DEMO_MISCONFIGURED_USERS.length).toBeGreaterThanOrEqual(4);
    for (const m of DEMO_MISCONFIGURED_USERS) {
      const u = t.getUser(m.companyId, m.userId);
      const perms = t.effectivePermissions(m.companyId, m.userId);
      const hasApReports = perms.some((g) => g.application === "Accounts Payable" && g.policy === "Reports");
      switch (m.problem) {
        case "admin-not-full":
          expect(u.admin).toBe("Limited");
          break;
        case "role-missing-reports":
          expect(hasApReports).toBe(false);
          expect(perms.some((g) => g.application === "Accounts Payable" && g.policy === "Bills")).toBe(true);
          break;
        case "restricted-to-entity":
          expect(u.entityIds).toEqual(["EAST"]);
          break;
        case "user-type-not-business":
          expect(u.userType).toBe("employee user");
          break;
        case "not-web-services-user":
          expect(u.webServicesOnly).toBe(false);
          break;
        case "inactive":
          expect(u.status).toBe("inactive");
          break;
        case "no-role-assigned":
          expect(u.roles).toEqual([]);
          break;
        case "subscription-missing-reports":
          expect(perms.some((g) => g.policy === "Reports" && g.application !== "Administration")).toBe(false);
          break;
      }
    }
    expect(demoSeed({ now: 0 }).companies?.[0]?.entities?.[0]?.closedThrough).toBe("1969-12-31");
  });
});
