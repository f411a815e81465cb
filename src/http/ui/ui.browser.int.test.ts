/**
 * The web UI in a real browser (Debian chromium driven by playwright-core) over the real service:
 * `createHttpApp` + `uiRoutes` on 127.0.0.1 (port 0), a SQLite store, both sandboxes in-process
 * (`startDemoWorld`), the in-process runner running real syncs. Walks sign-in, entering Login
 * Info with Test connection, the doctor (a misconfigured user, then the right one), preferences,
 * Sync Now with live progress to "succeeded", fixing a real per-record error, API usage, and a
 * member who cannot open another account. No page may log a console error. Screenshots go to
 * test-output/screenshots/.
 *
 * Chromium missing fails this test loudly, unless SKIP_BROWSER_TESTS=1 (then it says why).
 */
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import { serve, type ServerType } from "@hono/node-server";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type DemoWorld, startDemoWorld } from "../../cli/commands/demo.js";
import { systemClock } from "../../domain/clock.js";
import { silentLogger } from "../../domain/logger.js";
import { createInProcessRunner, type InProcessRunner } from "../../queue/in-process-runner.js";
import { createRunExecutor } from "../../queue/sync-executor.js";
import { DEMO_FACTS as F } from "../../sandbox/intacct/demo-seed.js";
import { createIntacctSide } from "../../sync/adapters/intacct-side.js";
import { createHttpApp } from "../app.js";
import type { HttpDeps } from "../context.js";
import { createAccountDoctor } from "../services/index.js";
import { uiRoutes } from "./routes.js";
import { addUser } from "./ui-test-support.js";

const CHROMIUM = "/usr/bin/chromium";
const SHOTS = path.resolve("test-output/screenshots");
const skip = process.env["SKIP_BROWSER_TESTS"] === "1";
/** Generous: a sync of the demo on a busy 2-core CI machine. */
const STEP_TIMEOUT_MS = 90_000;
const ADMIN_PASSWORD = "Admin-Password-2026!";
const MEMBER_PASSWORD = "Member-Password-2026!";

let world: DemoWorld;
let runner: InProcessRunner;
let server: ServerType;
let base = "";
let context: BrowserContext;
let page: Page;
let profile: string;
/** Console errors and uncaught page errors, with the URL of the page that logged them. */
const consoleErrors: string[] = [];

/** Screenshot of the page, after checking its accessibility basics. */
async function shot(name: string): Promise<void> {
  expect(await accessibilityProblems(), name).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/**
 * The basics every page keeps (not a full audit): a language, one `h1`, a `main` landmark, a
 * label on every form control, a name on every button and link.
 */
async function accessibilityProblems(): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    if (document.documentElement.lang === "") problems.push("html has no lang");
    if (document.querySelectorAll("h1").length !== 1) problems.push(`${document.querySelectorAll("h1").length} h1 elements`);
    if (document.querySelector("main") === null) problems.push("no main landmark");
    for (const el of Array.from(document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("input:not([type=hidden]), select, textarea"))) {
      if (el.labels?.length === 0 && !el.hasAttribute("aria-label") && !el.hasAttribute("aria-labelledby")) problems.push(`unlabelled ${el.tagName.toLowerCase()} ${el.name}`);
    }
    for (const el of Array.from(document.querySelectorAll("button, a[href]"))) {
      if ((el.textContent ?? "").trim() === "" && !el.hasAttribute("aria-label")) problems.push(`${el.tagName.toLowerCase()} without a name`);
    }
    for (const el of Array.from(document.querySelectorAll("progress"))) {
      if (el.labels.length === 0 && !el.hasAttribute("aria-labelledby") && !el.hasAttribute("aria-label")) problems.push("progress without a label");
    }
    return problems;
  });
}

/** Waits for the page a run's end leads to ("Sync succeeded." as a notice, "Sync failed." as an alert). */
async function runEnded(): Promise<void> {
  await page.locator("main > p[role=status], main > p[role=alert]").filter({ hasText: /^Sync (succeeded|failed|cancelled)\.$/ }).waitFor({ timeout: 80_000 });
}

/** Number in the "Errors to fix (N)" heading. */
async function errorsToFix(): Promise<number> {
  const text = (await page.getByRole("heading", { name: /^Errors to fix/ }).textContent()) ?? "";
  return Number(/\((\d+)\)/.exec(text)?.[1] ?? "NaN");
}

/** sessionStorage key where the init script logs what the page's EventSource received (it survives the page's reload). */
const SSE_LOG_KEY = "ui-test-sse-log";

