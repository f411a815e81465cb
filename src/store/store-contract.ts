/**
 * The store contract, run against every adapter (Kysely's DIALECTS loop): each adapter gets the
 * same behaviour tests. Used by `store.int.test.ts`.
 */
import { afterEach, beforeEach, expect, it } from "vitest";

import { ManualClock } from "../domain/clock.js";
import { runAuthStoreContract } from "./auth-contract.js";
import { runQueueStoreContract } from "./queue-store-contract.js";
import { MIGRATIONS } from "./migrations.js";
import type { NewAccount, Store } from "./port.js";
import { StoreError } from "./store-error.js";

/** What a contract run needs from an adapter. */
export interface StoreContractOptions {
  /** Opens a fresh, migrated, empty store using `clock`. */
  make(clock: ManualClock): Promise<Store>;
  /** Opens `count` unmigrated handles on one fresh database, as separate processes would. */
  makeConcurrent?(clock: ManualClock, count: number): Promise<Store[]>;
}

const T0 = Date.parse("2026-03-01T09:00:00.000Z");

function account(id: string, overrides: Partial<NewAccount> = {}): NewAccount {
  return {
    id,
    name: `Account ${id}`,
    platformOrgId: `org-${id}`,
    companyId: "DEMO-CO",
    userId: "XML_Bill.com",
    passwordEncrypted: "v1:ciphertext",
    entityId: "",
    preferences: { twoWay: true },
    ...overrides,
  };
}

