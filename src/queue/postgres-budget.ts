/**
 * The per-company Intacct concurrency budget across processes, over PostgreSQL advisory locks
 * (PRODUCT.md "Scale-out": several accounts share a company, and Intacct limits concurrent
 * requests per company — 2 by default per third parties, `reference/intacct-xml-api.md` §7,
 * UNCONFIRMED, hence `perCompany` and `overrides`).
 *
 * A slot is the session-level lock `pg_try_advisory_lock(key(company), n)` for n in
 * 0…limit−1, held on a pooled connection for the request's duration. Why advisory locks and not a
 * slots table with leases: a killed worker's connection closes, and PostgreSQL frees its locks at
 * once — no lease to expire, no heartbeat, no clock. Requests of one process first queue in an
 * {@link InProcessBudget} with the same limit (FIFO, abortable), so at most `limit` of them poll
 * the database per company; those wait for a slot by polling with jittered backoff.
 */
import pg from "pg";

import { type ConcurrencyBudget, InProcessBudget, type ReleaseSlot } from "../intacct/budget.js";
import { QueueError } from "./queue-error.js";
import { delay, systemTimers, type Timers } from "./timers.js";

/** Options of {@link PostgresBudget}. */
export interface PostgresBudgetOptions {
  /** `postgres://…` connection string (the budget opens its own small pool). */
  readonly url: string;
  /** Concurrent Intacct requests per company, across every process. @default 2 */
  readonly perCompany?: number;
  /** Limits per company ID (upper-cased keys). @default {} */
  readonly overrides?: Readonly<Record<string, number>>;
  /**
   * Namespace of the lock keys: deployments (or tests) sharing one database but not one budget
   * use different namespaces. @default "intacct-sync"
   */
  readonly namespace?: string;
  /** First wait when every slot is taken, ms; doubles up to `maxPollMs`, with jitter. @default 20 */
  readonly pollMs?: number;
  /** @default 250 */
  readonly maxPollMs?: number;
  /** Pool size: slots this process may hold at once, across companies. @default 10 */
  readonly maxConnections?: number;
  /** @default systemTimers */
  readonly timers?: Timers;
}

/** 32-bit FNV-1a of a text, as a signed int (the first key of a two-key advisory lock). */
export function lockKey(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, "utf8")) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/**
 * A {@link ConcurrencyBudget} shared by every process on one PostgreSQL database.
 *
 * @example
 * const budget = new PostgresBudget({ url: process.env.DATABASE_URL, perCompany: 2 });
 * const client = createIntacctClient({ credentials, budget });
 */
export class PostgresBudget implements ConcurrencyBudget {
  readonly #pool: pg.Pool;
  readonly #local: InProcessBudget;
  readonly #perCompany: number;
  readonly #overrides: Readonly<Record<string, number>>;
  readonly #namespace: string;
  readonly #timers: Timers;
  readonly #pollMs: number;
  readonly #maxPollMs: number;
  readonly #held = new Set<pg.PoolClient>();
  #closed = false;

  constructor(options: PostgresBudgetOptions) {
    this.#perCompany = options.perCompany ?? 2;
    if (!(this.#perCompany >= 1)) throw new RangeError("perCompany must be at least 1");
    this.#overrides = options.overrides ?? {};
    this.#namespace = options.namespace ?? "intacct-sync";
    this.#timers = options.timers ?? systemTimers;
    this.#pollMs = options.pollMs ?? 20;
    this.#maxPollMs = options.maxPollMs ?? 250;
    this.#local = new InProcessBudget({ perCompany: this.#perCompany, overrides: this.#overrides });
    this.#pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10 });
    // An idle connection's error (server restart) must not crash the process; the next acquire reports it.
    this.#pool.on("error", () => undefined);
  }

  async acquire(companyId: string, signal?: AbortSignal): Promise<ReleaseSlot> {
    if (this.#closed) throw new QueueError("BUDGET_CLOSED", "The concurrency budget is closed.");
    const company = companyId.toUpperCase();
    const releaseLocal = await this.#local.acquire(company, signal);
    try {
      return await this.#acquireShared(company, releaseLocal, signal);
    } catch (e) {
      releaseLocal();
      throw e;
    }
  }

  async #acquireShared(company: string, releaseLocal: ReleaseSlot, signal: AbortSignal | undefined): Promise<ReleaseSlot> {
    const limit = this.#overrides[company] ?? this.#perCompany;
    const key = lockKey(`${this.#namespace}:${company}`);
    let wait = this.#pollMs;
    for (;;) {
      if (this.#closed) throw new QueueError("BUDGET_CLOSED", "The concurrency budget is closed.");
      if (signal?.aborted === true) throw abortReason(signal);
      const client = await this.#pool.connect();
      let slot: number | undefined;
      try {
        for (let n = 0; n < limit && slot === undefined; n++) {
          const r = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1::int, $2::int) AS ok", [key, n]);
          if (r.rows[0]?.ok === true) slot = n;
        }
      } catch (e) {
        client.release(true);
        throw e;
      }
      if (slot !== undefined) {
        this.#held.add(client);
        return this.#releaser(client, key, slot, releaseLocal);
      }
      client.release();
      await delay(this.#timers, wait * (0.5 + Math.random() / 2));
      wait = Math.min(this.#maxPollMs, wait * 2);
    }
  }

  #releaser(client: pg.PoolClient, key: number, slot: number, releaseLocal: ReleaseSlot): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (!this.#held.delete(client)) {
        // close() dropped the connection already, and its lock with it.
        releaseLocal();
        return;
      }
      client
        .query("SELECT pg_advisory_unlock($1::int, $2::int)", [key, slot])
        .then(
          () => client.release(),
          // A connection that cannot unlock is dropped: closing it frees the lock.
          (e: unknown) => client.release(e instanceof Error ? e : true),
        )
        .finally(releaseLocal);
    };
  }

  /** Slots this process holds (for tests and metrics). */
  get held(): number {
    return this.#held.size;
  }

  /**
   * Rejects waiting requests and closes the pool. Slots still held are freed by dropping their
   * connections, as when a worker is killed.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#local.close();
    for (const client of this.#held) client.release(true);
    this.#held.clear();
    await this.#pool.end();
  }
}

function abortReason(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  return r instanceof Error ? r : new Error("aborted");
}
