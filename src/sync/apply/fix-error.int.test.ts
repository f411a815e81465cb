/**
 * Fix actions against both sandboxes, each from a real per-record error a sync produced: three
 * vendors whose name matches two Intacct vendors each (SYNC_AMBIGUOUS_MATCH), and a bill dated in
 * EAST's closed period (policy reject).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type DemoWorld, startDemoWorld } from "../../cli/commands/demo.js";
import type { AccountClients } from "../../connections/connector-port.js";
import { create, deleteRecords, update } from "../../intacct/index.js";
import type { RecordErrorRecord } from "../../store/port.js";
import { createIntacctSide } from "../adapters/intacct-side.js";
import { applyFixAction } from "./fix-error.js";
import { runSync, type SyncSummary } from "./run-sync.js";
import { SYNC_ORDER } from "../model/objects.js";

const ACCOUNT = "demo-east";
/** Attachments are another engineer's work in progress: these tests sync everything else. */
const OBJECTS = SYNC_ORDER.filter((o) => o !== "attachment");

let world: DemoWorld;
let clients: AccountClients;
/** Platform vendor id and the two Intacct RECORDNOs sharing its name, per conflict. */
const twins: Record<"alpha" | "beta" | "gamma", { platformId: string; keys: [string, string] }> = { alpha: { platformId: "", keys: ["", ""] }, beta: { platformId: "", keys: ["", ""] }, gamma: { platformId: "", keys: ["", ""] } };
let closedBillId = "";

async function sync(): Promise<SyncSummary> {
  const account = await world.store.accounts.get(ACCOUNT);
  if (account === undefined) throw new Error("no account");
  return runSync({ account, store: world.store, intacct: clients.intacct, bill: clients.bill, objects: OBJECTS });
}

async function openErrorOf(recordId: string): Promise<RecordErrorRecord> {
  const e = (await world.store.recordErrors.list(ACCOUNT, { status: "open" })).find((x) => x.recordId === recordId);
  if (e === undefined) throw new Error(`no open error for ${recordId}`);
  return e;
}

beforeAll(async () => {
  world = await startDemoWorld({ databasePath: ":memory:" });
  clients = await world.connector.open(ACCOUNT);
  expect((await sync()).errors).toEqual([]);
  const east = world.intacct.forEntity("EAST");
  for (const [name, t] of Object.entries(twins)) {
    const label = `Twin ${name[0]?.toUpperCase() ?? ""}${name.slice(1)} Supplies`;
    t.platformId = (await clients.bill.vendors.create({ name: label, accountType: "BUSINESS", email: `${name}@twins.example` })).id;
    for (const [n, suffix] of (["1", "2"] as const).entries()) {
      const r = await east.execute(create("VENDOR", { VENDORID: `TW-${name.toUpperCase()}-${suffix}`, NAME: label }, { controlId: `test-twin-${name}-${suffix}` }));
      const recordNo = r.records[0]?.["RECORDNO"] ?? r.key;
      t.keys[n] = typeof recordNo === "string" ? recordNo : "";
    }
  }
  // A platform bill dated in EAST's closed period, under policy reject.
  const account = await world.store.accounts.get(ACCOUNT);
  if (account === undefined) throw new Error("no account");
  await world.store.accounts.update(ACCOUNT, { preferences: { ...account.preferences, closedPeriodPolicy: "reject" } });
  const vendor = (await world.store.links.list(ACCOUNT, "vendor"))[0];
  const gl = (await world.store.links.list(ACCOUNT, "glAccount")).find((l) => l.intacctId?.startsWith("6") === true);
  if (vendor === undefined || gl === undefined) throw new Error("no vendor or expense account link");
  const closed = (await createIntacctSide({ client: east, entityId: "EAST" }).companyFacts()).booksClosed["EAST"] ?? "";
  const date = `${closed.slice(0, 8)}15`;
  closedBillId = (await clients.bill.bills.create({ vendorId: vendor.platformId, dueDate: date, invoice: { invoiceNumber: "CLOSED-FIX", invoiceDate: date }, billLineItems: [{ amount: 42, classifications: { chartOfAccountId: gl.platformId } }] })).id;

  const run = await sync();
  const codes = run.errors.map((e) => `${e.object}:${e.recordId}:${e.code}`).sort();
  const expected = [
    ...Object.values(twins).flatMap((t) => [`vendor:${t.platformId}:SYNC_AMBIGUOUS_MATCH`, ...t.keys.map((k) => `vendor:intacct:${k}:SYNC_AMBIGUOUS_MATCH`)]),
    `bill:${closedBillId}:SYNC_CLOSED_PERIOD`,
  ].sort();
  expect(codes).toEqual(expected);
}, 60_000);

afterAll(async () => {
  await clients.close();
  await world.close();
});

