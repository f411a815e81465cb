/**
 * The sign-in part of the store contract (users, grants, API tokens, web sessions), registered by
 * `runStoreContract` so it runs on every adapter.
 */
import { expect, it } from "vitest";

import type { ManualClock } from "../domain/clock.js";
import type { NewAccount, Store } from "./port.js";
import { StoreError } from "./store-error.js";

function account(id: string): NewAccount {
  return { id, name: `Account ${id}`, platformOrgId: `org-${id}`, companyId: "DEMO-CO", userId: "XML_Bill.com", passwordEncrypted: "v1:x", entityId: "", preferences: {} };
}

/** Registers the sign-in contract tests; `ctx` returns the current test's store and clock. */
export function runAuthStoreContract(ctx: () => { readonly store: Store; readonly clock: ManualClock }): void {
  it("creates users with unique usernames and counts them", async () => {
    const { store } = ctx();
    expect(await store.auth.users.count()).toBe(0);
    const u = await store.auth.users.create({ id: "u1", username: "admin", passwordHash: "scrypt$h", role: "admin" });
    expect(u.createdAt).toBe("2026-03-01T09:00:00.000Z");
    await store.auth.users.create({ id: "u2", username: "ann", passwordHash: "scrypt$a", role: "member" });
    expect(await store.auth.users.count()).toBe(2);
    expect(await store.auth.users.getByUsername("admin")).toEqual(u);
    expect((await store.auth.users.list()).map((x) => x.username)).toEqual(["admin", "ann"]);
    const err = await store.auth.users.create({ id: "u3", username: "ann", passwordHash: "x", role: "member" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe("CONFLICT");
    expect((err as StoreError).message).toBe('A user named "ann" already exists.');
    expect(await store.auth.users.update("u2", { role: "admin", passwordHash: "scrypt$b" })).toMatchObject({ role: "admin", passwordHash: "scrypt$b" });
    await expect(store.auth.users.update("nope", { role: "admin" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("grants and revokes accounts per user; removing an account or a user drops its grants", async () => {
    const { store } = ctx();
    await store.accounts.create(account("a1"));
    await store.accounts.create(account("a2"));
    await store.auth.users.create({ id: "u1", username: "ann", passwordHash: "h", role: "member" });
    expect(await store.auth.grants.grant("u1", "a2")).toBe(true);
    expect(await store.auth.grants.grant("u1", "a2")).toBe(false);
    expect(await store.auth.grants.grant("u1", "a1")).toBe(true);
    expect(await store.auth.grants.listAccounts("u1")).toEqual(["a1", "a2"]);
    expect(await store.auth.grants.listUsers("a1")).toEqual(["u1"]);
    expect(await store.auth.grants.has("u1", "a1")).toBe(true);
    await expect(store.auth.grants.grant("u1", "missing")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(store.auth.grants.grant("ghost", "a1")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await store.auth.grants.revoke("u1", "a1")).toBe(true);
    expect(await store.auth.grants.revoke("u1", "a1")).toBe(false);
    await store.accounts.remove("a2");
    expect(await store.auth.grants.listAccounts("u1")).toEqual([]);
    await store.auth.grants.grant("u1", "a1");
    expect(await store.auth.users.remove("u1")).toBe(true);
    expect(await store.auth.grants.listUsers("a1")).toEqual([]);
  });

  it("keeps API tokens by hash, stamps last use and revocation", async () => {
    const { store, clock } = ctx();
    await store.auth.users.create({ id: "u1", username: "ann", passwordHash: "h", role: "member" });
    const t = await store.auth.apiTokens.create({ id: "t1", userId: "u1", name: "ci", tokenHash: "a".repeat(64), prefix: "isk_abcd" });
    expect(t).toEqual({ id: "t1", userId: "u1", name: "ci", tokenHash: "a".repeat(64), prefix: "isk_abcd", createdAt: "2026-03-01T09:00:00.000Z" });
    clock.advance(1000);
    await store.auth.apiTokens.create({ id: "t2", userId: "u1", name: "cron", tokenHash: "b".repeat(64), prefix: "isk_efgh" });
    expect((await store.auth.apiTokens.list("u1")).map((x) => x.id)).toEqual(["t2", "t1"]);
    await store.auth.apiTokens.touch("t1");
    expect((await store.auth.apiTokens.getByHash("a".repeat(64)))?.lastUsedAt).toBe("2026-03-01T09:00:01.000Z");
    expect(await store.auth.apiTokens.revoke("t1")).toBe(true);
    expect(await store.auth.apiTokens.revoke("t1")).toBe(false);
    expect((await store.auth.apiTokens.get("t1"))?.revokedAt).toBe("2026-03-01T09:00:01.000Z");
    expect(await store.auth.apiTokens.getByHash("c".repeat(64))).toBeUndefined();
    await store.auth.users.remove("u1");
    expect(await store.auth.apiTokens.get("t2")).toBeUndefined();
  });

  it("keeps web sessions until removed or expired", async () => {
    const { store } = ctx();
    await store.auth.users.create({ id: "u1", username: "ann", passwordHash: "h", role: "member" });
    await store.auth.webSessions.create({ idHash: "s1", userId: "u1", csrfSecret: "c1", expiresAt: "2026-03-01T10:00:00.000Z" });
    await store.auth.webSessions.create({ idHash: "s2", userId: "u1", csrfSecret: "c2", expiresAt: "2026-03-02T10:00:00.000Z" });
    expect(await store.auth.webSessions.get("s1")).toEqual({ idHash: "s1", userId: "u1", csrfSecret: "c1", createdAt: "2026-03-01T09:00:00.000Z", expiresAt: "2026-03-01T10:00:00.000Z" });
    expect(await store.auth.webSessions.removeExpired("2026-03-01T12:00:00.000Z")).toBe(1);
    expect(await store.auth.webSessions.get("s1")).toBeUndefined();
    expect(await store.auth.webSessions.remove("s2")).toBe(true);
    expect(await store.auth.webSessions.remove("s2")).toBe(false);
    await store.auth.webSessions.create({ idHash: "s3", userId: "u1", csrfSecret: "c3", expiresAt: "2026-03-02T10:00:00.000Z" });
    expect(await store.auth.webSessions.removeForUser("u1")).toBe(1);
  });
}
