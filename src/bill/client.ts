/**
 * The BILL v3 AP & AR client: build → send → decode → interpret, with session reuse, a
 * per-organization concurrency gate, a login budget and pure retry decisions. Only `send` does
 * I/O, through the injected `fetch` (the Octokit shape; STYLE.md "Pure core, thin I/O").
 */
import { type Clock, systemClock } from "../domain/clock.js";
import { coerceError } from "../domain/errors.js";
import { type Logger, type LogLevel, silentLogger } from "../domain/logger.js";
import { redactObject, SecretRegistry } from "../domain/redact.js";
import { type ConcurrencyGate, KeyedSemaphore } from "./concurrency.js";
import { BillError, classifyTransportFailure } from "./errors.js";
import { BillLimits } from "./limits.js";
import { iteratePages, iterateRecords } from "./paging.js";
import type { ListOptions, Page } from "./query.js";
import { listQuery } from "./query.js";
import { type BillCallSpec, buildRequest, decodePage, decodeResponse, describeCall } from "./request.js";
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy } from "./retry.js";
import { BillTransportError, type FetchLike, send } from "./send.js";
import { type CachedSession, type LoginBudget, SessionCache, SlidingWindowLoginBudget } from "./session.js";
import type { LoginResult, SessionInfo } from "./types.js";

/** Login facts of one BILL organization user (or AP & AR sync token). */
export interface BillCredentials {
  /** Organization ID (`008…`). */
  readonly organizationId: string;
  /** User e-mail, or the sync token's name. */
  readonly username: string;
  /** User password, or the sync token's value. Secret. */
  readonly password: string;
  /** Developer key of the environment. Secret. */
  readonly devKey: string;
  /**
   * `user` sessions end after 35 idle minutes; `syncToken` sessions after 48 idle hours and cannot pay.
   * @default "user"
   */
  readonly loginKind?: "user" | "syncToken";
  /** 30-day MFA id, for an MFA-trusted session (needed to create payments). Secret. @default undefined */
  readonly rememberMeId?: string;
  /** Device nickname sent with `rememberMeId`. @default undefined */
  readonly device?: string;
}

/** Options of {@link createBillClient}. */
export interface BillClientOptions {
  /** Gateway base URL without `/v3`, e.g. `BILL_BASE_URLS.sandbox` or a local sandbox's `url`. */
  readonly baseUrl: string;
  readonly credentials: BillCredentials;
  /** HTTP implementation. @default globalThis.fetch */
  readonly fetch?: FetchLike;
  /** Time source. @default systemClock */
  readonly clock?: Clock;
  /** Receives `bill.*` events; every text is redacted first. @default silentLogger */
  readonly logger?: Logger;
  /** Secret registry to add this client's secrets to (share it with other components). @default a new registry */
  readonly secrets?: SecretRegistry;
  /** Per-organization gate; share one between clients of one organization. @default new KeyedSemaphore(3) */
  readonly gate?: ConcurrencyGate;
  /** Session cache; share it between clients of one organization. @default a new cache */
  readonly sessions?: SessionCache;
  /** Login budget per dev key. @default new SlidingWindowLoginBudget() (200 per hour) */
  readonly loginBudget?: LoginBudget;
  /** Retry policy. @default DEFAULT_RETRY_POLICY */
  readonly retry?: Partial<RetryPolicy>;
  /** Timeout of one HTTP exchange, milliseconds. @default 60000 */
  readonly timeoutMs?: number;
  /** Waits between retries. @default setTimeout-based */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Page size of list walks, 1–100. @default 100 */
  readonly pageSize?: number;
  /**
   * Origins a document `downloadLink` may point at; the session id is sent with a download, so
   * never to other hosts (where BILL serves files is UNCONFIRMED). @default the base URL's origin
   */
  readonly downloadOrigins?: readonly string[];
}

/** Counters of one client, for run statistics. */
export interface BillClientStats {
  requests: number;
  logins: number;
  retries: number;
  reloginsAfterExpiry: number;
}

