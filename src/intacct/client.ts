/**
 * The Intacct client: build → encode → send → decode → interpret, with sessions, the
 * per-company concurrency budget, retries and exactly-once writes around the single I/O step.
 * See docs/decisions/0002-intacct-client.md.
 */
import { randomUUID } from "node:crypto";

import { type Clock, systemClock } from "../domain/clock.js";
import { coerceError } from "../domain/errors.js";
import { type Logger, type LogLevel, silentLogger } from "../domain/logger.js";
import { SecretRegistry } from "../domain/redact.js";
import { type ConcurrencyBudget, InProcessBudget } from "./budget.js";
import type { ResolvedCredentials } from "./credentials.js";
import { IntacctError, IntacctTransportError, IntacctUsageError } from "./errors.js";
import { getAPISession } from "./functions/generic.js";
import type { QuerySpec } from "./functions/query.js";
import type { ReadByQueryOptions } from "./functions/generic.js";
import type { IntacctFunction } from "./functions/types.js";
import { type FunctionOutcome, type FunctionResult, type InterpretedResponse, interpretExchange } from "./interpret.js";
import { IntacctLimits } from "./limits.js";
import type { IntacctObjectRecords } from "./records.js";
import { type PagingOptions, queryPages, readByQueryPages, recordsOf } from "./paging.js";
import { decideRetry, parseRetryAfter, type RetryOptions } from "./retry-policy.js";
import { type IntacctSession, SessionManager } from "./session-manager.js";
import { type FetchLike, send, sleep as defaultSleep } from "./transport.js";
import { encodeRequest, type IntacctRecord, type RequestAuthentication, XmlCodecError, type XmlElement } from "./xml/index.js";

/**
 * Looks up the record(s) a write created when the gateway answers "A successful transaction has
 * already been recorded with the control id …" (the write happened in an earlier attempt or run).
 */
export type Reconciler = (ctx: { readonly client: IntacctClient; readonly controlId: string; readonly signal?: AbortSignal }) => Promise<readonly IntacctRecord[] | undefined>;

/** The typed record of an object name (`records.ts`), or a plain record for other objects. */
export type RecordOf<O extends string> = O extends keyof IntacctObjectRecords ? IntacctObjectRecords[O] : IntacctRecord;

/** Options of {@link createIntacctClient}. */
export interface IntacctClientOptions {
  /** Resolved sender + login/session credentials (see `resolveCredentials`). */
  readonly credentials: ResolvedCredentials;
  /** HTTP fetch. @default globalThis.fetch (keep-alive) */
  readonly fetch?: FetchLike;
  /** @default systemClock */
  readonly clock?: Clock;
  /** Typed log events (every text redacted). @default silentLogger */
  readonly logger?: Logger;
  /** Secrets to redact; the client adds the passwords and every session id. @default a new registry */
  readonly secrets?: SecretRegistry;
  /** Per-company concurrency budget shared by all clients of the process. @default new InProcessBudget() (2 per company) */
  readonly budget?: ConcurrencyBudget;
  /** Retry policy options. @default DEFAULT_RETRY_OPTIONS */
  readonly retry?: RetryOptions;
  /** Per-request timeout in ms. @default 120000 */
  readonly timeoutMs?: number;
  /** Random source in [0, 1) for backoff jitter. @default Math.random */
  readonly random?: () => number;
  /** Abortable sleep used between attempts. @default setTimeout-based */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Id generator for request and read-function control ids. @default crypto.randomUUID */
  readonly newId?: () => string;
  /** Renew sessions this long before their timeout. @default 60000 */
  readonly renewMarginMs?: number;
  /** Use the `<endpoint>` returned by getAPISession. @default true */
  readonly followSessionEndpoint?: boolean;
  /** @default "intacct-sync" */
  readonly userAgent?: string;
}

/** Options of one call. */
export interface ExecuteOptions {
  /** Entity (`locationid`) to run in; `""` = top level. @default the credentials' entity */
  readonly entityId?: string;
  readonly signal?: AbortSignal;
  /** Reconciles a duplicate-control-id answer for a write (see {@link Reconciler}). @default undefined */
  readonly reconcile?: Reconciler;
}

/** Options of {@link IntacctClient.executeBatch}. */
export interface BatchOptions {
  /** @default the credentials' entity */
  readonly entityId?: string;
  readonly signal?: AbortSignal;
  /** All-or-nothing (`transaction="true"`); the functions must then fit one request. @default false */
  readonly transaction?: boolean;
  /** Reconcilers by function index for duplicate-control-id answers. @default {} */
  readonly reconcile?: Readonly<Record<number, Reconciler>>;
}

