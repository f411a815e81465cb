/**
 * `GET /api/v1/accounts/:accountId/events`: the account's run events as server-sent events
 * (WHATWG HTML §9.2). The access check runs before the stream opens, so an account the caller
 * may not see answers a JSON 404 like every other route.
 */
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";

import type { RunEvent } from "../../queue/port.js";
import type { HttpEnv } from "../context.js";
import { requireAccount } from "../services/access.js";

/** Interval of the keep-alive comment, milliseconds (proxies drop idle streams after 30-60 s). */
export const SSE_KEEPALIVE_MS = 15_000;

/** Streams the account's run events until the client goes away. */
export async function runEventsStream(c: Context<HttpEnv>, accountId: string): Promise<Response> {
  const { deps, user } = c.var;
  await requireAccount(deps, user, accountId);
  const activeRunId = await deps.runner.activeRun(accountId);
  return streamSSE(c, async (stream) => {
    const pending: RunEvent[] = [];
    let wake: (() => void) | undefined;
    const unsubscribe = deps.runner.subscribe(accountId, (event) => {
      pending.push(event);
      wake?.();
    });
    let closed = false;
    stream.onAbort(() => {
      closed = true;
      wake?.();
    });
    try {
      await stream.writeSSE({ event: "hello", data: JSON.stringify({ accountId, activeRunId: activeRunId ?? null }) });
      while (!closed && !stream.aborted && !stream.closed) {
        const event = pending.shift();
        if (event !== undefined) {
          await stream.writeSSE({ event: event.type, data: JSON.stringify(event) });
          continue;
        }
        let timer: NodeJS.Timeout | undefined;
        const timedOut = await new Promise<boolean>((resolve) => {
          wake = () => resolve(false);
          timer = setTimeout(() => resolve(true), SSE_KEEPALIVE_MS);
        });
        clearTimeout(timer);
        wake = undefined;
        if (timedOut && !closed) await stream.write(": keep-alive\n\n");
      }
    } finally {
      unsubscribe();
    }
  });
}
