/**
 * The web UI through `app.request` (real SQLite store, real sessions and CSRF, the service's
 * use-cases; a scripted runner and connector): statuses, headings, CSRF fields, no password
 * echoed, isolation between users, and the live-progress stream.
 */
import crypto from "node:crypto";

import type { Hono } from "hono";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { AccountService } from "../../connections/accounts.js";
import type { AccountConnector, ConnectionTest } from "../../connections/connector-port.js";
import { createCredentialCipher } from "../../connections/credential-cipher.js";
import type { LoginInfo } from "../../connections/login-info.js";
import { check, type DoctorReport } from "../../doctor/check.js";
import { systemClock } from "../../domain/clock.js";
import { silentLogger } from "../../domain/logger.js";
import type { RunEvent, RunEventListener, RunRequest, RunTicket, SyncRunner } from "../../queue/port.js";
import { openStore } from "../../store/open-store.js";
import type { Store } from "../../store/port.js";
import { createHttpApp } from "../app.js";
import { hashPassword } from "../auth/passwords.js";
import type { HttpDeps, HttpEnv } from "../context.js";
import { uiRoutes } from "./routes.js";
import { PageClient } from "./ui-test-support.js";

const SECRET = "S3cret-sync-password!";

/** A runner whose runs the test drives by hand. */
class ScriptedRunner implements SyncRunner {
  readonly requests: RunRequest[] = [];
  readonly active = new Map<string, string>();
  readonly listeners = new Map<string, Set<RunEventListener>>();
  #n = 0;

  constructor(private readonly store: Store) {}

  async requestRun(request: RunRequest): Promise<RunTicket> {
    const existing = this.active.get(request.accountId);
    if (existing !== undefined) return { runId: existing, created: false };
    this.requests.push(request);
    const runId = `run-${++this.#n}`;
    await this.store.runs.start({ id: runId, accountId: request.accountId, kind: request.kind ?? "sync", status: "queued" });
    this.active.set(request.accountId, runId);
    this.emit(request.accountId, { type: "run-queued", runId, accountId: request.accountId, reason: request.reason });
    return { runId, created: true };
  }
  activeRun(accountId: string): Promise<string | undefined> {
    return Promise.resolve(this.active.get(accountId));
  }
  subscribe(accountId: string, listener: RunEventListener): () => void {
    const set = this.listeners.get(accountId) ?? new Set();
    set.add(listener);
    this.listeners.set(accountId, set);
    return () => set.delete(listener);
  }
  emit(accountId: string, event: RunEvent): void {
    for (const l of this.listeners.get(accountId) ?? []) l(event);
  }
  start(): Promise<void> {
    return Promise.resolve();
  }
  stop(): Promise<void> {
    return Promise.resolve();
  }
}

const connector: AccountConnector = {
  open: () => Promise.reject(new Error("not used by these tests")),
  testLoginInfo: (info: LoginInfo): Promise<ConnectionTest> =>
    Promise.resolve(info.password === SECRET ? { ok: true, message: `Signed in to ${info.companyId} as ${info.userId}.` } : { ok: false, code: "XL03000006", message: "Sign-in failed. Check the password." }),
  testPlatformLogin: () => Promise.resolve({ ok: true, message: "Signed in to BILL." }),
  close: () => Promise.resolve(),
};

const doctorReport: DoctorReport = {
  ok: false,
  target: { companyId: "ZEPHYR", userId: "XML_Bill.com", entityId: "EAST" },
  checks: [
    check.pass("login", "Sign-in", "The sync user signed in."),
    check.fail("user.admin", "Admin privileges", "The user's Admin privileges are Limited.", "Company > Web Services Users > Edit next to XML_Bill.com: Admin privileges: Full, then Save."),
  ],
};

let store: Store;
let runner: ScriptedRunner;
let app: Hono<HttpEnv>;
let accounts: AccountService;

async function browserOf(username: string, password: string): Promise<PageClient> {
  const client = new PageClient(app);
  await client.signIn(username, password);
  return client;
}

/** scrypt is slow on purpose: hash the two passwords once. */
const hashes = { admin: "", mia: "" };
beforeAll(async () => {
  hashes.admin = await hashPassword("admin-password-123");
  hashes.mia = await hashPassword("member-password-123");
});

