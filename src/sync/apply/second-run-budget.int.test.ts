/**
 * MUST-SHOW (issue 6): after a full sync of the demo, a second run with no changes writes nothing
 * and makes at most one query per object type on each side. Every request of the second run is
 * recorded at the wire (the connector's fetch): Intacct functions by name and object, BILL calls by
 * method and path (a list's further pages marked). Before `pull-memory.ts` the second run read the
 * lines of every bill, credit, payment and invoice in the overlap window again (`read` by key) and
 * queried LOCATION and LOCATIONENTITY twice (pull + company facts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { FetchLike as BillFetch } from "../../bill/index.js";
import { type DemoWorld, startDemoWorld } from "../../cli/commands/demo.js";
import { createAccountConnector } from "../../connections/account-connector.js";
import type { AccountConnector } from "../../connections/connector-port.js";
import type { FetchLike as IntacctFetch } from "../../intacct/index.js";
import { DEMO_FACTS } from "../../sandbox/intacct/demo-seed.js";
import { OBJECT_SPECS, SYNC_ORDER, type SyncObject } from "../model/objects.js";
import { runSync, type SyncSummary } from "./run-sync.js";

/** Every object of the table, attachments included. */
const OBJECTS: readonly SyncObject[] = SYNC_ORDER;

let world: DemoWorld;
let connector: AccountConnector;
let recording = false;
const intacctCalls: string[] = [];
const billCalls: string[] = [];

/** `query VENDOR`, `readByQuery APBILL`, `get_closedbooksdate` … for each function of a request body. */
function functionsOf(body: string): string[] {
  const out: string[] = [];
  for (const m of body.matchAll(/<function\b[^>]*>\s*<([A-Za-z_]+)\b([^>]*)>([\s\S]*?)<\/function>/g)) {
    const name = m[1] ?? "";
    const object = /<object>([^<]*)<\/object>/.exec(m[3] ?? "")?.[1] ?? /\bobject="([^"]*)"/.exec(m[2] ?? "")?.[1];
    out.push(object === undefined ? name : `${name} ${object.toUpperCase()}`);
  }
  return out;
}

const countingIntacctFetch: IntacctFetch = async (input, init) => {
  if (recording) intacctCalls.push(...functionsOf(init.body));
  return globalThis.fetch(input, init);
};
const countingBillFetch: BillFetch = async (input, init) => {
  if (recording) {
    const url = new URL(input);
    billCalls.push(`${init.method ?? "GET"} ${url.pathname}${url.searchParams.has("page") ? " (next page)" : ""}`);
  }
  return globalThis.fetch(input, init);
};

function tally(calls: readonly string[]): Record<string, number> {
  const t: Record<string, number> = {};
  for (const c of calls) t[c] = (t[c] ?? 0) + 1;
  return t;
}

async function syncOnce(accountId: string): Promise<SyncSummary> {
  const account = await world.store.accounts.get(accountId);
  if (account === undefined) throw new Error("no account");
  const clients = await connector.open(accountId);
  try {
    return await runSync({ account, store: world.store, intacct: clients.intacct, bill: clients.bill, objects: OBJECTS });
  } finally {
    await clients.close();
  }
}

beforeAll(async () => {
  world = await startDemoWorld({ databasePath: ":memory:" });
  connector = createAccountConnector({
    accounts: world.accounts,
    intacct: { senderId: DEMO_FACTS.senderId, senderPassword: DEMO_FACTS.senderPassword, endpointUrl: world.intacctSandbox.endpointUrl, fetch: countingIntacctFetch },
    bill: { baseUrl: world.billSandbox.url, fetch: countingBillFetch },
  });
});
afterAll(async () => {
  await connector.close();
  await world.close();
});

describe("second run with no changes", () => {
  it.each(["demo-east", "demo-west"])("%s: writes nothing and makes at most one query per object type on each side", async (accountId) => {
    const first = await syncOnce(accountId);
    expect(first.errors).toEqual([]);
    expect(first.writes).toBeGreaterThan(100);

    intacctCalls.length = 0;
    billCalls.length = 0;
    recording = true;
    const second = await syncOnce(accountId);
    recording = false;
    expect(second.errors).toEqual([]);
    expect(second.writes).toBe(0);
    expect(second.stats.intacct.writes + second.stats.platform.writes).toBe(0);

    // Intacct: no write function; reads per Intacct object at most the number of sync objects stored in it.
    const intacct = tally(intacctCalls.filter((c) => !c.startsWith("getAPISession")));
    const writes = Object.keys(intacct).filter((c) => /^(create|update|delete)/.test(c));
    expect(writes).toEqual([]);
    const perIntacctObject = new Map<string, number>();
    for (const o of OBJECTS) perIntacctObject.set(OBJECT_SPECS[o].intacctObject, (perIntacctObject.get(OBJECT_SPECS[o].intacctObject) ?? 0) + 1);
    const overIntacct = Object.entries(intacct).filter(([call, n]) => {
      const object = call.split(" ")[1];
      return n > (object === undefined ? 1 : (perIntacctObject.get(object) ?? 1));
    });
    expect(overIntacct, JSON.stringify(intacct)).toEqual([]);
    expect(Object.keys(intacct).filter((c) => c.startsWith("read ")), JSON.stringify(intacct)).toEqual([]);

    // BILL: one list (query) per endpoint, no write. A list walks its pages (100 rows each): the
    // records the first run wrote are newer than its pull's watermark, so they are listed once more.
    const bill = tally(billCalls.filter((c) => !c.endsWith("/v3/login") && !c.endsWith("/v3/logout")));
    expect(Object.keys(bill).filter((c) => !c.startsWith("GET ")), JSON.stringify(bill)).toEqual([]);
    const lists = Object.entries(bill).filter(([c]) => !c.endsWith("(next page)"));
    expect(lists.filter(([, n]) => n > 1), JSON.stringify(bill)).toEqual([]);
    expect(lists.length).toBeLessThanOrEqual(OBJECTS.length);
    // Intacct: one request per object (no line read of an unchanged document), plus the deletion feed.
    expect(second.stats.intacct.calls, JSON.stringify(intacct)).toBeLessThanOrEqual(OBJECTS.length + 1);
  }, 90_000);
});