interface Internals {
  readonly o: IntacctClientOptions;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly secrets: SecretRegistry;
  readonly budget: ConcurrencyBudget;
  readonly ownsBudget: boolean;
  readonly newId: () => string;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
  readonly sessions: SessionManager;
  readonly closer: AbortController;
}

/**
 * Creates a client.
 *
 * @example
 * const client = createIntacctClient({ credentials: resolveCredentials({}, { env: process.env, readFile: readTextFileIfExists }) });
 * const vendor = await client.execute(readByName("VENDOR", ["V-ACME"]));
 * await client.close();
 */
export function createIntacctClient(options: IntacctClientOptions): IntacctClient {
  const secrets = options.secrets ?? new SecretRegistry();
  const c = options.credentials;
  secrets.add(c.senderPassword);
  if (c.auth.kind === "login") secrets.add(c.auth.userPassword);
  else secrets.add(c.auth.sessionId);
  const fetchFn: FetchLike = options.fetch ?? globalThis.fetch;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const partial: Omit<Internals, "sessions"> = {
    o: options,
    fetch: fetchFn,
    clock,
    logger,
    secrets,
    budget: options.budget ?? new InProcessBudget(),
    ownsBudget: options.budget === undefined,
    newId: options.newId ?? randomUUID,
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
    closer: new AbortController(),
  };
  const holder: { client?: IntacctClient } = {};
  const sessions = new SessionManager({
    credentials: c,
    clock,
    logger,
    secrets,
    ...(options.renewMarginMs === undefined ? {} : { renewMarginMs: options.renewMarginMs }),
    ...(options.followSessionEndpoint === undefined ? {} : { followSessionEndpoint: options.followSessionEndpoint }),
    openSession: (auth, endpoint, locationId, signal) => {
      if (holder.client === undefined) throw new Error("client not initialised");
      return holder.client.openSessionOnce(auth, endpoint, locationId, signal);
    },
  });
  const client = new IntacctClient({ ...partial, sessions }, sessions.defaultEntityId);
  holder.client = client;
  return client;
}

function combine(a: AbortSignal, b: AbortSignal | undefined): AbortSignal {
  return b === undefined ? a : AbortSignal.any([a, b]);
}

/**
 * The Intacct client (create with {@link createIntacctClient}). Create one per sync user and
 * company, and use {@link IntacctClient.forEntity} for accounts that differ only by entity: the
 * views share sessions (one per entity), the budget and the logger. `close()` on any view closes
 * them all.
 */
export class IntacctClient {
  readonly #i: Internals;
  /** Entity used when a call names none (`""` = top level). */
  readonly entityId: string;

  /** @internal use {@link createIntacctClient}. */
  constructor(internals: Internals, entityId: string) {
    this.#i = internals;
    this.entityId = entityId;
  }

