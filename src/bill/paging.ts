/**
 * Paging as async iterators. While the caller consumes page N, page N+1 is already on its way
 * (one request of prefetch), and at most two pages are held: memory stays flat on any size of list.
 */
import { BillError } from "./errors.js";
import type { Page } from "./query.js";

/**
 * Iterates pages from `fetchPage` (called with `undefined` for the first page, then each
 * `nextPage` token), prefetching the next page. An empty page with a token means "continue"
 * (BILL does that); a token that repeats ends with an error instead of looping forever.
 */
export async function* iteratePages<T>(fetchPage: (token: string | undefined) => Promise<Page<T>>): AsyncGenerator<Page<T>, void, undefined> {
  let current: Promise<Page<T>> = fetchPage(undefined);
  let previousToken: string | undefined;
  for (;;) {
    const page = await current;
    let next: Promise<Page<T>> | undefined;
    if (page.nextPage !== undefined) {
      if (page.nextPage === previousToken) throw new BillError("transient", `BILL repeated page token ${page.nextPage}; stopping to avoid a loop`, { idempotent: true });
      previousToken = page.nextPage;
      next = fetchPage(page.nextPage);
      // Handled later by `await current`; this keeps an early `break` from leaving an unhandled rejection.
      next.catch(() => undefined);
    }
    yield page;
    if (next === undefined) return;
    current = next;
  }
}

/** Flattens {@link iteratePages} into records. */
export async function* iterateRecords<T>(fetchPage: (token: string | undefined) => Promise<Page<T>>): AsyncGenerator<T, void, undefined> {
  for await (const page of iteratePages(fetchPage)) yield* page.results;
}
