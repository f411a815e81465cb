/**
 * API sessions (`intacct-xml-api.md` §4.1, A2): log in once with `getAPISession`, share one
 * session per (company, user, entity) among concurrent callers (single-flight), reuse it, renew
 * it before `sessiontimeout` passes (sliding: every response pushes the timeout forward) or when
 * the gateway says the session is invalid, open entity sessions with `locationid`, and honour the
 * `<endpoint>` each session is bound to.
 */
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../domain/logger.js";
import type { SecretRegistry } from "../domain/redact.js";
import { isIntacctHost, type ResolvedCredentials } from "./credentials.js";
import { IntacctError } from "./errors.js";
import type { IntacctRecord, RequestAuthentication, ResponseAuthentication } from "./xml/index.js";

/** A live API session. */
export interface IntacctSession {
  /** `COMPANY|user|ENTITY` (company and entity upper-cased). */
  readonly key: string;
  readonly sessionId: string;
  /** Endpoint the session is bound to. */
  readonly endpointUrl: string;
  /** Entity (`locationid`) the session is in; `""` = top level. */
  readonly entityId: string;
  readonly companyId: string;
  readonly userId: string;
  /** Projected expiry (ms since epoch), pushed forward by every response. */
  expiresAt: number;
}

/** What the session manager needs from the client: one `getAPISession` round trip. */
export type OpenSession = (
  auth: RequestAuthentication,
  endpointUrl: string,
  locationId: string | undefined,
  signal: AbortSignal | undefined,
) => Promise<{ readonly api: IntacctRecord; readonly authentication: ResponseAuthentication }>;

/** Options of {@link SessionManager}. */
export interface SessionManagerOptions {
  readonly credentials: ResolvedCredentials;
  readonly openSession: OpenSession;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly secrets: SecretRegistry;
  /** Renew this long before the projected timeout. @default 60000 */
  readonly renewMarginMs?: number;
  /** Used when a response carries no `sessiontimeout`. @default 1800000 (30 min) */
  readonly defaultLifetimeMs?: number;
  /** Send session calls to the `<endpoint>` getAPISession returns. @default true */
  readonly followSessionEndpoint?: boolean;
}

function str(v: unknown): string {
  return typeof v === "string" ? v.trim() : "";
}

/**
 * Parses `sessiontimeout` (ISO-8601 with offset, §3.3) to ms since the epoch.
 * Returns undefined when absent or unparseable.
 */
export function parseSessionTimeout(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const t = Date.parse(value.trim());
  return Number.isNaN(t) ? undefined : t;
}

/**
 * Holds the sessions of one set of credentials.
 *
 * @example
 * const session = await sessions.get("EAST"); // logs in once, even under concurrency
 */
export class SessionManager {
  readonly #o: SessionManagerOptions;
  readonly #sessions = new Map<string, IntacctSession>();
  readonly #pending = new Map<string, Promise<IntacctSession>>();
  #logins = 0;

  constructor(options: SessionManagerOptions) {
    this.#o = options;
    const auth = options.credentials.auth;
    if (auth.kind === "session") {
      options.secrets.add(auth.sessionId);
      // The given session is used as-is for its own entity (unknown until a response says).
      const entity = auth.entityId ?? "";
      const s: IntacctSession = {
        key: this.keyFor(entity),
        sessionId: auth.sessionId,
        endpointUrl: options.credentials.endpointUrl,
        entityId: entity,
        companyId: auth.companyId,
        userId: "",
        expiresAt: Number.POSITIVE_INFINITY,
      };
      this.#sessions.set(s.key, s);
    }
  }

  /** Number of logins/getAPISession calls made (for tests and metrics). */
  get loginCount(): number {
    return this.#logins;
  }

  /** The entity used when a call names none. */
  get defaultEntityId(): string {
    const a = this.#o.credentials.auth;
    return a.kind === "login" ? a.entityId : (a.entityId ?? "");
  }

  /** Company ID of these credentials (may be empty for a bare session until a response names it). */
  get companyId(): string {
    return this.#o.credentials.auth.companyId;
  }

  /** Session key of an entity. */
  keyFor(entityId: string): string {
    const a = this.#o.credentials.auth;
    const user = a.kind === "login" ? a.userId : "session";
    return `${a.companyId.toUpperCase()}|${user}|${entityId.toUpperCase()}`;
  }