/** Events the page's EventSource received since the log was cleared. */
async function sseLog(): Promise<Array<{ type: string; data: Record<string, unknown> }>> {
  const raw = await page.evaluate((key) => sessionStorage.getItem(key) ?? "[]", SSE_LOG_KEY);
  return JSON.parse(raw) as Array<{ type: string; data: Record<string, unknown> }>;
}

/** The page's notice (`role="status"` right under the heading: the flash of the last action). */
function notice() {
  return page.locator("main > p.notice[role=status]");
}

/** Waits for the page whose notice says exactly `text` (the page before a click may still be showing). */
async function noticeSays(text: string): Promise<void> {
  const exact = new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  await notice().filter({ hasText: exact }).waitFor();
}

if (skip) {
  describe("web UI in a browser", () => {
    it("is skipped: SKIP_BROWSER_TESTS=1", () => {
      console.warn("\n*** SKIPPING the web UI browser test: SKIP_BROWSER_TESTS=1 is set. CI runs it with Debian's chromium. ***\n");
    });
  });
} else {
  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\` (CI's .ci/run does), or set SKIP_BROWSER_TESTS=1 to skip the browser tests.`);
    }
    fs.mkdirSync(SHOTS, { recursive: true });
    world = await startDemoWorld({ databasePath: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ui-browser-")), "intacct-sync.db") });
    runner = createInProcessRunner({ store: world.store, execute: createRunExecutor({ store: world.store, connector: world.connector }), schedule: { enabled: false }, pollMs: 500 });
    await runner.start();
    const deps: HttpDeps = {
      store: world.store,
      accounts: world.accounts,
      connector: world.connector,
      runner,
      clock: systemClock,
      logger: silentLogger,
      settings: { secureCookies: false, monthlyApiBudget: 500, firstAdminCreated: true },
      doctor: createAccountDoctor({ accounts: world.accounts, sender: { senderId: F.senderId, senderPassword: F.senderPassword, endpointUrl: world.intacctSandbox.endpointUrl, allowNonIntacctEndpoint: true } }),
    };
    await addUser(world.store, "admin", ADMIN_PASSWORD, "admin");
    const member = await addUser(world.store, "mia", MEMBER_PASSWORD, "member");
    await world.store.auth.grants.grant(member.id, "demo-west");
    const app = createHttpApp(deps, { ui: uiRoutes(deps) });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    profile = fs.mkdtempSync(path.join(os.tmpdir(), "ui-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    // Log what every EventSource receives, to check the live progress after the page reloaded.
    await context.addInitScript((key: string) => {
      const Original = window.EventSource;
      window.EventSource = class extends Original {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init);
          for (const type of ["progress", "idle"]) {
            this.addEventListener(type, (e: MessageEvent<string>) => {
              const log = JSON.parse(sessionStorage.getItem(key) ?? "[]") as unknown[];
              log.push({ type, data: JSON.parse(e.data) as unknown });
              sessionStorage.setItem(key, JSON.stringify(log));
            });
          }
        }
      };
    }, SSE_LOG_KEY);
    page = context.pages()[0] ?? (await context.newPage());
    // Fail an action with its own message before the test's timeout does.
    page.setDefaultTimeout(30_000);
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => consoleErrors.push(`${page.url()}: uncaught ${e.message}`));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (profile !== undefined) fs.rmSync(profile, { recursive: true, force: true });
    await runner?.stop();
    if (server !== undefined) {
      // Live-progress streams may still be open: end them, then the server.
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await world?.close();
  }, 60_000);

  describe("web UI in a browser", () => {
    it("signs in: the first-run hint, a wrong password refused, then the accounts with their last sync", async () => {
      await page.goto(`${base}/`);
      expect(new URL(page.url()).pathname).toBe("/login");
      await expect.poll(() => page.getByRole("heading", { name: "First sign-in" }).isVisible()).toBe(true);
      await shot("01-sign-in");
      await page.getByLabel("User name").fill("admin");
      await page.getByLabel("Password").fill("not-the-password");
      await page.getByRole("button", { name: "Sign in" }).click();
      expect(await page.getByRole("alert").textContent()).toBe("The user name or password is incorrect.");
      await page.getByLabel("Password").fill(ADMIN_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Accounts", level: 1 }).waitFor();
      const rows = page.getByRole("table").getByRole("row");
      expect(await rows.count()).toBe(3);
      expect(await page.getByRole("row", { name: /demo-east|East/i }).getByText("never synced").isVisible()).toBe(true);
      await shot("02-accounts");
    }, STEP_TIMEOUT_MS);

    it("enters Sage Intacct Login Info: Test connection shows the result, Save keeps the password hidden, the doctor names the fix of a misconfigured user", async () => {
      await page.goto(`${base}/accounts/demo-west/login-info`);
      await page.getByRole("heading", { name: /Sage Intacct Login Info/ }).waitFor();
      expect(await page.getByLabel("Company ID").inputValue()).toBe(F.companyId);
      expect(await page.getByLabel("Password").inputValue()).toBe("");
      expect(await page.getByLabel("Password").getAttribute("placeholder")).toBe("•••••••• (saved)");

      // The guide's misconfigured user: Admin privileges Limited instead of Full.
      await page.getByLabel("User ID").fill("XML_LIMITED_ADMIN");
      await page.getByLabel("Password").fill("wrong-password");
      await page.getByRole("button", { name: "Test connection" }).click();
      await page.getByRole("heading", { name: "Test connection" }).waitFor();
      expect(await page.getByRole("alert").textContent()).toMatch(/^Connection failed/);
      await page.getByLabel("Password").fill(F.misconfiguredPassword);
      await page.getByRole("button", { name: "Test connection" }).click();
      // The page before the click shows a Test connection result too: wait for the new one.
      await page.locator("section p[role=status]").filter({ hasText: /^Connection succeeded/ }).waitFor();
      await shot("03-login-info-test-connection");
      await page.getByLabel("Password").fill(F.misconfiguredPassword);
      await page.getByRole("button", { name: "Save" }).click();
      await noticeSays("Login Info saved.");
      expect(await page.getByLabel("User ID").inputValue()).toBe("XML_LIMITED_ADMIN");
      expect(await page.content()).not.toContain(F.misconfiguredPassword);
      await shot("04-login-info-saved");

      await page.getByRole("navigation", { name: /Account/ }).getByRole("link", { name: "Doctor" }).click();
      await page.getByRole("button", { name: "Run doctor" }).click();
      const admin = page.locator('li[data-check="user.admin"]');
      await admin.waitFor({ timeout: 60_000 });
      expect(await admin.getAttribute("data-status")).toBe("fail");
      expect(await admin.locator(".fix").textContent()).toMatch(/Admin privileges.*Full/);
      expect(await page.locator("#doctor-summary").textContent()).toMatch(/check(s)? failed/);
      await shot("05-doctor-misconfigured-user");

      // Back to the guide's sync user: Test connection, Save, and the doctor passes.
      await page.getByRole("navigation", { name: /Account/ }).getByRole("link", { name: "Sage Intacct Login Info" }).click();
      await page.getByLabel("User ID").fill(F.userId);
      await page.getByLabel("Password").fill(F.password);
      await page.getByRole("button", { name: "Save" }).click();
      await noticeSays("Login Info saved.");
      await page.getByRole("navigation", { name: /Account/ }).getByRole("link", { name: "Doctor" }).click();
      await page.getByRole("button", { name: "Run doctor" }).click();
      // The page before the click shows the last report (failed): wait for the new one.
      await page.locator("#doctor-summary").filter({ hasText: /^All required checks passed/ }).waitFor({ timeout: 60_000 });
      expect(await page.locator('li[data-status="fail"]').count()).toBe(0);
      await shot("06-doctor-ok");
    }, STEP_TIMEOUT_MS);

    it("saves preferences", async () => {
      await page.goto(`${base}/accounts/demo-east/preferences`);
      await page.getByRole("heading", { name: /Preferences/ }).waitFor();
      expect(await page.getByLabel("Money Out Clearing account").inputValue()).toBe("EAST-CLEARING");
      await page.getByRole("group", { name: "Transactions dated in a closed period" }).getByLabel("Reject: report an error to fix").check();
      await page.getByLabel("Automatic sync").selectOption("daily");
      await shot("07-preferences");
      await page.getByRole("button", { name: "Save preferences" }).click();
      await noticeSays("Preferences saved.");
    }, STEP_TIMEOUT_MS);

    it("Sync Now shows live progress (server-sent events) until the run succeeded, then the run history", async () => {
      await page.goto(`${base}/accounts/demo-east`);
      await page.evaluate((key) => sessionStorage.removeItem(key), SSE_LOG_KEY);
      await page.getByRole("button", { name: "Sync Now" }).click();
      await page.locator("progress#run-progress").waitFor({ state: "attached" }).catch(() => undefined);
      await shot("08-sync-now-progress");
      await runEnded();
      await shot("09-status-after-sync");
      expect(await page.locator("main > p[role=alert]").allTextContents(), (await page.locator("#last-sync").textContent()) ?? "").toEqual([]);
      expect(await notice().textContent()).toBe("Sync succeeded.");
      // What the page's EventSource received, in order: progress views ending in the run's success.
      const received = await sseLog();
      const progress = received.filter((e) => e.type === "progress").map((e) => e.data);
      expect(progress.length).toBeGreaterThan(2);
      expect(progress.some((v) => v["phase"] === "reading" || v["phase"] === "applying")).toBe(true);
      expect(progress.at(-1)).toMatchObject({ status: "succeeded", percent: 100 });
      expect(await page.locator("#last-sync").textContent()).toMatch(/succeeded.*created/);
      expect(await page.getByRole("table").last().getByRole("row").count()).toBeGreaterThan(1);
    }, STEP_TIMEOUT_MS);

    it("fixes a real per-record error: a bill dated in EAST's closed period, then Don't sync this change", async () => {
      const east = world.demoAccounts.find((a) => a.id === "demo-east");
      if (east === undefined) throw new Error("no demo-east");
      const vendor = (await world.store.links.list("demo-east", "vendor"))[0];
      const gl = (await world.store.links.list("demo-east", "glAccount")).find((l) => l.intacctId?.startsWith("6") === true);
      if (vendor === undefined || gl === undefined) throw new Error("the first sync linked no vendor or expense account");
      const closed = (await createIntacctSide({ client: world.intacct.forEntity("EAST"), entityId: "EAST" }).companyFacts()).booksClosed["EAST"] ?? "";
      const date = `${closed.slice(0, 8)}15`;
      await east.bill.bills.create({ vendorId: vendor.platformId, dueDate: date, invoice: { invoiceNumber: "UI-CLOSED-1", invoiceDate: date }, billLineItems: [{ amount: 42, classifications: { chartOfAccountId: gl.platformId } }] });

      await page.goto(`${base}/accounts/demo-east`);
      await page.getByRole("button", { name: "Sync Now" }).click();
      await runEnded();
      const errors = page.getByRole("region", { name: /^Errors to fix/ });
      const row = errors.getByRole("row").filter({ hasText: "SYNC_CLOSED_PERIOD" });
      await row.waitFor();
      const open = await errorsToFix();
      expect(open).toBeGreaterThan(0);
      await shot("10-status-with-error");
      await row.getByRole("button", { name: "Don't sync this change" }).click();
      // The fix's own sentence (the page before the click showed how the sync ended).
      await page.locator("main > p[role=status], main > p[role=alert]").filter({ hasNotText: /^Sync (succeeded|failed)\.$/ }).waitFor();
      expect(await page.getByRole("alert").allTextContents()).toEqual([]);
      expect(await notice().textContent()).toBe("This change will not be synced; later changes of the record will.");
      expect(await errors.getByRole("row").filter({ hasText: "SYNC_CLOSED_PERIOD" }).count()).toBe(0);
      expect(await errorsToFix()).toBe(open - 1);
      await shot("11-status-error-fixed");
    }, STEP_TIMEOUT_MS);

    it("shows API usage per Intacct company per month against the budget", async () => {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API usage" }).click();
      await page.getByRole("heading", { name: "API usage", level: 1 }).waitFor();
      const row = page.getByRole("row").filter({ hasText: F.companyId });
      expect(await row.locator("progress").count()).toBe(1);
      expect(await row.textContent()).toMatch(/\d[\d,]* of 500 calls \(\d+(\.\d)?%\)/);
      await shot("12-usage");
    }, STEP_TIMEOUT_MS);

    it("a member sees only the accounts granted to them; another account's pages answer 404", async () => {
      await page.getByRole("button", { name: "Sign out" }).click();
      await noticeSays("You are signed out.");
      await page.getByLabel("User name").fill("mia");
      await page.getByLabel("Password").fill(MEMBER_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Accounts", level: 1 }).waitFor();
      expect(await page.getByRole("table").getByRole("row").count()).toBe(2);
      expect(await page.getByRole("link", { name: /West/ }).count()).toBe(1);
      await shot("13-member-accounts");

      const before = consoleErrors.length;
      for (const p of ["/accounts/demo-east", "/accounts/demo-east/login-info", "/accounts/demo-east/doctor", "/accounts/demo-east/preferences"]) {
        const res = await page.goto(`${base}${p}`);
        expect(res?.status(), p).toBe(404);
        expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Page not found");
      }
      await shot("14-member-other-account-404");
      // Chromium reports every 404 document as a failed resource load; nothing else may be logged.
      expect(consoleErrors.splice(before).filter((e) => !/Failed to load resource: the server responded with a status of 404/.test(e))).toEqual([]);
      expect((await page.goto(`${base}/accounts/demo-west`))?.status()).toBe(200);
    }, STEP_TIMEOUT_MS);

    it("no page logged a console error", () => {
      expect(consoleErrors).toEqual([]);
    });
  });
}
