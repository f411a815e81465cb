/**
 * Test helpers for the service: an in-memory SQLite store with real accounts, and stand-ins for
 * the runner and the connector (scripted, no network). Used by the API tests and available to
 * the UI tests.
 */
import { randomBytes, randomUUID } from "node:crypto";

import type { AccountClients, AccountConnector, ConnectionTest } from "../connections/connector-port.js";
import { AccountService } from "../connections/accounts.js";
import { createCredentialCipher } from "../connections/credential-cipher.js";
import type { LoginInfo } from "../connections/login-info.js";
import { ManualClock } from "../domain/clock.js";
import { NotImplementedError } from "../domain/errors.js";
import { MemoryLogger } from "../domain/logger.js";
import type { RunEvent, RunEventListener, RunRequest, RunTicket, SyncRunner } from "../queue/port.js";
import type { UserRole } from "../store/auth-repositories.js";
import type { Store } from "../store/port.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import { hashPassword } from "./auth/passwords.js";
import type { AccountDoctor, AuthUser, HttpDeps, HttpSettings } from "./context.js";

/** A runner that records requests in the store (status `queued`) and lets tests emit events. */
export class FakeRunner implements SyncRunner {
  readonly requests: RunRequest[] = [];
  readonly #store: Store;
  readonly #active = new Map<string, string>();
  readonly #listeners = new Map<string, Set<RunEventListener>>();

  constructor(store: Store) {
    this.#store = store;
  }

  async requestRun(request: RunRequest): Promise<RunTicket> {
    this.requests.push(request);
    const active = this.#active.get(request.accountId);
    if (active !== undefined) return { runId: active, created: false };
    const runId = randomUUID();
    await this.#store.runs.start({ id: runId, accountId: request.accountId, kind: request.kind ?? "sync", status: "queued" });
    this.#active.set(request.accountId, runId);
    this.emit({ type: "run-queued", runId, accountId: request.accountId, reason: request.reason });
    return { runId, created: true };
  }

  activeRun(accountId: string): Promise<string | undefined> {
    return Promise.resolve(this.#active.get(accountId));
  }

  subscribe(accountId: string, listener: RunEventListener): () => void {
    const set = this.#listeners.get(accountId) ?? new Set();
    set.add(listener);
    this.#listeners.set(accountId, set);
    return () => set.delete(listener);
  }

  /** Number of live subscriptions of an account. */
  subscribers(accountId: string): number {
    return this.#listeners.get(accountId)?.size ?? 0;
  }

  /** Sends an event to the account's subscribers (`accountId` from the event, or given). */
  emit(event: RunEvent, accountId?: string): void {
    const target = accountId ?? ("accountId" in event ? event.accountId : undefined);
    if (target === undefined) throw new Error("emit: pass the accountId for this event type");
    for (const l of this.#listeners.get(target) ?? []) l(event);
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }
}

/** A connector whose `testLoginInfo` accepts exactly one password. */
export class FakeConnector implements AccountConnector {
  readonly tested: LoginInfo[] = [];
  constructor(readonly goodPassword = "right-password") {}

  open(_accountId: string): Promise<AccountClients> {
    return Promise.reject(new NotImplementedError("FakeConnector.open"));
  }

  testLoginInfo(loginInfo: LoginInfo): Promise<ConnectionTest> {
    this.tested.push(loginInfo);
    return Promise.resolve(
      loginInfo.password === this.goodPassword ? { ok: true, message: `Signed in to ${loginInfo.companyId} as ${loginInfo.userId}.` } : { ok: false, code: "XL03000006", message: "Sign-in failed: check the Company ID, User ID and password." },
    );
  }

  testPlatformLogin(accountId: string): Promise<ConnectionTest> {
    return Promise.resolve({ ok: false, code: "NOT_IMPLEMENTED", message: `FakeConnector does not sign in to BILL (account ${accountId}).` });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** What {@link makeTestDeps} returns. */
export interface TestDeps {
  readonly deps: HttpDeps;
  readonly store: Store;
  readonly runner: FakeRunner;
  readonly connector: FakeConnector;
  readonly logger: MemoryLogger;
  readonly clock: ManualClock;
  close(): Promise<void>;
}

/** Service dependencies over a fresh in-memory SQLite store. */
export async function makeTestDeps(options: { readonly settings?: Partial<HttpSettings>; readonly doctor?: AccountDoctor; readonly store?: Store } = {}): Promise<TestDeps> {
  const clock = new ManualClock(Date.parse("2026-03-01T09:00:00.000Z"));
  const store = options.store ?? (await openSqliteStore({ path: ":memory:", clock }));
  const accounts = new AccountService({ store, cipher: createCredentialCipher(randomBytes(32)) });
  const runner = new FakeRunner(store);
  const connector = new FakeConnector();
  const logger = new MemoryLogger();
  const deps: HttpDeps = {
    store,
    accounts,
    connector,
    runner,
    clock,
    logger,
    settings: { secureCookies: true, monthlyApiBudget: 100_000, ...options.settings },
    ...(options.doctor === undefined ? {} : { doctor: options.doctor }),
  };
  return { deps, store, runner, connector, logger, clock, close: () => store.close() };
}

/** A cheap scrypt cost for test users (sign-in verifies with the cost stored in the hash). */
export const TEST_SCRYPT_COST = { logN: 10, r: 8, p: 1 } as const;

/** Creates a user directly in the store (with {@link TEST_SCRYPT_COST}, to keep tests fast). */
export async function addTestUser(store: Store, username: string, password: string, role: UserRole = "member"): Promise<AuthUser> {
  const id = randomUUID();
  await store.auth.users.create({ id, username, passwordHash: await hashPassword(password, TEST_SCRYPT_COST), role });
  return { id, username, role };
}
