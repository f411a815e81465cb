/**
 * Pure request building and response decoding (the Octokit endpoint.js role). Nothing here does I/O.
 */
import { type BillApiErrorEntry, BillError, classifyResponse } from "./errors.js";
import { parseRetryAfter } from "./retry.js";

/** HTTP verbs BILL v3 uses. */
export type BillMethod = "GET" | "POST" | "PATCH" | "PUT";

/** What an endpoint call needs, before auth. */
export interface BillCallSpec {
  readonly method: BillMethod;
  /** Path below the base URL, starting with `/v3/`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** A binary body (document uploads) instead of a JSON one. @default undefined */
  readonly binaryBody?: { readonly bytes: Uint8Array; readonly contentType: string };
  /** An absolute URL instead of base URL + `path` (document `downloadLink`s); `path` still labels the call. @default undefined */
  readonly url?: string;
  /** What a 2xx answer holds: JSON (decoded) or the file's bytes. @default "json" */
  readonly expect?: "json" | "bytes";
  /**
   * True when repeating the call cannot create a second effect (reads, PATCH/PUT with the same
   * body, archive, restore). Decides whether a 5xx/timeout is `transient` or `uncertain_outcome`.
   */
  readonly idempotent: boolean;
}

/** A fully built HTTP request. */
export interface BillHttpRequest {
  readonly method: BillMethod;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

/** Session headers of an authenticated call. */
export interface BillAuthHeaders {
  readonly devKey: string;
  readonly sessionId: string;
}

/** Builds the HTTP request for a call. Pure. */
export function buildRequest(baseUrl: string, spec: BillCallSpec, auth: BillAuthHeaders | undefined): BillHttpRequest {
  const base = baseUrl.replace(/\/+$/, "");
  const qs = spec.query === undefined ? "" : new URLSearchParams(spec.query).toString();
  const headers: Record<string, string> = { accept: "application/json" };
  if (auth !== undefined) {
    headers["devKey"] = auth.devKey;
    headers["sessionId"] = auth.sessionId;
  }
  if (spec.binaryBody !== undefined) headers["content-type"] = spec.binaryBody.contentType;
  else if (spec.body !== undefined) headers["content-type"] = "application/json";
  const target = spec.url ?? `${base}${spec.path}`;
  const request: BillHttpRequest = { method: spec.method, url: `${target}${qs === "" ? "" : `${target.includes("?") ? "&" : "?"}${qs}`}`, headers };
  if (spec.binaryBody !== undefined) return { ...request, body: spec.binaryBody.bytes };
  return spec.body === undefined ? request : { ...request, body: JSON.stringify(spec.body) };
}

/** A raw HTTP answer, as `send` returns it. */
export interface BillHttpResponse {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly text: string;
  /** The raw body, when the call asked for bytes. */
  readonly bytes?: Uint8Array;
}

/** Label of a call for errors and logs: `METHOD /v3/path` (never the query, never headers). */
export function describeCall(spec: BillCallSpec): string {
  return `${spec.method} ${spec.path}`;
}

/**
 * Decodes an answer: the parsed JSON body on 2xx, else a classified {@link BillError}.
 * `redact` is applied to every text that enters the error.
 */
export function decodeResponse(spec: BillCallSpec, response: BillHttpResponse, now: number, redact: (s: string) => string): unknown {
  const label = redact(describeCall(spec));
  if (response.status >= 200 && response.status < 300) {
    if (spec.expect === "bytes") return response.bytes ?? new TextEncoder().encode(response.text);
    if (response.text.trim() === "") return {};
    try {
      return JSON.parse(response.text) as unknown;
    } catch (e) {
      const kind = spec.idempotent ? "transient" : "uncertain_outcome";
      throw new BillError(kind, `BILL answered ${label} with HTTP ${response.status} and a body that is not JSON`, { status: response.status, request: label, idempotent: spec.idempotent, cause: e instanceof Error ? new Error(redact(e.message)) : undefined });
    }
  }
  const entries = parseErrorEntries(response.text, redact);
  const bdcCode = entries.find((e) => e.code !== null)?.code ?? undefined;
  const kind = classifyResponse(response.status, bdcCode, spec.idempotent);
  const summary = entries.length > 0 ? entries.map((e) => (e.code === null ? e.message : `${e.code} ${e.message}`)).join("; ") : redact(response.text.slice(0, 200));
  const retryAfterMs = parseRetryAfter(response.retryAfter, now);
  return throwError(
    new BillError(kind, `BILL ${label} failed (HTTP ${response.status}): ${summary}`, {
      status: response.status,
      ...(bdcCode === undefined ? {} : { bdcCode }),
      errors: entries,
      request: label,
      idempotent: spec.idempotent,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    }),
  );
}

function throwError(error: BillError): never {
  throw error;
}

/** Parses BILL's v3 error array (tolerating a single object or v2's envelope). Pure. */
export function parseErrorEntries(text: string, redact: (s: string) => string): BillApiErrorEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    return [];
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const out: BillApiErrorEntry[] = [];
  for (const item of list) {
    if (item === null || typeof item !== "object") continue;
    const rec = item as Record<string, unknown>;
    const data = rec["response_data"];
    const src = data !== null && typeof data === "object" ? (data as Record<string, unknown>) : rec;
    const code = src["code"] ?? src["error_code"];
    const message = src["message"] ?? src["error_message"];
    if (typeof message !== "string" && typeof code !== "string") continue;
    const entry: BillApiErrorEntry = { code: typeof code === "string" ? code : null, message: redact(typeof message === "string" ? message : "") };
    out.push({
      ...entry,
      ...(typeof src["timestamp"] === "string" ? { timestamp: src["timestamp"] } : {}),
      ...(typeof src["severity"] === "string" ? { severity: src["severity"] } : {}),
      ...(typeof src["category"] === "string" ? { category: src["category"] } : {}),
    });
  }
  return out;
}

/** Reads a list answer `{results, nextPage}`. Throws a `transient` error for any other shape. */
export function decodePage<T>(spec: BillCallSpec, body: unknown): { results: T[]; nextPage: string | undefined } {
  if (body === null || typeof body !== "object" || !Array.isArray((body as Record<string, unknown>)["results"])) {
    throw new BillError("transient", `BILL answered ${describeCall(spec)} without a results array`, { request: describeCall(spec), idempotent: true });
  }
  const rec = body as Record<string, unknown>;
  const next = rec["nextPage"];
  return { results: rec["results"] as T[], nextPage: typeof next === "string" && next !== "" ? next : undefined };
}
