/**
 * The only I/O of the BILL client: one HTTP exchange through an injected `fetch`
 * (Octokit request.js's fetch-wrapper role).
 */
import type { BillHttpRequest, BillHttpResponse } from "./request.js";

/** The subset of WHATWG `fetch` the client needs. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Why an exchange produced no HTTP answer. */
export class BillTransportError extends Error {
  /** True when the request certainly never reached BILL (connection refused, DNS failure). */
  readonly notSent: boolean;
  constructor(message: string, notSent: boolean) {
    super(message);
    this.name = "BillTransportError";
    this.notSent = notSent;
  }
}

const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

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
 * Sends one request. Resolves with status, `Retry-After` and body text for every HTTP answer;
 * rejects with {@link BillTransportError} when none arrived (timeout, reset, refused).
 * The error text never includes headers or body.
 */
export async function send(fetchFn: FetchLike, request: BillHttpRequest, timeoutMs: number, readAs: "text" | "bytes" = "text"): Promise<BillHttpResponse> {
  const init: RequestInit = { method: request.method, headers: request.headers, signal: AbortSignal.timeout(timeoutMs) };
  // A binary body is copied into a fresh ArrayBuffer-backed view (what BodyInit accepts).
  if (request.body !== undefined) init.body = typeof request.body === "string" ? request.body : new Uint8Array(request.body);
  let response: Response;
  try {
    response = await fetchFn(request.url, init);
  } catch (e) {
    const code = causeCode(e);
    const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
    const what = timedOut ? `timed out after ${timeoutMs} ms` : `failed (${code ?? (e instanceof Error ? e.message : "unknown")})`;
    throw new BillTransportError(`${request.method} ${new URL(request.url).pathname} ${what}`, code !== undefined && NOT_SENT_CODES.has(code));
  }
  try {
    if (readAs === "bytes" && response.status >= 200 && response.status < 300) {
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, retryAfter: response.headers.get("retry-after"), text: "", bytes };
    }
    const text = await response.text();
    return { status: response.status, retryAfter: response.headers.get("retry-after"), text };
  } catch (e) {
    throw new BillTransportError(`${request.method} ${new URL(request.url).pathname} lost the connection while reading the answer (${causeCode(e) ?? "unknown"})`, false);
  }
}