/** Common operations of a BILL list object. */
export interface ListOps<T> {
  /** Every record matching `options`, page by page with prefetch (`max` defaults to the client's page size). */
  list(options?: Omit<ListOptions, "page">): AsyncIterable<T>;
  /** Every page matching `options` (for callers that commit per page). */
  listPages(options?: Omit<ListOptions, "page">): AsyncIterable<Page<T>>;
  /** One page; pass `page` from a previous `nextPage`. */
  listPage(options?: ListOptions): Promise<Page<T>>;
  /** The first record matching `predicate` among those `options` select, or undefined. */
  find(predicate: (record: T) => boolean, options?: Omit<ListOptions, "page">): Promise<T | undefined>;
  /** One record; `not_found` error when absent. */
  get(id: string): Promise<T>;
}

/** Operations of an object that can be created, updated, archived and restored. */
export interface CrudOps<T, C, U = Partial<C>> extends ListOps<T> {
  /** Creates a record. Not idempotent: an `uncertain_outcome` error must be settled by a lookup. */
  create(input: C): Promise<T>;
  /** Partial update (`PATCH`). */
  update(id: string, patch: U): Promise<T>;
  /** Archives (BILL's delete). Idempotent. */
  archive(id: string): Promise<T>;
  /** Restores an archived record. Idempotent. */
  restore(id: string): Promise<T>;
}

/** {@link CrudOps} plus full replace (`PUT`). */
export interface ReplaceableOps<T, C, U = Partial<C>> extends CrudOps<T, C, U> {
  /** Full replace (`PUT`): a true update, never delete-and-recreate. */
  replace(id: string, input: C): Promise<T>;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Internal engine shared by the endpoint groups. Exposed as {@link BillClient.core} for endpoints
 * this file does not type yet.
 */
export class BillClientCore {
  readonly #baseUrl: string;
  readonly #creds: BillCredentials;
  readonly #fetch: FetchLike;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #secrets: SecretRegistry;
  readonly #gate: ConcurrencyGate;
  readonly #sessions: SessionCache;
  readonly #budget: LoginBudget;
  readonly #policy: RetryPolicy;
  readonly #timeoutMs: number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #sessionKey: string;
  readonly #gateKey: string;
  readonly pageSize: number;
  readonly stats: BillClientStats = { requests: 0, logins: 0, retries: 0, reloginsAfterExpiry: 0 };

  constructor(options: BillClientOptions) {
    const fetchFn = options.fetch ?? (globalThis.fetch);
    if (fetchFn === undefined) throw new TypeError("No fetch available: pass options.fetch");
    this.#baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#creds = options.credentials;
    this.#fetch = fetchFn;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#secrets = options.secrets ?? new SecretRegistry();
    this.#secrets.add(options.credentials.password, options.credentials.devKey, options.credentials.rememberMeId);
    this.#gate = options.gate ?? new KeyedSemaphore(BillLimits.concurrentRequestsPerOrg);
    this.#sessions = options.sessions ?? new SessionCache();
    this.#budget = options.loginBudget ?? new SlidingWindowLoginBudget();
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#random = options.random ?? Math.random;
    this.pageSize = options.pageSize ?? BillLimits.maxPageSize;
    const c = options.credentials;
    this.#sessionKey = `${this.#baseUrl}|${c.devKey}|${c.organizationId}|${c.username}`;
    this.#gateKey = `${c.devKey}|${c.organizationId}`;
  }

  #label(spec: BillCallSpec): string {
    return this.redact(describeCall(spec));
  }

  /** Redacts every known secret from `text`. */
  redact(text: string): string {
    return this.#secrets.redact(text);
  }

