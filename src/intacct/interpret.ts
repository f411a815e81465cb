/**
 * `interpret`: pure step after `decode`. Turns an HTTP exchange into either a thrown
 * control/authentication/transport error (nothing ran, or we cannot tell) or one outcome per
 * function result.
 */
import type { SecretRegistry } from "../domain/redact.js";
import {
  authenticationError,
  controlError,
  functionError,
  httpStatusError,
  type IntacctError,
  type IntacctFunctionError,
  IntacctTransportError,
} from "./errors.js";
import type { HttpExchange } from "./transport.js";
import { decodeResponse, type IntacctRecord, type IntacctResponse, type ResponseAuthentication, type ResponseResult, type ResultData, XmlCodecError } from "./xml/index.js";

/** A successful function result with its data's paging attributes parsed. */
export interface FunctionResult {
  readonly status: "success";
  readonly function: string;
  readonly controlId: string;
  /** Legacy functions' `<key>` (e.g. the new RECORDNO of `create_bill`). */
  readonly key?: string;
  /** Legacy `get_list` `<listtype>`. */
  readonly listType?: ResponseResult["listType"];
  readonly data?: ResultData;
  /** The `<data>` children as records (empty when there is no data). */
  readonly records: readonly IntacctRecord[];
  /** `count` attribute (records in this page). */
  readonly count: number;
  readonly totalCount?: number;
  readonly numRemaining?: number;
  readonly offset?: number;
  /** readByQuery/readMore result set id (empty/undefined when nothing remains). */
  readonly resultId?: string;
  /**
   * True when the gateway answered "A successful transaction has already been recorded with the
   * control id …" and the records come from the caller's reconcile lookup.
   */
  readonly reconciled?: boolean;
}

/** One function's outcome: a result, or its function-level error. */
export type FunctionOutcome = { readonly ok: true; readonly result: FunctionResult } | { readonly ok: false; readonly error: IntacctError };

/** What {@link interpretExchange} returns on a successful envelope. */
export interface InterpretedResponse {
  readonly authentication: ResponseAuthentication;
  /** Outcomes keyed by function control id. */
  readonly outcomes: ReadonlyMap<string, FunctionOutcome>;
}

function num(v: string | undefined): number | undefined {
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Converts a success `<result>` into a {@link FunctionResult}. */
export function toFunctionResult(r: ResponseResult): FunctionResult {
  const attrs = r.data?.attrs ?? {};
  const records = r.data?.records.map((x) => x.record) ?? [];
  const out: { -readonly [K in keyof FunctionResult]?: FunctionResult[K] } = {
    status: "success",
    function: r.function,
    controlId: r.controlId,
    records,
    count: num(attrs["count"]) ?? records.length,
  };
  if (r.key !== undefined) out.key = r.key;
  if (r.listType !== undefined) out.listType = r.listType;
  if (r.data !== undefined) out.data = r.data;
  const totalCount = num(attrs["totalcount"]);
  if (totalCount !== undefined) out.totalCount = totalCount;
  const numRemaining = num(attrs["numremaining"]);
  if (numRemaining !== undefined) out.numRemaining = numRemaining;
  const offset = num(attrs["offset"]);
  if (offset !== undefined) out.offset = offset;
  const resultId = attrs["resultId"];
  if (resultId !== undefined && resultId !== "") out.resultId = resultId;
  return out as FunctionResult;
}

function looksLikeXml(ex: HttpExchange): boolean {
  if (/xml/i.test(ex.contentType)) return true;
  const head = ex.body.trimStart().slice(0, 20);
  return head.startsWith("<?xml") || head.startsWith("<response");
}

/** Context for {@link interpretExchange}. */
export interface InterpretContext {
  readonly secrets: SecretRegistry;
  readonly requestControlId: string;
  readonly isWrite: boolean;
  /** Parsed Retry-After in ms. */
  readonly retryAfterMs: number | undefined;
}

/**
 * Decodes and interprets one HTTP exchange.
 *
 * @throws IntacctControlError, IntacctAuthenticationError or IntacctTransportError.
 */
export function interpretExchange(ex: HttpExchange, ctx: InterpretContext): InterpretedResponse {
  const base = { secrets: ctx.secrets, requestControlId: ctx.requestControlId, httpStatus: ex.status, ...retryAfter(ctx) };
  const ok = ex.status >= 200 && ex.status < 300;
  let decoded: IntacctResponse | undefined;
  if (ok || looksLikeXml(ex)) {
    try {
      decoded = decodeResponse(ex.body);
    } catch (e) {
      if (!(e instanceof XmlCodecError)) throw e;
      if (!ok) throw httpStatusError(ex.status, ctx.isWrite, { ...base, bodySnippet: ex.body, cause: e });
      // A 2xx that is not an Intacct envelope (a CDN or proxy page): we cannot tell whether a write ran.
      throw new IntacctTransportError("MALFORMED_RESPONSE", `Intacct answered HTTP ${ex.status} with a body that is not a response envelope: ${e.message}`, {
        ...base,
        cause: e,
        category: ctx.isWrite ? "uncertain_outcome" : "transient",
        level: "http",
        uncertain: ctx.isWrite,
      });
    }
  }
  if (decoded === undefined) throw httpStatusError(ex.status, ctx.isWrite, { ...base, bodySnippet: ex.body });

  if (decoded.control.status !== "success") {
    throw controlError(decoded.errors ?? [], base);
  }
  const op = decoded.operation;
  if (op === undefined) {
    // 5xx with a success control and no operation: treat as the HTTP failure it is.
    if (!ok) throw httpStatusError(ex.status, ctx.isWrite, base);
    throw new IntacctTransportError("MALFORMED_RESPONSE", "Intacct response has no <operation> element", {
      ...base,
      category: ctx.isWrite ? "uncertain_outcome" : "protocol",
      level: "http",
      uncertain: ctx.isWrite,
    });
  }
  if (op.authentication.status !== "success") throw authenticationError(op.errors ?? [], base);

  const outcomes = new Map<string, FunctionOutcome>();
  for (const r of op.results) {
    if (r.status === "success") outcomes.set(r.controlId, { ok: true, result: toFunctionResult(r) });
    else outcomes.set(r.controlId, { ok: false, error: functionError({ status: r.status, function: r.function, controlId: r.controlId, errors: r.errors ?? [] }, base) });
  }
  return { authentication: op.authentication, outcomes };
}

function retryAfter(ctx: InterpretContext): { readonly retryAfterMs?: number } {
  return ctx.retryAfterMs === undefined ? {} : { retryAfterMs: ctx.retryAfterMs };
}

export type { IntacctFunctionError };
