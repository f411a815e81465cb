/**
 * The pull memory on a SQLite store: stamps skip unchanged document rows (and move the cursor over
 * them), a change of preferences or scope forgets them, company facts are updated from pulled rows.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { createIntacctClient, type IntacctClient } from "../../intacct/index.js";
import { openStore } from "../../store/open-store.js";
import type { Store } from "../../store/port.js";
import type { CursorState } from "../plan.js";
import { loadPullMemory } from "./pull-memory.js";

let store: Store;
let client: IntacctClient;
beforeEach(async () => {
  store = await openStore({ kind: "sqlite", path: ":memory:" });
  await store.accounts.create({ id: "a", name: "a", platformOrgId: "org", companyId: "C", userId: "U", passwordEncrypted: "v1:x", entityId: "EAST", preferences: {} });
  // Never called: no operation of these tests wrote to Intacct.
  client = createIntacctClient({ credentials: { senderId: "s", senderPassword: "p", endpointUrl: "http://127.0.0.1:9/ia/xml/xmlgw.phtml", allowNonIntacctEndpoint: true, auth: { kind: "login", companyId: "C", userId: "U", userPassword: "p", entityId: "" } } });
});
afterEach(async () => {
  await client.close();
  await store.close();
});

const counters = () => ({ calls: 0, writes: 0, ms: 0 });
const bill = (key: string, modified: string) => ({ RECORDNO: key, WHENMODIFIED: modified });

describe("loadPullMemory", () => {
  it("skips document rows processed at the same WHENMODIFIED, moves the cursor over them, and forgets stamps when the context changes", async () => {
    const first = await loadPullMemory(store, "a", "ctx-1");
    expect(first.unchanged("bill")).toBeUndefined();
    first.seen("bill", bill("10", "03/01/2026 10:00:00"));
    first.seen("bill", bill("11", "03/01/2026 10:05:00"));
    first.seen("vendor", { RECORDNO: "5", WHENMODIFIED: "03/01/2026 10:00:00" });
    await first.save({ client, showPrivate: false, operations: [], status: {}, counters: counters() });

    const second = await loadPullMemory(store, "a", "ctx-1");
    expect(second.unchanged("vendor")).toBeUndefined();
    const unchanged = second.unchanged("bill");
    if (unchanged === undefined) throw new Error("no predicate");
    expect(unchanged(bill("10", "03/01/2026 10:00:00"))).toBe(true);
    expect(unchanged(bill("11", "03/01/2026 11:00:00"))).toBe(false);
    expect(unchanged(bill("12", "03/01/2026 10:00:00"))).toBe(false);
    // The credit pull reads the same APBILL rows: one stamp per Intacct record.
    expect(second.unchanged("vendorCredit")?.(bill("10", "03/01/2026 10:00:00"))).toBe(true);
    const previous: CursorState[] = [{ object: "bill", side: "intacct", stream: "changes", cursor: { side: "intacct", watermark: "02/28/2026 09:00:00" } }];
    expect(second.cursors([], previous)).toEqual([
      { object: "bill", side: "intacct", stream: "changes", cursor: { side: "intacct", watermark: "03/01/2026 10:00:00" } },
      { object: "vendorCredit", side: "intacct", stream: "changes", cursor: { side: "intacct", watermark: "03/01/2026 10:00:00" } },
    ]);

    const otherPrefs = await loadPullMemory(store, "a", "ctx-2");
    expect(otherPrefs.unchanged("bill")).toBeUndefined();
    await otherPrefs.save({ client, showPrivate: false, operations: [], status: {}, counters: counters() });
    expect((await store.state.list("a", "sync-intacct-stamps")).map((e) => e.key)).toEqual(["#context"]);
  });

  it("keeps company facts and updates them from pulled LOCATION and LOCATIONENTITY rows", async () => {
    const first = await loadPullMemory(store, "a", "ctx");
    const loaded = await first.companyFacts(["location", "booksClosed"], () => false, () => Promise.resolve({ locationEntities: { "E-NYC": "EAST", "W-SF": "WEST" }, booksClosed: { EAST: "2026-01-31" } }));
    expect(loaded.booksClosed).toEqual({ EAST: "2026-01-31" });
    await first.save({ client, showPrivate: false, operations: [], status: {}, counters: counters() });

    const second = await loadPullMemory(store, "a", "ctx");
    second.seen("location", { LOCATIONID: "E-BOS", ENTITY: "EAST--Zephyr East" });
    second.seen("booksClosed", { LOCATIONID: "EAST", CLOSEDTHROUGH: "" });
    second.seen("booksClosed", { LOCATIONID: "WEST", CLOSEDTHROUGH: "02/28/2026" });
    const merged = await second.companyFacts(["location", "booksClosed"], () => true, () => Promise.reject(new Error("must not read the company again")));
    expect(merged).toEqual({ locationEntities: { "E-NYC": "EAST", "W-SF": "WEST", "E-BOS": "EAST" }, booksClosed: { WEST: "2026-02-28" } });
    // Without an incremental pull of both objects the facts are read in full.
    const third = await loadPullMemory(store, "a", "ctx");
    expect(await third.companyFacts(["bill"], () => true, () => Promise.resolve({ locationEntities: {}, booksClosed: { "": "2026-03-31" } }))).toEqual({ locationEntities: {}, booksClosed: { "": "2026-03-31" } });
  });
});