  /**
   * A live session for `entityId` (`""` = top level): cached, or opened once for all concurrent
   * callers. Expired (or about to expire) sessions are renewed.
   */
  async get(entityId: string, signal?: AbortSignal): Promise<IntacctSession> {
    const key = this.keyFor(entityId);
    const cached = this.#sessions.get(key);
    const margin = this.#o.renewMarginMs ?? 60_000;
    if (cached !== undefined && this.#o.clock.now() < cached.expiresAt - margin) return cached;
    if (cached !== undefined) {
      this.#log("info", "intacct.session.expired", "Intacct session reached its timeout; renewing", cached);
      this.#sessions.delete(key);
    }
    let p = this.#pending.get(key);
    if (p === undefined) {
      p = this.#open(entityId, signal).finally(() => this.#pending.delete(key));
      this.#pending.set(key, p);
    }
    return p;
  }

  /** Forgets a session the gateway rejected (the next {@link get} logs in again). */
  invalidate(session: IntacctSession): void {
    if (this.#sessions.get(session.key) === session) this.#sessions.delete(session.key);
    this.#log("info", "intacct.session.invalidated", "Intacct rejected the session; it will be renewed", session);
  }

  /** True when the session can be re-created (login credentials, or a switch from a given session). */
  get canRenew(): boolean {
    return this.#o.credentials.auth.kind === "login";
  }

  /** Records the sliding timeout a response announced. */
  touch(session: IntacctSession, auth: ResponseAuthentication): void {
    const t = parseSessionTimeout(auth.sessionTimeout);
    if (t !== undefined) session.expiresAt = t;
  }

  /** Forgets every session (client close). */
  clear(): void {
    this.#sessions.clear();
  }

  async #open(entityId: string, signal: AbortSignal | undefined): Promise<IntacctSession> {
    const c = this.#o.credentials;
    const a = c.auth;
    let auth: RequestAuthentication;
    let locationForFunction: string | undefined;
    let endpoint = c.endpointUrl;
    if (a.kind === "login") {
      auth = { kind: "login", userId: a.userId, companyId: a.companyId, password: a.userPassword, ...(entityId === "" ? {} : { locationId: entityId }) };
      locationForFunction = undefined;
    } else {
      // Switch from the given session (SDK SessionProvider: getAPISession with <locationid>).
      const base = this.#sessions.get(this.keyFor(a.entityId ?? ""));
      if (base === undefined) {
        throw new IntacctError("SESSION_INVALID", "The configured Intacct session is no longer valid and no login credentials are available to renew it", {
          category: "auth",
          level: "authentication",
          secrets: this.#o.secrets,
        });
      }
      auth = { kind: "session", sessionId: base.sessionId };
      endpoint = base.endpointUrl;
      locationForFunction = entityId;
    }
    this.#logins++;
    const { api, authentication } = await this.#o.openSession(auth, endpoint, locationForFunction, signal);
    const sessionId = str(api["sessionid"]);
    if (sessionId === "") {
      throw new IntacctError("MALFORMED_RESPONSE", "getAPISession returned no <sessionid>", { category: "protocol", level: "function", secrets: this.#o.secrets });
    }
    this.#o.secrets.add(sessionId);
    const returnedEndpoint = str(api["endpoint"]);
    const endpointUrl = this.#chooseEndpoint(returnedEndpoint, endpoint);
    const now = this.#o.clock.now();
    const session: IntacctSession = {
      key: this.keyFor(entityId),
      sessionId,
      endpointUrl,
      entityId: str(api["locationid"]),
      companyId: authentication.companyId !== "" ? authentication.companyId : a.companyId,
      userId: authentication.userId,
      expiresAt: parseSessionTimeout(authentication.sessionTimeout) ?? now + (this.#o.defaultLifetimeMs ?? 1_800_000),
    };
    if (session.entityId.toUpperCase() !== entityId.toUpperCase()) {
      this.#log("warn", "intacct.session.entity_mismatch", `Asked for entity "${entityId}" but the session is at "${session.entityId}"`, session);
    }
    this.#sessions.set(session.key, session);
    this.#log("info", "intacct.session.opened", `Intacct session opened${entityId === "" ? " at the top level" : ` in entity ${entityId}`}`, session);
    return session;
  }

  #chooseEndpoint(returned: string, used: string): string {
    if (returned === "" || this.#o.followSessionEndpoint === false) return used;
    const c = this.#o.credentials;
    let sameOrigin = false;
    try {
      sameOrigin = new URL(returned).origin === new URL(used).origin;
    } catch {
      sameOrigin = false;
    }
    if (sameOrigin || c.allowNonIntacctEndpoint || isIntacctHost(returned)) return returned;
    throw new IntacctError("ENDPOINT_UNTRUSTED", `getAPISession returned an endpoint outside *.intacct.com (${returned}); refusing to send credentials there`, {
      category: "configuration",
      level: "function",
      secrets: this.#o.secrets,
    });
  }

  #log(level: "info" | "warn", event: string, message: string, s: IntacctSession): void {
    this.#o.logger.log({
      level,
      event,
      message: this.#o.secrets.redact(message),
      scope: { component: "intacct", company: s.companyId },
      fields: { entity: s.entityId, endpoint: this.#o.secrets.redact(s.endpointUrl) },
    });
  }
}
