/**
 * Closed-period policies against both sandboxes, for a platform bill dated in EAST's closed period
 * (the demo closes EAST through the end of the previous month). `reject` and `hold` are also in
 * `run-sync.int.test.ts`; here: `move` end to end, and a held bill that syncs once the period
 * reopens.
 *
 * Which date Intacct checks: the GL posting date (`WHENPOSTED`, which defaults to the bill date
 * `WHENCREATED`). Evidence (all Medium/UNCONFIRMED, so the sandbox makes it configurable with
 * `closedPeriodDate`): WHENPOSTED is labelled "GL posting date" (intacct-objects-permissions.md
 * C7); the closed-period text was reported for an AR payment whose only date, RECEIPTDATE, is the
 * GL posting date (ibid. and intacct-xml-api.md A8); BILL's own fix for the error is "change
 * invoice/GL posting date" (bill-intacct-sync.md §6), which only helps when the posting date is
 * what is checked. So `move` keeps the bill date and moves only the posting date.
 */
import { afterEach, describe, expect, it } from "vitest";

import { type DemoWorld, startDemoWorld } from "../../cli/commands/demo.js";
import { read } from "../../intacct/index.js";
import type { SandboxObjectsModule } from "../../sandbox/intacct/objects/index.js";
import { createIntacctSide } from "../adapters/intacct-side.js";
import { runSync, type SyncSummary } from "./run-sync.js";
import { SYNC_ORDER } from "../model/objects.js";

/** Attachments are another engineer's work in progress: these tests sync everything else. */
const OBJECTS = SYNC_ORDER.filter((o) => o !== "attachment");

let world: DemoWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const ACCOUNT = "demo-east";

async function setup(policy: "move" | "hold"): Promise<{ w: DemoWorld; sync: () => Promise<SyncSummary>; billId: string; closed: string; date: string }> {
  const w = await startDemoWorld({ databasePath: ":memory:" });
  world = w;
  const a = w.demoAccounts.find((x) => x.id === ACCOUNT);
  if (a === undefined) throw new Error("no demo account");
  const sync = async (): Promise<SyncSummary> => {
    const account = await w.store.accounts.get(ACCOUNT);
    if (account === undefined) throw new Error("no account");
    return runSync({ account, store: w.store, intacct: a.clients.intacct, bill: a.clients.bill, objects: OBJECTS });
  };
  expect((await sync()).errors).toEqual([]);
  const account = await w.store.accounts.get(ACCOUNT);
  await w.store.accounts.update(ACCOUNT, { preferences: { ...(account?.preferences ?? {}), closedPeriodPolicy: policy } });
  const vendor = (await w.store.links.list(ACCOUNT, "vendor"))[0];
  const gl = (await w.store.links.list(ACCOUNT, "glAccount")).find((l) => l.intacctId?.startsWith("6") === true);
  if (vendor === undefined || gl === undefined) throw new Error("no vendor or expense account link");
  const closed = (await createIntacctSide({ client: w.intacct.forEntity("EAST"), entityId: "EAST" }).companyFacts()).booksClosed["EAST"] ?? "";
  expect(closed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  const date = `${closed.slice(0, 8)}15`;
  const billId = (await a.bill.bills.create({ vendorId: vendor.platformId, dueDate: date, invoice: { invoiceNumber: `CLOSED-${policy}`, invoiceDate: date }, billLineItems: [{ amount: 42, classifications: { chartOfAccountId: gl.platformId } }] })).id;
  return { w, sync, billId, closed, date };
}

function usDate(iso: string): string {
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
}

function nextDay(iso: string): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

describe("closed-period policies", () => {
  it("move: the bill goes to Intacct with its bill date kept and its GL posting date moved to the first open day; the next run writes nothing", async () => {
    const { w, sync, billId, closed, date } = await setup("move");
    const run = await sync();
    expect(run.errors).toEqual([]);
    expect(run.counts.byObject.bill?.intacct.create).toBe(1);
    const link = await w.store.links.get(ACCOUNT, "bill", billId);
    if (link === undefined) throw new Error("the moved bill is not linked");
    const r = await w.intacct.forEntity("EAST").execute(read("APBILL", [link.intacctKey], { fields: ["RECORDID", "WHENCREATED", "WHENPOSTED"] }));
    expect(r.records[0]).toEqual({ RECORDID: "CLOSED-move", WHENCREATED: usDate(date), WHENPOSTED: usDate(nextDay(closed)) });
    expect(await w.store.recordErrors.list(ACCOUNT, { status: "open" })).toEqual([]);
    const second = await sync();
    expect(second.writes).toBe(0);
    expect(second.errors).toEqual([]);
  }, 60_000);

  it("hold: the bill waits (open error with retry) and syncs with its own date once the period reopens", async () => {
    const { w, sync, billId, date } = await setup("hold");
    const held = await sync();
    expect(held.counts.byObject.bill?.none.hold).toBe(1);
    expect(await w.store.links.get(ACCOUNT, "bill", billId)).toBeUndefined();
    const error = (await w.store.recordErrors.list(ACCOUNT, { status: "open" })).find((e) => e.recordId === billId);
    expect(error).toMatchObject({ errorClass: "closed-period", code: "SYNC_HELD_CLOSED_PERIOD", fixActions: ["retry", "skip-change"] });
    // Still closed: held again, no duplicate error.
    await sync();
    expect((await w.store.recordErrors.list(ACCOUNT, { status: "open" })).filter((e) => e.recordId === billId)).toHaveLength(1);

    const objects = w.intacctSandbox.objects as SandboxObjectsModule;
    objects.setClosedThrough("ZEPHYR-DEMO", "EAST", null, w.intacctSandbox.clock.now());
    const released = await sync();
    expect(released.errors).toEqual([]);
    expect(released.counts.byObject.bill?.intacct.create).toBe(1);
    const link = await w.store.links.get(ACCOUNT, "bill", billId);
    if (link === undefined) throw new Error("the released bill is not linked");
    const r = await w.intacct.forEntity("EAST").execute(read("APBILL", [link.intacctKey], { fields: ["WHENCREATED", "WHENPOSTED"] }));
    expect(r.records[0]).toEqual({ WHENCREATED: usDate(date), WHENPOSTED: usDate(date) });
    expect((await w.store.recordErrors.get(error?.id ?? ""))?.status).toBe("resolved");
  }, 60_000);
});
