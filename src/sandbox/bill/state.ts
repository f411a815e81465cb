/**
 * Runtime state around the records: logins and sessions (idle expiry on the sandbox clock),
 * the hourly request and login budgets, the per-organization concurrency limit, fault knobs and
 * counters. Everything that must survive a restart is in SQLite; in-flight counts, faults and
 * counters live in memory.
 */
import { randomBytes } from "node:crypto";

import { type SandboxClock } from "./clock.js";
import type { BillSandboxStore, SessionRow } from "./db.js";
import { BillErrors } from "./errors.js";
import { BILL_SANDBOX_DEFAULT_BEHAVIOUR, type BillSandboxBehaviour, type BillSandboxLimits } from "./limits.js";
import type { ObjectContext } from "./objects/common.js";

/** What a fault does to the requests it matches. */
export type FaultKind =
  /** Delay the request by `latencyMs` (inside the concurrency window). */
  | "latency"
  /** Answer `status` (default 503) with `BDC_1001` without executing. */
  | "error_before"
  /** Execute and commit, then answer `status` (default 500) with `BDC_1001`. */
  | "error_after"
  /** Drop the connection without executing. */
  | "drop_before"
  /** Execute and commit, then drop the connection. */
  | "drop_after";

/** A fault rule (admin API `POST /admin/faults`). */
export interface Fault {
  readonly id: number;
  readonly kind: FaultKind;
  /** HTTP method to match. @default any */
  readonly method?: string;
  /** Regular expression over the path below `/connect` (e.g. `^/v3/bills$`). @default any */
  readonly path?: string;
  /** Organization to match. @default any */
  readonly organizationId?: string;
  /** HTTP status for `error_*`. */
  readonly status?: number;
  /** Milliseconds for `latency`. */
  readonly latencyMs?: number;
  /** How many more matches fire; undefined = unlimited. */
  remaining?: number;
}

/** Counters exposed by `GET /admin/counters`. */
export interface SandboxCounters {
  requests: number;
  logins: number;
  /** Error answers by code (`BDC_…`, or `validation` for code-null errors). */
  errors: Record<string, number>;
  /** Highest number of simultaneous requests seen per organization. */
  maxConcurrent: Record<string, number>;
  /** Requests per `METHOD /v3/path-pattern`. */
  calls: Record<string, number>;
  faultsFired: number;
}

/** Sandbox-wide state. */
export class BillSandboxState {
  readonly store: BillSandboxStore;
  readonly clock: SandboxClock;
  readonly limits: BillSandboxLimits;
  /** UNCONFIRMED behaviours, switchable at run time (`POST /admin/behaviour`). */
  readonly behaviour: BillSandboxBehaviour = { ...BILL_SANDBOX_DEFAULT_BEHAVIOUR };
  readonly faults: Fault[] = [];
  #nextFaultId = 1;
  counters: SandboxCounters = BillSandboxState.#emptyCounters();
  readonly #inFlight = new Map<string, number>();
  readonly #hourly = new Map<string, { hour: number; requests: number; logins: number }>();

  constructor(store: BillSandboxStore, clock: SandboxClock, limits: BillSandboxLimits) {
    this.store = store;
    this.clock = clock;
    this.limits = limits;
  }

