/** The `demo` command in-process: `demo --once --json` runs the doctor and a full sync for both demo accounts. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { runSync } from "../../sync/apply/run-sync.js";
import { runCommand } from "./cli-test-support.js";
import { demoCommand, startDemoService, startDemoWorld } from "./demo.js";

type Target = "intacct" | "platform";
type Tally = Record<"create" | "update" | "delete" | "link" | "skip" | "hold" | "error", number>;

/**
 * Every row of PRODUCT.md's object table, in the directions given there: the sides each object
 * must write at least one record to on the demo's first sync (`intacct` = out, `platform` = in).
 * Status in is the Intacct payment recorded on the platform (billPayment / receivedPayment →
 * platform) against a document linked on a first sync (bill / invoice `none.link`).
 */
const MOVES: Readonly<Record<string, readonly Target[]>> = {
  currency: ["platform"],
  bankAccount: ["platform"],
  booksClosed: ["platform"],
  glAccount: ["intacct", "platform"],
  department: ["intacct", "platform"],
  location: ["intacct", "platform"],
  class: ["intacct", "platform"],
  employee: ["intacct", "platform"],
  project: ["platform"],
  item: ["intacct", "platform"],
  customer: ["intacct", "platform"],
  vendor: ["intacct", "platform"],
  paymentTerm: ["intacct", "platform"],
  bill: ["intacct", "platform"],
  vendorCredit: ["intacct", "platform"],
  billPayment: ["intacct", "platform"],
  invoice: ["intacct"],
  receivedPayment: ["intacct", "platform"],
  attachment: ["intacct"],
};

const written = (t: Tally | undefined): number => (t === undefined ? 0 : t.create + t.update + t.delete);

describe("intacct-sync demo", () => {
  it("--once --json: doctor passes and a full sync runs for both accounts with no error", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "demo-cli-"));
    const r = await runCommand(demoCommand, ["demo", "--once", "--json", "--data", dir], { cwd: dir });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      ok: boolean; webUi: null; unexpectedErrors: string[];
      accounts: Array<{ id: string; entityId: string; doctor: { ok: boolean }; sync: { status: string; notImplemented: string[]; writes: number; errors: unknown[]; counts: { byObject: Record<string, Partial<Record<Target | "none", Tally>>> } } }>;
    };
    expect(out.ok).toBe(true);
    expect(out.unexpectedErrors).toEqual([]);
    expect(out.webUi).toBeNull();
    expect(out.accounts.map((a) => [a.id, a.entityId, a.doctor.ok])).toEqual([["demo-east", "EAST", true], ["demo-west", "WEST", true]]);
    for (const a of out.accounts) {
      expect(a.sync.writes).toBeGreaterThan(100);
      expect(a.sync.notImplemented).toEqual([]);
      expect(a.sync.status).not.toBe("failed");
      expect(a.sync.errors).toEqual([]);
      // Every (object, direction) of the object table moved at least one record.
      const by = a.sync.counts.byObject;
      const missing = Object.entries(MOVES).flatMap(([object, targets]) => targets.filter((t) => written(by[object]?.[t]) === 0).map((t) => `${object} → ${t}`));
      expect(missing, a.id).toEqual([]);
      expect(Object.keys(by).sort()).toEqual(Object.keys(MOVES).sort());
      // Status in: the bill and invoice entered in both systems are linked, not duplicated.
      expect(by["bill"]?.none?.link, a.id).toBeGreaterThan(0);
      expect(by["invoice"]?.none?.link, a.id).toBeGreaterThan(0);
    }
    expect(fs.existsSync(path.join(dir, "intacct-sync.db"))).toBe(true);
  }, 30_000);

  it("a second sync of each account right after the first writes nothing; the bill paid in Intacct shows as paid on the platform", async () => {
    const world = await startDemoWorld({ databasePath: ":memory:" });
    try {
      for (const a of world.demoAccounts) {
        const account = await world.store.accounts.get(a.id);
        if (account === undefined) throw new Error(`no account ${a.id}`);
        const sync = () => runSync({ account, store: world.store, intacct: a.clients.intacct, bill: a.clients.bill });
        const first = await sync();
        expect(first.errors).toEqual([]);
        expect(first.writes).toBeGreaterThan(100);
        const second = await sync();
        expect(second.errors).toEqual([]);
        expect(second.writes).toBe(0);
        expect(second.stats.intacct.writes + second.stats.platform.writes).toBe(0);
        // demo-seed.ts: bill 6 / invoice 4 of each organization were paid in Intacct.
        const letter = a.entityId === "EAST" ? "E" : "W";
        const paidBill = (await a.bill.bills.get(`00n${letter}DEMO000000000006`)) as unknown as { paymentStatus?: string };
        expect(paidBill.paymentStatus).toBe("PAID");
        const paidInvoice = (await a.bill.invoices.get(`00e${letter}DEMO000000000004`)) as unknown as { paymentStatus?: string };
        expect(paidInvoice.paymentStatus).toBe("PAID");
      }
    } finally {
      await world.close();
    }
  }, 90_000);

  it("leaves the web UI and API running on the demo data: the printed admin signs in, sees both accounts, and a Sync Now run finishes", async () => {
    const world = await startDemoWorld({ databasePath: ":memory:" });
    const service = await startDemoService(world, { host: "127.0.0.1", port: 0 });
    try {
      expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(service.admin.username).toBe("admin");
      expect((await fetch(`${service.url}/login`)).status).toBe(200);
      const signIn = await fetch(`${service.url}/api/v1/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: service.admin.password }) });
      expect(signIn.status).toBe(200);
      const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const { csrfToken } = (await signIn.json()) as { csrfToken: string };
      const accounts = ((await (await fetch(`${service.url}/api/v1/accounts`, { headers: { cookie } })).json()) as Array<{ account: { id: string; entityId: string } }>).map((s) => s.account);
      expect(accounts.map((a) => [a.id, a.entityId])).toEqual([["demo-east", "EAST"], ["demo-west", "WEST"]]);
      const run = await fetch(`${service.url}/api/v1/accounts/demo-east/runs`, { method: "POST", headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" }, body: "{}" });
      expect(run.status).toBeLessThan(300);
      const { runId } = (await run.json()) as { runId: string };
      let status = "queued";
      for (let i = 0; i < 240 && (status === "queued" || status === "running"); i++) {
        await new Promise((r) => setTimeout(r, 250));
        status = ((await (await fetch(`${service.url}/api/v1/accounts/demo-east/runs/${runId}`, { headers: { cookie } })).json()) as { status: string }).status;
      }
      expect(status).toBe("succeeded");
    } finally {
      await service.close();
      await world.close();
    }
  }, 90_000);
});