beforeEach(async () => {
  store = await openStore({ kind: "sqlite", path: ":memory:" });
  accounts = new AccountService({ store, cipher: createCredentialCipher(crypto.randomBytes(32)) });
  runner = new ScriptedRunner(store);
  await accounts.add({ id: "east", name: "Zephyr East", loginInfo: { companyId: "ZEPHYR", userId: "XML_Bill.com", password: SECRET, entityId: "EAST" }, preferences: { clearingBankAccountId: "EAST-CLEARING" } });
  await accounts.add({ id: "west", name: "Zephyr West", loginInfo: { companyId: "ZEPHYR", userId: "XML_Bill.com", password: SECRET, entityId: "WEST" } });
  await store.auth.users.create({ id: "u-admin", username: "admin", passwordHash: hashes.admin, role: "admin" });
  const member = await store.auth.users.create({ id: "u-mia", username: "mia", passwordHash: hashes.mia, role: "member" });
  await store.auth.grants.grant(member.id, "east");
  const deps: HttpDeps = {
    store, accounts, connector, runner, clock: systemClock, logger: silentLogger,
    settings: { secureCookies: false, monthlyApiBudget: 1000, firstAdminCreated: true },
    doctor: () => Promise.resolve(doctorReport),
  };
  app = createHttpApp(deps, { ui: uiRoutes(deps) });
});

afterEach(async () => {
  await store.close();
});

describe("sign-in", () => {
  it("sends a visitor without a session to /login, which has a CSRF field and says where the first admin's password was printed", async () => {
    const visitor = new PageClient(app);
    const res = await visitor.get("/accounts/east");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?next=%2Faccounts%2Feast");
    const page = await visitor.get("/login");
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("<h1>Sign in</h1>");
    expect(html).toMatch(/<input type="hidden" name="_csrf" value="[A-Za-z0-9_-]{20,}"/);
    expect(html).toContain("Its password was printed once in the output of intacct-sync serve");
    expect(html).toContain('<label for="username">User name</label>');
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
  });

  it("refuses a sign-in without the CSRF token, and a wrong password with one sentence, then signs in and returns to the page asked for", async () => {
    const visitor = new PageClient(app);
    await visitor.get("/login");
    expect((await visitor.post("/login", { username: "admin", password: "admin-password-123" })).status).toBe(403);
    const token = await visitor.csrf("/login");
    const wrong = await visitor.post("/login", { _csrf: token, username: "admin", password: "nope" });
    expect(wrong.status).toBe(200);
    const html = await wrong.text();
    expect(html).toContain('role="alert">The user name or password is incorrect.</p>');
    expect(html).not.toContain("nope");
    const ok = await visitor.post("/login", { _csrf: token, username: "admin", password: "admin-password-123", next: "/accounts/east" });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/accounts/east");
    expect((await visitor.get("/accounts/east")).status).toBe(200);
    // Someone signed in: the first-run hint is gone.
    expect(await (await new PageClient(app).get("/login")).text()).not.toContain("First sign-in");
  });

  it("never redirects to another site after sign-in", async () => {
    const visitor = new PageClient(app);
    const token = await visitor.csrf("/login");
    const res = await visitor.post("/login", { _csrf: token, username: "admin", password: "admin-password-123", next: "//evil.example/x" });
    expect(res.headers.get("location")).toBe("/");
  });

  it("signs out with a POST carrying the CSRF token, and not without it", async () => {
    const admin = await browserOf("admin", "admin-password-123");
    expect((await admin.post("/logout", {})).status).toBe(403);
    expect((await admin.get("/")).status).toBe(200);
    const out = await admin.post("/logout", { _csrf: await admin.csrf("/") });
    expect(out.headers.get("location")).toBe("/login");
    expect((await admin.get("/")).status).toBe(303);
    expect(await (await admin.get("/login")).text()).toContain("You are signed out.");
  });
});

describe("accounts list", () => {
  it("shows each visible account with its last sync (status in words, counts)", async () => {
    await store.runs.start({ id: "r1", accountId: "east", kind: "sync", status: "running" });
    await store.runs.update("r1", { status: "succeeded", stats: { counts: { byObject: {}, total: { create: 3, update: 1, delete: 0, link: 7, skip: 0, hold: 0, error: 0 } } } });
    // A doctor run after it is not a sync.
    await store.runs.start({ id: "r2", accountId: "east", kind: "doctor", status: "running" });
    await store.runs.update("r2", { status: "failed", error: { code: "CHECKS_FAILED", message: "The doctor found problems." } });
    const admin = await browserOf("admin", "admin-password-123");
    const res = await admin.get("/");
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("<h1>Accounts</h1>");
    expect(html).toContain('<a href="/accounts/east">Zephyr East</a>');
    expect(html).toContain('<a href="/accounts/west">Zephyr West</a>');
    expect(html).toContain("succeeded</span>");
    expect(html).not.toContain("failed</span>");
    expect(html).toContain("3 created, 1 updated, 0 deleted, 7 linked, 0 skipped, 0 held, 0 errors");
    expect(html).toContain("never synced");
  });

  it("shows a member only the accounts granted to them", async () => {
    const mia = await browserOf("mia", "member-password-123");
    const html = await (await mia.get("/")).text();
    expect(html).toContain("Zephyr East");
    expect(html).not.toContain("Zephyr West");
  });
});