  static #emptyCounters(): SandboxCounters {
    return { requests: 0, logins: 0, errors: {}, maxConcurrent: {}, calls: {}, faultsFired: 0 };
  }

  /** Resets counters (admin). */
  resetCounters(): void {
    this.counters = BillSandboxState.#emptyCounters();
  }

  /** Forgets the hourly request and login budgets used so far (admin reset). */
  resetBudgets(): void {
    this.#hourly.clear();
  }

  /** Context for record operations of `orgId` at the current sandbox time. */
  ctx(orgId: string): ObjectContext {
    const nowMs = this.clock.now();
    return { store: this.store, orgId, nowMs, now: this.clock.iso() };
  }

  #window(devKey: string): { hour: number; requests: number; logins: number } {
    const hour = Math.floor(this.clock.now() / 3_600_000);
    let w = this.#hourly.get(devKey);
    if (w === undefined || w.hour !== hour) {
      w = { hour, requests: 0, logins: 0 };
      this.#hourly.set(devKey, w);
    }
    return w;
  }

  /** `POST /v3/login`. Checks dev key, login budget, organization, user and password. */
  login(body: Record<string, unknown>): { sessionId: string; organizationId: string; userId: string; trusted: boolean } {
    const s = (k: string) => (typeof body[k] === "string" ? (body[k]) : "");
    const devKey = s("devKey");
    if (devKey === "" || this.store.devKeyName(devKey) === undefined) throw BillErrors.badDevKey();
    const w = this.#window(devKey);
    if (w.logins >= this.limits.loginsPerHour) throw BillErrors.hourlyLimit(this.limits.loginsPerHour);
    w.logins++;
    const orgId = s("organizationId");
    const user = this.store.user(orgId, s("username"));
    if (this.store.org(orgId) === undefined || user === undefined || user.password !== s("password") || s("password") === "") throw BillErrors.badCredentials();
    const rememberMeId = s("rememberMeId");
    const trusted = user.kind === "user" && (user.mfa_trusted === 1 || (user.mfa_id !== null && rememberMeId === user.mfa_id));
    const sessionId = randomBytes(18).toString("base64url");
    this.store.putSession({ session_id: sessionId, org_id: orgId, user_id: user.id, dev_key: devKey, kind: user.kind, trusted: trusted ? 1 : 0, last_seen: this.clock.now() });
    this.counters.logins++;
    return { sessionId, organizationId: orgId, userId: user.id, trusted };
  }

  /**
   * Resolves the `devKey`/`sessionId` headers to a live session, or `BDC_1102`/`BDC_1109`.
   * A session idle past its limit is deleted and answered `BDC_1109`; each call resets the timer.
   */
  authenticate(devKey: string | undefined, sessionId: string | undefined): SessionRow {
    if (devKey === undefined || devKey === "" || this.store.devKeyName(devKey) === undefined) throw BillErrors.badDevKey();
    if (sessionId === undefined || sessionId === "") throw BillErrors.sessionInvalid();
    const session = this.store.session(sessionId);
    // A session is bound to the dev key used at login.
    if (session === undefined || session.dev_key !== devKey) throw BillErrors.sessionInvalid();
    const idle = session.kind === "syncToken" ? this.limits.syncTokenSessionIdleMs : this.limits.sessionIdleMs;
    const now = this.clock.now();
    if (now - session.last_seen > idle) {
      this.store.deleteSession(sessionId);
      throw BillErrors.sessionInvalid();
    }
    this.store.touchSession(sessionId, now);
    return session;
  }

  /** Counts one request against the dev key's hourly budget (`BDC_1144` past it). */
  chargeRequest(devKey: string): void {
    const w = this.#window(devKey);
    if (w.requests >= this.limits.requestsPerHour) throw BillErrors.hourlyLimit(this.limits.requestsPerHour);
    w.requests++;
  }

  /** Takes a concurrency slot of `devKey|orgId`, or `BDC_1322`. Returns the release. */
  enter(devKey: string, orgId: string): () => void {
    const key = `${devKey}|${orgId}`;
    const n = this.#inFlight.get(key) ?? 0;
    if (n >= this.limits.concurrentRequestsPerOrg) throw BillErrors.concurrencyLimit();
    this.#inFlight.set(key, n + 1);
    if (n + 1 > (this.counters.maxConcurrent[orgId] ?? 0)) this.counters.maxConcurrent[orgId] = n + 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#inFlight.get(key) ?? 1) - 1;
      if (left <= 0) this.#inFlight.delete(key);
      else this.#inFlight.set(key, left);
    };
  }

  /** Adds a fault rule. */
  addFault(spec: Omit<Fault, "id">): Fault {
    const fault: Fault = { ...spec, id: this.#nextFaultId++ };
    this.faults.push(fault);
    return fault;
  }

  /** Removes every fault rule. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Faults matching a request; consumes one firing of each limited rule. */
  takeFaults(method: string, path: string, orgId: string | undefined): Fault[] {
    const hits: Fault[] = [];
    for (const f of this.faults) {
      if (f.remaining !== undefined && f.remaining <= 0) continue;
      if (f.method !== undefined && f.method.toUpperCase() !== method) continue;
      if (f.organizationId !== undefined && f.organizationId !== orgId) continue;
      if (f.path !== undefined && !new RegExp(f.path).test(path)) continue;
      if (f.remaining !== undefined) f.remaining--;
      hits.push(f);
    }
    this.counters.faultsFired += hits.length;
    return hits;
  }

  /** Counts an error answer. */
  countError(code: string | null): void {
    const key = code ?? "validation";
    this.counters.errors[key] = (this.counters.errors[key] ?? 0) + 1;
  }
}
