/**
 * Paging as async iterators with one-page prefetch: while the caller consumes page n, page n+1 is
 * already in flight. At most two pages are alive at once (the one being consumed and the one
 * being fetched); nothing accumulates, so memory stays flat on any size of pull.
 *
 * - `query` pages by `offset` (each call is a fresh query, §4.8) until `numremaining` is 0.
 * - `readByQuery` pages by `readMore <resultId>` (§4.7) until `numremaining` is 0.
 */
import { query, type QuerySpec } from "./functions/query.js";
import { readByQuery, type ReadByQueryOptions, readMore } from "./functions/generic.js";
import type { IntacctFunction } from "./functions/types.js";
import type { FunctionResult } from "./interpret.js";
import type { IntacctRecord } from "./xml/index.js";

/** Runs one function and returns its result (throws on failure). */
export type ExecuteOne = (fn: IntacctFunction, signal: AbortSignal) => Promise<FunctionResult>;

/** Options of the pagers. */
export interface PagingOptions {
  /** Stops paging (and the prefetch in flight). @default undefined */
  readonly signal?: AbortSignal;
}

async function* prefetching(
  execute: ExecuteOne,
  first: IntacctFunction,
  next: (page: FunctionResult) => IntacctFunction | undefined,
  options: PagingOptions,
): AsyncGenerator<FunctionResult, void, undefined> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted === true) controller.abort(options.signal.reason);
  let inFlight: Promise<FunctionResult> | undefined = execute(first, controller.signal);
  try {
    while (inFlight !== undefined) {
      const page: FunctionResult = await inFlight;
      inFlight = undefined;
      const fn = next(page);
      if (fn !== undefined) {
        inFlight = execute(fn, controller.signal);
        // If the consumer stops early the prefetch is aborted; its rejection must not go unhandled.
        inFlight.catch(() => undefined);
      }
      yield page;
    }
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    if (inFlight !== undefined) controller.abort(new Error("paging stopped by the consumer"));
  }
}

function hasMore(page: FunctionResult): boolean {
  return (page.numRemaining ?? 0) > 0 && page.records.length > 0;
}

/**
 * Pages of a `query`, by offset.
 *
 * @example
 * for await (const page of queryPages(exec, { object: "VENDOR", select: ["RECORDNO"] })) handle(page.records);
 */
export function queryPages(execute: ExecuteOne, spec: QuerySpec, options: PagingOptions = {}): AsyncGenerator<FunctionResult, void, undefined> {
  let offset = spec.offset ?? 0;
  return prefetching(
    execute,
    query({ ...spec, offset }),
    (page) => {
      offset += page.records.length;
      return hasMore(page) ? query({ ...spec, offset }) : undefined;
    },
    options,
  );
}

/** Pages of a `readByQuery`, continued with `readMore <resultId>`. */
export function readByQueryPages(
  execute: ExecuteOne,
  object: string,
  spec: ReadByQueryOptions = {},
  options: PagingOptions = {},
): AsyncGenerator<FunctionResult, void, undefined> {
  return prefetching(
    execute,
    readByQuery(object, spec),
    (page) => (hasMore(page) && page.resultId !== undefined ? readMore({ resultId: page.resultId }) : undefined),
    options,
  );
}

/** Flattens pages into records (still one page of prefetch, constant memory). */
export async function* recordsOf(pages: AsyncIterable<FunctionResult>): AsyncGenerator<IntacctRecord, void, undefined> {
  for await (const page of pages) yield* page.records;
}