describe("isolation", () => {
  it("answers 404 on every page and action of an account that is not the member's, and changes nothing", async () => {
    const mia = await browserOf("mia", "member-password-123");
    const token = await mia.csrf("/");
    for (const path of ["/accounts/west", "/accounts/west/login-info", "/accounts/west/doctor", "/accounts/west/preferences", "/accounts/west/events", "/accounts/nope"]) {
      const res = await mia.get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).toContain("<h1>Page not found</h1>");
    }
    for (const path of ["/accounts/west/sync", "/accounts/west/login-info", "/accounts/west/login-info/test", "/accounts/west/doctor/run", "/accounts/west/preferences"]) {
      expect((await mia.post(path, { _csrf: token, companyId: "X", userId: "Y", password: "Z", entityId: "" })).status, path).toBe(404);
    }
    expect(runner.requests).toEqual([]);
    expect((await store.accounts.get("west"))?.companyId).toBe("ZEPHYR");
    expect((await mia.get("/accounts/east")).status).toBe(200);
  });
});

describe("Sage Intacct Login Info", () => {
  it("shows the four fields with their labels, a CSRF field, and never the password", async () => {
    const admin = await browserOf("admin", "admin-password-123");
    const res = await admin.get("/accounts/east/login-info");
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("<h1>Sage Intacct Login Info · Zephyr East</h1>");
    for (const label of ["Company ID", "User ID", "Password", "Entity ID"]) expect(html).toContain(`>${label}</label>`);
    expect(html).toContain('name="_csrf"');
    expect(html).toContain('value="ZEPHYR"');
    expect(html).toContain('value="EAST"');
    expect(html).toContain('placeholder="•••••••• (saved)"');
    expect(html).not.toContain(SECRET);
    expect(html).not.toMatch(/name="password"[^>]*value=/);
  });

  it("saves new values (keeping the stored password when the field is blank) and refuses a save without CSRF", async () => {
    const admin = await browserOf("admin", "admin-password-123");
    const token = await admin.csrf("/accounts/east/login-info");
    expect((await admin.post("/accounts/east/login-info", { companyId: "OTHER", userId: "u", password: "", entityId: "" })).status).toBe(403);
    expect((await store.accounts.get("east"))?.companyId).toBe("ZEPHYR");
    const saved = await admin.post("/accounts/east/login-info", { _csrf: token, companyId: "ZEPHYR", userId: "XML_Bill.com", password: "", entityId: "EAST2" });
    expect(saved.status).toBe(303);
    expect((await accounts.loginInfo("east")).entityId).toBe("EAST2");
    expect((await accounts.loginInfo("east")).password).toBe(SECRET);
    expect(await (await admin.get("/accounts/east/login-info")).text()).toContain('role="status">Login Info saved.</p>');
  });

  it("shows what is wrong with typed values next to the field, without saving", async () => {
    const admin = await browserOf("admin", "admin-password-123");
    const token = await admin.csrf("/accounts/east/login-info");
    const res = await admin.post("/accounts/east/login-info", { _csrf: token, companyId: "ZEPHYR ", userId: "XML_Bill.com", password: "Typed-Pw-777", entityId: "EAST" });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('Company ID &quot;ZEPHYR &quot; has a trailing space.');
    expect(html).toContain('aria-invalid="true"');
    expect(html).not.toContain("Typed-Pw-777");
    expect((await accounts.loginInfo("east")).companyId).toBe("ZEPHYR");
  });

  it("tests the connection with the typed values and shows the result", async () => {
    const admin = await browserOf("admin", "admin-password-123");
    const token = await admin.csrf("/accounts/east/login-info");
    const ok = await (await admin.post("/accounts/east/login-info/test", { _csrf: token, companyId: "ZEPHYR", userId: "XML_Bill.com", password: "", entityId: "EAST" })).text();
    expect(ok).toContain("Connection succeeded: Signed in to ZEPHYR as XML_Bill.com.");
    const bad = await (await admin.post("/accounts/east/login-info/test", { _csrf: token, companyId: "ZEPHYR", userId: "XML_Bill.com", password: "wrong", entityId: "EAST" })).text();
    expect(bad).toContain('role="alert">Connection failed (XL03000006): Sign-in failed. Check the password.</p>');
    expect(bad).not.toContain("wrong");
  });
});

