/**
 * Per-company concurrency budget. Intacct limits concurrent API requests per company (3P: 2 by
 * default, a third waits then gets HTTP 429 / GW-0010; `intacct-xml-api.md` §7), and several
 * accounts share a company, so every request of every client acquires a slot for its company.
 *
 * {@link ConcurrencyBudget} is the port: the in-process {@link InProcessBudget} serves one
 * process; a Postgres-backed implementation (advisory locks or a slots table) can serve several
 * worker processes later with the same interface.
 */

/** Releases a slot. Idempotent: calling it twice releases once. */
export type ReleaseSlot = () => void;

/** A per-company semaphore. */
export interface ConcurrencyBudget {
  /**
   * Waits for a free slot for `companyId` (case-insensitive) and returns its release function.
   * Rejects with the signal's reason when `signal` aborts first; the waiter then leaves the queue.
   */
  acquire(companyId: string, signal?: AbortSignal): Promise<ReleaseSlot>;
  /** Frees resources (rejects queued waiters). */
  close(): Promise<void>;
}

/** Options of {@link InProcessBudget}. */
export interface InProcessBudgetOptions {
  /** Slots per company. @default 2 */
  readonly perCompany?: number;
  /** Overrides per company ID (upper-cased keys). @default {} */
  readonly overrides?: Readonly<Record<string, number>>;
}

interface Waiter {
  readonly resolve: (release: ReleaseSlot) => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

interface CompanyState {
  inFlight: number;
  readonly queue: Waiter[];
}

/**
 * FIFO, abortable, in-process semaphore per company.
 *
 * @example
 * const budget = new InProcessBudget({ perCompany: 2 });
 * const release = await budget.acquire("ACME");
 * try { await send(); } finally { release(); }
 */
export class InProcessBudget implements ConcurrencyBudget {
  readonly #perCompany: number;
  readonly #overrides: Readonly<Record<string, number>>;
  readonly #companies = new Map<string, CompanyState>();
  #closed = false;

  constructor(options: InProcessBudgetOptions = {}) {
    this.#perCompany = options.perCompany ?? 2;
    this.#overrides = options.overrides ?? {};
    if (!(this.#perCompany >= 1)) throw new RangeError("perCompany must be at least 1");
  }

  /** Requests in flight for a company (for tests and metrics). */
  inFlight(companyId: string): number {
    return this.#companies.get(companyId.toUpperCase())?.inFlight ?? 0;
  }

  /** Requests waiting for a company. */
  waiting(companyId: string): number {
    return this.#companies.get(companyId.toUpperCase())?.queue.length ?? 0;
  }

  acquire(companyId: string, signal?: AbortSignal): Promise<ReleaseSlot> {
    if (this.#closed) return Promise.reject(new Error("ConcurrencyBudget is closed"));
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    const key = companyId.toUpperCase();
    let state = this.#companies.get(key);
    if (state === undefined) {
      state = { inFlight: 0, queue: [] };
      this.#companies.set(key, state);
    }
    const limit = this.#overrides[key] ?? this.#perCompany;
    if (state.inFlight < limit && state.queue.length === 0) {
      state.inFlight++;
      return Promise.resolve(this.#releaser(key, state));
    }
    const s = state;
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const i = s.queue.indexOf(waiter);
          if (i >= 0) s.queue.splice(i, 1);
          reject(abortReason(signal));
        },
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      s.queue.push(waiter);
    });
  }

  #releaser(key: string, state: CompanyState): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = state.queue.shift();
      if (next !== undefined) {
        next.signal?.removeEventListener("abort", next.onAbort);
        // The slot passes directly to the next waiter: inFlight stays the same.
        next.resolve(this.#releaser(key, state));
        return;
      }
      state.inFlight--;
      if (state.inFlight === 0) this.#companies.delete(key);
    };
  }

  close(): Promise<void> {
    this.#closed = true;
    for (const state of this.#companies.values()) {
      for (const w of state.queue.splice(0)) {
        w.signal?.removeEventListener("abort", w.onAbort);
        w.reject(new Error("ConcurrencyBudget is closed"));
      }
    }
    return Promise.resolve();
  }
}

function abortReason(signal: AbortSignal | undefined): Error {
  const r: unknown = signal?.reason;
  return r instanceof Error ? r : new Error("aborted");
}
