/**
 * `send`: the only I/O of the client (Octokit `fetch-wrapper` role). One POST of one XML document
 * through an injected `fetch`, with a timeout (AbortSignal.timeout) combined with the caller's
 * signal. Node's global fetch (undici) keeps connections alive by default.
 */
import type { SecretRegistry } from "../domain/redact.js";
import { IntacctTransportError } from "./errors.js";

/** The fetch function shape the client needs (the global one by default). */
export type FetchLike = (input: string, init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<{
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

/** What came back. */
export interface HttpExchange {
  readonly status: number;
  readonly contentType: string;
  readonly retryAfter: string | undefined;
  readonly body: string;
}

/** Options of {@link send}. */
export interface SendOptions {
  readonly fetch: FetchLike;
  /** Milliseconds before the request is abandoned. */
  readonly timeoutMs: number;
  /** Caller's signal (abort = stop, never retried). */
  readonly signal: AbortSignal | undefined;
  /** True when the request carries writes: failures after sending are then `uncertain`. */
  readonly isWrite: boolean;
  readonly secrets: SecretRegistry;
  readonly requestControlId: string;
  /** `User-Agent` header. */
  readonly userAgent: string;
}

/** Error codes of undici/Node that mean the request never reached the server. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "UND_ERR_CONNECT_TIMEOUT", "ERR_INVALID_URL"]);

function causeCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur !== null && typeof cur === "object"; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string") return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * POSTs `body` to `url`. Resolves with any HTTP status (interpretation is not its job); rejects
 * only with {@link IntacctTransportError}: `ABORTED` (caller), `TIMEOUT`, `NETWORK_ERROR`.
 */
export async function send(url: string, body: string, options: SendOptions): Promise<HttpExchange> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
  const base = { secrets: options.secrets, requestControlId: options.requestControlId };
  try {
    const res = await options.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/xml", accept: "text/xml, application/xml", "user-agent": options.userAgent },
      body,
      signal,
    });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get("content-type") ?? "",
      retryAfter: res.headers.get("retry-after") ?? undefined,
      body: text,
    };
  } catch (e) {
    if (options.signal?.aborted === true) {
      throw new IntacctTransportError("ABORTED", "Intacct request aborted by the caller", { ...base, cause: e, category: "protocol", level: "http", uncertain: options.isWrite });
    }
    if (timeout.aborted) {
      throw new IntacctTransportError("TIMEOUT", `Intacct request timed out after ${options.timeoutMs} ms`, {
        ...base,
        cause: e,
        category: options.isWrite ? "uncertain_outcome" : "transient",
        level: "http",
        uncertain: options.isWrite,
      });
    }
    const code = causeCode(e);
    const notSent = code !== undefined && NOT_SENT_CODES.has(code);
    const uncertain = options.isWrite && !notSent;
    const detail = e instanceof Error ? e.message : String(e);
    throw new IntacctTransportError("NETWORK_ERROR", `Intacct request failed (${code ?? "network error"}): ${detail}`, {
      ...base,
      cause: e,
      category: uncertain ? "uncertain_outcome" : "transient",
      level: "http",
      uncertain,
    });
  }
}

/** An abortable sleep (rejects with the signal's reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason as Error);
      return;
    }
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