describe("doctor", () => {
  it("runs the doctor and lists each failed check first with its fix; the report stays for the next visit", async () => {
    const admin = await browserOf("admin", "admin-password-123");
    const before = await (await admin.get("/accounts/east/doctor")).text();
    expect(before).toContain("The doctor has not run for this account yet.");
    const res = await admin.post("/accounts/east/doctor/run", { _csrf: csrfFrom(before) });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("1 check failed: 1 passed, 1 failed, 0 warnings");
    expect(html.indexOf("Admin privileges")).toBeLessThan(html.indexOf("Sign-in</strong>"));
    expect(html).toContain("<strong>Fix: </strong>Company &gt; Web Services Users &gt; Edit next to XML_Bill.com: Admin privileges: Full, then Save.");
    expect(await (await admin.get("/accounts/east/doctor")).text()).toContain("1 check failed");
  });
});

describe("preferences", () => {
  it("shows the stored choices and saves the form", async () => {
    const admin = await browserOf("admin", "admin-password-123");
    const page = await (await admin.get("/accounts/east/preferences")).text();
    expect(page).toContain('id="transactions-two-way" name="transactions" value="two-way" checked=""');
    expect(page).toContain('value="EAST-CLEARING"');
    const res = await admin.post("/accounts/east/preferences", {
      _csrf: csrfFrom(page), transactions: "one-way", master: "intacct", onlyApproved: "on", apAccountNo: "2000", arAccountNo: "", clearingBankAccountId: "EAST-CLEARING",
      depositBankAccountId: "", defaultExpenseAccountNo: "", closedPeriodPolicy: "hold", schedule: "off",
    });
    expect(res.status).toBe(303);
    expect((await store.accounts.get("east"))?.preferences).toEqual({ clearingBankAccountId: "EAST-CLEARING", transactions: "one-way", master: "intacct", onlyApproved: true, apAccountNo: "2000", closedPeriodPolicy: "hold", schedule: "off" });
    const after = await (await admin.get("/accounts/east/preferences")).text();
    expect(after).toContain('role="status">Preferences saved.</p>');
    expect(after).toContain('value="hold" checked=""');
    expect(after).toContain('<option value="off" selected="">');
    // Back to the service's default schedule: the preference is removed.
    await admin.post("/accounts/east/preferences", { _csrf: csrfFrom(page), transactions: "one-way", master: "intacct", closedPeriodPolicy: "hold", schedule: "" });
    expect((await store.accounts.get("east"))?.preferences["schedule"]).toBeUndefined();
  });

  it("refuses a value the engine does not know, naming it", async () => {
    const admin = await browserOf("admin", "admin-password-123");
    const token = await admin.csrf("/accounts/east/preferences");
    const res = await admin.post("/accounts/east/preferences", { _csrf: token, closedPeriodPolicy: "later" });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/role="alert">[^<]*closedPeriodPolicy/);
  });
});