  /** A view of this client bound to another entity (shares sessions, budget and logger). */
  forEntity(entityId: string): IntacctClient {
    return new IntacctClient(this.#i, entityId);
  }

  /** The live session for an entity (logs in if needed). */
  session(entityId: string = this.entityId, signal?: AbortSignal): Promise<IntacctSession> {
    return this.#i.sessions.get(entityId, combine(this.#i.closer.signal, signal));
  }

  /** Number of getAPISession round trips so far. */
  get loginCount(): number {
    return this.#i.sessions.loginCount;
  }

  /**
   * Runs one function. Resolves with its result; rejects with an {@link IntacctError}
   * (control, authentication, function or transport level).
   */
  async execute(fn: IntacctFunction, options: ExecuteOptions = {}): Promise<FunctionResult> {
    const [outcome] = await this.#run([fn], { transaction: false, entityId: options.entityId ?? this.entityId, signal: options.signal });
    if (outcome === undefined) throw new IntacctUsageError("no outcome");
    if (outcome.ok) return outcome.result;
    const reconcile = options.reconcile;
    if (fn.kind === "write" && outcome.error.category === "duplicate_control_id" && reconcile !== undefined) {
      return this.#reconcile(outcome.error, reconcile, options.signal);
    }
    throw outcome.error;
  }

  /**
   * Runs many functions, up to 100 per request (more are split over several requests unless
   * `transaction` is set, which requires them to fit one request). Never throws halfway: each
   * function gets its own outcome; request-level failures become the outcome of every function
   * of that request.
   */
  async executeBatch(fns: readonly IntacctFunction[], options: BatchOptions = {}): Promise<FunctionOutcome[]> {
    const max = IntacctLimits.MAX_FUNCTIONS_PER_REQUEST;
    const transaction = options.transaction ?? false;
    if (transaction && fns.length > max) {
      throw new IntacctUsageError(`A transaction must fit one request: ${fns.length} functions given, at most ${max}`);
    }
    const chunks: Array<{ readonly start: number; readonly fns: readonly IntacctFunction[] }> = [];
    for (let start = 0; start < fns.length; start += max) chunks.push({ start, fns: fns.slice(start, start + max) });
    const entityId = options.entityId ?? this.entityId;
    const results: FunctionOutcome[] = new Array<FunctionOutcome>(fns.length);
    await Promise.all(
      chunks.map(async (chunk) => {
        let outcomes: FunctionOutcome[];
        try {
          outcomes = await this.#run(chunk.fns, { transaction, entityId, signal: options.signal });
        } catch (e) {
          const error = e instanceof IntacctError ? e : this.#wrap(e);
          outcomes = chunk.fns.map(() => ({ ok: false as const, error }));
        }
        for (const [k, outcome] of outcomes.entries()) {
          const index = chunk.start + k;
          const fn = chunk.fns[k];
          const reconcile = options.reconcile?.[index];
          if (!outcome.ok && fn?.kind === "write" && outcome.error.category === "duplicate_control_id" && reconcile !== undefined) {
            try {
              results[index] = { ok: true, result: await this.#reconcile(outcome.error, reconcile, options.signal) };
            } catch (e) {
              results[index] = { ok: false, error: e instanceof IntacctError ? e : this.#wrap(e) };
            }
          } else {
            results[index] = outcome;
          }
        }
      }),
    );
    return results;
  }

  /** Pages of a `query` (offset paging, one page prefetched). */
  queryPages(spec: QuerySpec, options: PagingOptions & { readonly entityId?: string } = {}): AsyncGenerator<FunctionResult, void, undefined> {
    return queryPages(this.#pager(options.entityId), spec, options);
  }

  /**
   * Records of a `query`, page by page with prefetch, in constant memory; typed by object name
   * for the objects of `records.ts` (`VENDOR` → `VendorRecord`).
   */
  queryRecords<O extends string>(spec: QuerySpec & { readonly object: O }, options: PagingOptions & { readonly entityId?: string } = {}): AsyncGenerator<RecordOf<O>, void, undefined> {
    return recordsOf(this.queryPages(spec, options)) as AsyncGenerator<RecordOf<O>, void, undefined>;
  }

  /** Pages of a `readByQuery` + `readMore` (one page prefetched). */
  readByQueryPages(object: string, spec: ReadByQueryOptions = {}, options: PagingOptions & { readonly entityId?: string } = {}): AsyncGenerator<FunctionResult, void, undefined> {
    return readByQueryPages(this.#pager(options.entityId), object, spec, options);
  }

  /** Records of a `readByQuery` + `readMore`, typed like {@link queryRecords}. */
  readByQueryRecords<O extends string>(object: O, spec: ReadByQueryOptions = {}, options: PagingOptions & { readonly entityId?: string } = {}): AsyncGenerator<RecordOf<O>, void, undefined> {
    return recordsOf(this.readByQueryPages(object, spec, options)) as AsyncGenerator<RecordOf<O>, void, undefined>;
  }

  /** Stops every request in flight, forgets sessions and frees the budget if the client owns it. */
  async close(): Promise<void> {
    this.#i.closer.abort(new IntacctError("CLIENT_CLOSED", "Intacct client closed", { category: "protocol", level: "http" }));
    this.#i.sessions.clear();
    if (this.#i.ownsBudget) await this.#i.budget.close();
  }

  /** @internal one getAPISession round trip for the session manager (retries happen in the caller's loop). */
  async openSessionOnce(auth: RequestAuthentication, endpoint: string, locationId: string | undefined, signal: AbortSignal | undefined): Promise<{ api: IntacctRecord; authentication: InterpretedResponse["authentication"] }> {
    const controlId = this.#i.newId();
    const res = await this.#exchange({
      auth,
      endpoint,
      functions: [{ controlId, body: getAPISession(locationId).body }],
      isWrite: false,
      transaction: false,
      signal,
      requestControlId: "sessionProvider",
      attempt: 1,
      companyId: auth.kind === "login" ? auth.companyId : this.#i.sessions.companyId,
    });
    const outcome = res.outcomes.get(controlId);
    if (outcome === undefined) throw this.#protocol("getAPISession response has no result");
    if (!outcome.ok) throw outcome.error;
    const api = outcome.result.records[0];
    if (api === undefined) throw this.#protocol("getAPISession response has no <api> element");
    return { api, authentication: res.authentication };
  }

  #pager(entityId: string | undefined) {
    return (fn: IntacctFunction, signal: AbortSignal): Promise<FunctionResult> => this.execute(fn, { entityId: entityId ?? this.entityId, signal });
  }

  async #reconcile(error: IntacctError, reconcile: Reconciler, signal: AbortSignal | undefined): Promise<FunctionResult> {
    const controlId = error.functionControlId ?? "";
    this.#log("info", "intacct.write.already_recorded", `Write ${controlId} was already recorded by Intacct; reconciling by lookup`, { controlId });
    const records = await reconcile({ client: this, controlId, ...(signal === undefined ? {} : { signal }) });
    if (records === undefined || records.length === 0) throw error;
    return { status: "success", function: error.functionName ?? "", controlId, records, count: records.length, reconciled: true };
  }

  async #run(items: readonly IntacctFunction[], o: { readonly transaction: boolean; readonly entityId: string; readonly signal: AbortSignal | undefined }): Promise<FunctionOutcome[]> {
    if (items.length === 0) return [];
    const signal = combine(this.#i.closer.signal, o.signal);
    const isWrite = items.some((f) => f.kind === "write");
    const writeIds = items.filter((f) => f.kind === "write").map((f) => f.controlId);
    if (writeIds.some((id) => id === undefined || id === "")) throw new IntacctUsageError("every write needs a deterministic controlId");
    if (new Set(writeIds).size !== writeIds.length) throw new IntacctUsageError("two writes in one request share a controlId");
    const requestControlId = this.#i.newId();
    let renewedSession = false;
    for (let attempt = 1; ; attempt++) {
      // Reads get fresh ids per attempt (a replayed read must not collide with uniqueid=true);
      // writes keep their deterministic ids across every attempt.
      const ids = items.map((f) => (f.kind === "write" && f.controlId !== undefined ? f.controlId : this.#i.newId()));
      let session: IntacctSession | undefined;
      try {
        session = await this.#i.sessions.get(o.entityId, signal);
        const res = await this.#exchange({
          auth: { kind: "session", sessionId: session.sessionId },
          endpoint: session.endpointUrl,
          functions: items.map((f, k) => ({ controlId: ids[k] ?? "", body: f.body })),
          isWrite,
          transaction: o.transaction,
          signal,
          requestControlId,
          attempt,
          companyId: session.companyId,
        });
        this.#i.sessions.touch(session, res.authentication);
        const outcomes = items.map((f, k): FunctionOutcome => res.outcomes.get(ids[k] ?? "") ?? { ok: false, error: this.#protocol(`No <result> for function control id ${ids[k] ?? ""}`) });
        const only = outcomes[0];
        // A single function that failed for a retryable reason (GW-0010 in a result, "Temporarily
        // Off-line", "concurrent request in process") is retried like a request, same control id.
        if (outcomes.length === 1 && only !== undefined && !only.ok && only.error.retryable) throw only.error;
        return outcomes;
      } catch (e) {
        const err = e instanceof IntacctError ? e : this.#wrap(e, signal);
        if (err.code === "SESSION_INVALID" && session !== undefined && !renewedSession && this.#i.sessions.canRenew) {
          // Nothing ran (authentication level): re-login once and replay (§3.3, A2).
          this.#i.sessions.invalidate(session);
          renewedSession = true;
          continue;
        }
        const decision = decideRetry(
          {
            attempt,
            category: err.category,
            isWrite,
            ...(err.httpStatus === undefined ? {} : { httpStatus: err.httpStatus }),
            ...(err.retryAfterMs === undefined ? {} : { retryAfterMs: err.retryAfterMs }),
            aborted: signal.aborted || err.code === "ABORTED",
          },
          this.#i.o.retry ?? {},
          this.#i.random,
        );
        if (!decision.retry) {
          this.#log("warn", "intacct.request.failed", `Intacct request failed: ${err.message}`, { code: err.code, category: err.category, attempt, reason: decision.reason });
          throw err;
        }
        this.#log("warn", "intacct.retry", `Retrying Intacct request in ${decision.delayMs} ms: ${err.message}`, {
          code: err.code,
          category: err.category,
          attempt,
          delayMs: decision.delayMs,
          reason: decision.reason,
          sameControlIds: isWrite,
        });
        try {
          await this.#i.sleep(decision.delayMs, signal);
        } catch (sleepError) {
          throw this.#wrap(sleepError, signal);
        }
      }
    }
  }

  async #exchange(p: {
    readonly auth: RequestAuthentication;
    readonly endpoint: string;
    readonly functions: ReadonlyArray<{ readonly controlId: string; readonly body: XmlElement }>;
    readonly isWrite: boolean;
    readonly transaction: boolean;
    readonly signal: AbortSignal | undefined;
    readonly requestControlId: string;
    readonly attempt: number;
    readonly companyId: string;
  }): Promise<InterpretedResponse> {
    const c = this.#i.o.credentials;
    const xml = encodeRequest({
      control: { senderId: c.senderId, senderPassword: c.senderPassword, controlId: p.requestControlId, uniqueId: p.isWrite, dtdVersion: "3.0" },
      operation: { transaction: p.transaction, authentication: p.auth, functions: p.functions },
    });
    const release = await this.#i.budget.acquire(p.companyId === "" ? "(unknown company)" : p.companyId, p.signal);
    const started = this.#i.clock.now();
    let released = false;
    try {
      this.#log("debug", "intacct.request", `POST ${p.functions.map((f) => f.body.name).join(",")} (attempt ${p.attempt})`, {
        endpoint: p.endpoint,
        attempt: p.attempt,
        controlIds: p.functions.map((f) => f.controlId),
        requestXml: xml,
      });
      const ex = await send(p.endpoint, xml, {
        fetch: this.#i.fetch,
        timeoutMs: this.#i.o.timeoutMs ?? 120_000,
        signal: p.signal,
        isWrite: p.isWrite,
        secrets: this.#i.secrets,
        requestControlId: p.requestControlId,
        userAgent: this.#i.o.userAgent ?? "intacct-sync",
      });
      // The company's limit counts requests Intacct is serving: the slot is free once the answer
      // has arrived, before it is decoded (decoding a 100-result page is CPU on our side only).
      release();
      released = true;
      this.#log("debug", "intacct.response", `HTTP ${ex.status} in ${this.#i.clock.now() - started} ms`, { status: ex.status, responseXml: ex.body.slice(0, 4000) });
      return interpretExchange(ex, {
        secrets: this.#i.secrets,
        requestControlId: p.requestControlId,
        isWrite: p.isWrite,
        retryAfterMs: parseRetryAfter(ex.retryAfter, this.#i.clock.now()),
      });
    } finally {
      if (!released) release();
    }
  }

  #protocol(message: string): IntacctError {
    return new IntacctError("MALFORMED_RESPONSE", message, { category: "protocol", level: "function", secrets: this.#i.secrets });
  }

  /** Wraps a non-Intacct error: a caller/close abort, a codec error (never retried), or an unknown failure. */
  #wrap(e: unknown, signal?: AbortSignal): IntacctError {
    const err = coerceError(e);
    const secrets = this.#i.secrets;
    if (signal?.aborted === true) return new IntacctTransportError("ABORTED", `Intacct request aborted: ${err.message}`, { category: "protocol", level: "http", cause: err, secrets, uncertain: false });
    if (err instanceof XmlCodecError) return new IntacctError("MALFORMED_RESPONSE", `Intacct XML could not be built or read: ${err.message}`, { category: "protocol", level: "http", cause: err, secrets });
    return new IntacctError("NETWORK_ERROR", err.message, { category: "transient", level: "http", cause: err, secrets });
  }

  #log(level: LogLevel, event: string, message: string, fields: Readonly<Record<string, unknown>>): void {
    // Redacting a whole request XML costs CPU on every request: skip it when nothing listens.
    if (this.#i.logger === silentLogger) return;
    const s = this.#i.secrets;
    const redacted: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(fields)) redacted[k] = typeof v === "string" ? s.redact(v) : Array.isArray(v) ? (v as unknown[]).map((x) => (typeof x === "string" ? s.redact(x) : x)) : v;
    this.#i.logger.log({
      level,
      event,
      message: s.redact(message),
      scope: { component: "intacct", company: this.#i.sessions.companyId, ...(this.entityId === "" ? {} : { connection: this.entityId }) },
      fields: redacted,
    });
  }
}