  #log(level: LogLevel, event: string, message: string, fields: Record<string, unknown> = {}): void {
    const safeFields = JSON.parse(this.redact(JSON.stringify(redactObject(fields)))) as Record<string, unknown>;
    this.#logger.log({ level, event, message: this.redact(message), scope: { component: "bill", company: this.#creds.organizationId }, fields: safeFields });
  }

  /** Logs in now unless a session is cached (normally implicit: the first call logs in). */
  async login(): Promise<CachedSession> {
    // "Now" = -Infinity makes any cached session count as fresh: only a missing one triggers a login.
    return this.#sessions.obtain(this.#sessionKey, Number.NEGATIVE_INFINITY, () => this.#doLogin());
  }

  /** The current session, logging in when none is fresh enough. */
  session(): Promise<CachedSession> {
    return this.#sessions.obtain(this.#sessionKey, this.#clock.now(), () => this.#doLogin());
  }

  async #doLogin(): Promise<CachedSession> {
    const c = this.#creds;
    const take = this.#budget.take(c.devKey, this.#clock.now());
    if (!take.ok) {
      const waitMs = Math.max(0, take.retryAtMs - this.#clock.now());
      throw new BillError("rate_limit", `BILL login budget exhausted: at most ${BillLimits.loginsPerHour} logins per dev key per hour; next login in ${Math.ceil(waitMs / 1000)} s`, { retryAfterMs: waitMs, request: "POST /v3/login", idempotent: true });
    }
    const body: Record<string, string> = { username: c.username, password: c.password, organizationId: c.organizationId, devKey: c.devKey };
    if (c.rememberMeId !== undefined) body["rememberMeId"] = c.rememberMeId;
    if (c.device !== undefined) body["device"] = c.device;
    const spec: BillCallSpec = { method: "POST", path: "/v3/login", body, idempotent: true };
    const result = (await this.#withRetries(spec, undefined)) as Partial<LoginResult>;
    if (typeof result.sessionId !== "string" || result.sessionId === "") throw new BillError("transient", "BILL login answered without a sessionId", { request: "POST /v3/login", idempotent: true });
    this.#secrets.add(result.sessionId);
    this.stats.logins++;
    this.#log("info", "bill.login", `logged in to BILL organization ${c.organizationId}`, { userId: result.userId, trusted: result.trusted === true });
    return {
      sessionId: result.sessionId,
      organizationId: result.organizationId ?? c.organizationId,
      userId: result.userId ?? "",
      trusted: result.trusted === true,
      idleMs: c.loginKind === "syncToken" ? BillLimits.syncTokenSessionIdleMs : BillLimits.sessionIdleMs,
      lastUsedMs: this.#clock.now(),
    };
  }

  /**
   * Runs one authenticated call: session, gate, send, decode; one re-login and replay on
   * `BDC_1109`; retries per {@link decideRetry}.
   */
  async call(spec: BillCallSpec): Promise<unknown> {
    let relogged = false;
    for (;;) {
      const session = await this.session();
      try {
        const result = await this.#withRetries(spec, session);
        this.#sessions.touch(this.#sessionKey, session.sessionId, this.#clock.now());
        return result;
      } catch (e) {
        if (e instanceof BillError && e.kind === "session_expired" && !relogged) {
          // BILL refused the call before running it, so replaying even a create is safe.
          relogged = true;
          this.stats.reloginsAfterExpiry++;
          this.#sessions.invalidate(this.#sessionKey, session.sessionId);
          this.#log("info", "bill.session_expired", `BILL session expired during ${this.#label(spec)}; logging in again`);
          continue;
        }
        throw e;
      }
    }
  }

  async #withRetries(spec: BillCallSpec, session: CachedSession | undefined): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#exchange(spec, session);
      } catch (e) {
        const error = e instanceof BillError ? e : new BillError("transient", this.redact(coerceError(e).message), { request: this.#label(spec), idempotent: spec.idempotent });
        if (error.kind === "session_expired") throw error;
        const decision = decideRetry(error, attempt, this.#policy, this.#random);
        if (!decision.retry) {
          this.#log(error.kind === "uncertain_outcome" ? "warn" : "debug", "bill.failed", error.message, { kind: error.kind, bdcCode: error.bdcCode, attempt, reason: decision.reason });
          throw error;
        }
        this.stats.retries++;
        this.#log("warn", "bill.retry", `retrying ${this.#label(spec)} in ${decision.delayMs} ms after: ${error.message}`, { attempt, kind: error.kind, bdcCode: error.bdcCode });
        await this.#sleep(decision.delayMs);
      }
    }
  }

  async #exchange(spec: BillCallSpec, session: CachedSession | undefined): Promise<unknown> {
    const request = buildRequest(this.#baseUrl, spec, session === undefined ? undefined : { devKey: this.#creds.devKey, sessionId: session.sessionId });
    const release = await this.#gate.acquire(this.#gateKey);
    const started = this.#clock.now();
    let response;
    try {
      this.stats.requests++;
      response = await send(this.#fetch, request, this.#timeoutMs, spec.expect === "bytes" ? "bytes" : "text");
    } catch (e) {
      const notSent = e instanceof BillTransportError && e.notSent;
      const kind = classifyTransportFailure(notSent, spec.idempotent);
      const base = this.redact(coerceError(e).message);
      const message = kind === "uncertain_outcome" ? `${base}; BILL may or may not have applied this ${this.#label(spec)}: settle it with a lookup before repeating it` : base;
      throw new BillError(kind, message, { request: this.#label(spec), idempotent: spec.idempotent, cause: new Error(base) });
    } finally {
      release();
    }
    this.#log("debug", "bill.request", `${this.#label(spec)} → ${response.status}`, { status: response.status, ms: this.#clock.now() - started });
    try {
      return decodeResponse(spec, response, this.#clock.now(), (s) => this.redact(s));
    } catch (e) {
      if (e instanceof BillError && e.kind === "uncertain_outcome") {
        throw new BillError("uncertain_outcome", `${e.message}; BILL may or may not have applied it: settle it with a lookup before repeating it`, { ...(e.status === undefined ? {} : { status: e.status }), ...(e.bdcCode === undefined ? {} : { bdcCode: e.bdcCode }), errors: e.errors, request: this.#label(spec), idempotent: false });
      }
      throw e;
    }
  }

  /** Fetches one page of a list endpoint. */
  async page<T>(path: string, options: ListOptions): Promise<Page<T>> {
    const spec: BillCallSpec = { method: "GET", path, query: listQuery({ ...options, max: options.max ?? this.pageSize }), idempotent: true };
    return decodePage<T>(spec, await this.call(spec));
  }

  /** Ends the session at BILL and forgets it. */
  async logout(): Promise<void> {
    const s = this.#sessions.peek(this.#sessionKey);
    if (s === undefined) return;
    try {
      await this.#withRetries({ method: "POST", path: "/v3/logout", idempotent: true }, s);
    } finally {
      this.#sessions.invalidate(this.#sessionKey, s.sessionId);
    }
  }
}

function enc(id: string): string {
  return encodeURIComponent(id);
}

/** List/get operations of `path` (e.g. `/v3/vendors`). */
export function listOps<T>(core: BillClientCore, path: string): ListOps<T> {
  const pagesOf = (options: Omit<ListOptions, "page"> = {}) => iteratePages<T>((token) => core.page<T>(path, token === undefined ? options : { ...options, page: token }));
  return {
    list: (options = {}) => iterateRecords<T>((token) => core.page<T>(path, token === undefined ? options : { ...options, page: token })),
    listPages: (options) => pagesOf(options),
    listPage: (options = {}) => core.page<T>(path, options),
    find: async (predicate, options = {}) => {
      for await (const page of pagesOf(options)) {
        const hit = page.results.find(predicate);
        if (hit !== undefined) return hit;
      }
      return undefined;
    },
    get: async (id) => (await core.call({ method: "GET", path: `${path}/${enc(id)}`, idempotent: true })) as T,
  };
}

/** Create/update/archive/restore plus list operations of `path`. */
export function crudOps<T, C, U>(core: BillClientCore, path: string): CrudOps<T, C, U> {
  return {
    ...listOps<T>(core, path),
    create: async (input) => (await core.call({ method: "POST", path, body: input, idempotent: false })) as T,
    update: async (id, patch) => (await core.call({ method: "PATCH", path: `${path}/${enc(id)}`, body: patch, idempotent: true })) as T,
    archive: async (id) => (await core.call({ method: "POST", path: `${path}/${enc(id)}/archive`, idempotent: true })) as T,
    restore: async (id) => (await core.call({ method: "POST", path: `${path}/${enc(id)}/restore`, idempotent: true })) as T,
  };
}

/** {@link crudOps} plus `PUT` replace. */
export function replaceableOps<T, C, U>(core: BillClientCore, path: string): ReplaceableOps<T, C, U> {
  return {
    ...crudOps<T, C, U>(core, path),
    replace: async (id, input) => (await core.call({ method: "PUT", path: `${path}/${enc(id)}`, body: input, idempotent: true })) as T,
  };
}

/** Session-level calls. */
export interface SessionOps {
  /** `GET /v3/login/session`. */
  info(): Promise<SessionInfo>;
}

/** Session info calls. */
export function sessionOps(core: BillClientCore): SessionOps {
  return { info: async () => (await core.call({ method: "GET", path: "/v3/login/session", idempotent: true })) as SessionInfo };
}
