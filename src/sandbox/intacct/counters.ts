/**
 * Per-company load counters (issue 3 §8): requests, functions, requests refused with 429, and
 * the current and highest number of concurrent requests. Benchmarks and tests read them through
 * `sandbox.counters` or `GET /admin/counters`.
 */

/** Counters of one company (key = canonical company ID, or the ID as sent when unknown). */
export interface CompanyCounters {
  requests: number;
  functions: number;
  rejected429: number;
  concurrent: number;
  maxConcurrent: number;
}

/** A snapshot, JSON-friendly. */
export interface CountersSnapshot {
  /** Every POST to the gateway, including ones refused before a company was known. */
  readonly totalRequests: number;
  readonly companies: Readonly<Record<string, Readonly<CompanyCounters>>>;
}

/** The counters. */
export class SandboxCounters {
  #total = 0;
  readonly #companies = new Map<string, CompanyCounters>();

  /** Counts one gateway request. */
  countRequest(): void {
    this.#total += 1;
  }

  /** The counters of a company (created on first use). */
  company(companyId: string): CompanyCounters {
    const key = companyId.toUpperCase();
    let c = this.#companies.get(key);
    if (!c) this.#companies.set(key, (c = { requests: 0, functions: 0, rejected429: 0, concurrent: 0, maxConcurrent: 0 }));
    return c;
  }

  /** Counters of one company, or undefined when it saw no request. */
  get(companyId: string): Readonly<CompanyCounters> | undefined {
    const c = this.#companies.get(companyId.toUpperCase());
    return c && { ...c };
  }

  snapshot(): CountersSnapshot {
    const companies: Record<string, CompanyCounters> = {};
    for (const [k, v] of this.#companies) companies[k] = { ...v };
    return { totalRequests: this.#total, companies };
  }

  /** Zeroes everything except the current concurrency (requests in flight keep their slots). */
  reset(): void {
    this.#total = 0;
    for (const c of this.#companies.values()) {
      c.requests = 0;
      c.functions = 0;
      c.rejected429 = 0;
      c.maxConcurrent = c.concurrent;
    }
  }
}