/** Registers the contract tests in the current `describe`. */
export function runStoreContract(options: StoreContractOptions): void {
  let store: Store;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock(T0);
    store = await options.make(clock);
  });
  afterEach(async () => {
    await store.close();
  });

  runAuthStoreContract(() => ({ store, clock }));
  runQueueStoreContract(() => ({ store, clock }));

  it("re-running migrations applies nothing", async () => {
    const results = await store.migrate();
    expect(results.every((r) => r.status === "already-applied")).toBe(true);
  });

  it("creates, reads, lists, updates and removes accounts", async () => {
    const a = await store.accounts.create(account("a1"));
    expect(a.createdAt).toBe("2026-03-01T09:00:00.000Z");
    await store.accounts.create(account("a2", { entityId: "US" }));
    expect(await store.accounts.get("a1")).toEqual(a);
    expect((await store.accounts.list()).map((x) => x.id)).toEqual(["a1", "a2"]);
    clock.advance(1000);
    const u = await store.accounts.update("a1", { entityId: "UK", preferences: { clearing: "BILLCLR-UK" } });
    expect(u).toMatchObject({ entityId: "UK", preferences: { clearing: "BILLCLR-UK" }, updatedAt: "2026-03-01T09:00:01.000Z", createdAt: a.createdAt });
    expect(await store.accounts.get("a1")).toEqual(u);
    expect(await store.accounts.remove("a1")).toBe(true);
    expect(await store.accounts.remove("a1")).toBe(false);
    expect(await store.accounts.get("a1")).toBeUndefined();
  });

  it("stores an account's BILL sign-in columns, absent until set", async () => {
    const a = await store.accounts.create(account("a1"));
    expect(a.platformUsername).toBeUndefined();
    expect((await store.accounts.get("a1"))?.platformSecretEncrypted).toBeUndefined();
    await store.accounts.update("a1", { platformUsername: "ap@acme.example", platformSecretEncrypted: "v1:secret" });
    expect(await store.accounts.get("a1")).toMatchObject({ platformUsername: "ap@acme.example", platformSecretEncrypted: "v1:secret", companyId: "DEMO-CO" });
    await store.accounts.update("a1", { name: "Renamed" });
    expect(await store.accounts.get("a1")).toMatchObject({ name: "Renamed", platformUsername: "ap@acme.example", platformSecretEncrypted: "v1:secret" });
    await store.accounts.create(account("a2", { platformUsername: "u2", platformSecretEncrypted: "v1:two" }));
    expect((await store.accounts.list()).map((x) => x.platformUsername ?? null)).toEqual(["ap@acme.example", "u2"]);
  });

  it("lets several accounts share one sync user and differ by Entity ID", async () => {
    await store.accounts.create(account("us", { entityId: "US" }));
    await store.accounts.create(account("uk", { entityId: "UK" }));
    expect((await store.accounts.list()).map((x) => x.entityId)).toEqual(["UK", "US"]);
  });

  it("refuses a second account for the same platform organization with CONFLICT", async () => {
    await store.accounts.create(account("a1"));
    const err = await store.accounts.create(account("a9", { platformOrgId: "org-a1" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe("CONFLICT");
    expect((err as StoreError).message).toBe('An account with id "a9" or platform organization "org-a1" already exists.');
  });

  it("answers NOT_FOUND when updating a missing account", async () => {
    await expect(store.accounts.update("nope", { name: "x" })).rejects.toMatchObject({ code: "NOT_FOUND", side: "user" });
  });

  it("records runs newest first and stamps finishedAt on a final status", async () => {
    await store.accounts.create(account("a1"));
    await store.runs.start({ id: "r1", accountId: "a1", kind: "sync" });
    clock.advance(60_000);
    await store.runs.start({ id: "r2", accountId: "a1", kind: "sync" });
    clock.advance(5_000);
    const done = await store.runs.update("r2", { status: "succeeded", stats: { created: 3 } });
    expect(done).toMatchObject({ status: "succeeded", finishedAt: "2026-03-01T09:01:05.000Z", stats: { created: 3 } });
    expect((await store.runs.list("a1")).map((r) => r.id)).toEqual(["r2", "r1"]);
    expect(await store.runs.get("r1")).toEqual({ id: "r1", accountId: "a1", kind: "sync", status: "running", startedAt: "2026-03-01T09:00:00.000Z", stats: {} });
    expect(await store.runs.list("a1", { limit: 1 })).toHaveLength(1);
  });

  it("upserts links and finds them from either side", async () => {
    await store.accounts.create(account("a1"));
    await store.links.upsert({ accountId: "a1", object: "VENDOR", platformId: "00901", intacctKey: "42", intacctId: "V100", data: {} });
    await store.links.upsert({ accountId: "a1", object: "VENDOR", platformId: "00901", intacctKey: "42", intacctId: "V100", version: "7", data: { n: 1 } });
    expect(await store.links.get("a1", "VENDOR", "00901")).toMatchObject({ intacctKey: "42", version: "7", data: { n: 1 } });
    expect((await store.links.getByIntacctKey("a1", "VENDOR", "42"))?.platformId).toBe("00901");
    expect(await store.links.list("a1", "VENDOR")).toHaveLength(1);
    await expect(store.links.upsert({ accountId: "a1", object: "VENDOR", platformId: "00902", intacctKey: "42", data: {} })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await store.links.remove("a1", "VENDOR", "00901")).toBe(true);
    expect(await store.links.get("a1", "VENDOR", "00901")).toBeUndefined();
  });

  it("sets and reads cursors per side and object", async () => {
    await store.accounts.create(account("a1"));
    await store.cursors.set("a1", "intacct", "VENDOR", "2026-03-01T00:00:00Z");
    await store.cursors.set("a1", "intacct", "VENDOR", "2026-03-02T00:00:00Z");
    await store.cursors.set("a1", "platform", "VENDOR", "p1");
    expect((await store.cursors.get("a1", "intacct", "VENDOR"))?.value).toBe("2026-03-02T00:00:00Z");
    expect((await store.cursors.list("a1")).map((c) => `${c.side}:${c.value}`)).toEqual(["intacct:2026-03-02T00:00:00Z", "platform:p1"]);
  });

  it("keeps per-record errors until resolved", async () => {
    await store.accounts.create(account("a1"));
    await store.recordErrors.add({ id: "e1", accountId: "a1", object: "APBILL", recordId: "B-1", errorClass: "closed-period", code: "BL01001973", message: "Periods are closed.", fixActions: ["retry", "skip-change"] });
    expect((await store.recordErrors.list("a1", { status: "open" })).map((e) => e.id)).toEqual(["e1"]);
    const r = await store.recordErrors.resolve("e1", "resolved", "fixed-in-intacct");
    expect(r).toMatchObject({ status: "resolved", resolution: "fixed-in-intacct", fixActions: ["retry", "skip-change"] });
    expect(await store.recordErrors.list("a1", { status: "open" })).toEqual([]);
    await expect(store.recordErrors.resolve("nope", "ignored", "x")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("stores generic JSON state per account and namespace", async () => {
    await store.accounts.create(account("a1"));
    await store.state.put("a1", "plan", "k2", { ops: [1, 2] });
    await store.state.put("a1", "plan", "k1", "first");
    await store.state.put("a1", "plan", "k1", "again");
    expect(await store.state.get("a1", "plan", "k1")).toBe("again");
    expect(await store.state.list("a1", "plan")).toEqual([
      { key: "k1", value: "again" },
      { key: "k2", value: { ops: [1, 2] } },
    ]);
    expect(await store.state.delete("a1", "plan", "k1")).toBe(true);
    expect(await store.state.get("a1", "plan", "k1")).toBeUndefined();
  });

  it("removing an account removes everything recorded for it", async () => {
    await store.accounts.create(account("a1"));
    await store.runs.start({ id: "r1", accountId: "a1", kind: "sync" });
    await store.links.upsert({ accountId: "a1", object: "VENDOR", platformId: "p", intacctKey: "1", data: {} });
    await store.cursors.set("a1", "intacct", "VENDOR", "c");
    await store.state.put("a1", "n", "k", 1);
    await store.accounts.remove("a1");
    expect(await store.runs.get("r1")).toBeUndefined();
    expect(await store.links.list("a1", "VENDOR")).toEqual([]);
    expect(await store.cursors.list("a1")).toEqual([]);
    expect(await store.state.list("a1", "n")).toEqual([]);
  });

  it("commits a transaction as a whole", async () => {
    await store.withTransaction(async (tx) => {
      await tx.accounts.create(account("a1"));
      await tx.cursors.set("a1", "intacct", "VENDOR", "c1");
    });
    expect((await store.cursors.get("a1", "intacct", "VENDOR"))?.value).toBe("c1");
  });

  it("rolls a transaction back entirely when its callback throws", async () => {
    await store.accounts.create(account("a1"));
    await expect(
      store.withTransaction(async (tx) => {
        await tx.links.upsert({ accountId: "a1", object: "VENDOR", platformId: "p", intacctKey: "1", data: {} });
        await tx.cursors.set("a1", "intacct", "VENDOR", "advanced");
        throw new Error("crash before commit");
      }),
    ).rejects.toThrow("crash before commit");
    expect(await store.links.list("a1", "VENDOR")).toEqual([]);
    expect(await store.cursors.get("a1", "intacct", "VENDOR")).toBeUndefined();
  });

  it("keeps concurrent transactions from interleaving", async () => {
    await store.accounts.create(account("a1"));
    await store.state.put("a1", "n", "counter", 0);
    await Promise.all(
      Array.from({ length: 10 }, () =>
        store.withTransaction(async (tx) => {
          const v = (await tx.state.get("a1", "n", "counter")) as number;
          await new Promise((r) => setTimeout(r, 1));
          await tx.state.put("a1", "n", "counter", v + 1);
        }),
      ),
    );
    expect(await store.state.get("a1", "n", "counter")).toBe(10);
  });

  if (options.makeConcurrent !== undefined) {
    const makeConcurrent = options.makeConcurrent.bind(options);
    it("migrates safely when several processes start at once", async () => {
      const handles = await makeConcurrent(clock, 4);
      try {
        const results = await Promise.all(handles.map((s) => s.migrate()));
        const applied = results.flat().filter((r) => r.status === "applied");
        expect(applied.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
        await handles[0]?.accounts.create(account("from-one"));
        expect((await handles[3]?.accounts.get("from-one"))?.id).toBe("from-one");
      } finally {
        await Promise.all(handles.map((s) => s.close()));
      }
    });
  }

  it("refuses use after close with CLOSED", async () => {
    const s = store;
    await s.close();
    await expect(s.accounts.list()).rejects.toMatchObject({ code: "CLOSED" });
    store = await options.make(clock);
  });
}
