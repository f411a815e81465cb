/**
 * `intacct-sync errors list|fix` in-process against the demo sandboxes, from a real per-record
 * error (a bill dated in EAST's closed period, policy reject).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO_FACTS } from "../../sandbox/intacct/demo-seed.js";
import { createIntacctSide } from "../../sync/adapters/intacct-side.js";
import { runSync } from "../../sync/apply/run-sync.js";
import { runCommand } from "./cli-test-support.js";
import { type DemoWorld, startDemoWorld } from "./demo.js";
import { errorsCommand } from "./errors.js";
import { SYNC_ORDER } from "../../sync/model/objects.js";

/** Attachments are another engineer's work in progress: these tests sync everything else. */
const OBJECTS = SYNC_ORDER.filter((o) => o !== "attachment");

let world: DemoWorld;
let env: Record<string, string>;
let dir: string;
let billId: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "errors-cli-"));
  const key = crypto.randomBytes(32);
  const databasePath = path.join(dir, "state.db");
  world = await startDemoWorld({ databasePath, secretKey: key });
  env = {
    DATABASE_URL: databasePath, INTACCT_SYNC_SECRET_KEY: key.toString("base64"), INTACCT_SENDER_ID: DEMO_FACTS.senderId, INTACCT_SENDER_PASSWORD: DEMO_FACTS.senderPassword,
    INTACCT_ENDPOINT_URL: world.intacctSandbox.endpointUrl, BILL_BASE_URL: world.billSandbox.url,
  };
  const a = world.demoAccounts[0];
  if (a === undefined) throw new Error("no demo account");
  const sync = async (): Promise<void> => {
    const account = await world.store.accounts.get(a.id);
    if (account === undefined) throw new Error("no account");
    await runSync({ account, store: world.store, intacct: a.clients.intacct, bill: a.clients.bill, objects: OBJECTS });
  };
  await sync();
  const account = await world.store.accounts.get(a.id);
  await world.store.accounts.update(a.id, { preferences: { ...(account?.preferences ?? {}), closedPeriodPolicy: "reject" } });
  const vendor = (await world.store.links.list(a.id, "vendor"))[0];
  const gl = (await world.store.links.list(a.id, "glAccount")).find((l) => l.intacctId?.startsWith("6") === true);
  if (vendor === undefined || gl === undefined) throw new Error("no vendor or expense account link");
  const closed = (await createIntacctSide({ client: world.intacct.forEntity("EAST"), entityId: "EAST" }).companyFacts()).booksClosed["EAST"] ?? "";
  const date = `${closed.slice(0, 8)}15`;
  billId = (await a.bill.bills.create({ vendorId: vendor.platformId, dueDate: date, invoice: { invoiceNumber: "CLOSED-CLI", invoiceDate: date }, billLineItems: [{ amount: 42, classifications: { chartOfAccountId: gl.platformId } }] })).id;
  await sync();
}, 60_000);

afterAll(async () => {
  await world.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const cli = (argv: string[]) => runCommand(errorsCommand, ["errors", ...argv], { env, cwd: dir });

describe("intacct-sync errors", () => {
  it("lists, refuses a fix the error does not offer, skips the change through the connector, then lists it as ignored", async () => {
    const list = await cli(["list", "--account", "demo-east", "--json"]);
    expect(list.code, list.stderr).toBe(0);
    const errors = JSON.parse(list.stdout) as Array<{ id: string; recordId: string; code: string; status: string; fixActions: string[] }>;
    const e = errors.find((x) => x.recordId === billId);
    expect(e).toMatchObject({ code: "SYNC_CLOSED_PERIOD", status: "open", fixActions: ["retry", "skip-change"] });
    if (e === undefined) return;
    const table = await cli(["list", "--account", "demo-east"]);
    expect(table.stdout.split("\n")[0]).toMatch(/^ID\s+OBJECT\s+RECORD\s+CODE\s+STATUS\s+FIXES\s+MESSAGE$/);
    expect(table.stdout).toContain(billId);

    const refused = await cli(["fix", e.id, "--action", "fixed-in-intacct"]);
    expect(refused).toEqual({ code: 2, stdout: "", stderr: `intacct-sync: "fixed-in-intacct" is not a fix for error ${e.id} (SYNC_CLOSED_PERIOD); its fixes are: retry, skip-change.\n` });
    const retry = await cli(["fix", e.id, "--action", "retry"]);
    expect(retry.stdout).toBe(`Error ${e.id} stays open: the next sync reads bill ${billId} again and closes the error when it syncs.\n`);

    const skip = await cli(["fix", e.id, "--action", "skip-change", "--json"]);
    expect(skip.code, skip.stderr).toBe(0);
    expect(JSON.parse(skip.stdout)).toMatchObject({ id: e.id, status: "ignored", change: "suppress" });
    const ignored = JSON.parse((await cli(["list", "--account", "demo-east", "--status", "ignored", "--json"])).stdout) as Array<{ id: string }>;
    expect(ignored.map((x) => x.id)).toContain(e.id);
    expect((JSON.parse((await cli(["list", "--account", "demo-east", "--json"])).stdout) as Array<{ id: string }>).map((x) => x.id)).not.toContain(e.id);
    const again = await cli(["fix", e.id, "--action", "skip-change"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("is already ignored");
  }, 30_000);

  it("usage errors exit 2: unknown error, unknown action, unknown status, unknown account", async () => {
    expect(await cli(["fix", "err-nope", "--action", "retry"])).toEqual({ code: 2, stdout: "", stderr: 'intacct-sync: No error "err-nope". List them with: intacct-sync errors list --account ID\n' });
    expect(await cli(["fix", "err-nope", "--action", "ignore"])).toEqual({ code: 2, stdout: "", stderr: "intacct-sync: --action must be one of retry, skip-change, fixed-in-intacct.\n" });
    expect((await cli(["list", "--account", "demo-east", "--status", "closed"])).code).toBe(2);
    expect((await cli(["list", "--account", "nope"])).stderr).toContain('No account with id "nope"');
  });
});