describe("status, Sync Now and errors", () => {
  it("Sync Now asks the runner once, redirects to the status page, which shows the run in progress with a live region and a no-JS refresh", async () => {
    const admin = await browserOf("admin", "admin-password-123");
    const token = await admin.csrf("/accounts/east");
    expect((await admin.post("/accounts/east/sync", {})).status).toBe(403);
    const res = await admin.post("/accounts/east/sync", { _csrf: token });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/accounts/east?run=run-1");
    expect(runner.requests).toEqual([{ accountId: "east", kind: "sync", reason: "manual", requestedBy: expect.any(String) as string }]);
    const html = await (await admin.get("/accounts/east?run=run-1")).text();
    expect(html).toContain("Sync run-1 requested.");
    expect(html).toContain('data-run-events="/accounts/east/events"');
    expect(html).toContain('<progress id="run-progress" max="100" value="0">');
    expect(html).toContain('<noscript><meta http-equiv="refresh" content="3"/></noscript>');
    const again = await admin.post("/accounts/east/sync", { _csrf: token });
    expect(again.headers.get("location")).toBe("/accounts/east?run=run-1");
    expect(runner.requests).toHaveLength(1);
  });

  it("lists open errors with their fix actions as buttons, and shows what a fix action answered", async () => {
    await store.recordErrors.add({ id: "e1", accountId: "east", object: "bill", recordId: "00n01", errorClass: "unresolved-reference", code: "BL01001973", message: "Vendor V-9 is not in Intacct.", fixActions: ["retry", "skip-change", "fixed-in-intacct"] });
    const admin = await browserOf("admin", "admin-password-123");
    const html = await (await admin.get("/accounts/east")).text();
    expect(html).toContain("Errors to fix (1)");
    expect(html).toContain('<button type="submit" name="action" value="retry" class="">Retry</button>');
    expect(html).toContain(">Don&#39;t sync this change</button>");
    expect(html).toContain(">I fixed it in Intacct</button>");
    const res = await admin.post("/accounts/east/errors/e1/fix", { _csrf: csrfFrom(html), action: "retry" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/accounts/east");
    const after = await (await admin.get("/accounts/east")).text();
    expect(after).toContain('role="status">The change will be tried again in the next sync.</p>');
    // An action the error does not offer: the use-case's refusal is shown as an alert, nothing changes.
    await admin.post("/accounts/east/errors/e1/fix", { _csrf: csrfFrom(html), action: "delete-everything" });
    expect(await (await admin.get("/accounts/east")).text()).toContain('role="alert">Error &quot;e1&quot; offers &quot;retry&quot;, &quot;skip-change&quot;, &quot;fixed-in-intacct&quot;, not &quot;delete-everything&quot;.</p>');
  });

  it("streams the run's progress as server-sent events until the run leaves the queue", async () => {
    const admin = await browserOf("admin", "admin-password-123");
    await admin.post("/accounts/east/sync", { _csrf: await admin.csrf("/accounts/east") });
    const res = await app.request("/accounts/east/events", { headers: { cookie: admin.jar.header() } });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body?.getReader();
    if (reader === undefined) throw new Error("no body");
    const counts = { create: 2, update: 0, delete: 0, link: 1, skip: 0, hold: 0, error: 0 };
    const stats = { counts: { byObject: {}, total: counts }, intacct: { calls: 4, writes: 2, ms: 1 }, platform: { calls: 3, writes: 0, ms: 1 }, timings: { read: 1, plan: 1, apply: 1 }, dryRun: false };
    setTimeout(() => {
      runner.emit("east", { type: "run-started", runId: "run-1", accountId: "east", objects: ["vendor", "bill"], dryRun: false });
      runner.emit("east", { type: "planned", runId: "run-1", operations: 3, counts: { byObject: {}, total: counts } });
      runner.emit("east", { type: "run-finished", runId: "run-1", status: "succeeded", stats });
      runner.active.delete("east");
      runner.emit("east", { type: "run-done", runId: "run-1", accountId: "east", kind: "sync", status: "succeeded" });
    }, 50);
    let text = "";
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    const events = [...text.matchAll(/event: (\w+)\ndata: (.*)\n/g)].map((m) => ({ event: m[1], data: JSON.parse(m[2] ?? "null") as { phase: string; status?: string; text: string } }));
    expect(events.map((e) => e.data.phase)).toEqual(["queued", "reading", "planned", "finished", "finished"]);
    expect(events.at(-1)?.data).toMatchObject({ status: "succeeded", percent: 100, text: "Sync succeeded: 2 created, 0 updated, 0 deleted, 1 linked, 0 skipped, 0 held, 0 errors." });
  });

  it("tells a page without an active run that it is idle at once", async () => {
    const admin = await browserOf("admin", "admin-password-123");
    const res = await app.request("/accounts/east/events", { headers: { cookie: admin.jar.header() } });
    expect(await res.text()).toBe('event: idle\ndata: {"lastRunId":null,"status":null}\n\n');
  });
});

describe("API usage", () => {
  it("shows calls per company and month against the budget, as numbers and a bar", async () => {
    const at = new Date().toISOString();
    await store.usage.record({ runId: "r1", accountId: "east", companyId: "ZEPHYR", kind: "sync", calls: 250, writes: 3, at });
    await store.usage.record({ runId: "r2", accountId: "west", companyId: "zephyr ", kind: "doctor", calls: 120, writes: 0, at });
    const admin = await browserOf("admin", "admin-password-123");
    const res = await admin.get("/usage");
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("<h1>API usage</h1>");
    expect(html).toContain("370 of 1,000 calls (37%)");
    expect(html).toMatch(/<progress max="1000" value="370"/);
    expect(html).toContain(`<td id="usage-ZEPHYR-${at.slice(0, 7)}-m">${at.slice(0, 7)}</td>`);
  });
});

describe("static files", () => {
  it("serves the style sheet and the script without a session", async () => {
    const css = await app.request("/ui/app.css");
    expect(css.headers.get("content-type")).toContain("text/css");
    const js = await app.request("/ui/app.js");
    expect(js.headers.get("content-type")).toContain("text/javascript");
    expect(await js.text()).toContain("EventSource");
  });
});

function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  return m?.[1] ?? "";
}