describe("applyFixAction", () => {
  it("answers typed errors: ERROR_NOT_FOUND, FIX_NOT_ALLOWED, FIX_NEEDS_CLIENTS", async () => {
    await expect(applyFixAction({ store: world.store, accountId: ACCOUNT, errorId: "err-nope", action: "retry" })).rejects.toMatchObject({ code: "ERROR_NOT_FOUND", side: "user" });
    const closed = await openErrorOf(closedBillId);
    expect(closed.fixActions).toEqual(["retry", "skip-change"]);
    // Another account's error is not found through this one.
    await expect(applyFixAction({ store: world.store, accountId: "demo-west", errorId: closed.id, action: "retry" })).rejects.toMatchObject({ code: "ERROR_NOT_FOUND" });
    await expect(applyFixAction({ store: world.store, accountId: ACCOUNT, errorId: closed.id, action: "fixed-in-intacct", clients })).rejects.toMatchObject({
      code: "FIX_NOT_ALLOWED",
      message: `"fixed-in-intacct" is not a fix for error ${closed.id} (SYNC_CLOSED_PERIOD); its fixes are: retry, skip-change.`,
    });
    await expect(applyFixAction({ store: world.store, accountId: ACCOUNT, errorId: closed.id, action: "skip-change" })).rejects.toMatchObject({ code: "FIX_NEEDS_CLIENTS" });
    expect((await world.store.recordErrors.get(closed.id))?.status).toBe("open");
  });

  it("skip-change on an unlinked platform bill: a suppression keeps this version out, the error is ignored, ERROR_NOT_OPEN after", async () => {
    const closed = await openErrorOf(closedBillId);
    const r = await applyFixAction({ store: world.store, accountId: ACCOUNT, errorId: closed.id, action: "skip-change", clients });
    expect(r.change.kind).toBe("suppress");
    expect(r.error).toMatchObject({ id: closed.id, status: "ignored", resolution: "skip-change: this version is not synced" });
    const suppressions = await world.store.state.list(ACCOUNT, "sync-suppressions");
    expect(suppressions.map((s) => s.key)).toContain(`bill|platform|${closedBillId}`);
    await expect(applyFixAction({ store: world.store, accountId: ACCOUNT, errorId: closed.id, action: "skip-change", clients })).rejects.toMatchObject({ code: "ERROR_NOT_OPEN", message: `Error ${closed.id} is already ignored (skip-change: this version is not synced).` });
    // A later edit of the bill syncs again (and meets the closed period again).
    await clients.bill.bills.update(closedBillId, { description: "edited after skip" });
    const run = await sync();
    expect(run.errors.filter((e) => e.recordId === closedBillId).map((e) => e.code)).toEqual(["SYNC_CLOSED_PERIOD"]);
  }, 30_000);

  it("skip-change on one Intacct twin: it is suppressed, so the next run matches the platform vendor to the other by name", async () => {
    const { platformId, keys } = twins.beta;
    const e = await openErrorOf(`intacct:${keys[1]}`);
    const r = await applyFixAction({ store: world.store, accountId: ACCOUNT, errorId: e.id, action: "skip-change", clients });
    expect(r.change).toMatchObject({ kind: "suppress", suppression: { object: "vendor", side: "intacct", key: keys[1] } });
    expect(r.error.status).toBe("ignored");
    await sync();
    const link = await world.store.links.get(ACCOUNT, "vendor", platformId);
    expect(link?.intacctKey).toBe(keys[0]);
  }, 30_000);

  it("fixed-in-intacct after deleting one twin in Intacct: links the platform vendor to the remaining one by name and closes both records' errors", async () => {
    const { platformId, keys } = twins.alpha;
    await world.intacct.forEntity("EAST").execute(deleteRecords("VENDOR", [keys[1]], { controlId: `test-delete-twin-${keys[1]}` }));
    const e = await openErrorOf(platformId);
    const r = await applyFixAction({ store: world.store, accountId: ACCOUNT, errorId: e.id, action: "fixed-in-intacct", clients });
    expect(r.change).toMatchObject({ kind: "upsert-link", link: { object: "vendor", platformId, intacctKey: keys[0], intacctId: "TW-ALPHA-1", entityId: "EAST" } });
    expect(r.error).toMatchObject({ id: e.id, status: "resolved", resolution: "fixed-in-intacct: linked to Intacct TW-ALPHA-1" });
    expect((await world.store.links.get(ACCOUNT, "vendor", platformId))?.intacctKey).toBe(keys[0]);
    const open = await world.store.recordErrors.list(ACCOUNT, { status: "open" });
    expect(open.some((x) => x.recordId === platformId || x.recordId === `intacct:${keys[0]}`)).toBe(false);
    // The next run writes nothing for it: both sides count as synced.
    const run = await sync();
    expect(run.errors.some((x) => x.recordId === platformId)).toBe(false);
    expect((await world.store.links.get(ACCOUNT, "vendor", platformId))?.intacctKey).toBe(keys[0]);
  }, 30_000);

  it("fixed-in-intacct with two candidates left names them (FIX_RECORD_NOT_FOUND); an explicit RECORDNO links", async () => {
    const { platformId, keys } = twins.gamma;
    const e = await openErrorOf(platformId);
    await expect(applyFixAction({ store: world.store, accountId: ACCOUNT, errorId: e.id, action: "fixed-in-intacct", clients })).rejects.toMatchObject({ code: "FIX_RECORD_NOT_FOUND", message: expect.stringContaining(`RECORDNO ${keys.join(", ")}`) as unknown });
    expect((await world.store.recordErrors.get(e.id))?.status).toBe("open");
  });

  it("retry: the error stays open; after the cause is fixed in Intacct the next run links the record and closes it", async () => {
    const { platformId, keys } = twins.gamma;
    const e = await openErrorOf(platformId);
    const r = await applyFixAction({ store: world.store, accountId: ACCOUNT, errorId: e.id, action: "retry" });
    expect(r).toEqual({ error: e, change: { kind: "none" } });
    await world.intacct.forEntity("EAST").execute(update("VENDOR", { RECORDNO: keys[1], NAME: "Twin Gamma Supplies (second)" }, { controlId: `test-rename-twin-${keys[1]}` }));
    await sync();
    expect((await world.store.links.get(ACCOUNT, "vendor", platformId))?.intacctKey).toBe(keys[0]);
    expect((await world.store.recordErrors.get(e.id))?.status).toBe("resolved");
  }, 30_000);
});
