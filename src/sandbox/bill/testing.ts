/**
 * Test helpers for code that talks to the BILL sandbox: start one on port 0, call its admin API,
 * read its demo logins. Nothing here is used in production paths.
 */
import type { BillDemoLogin } from "./demo-seed.js";
import { type BillSandbox, type BillSandboxOptions, createBillSandbox } from "./server.js";

/** Calls the sandbox's admin API (`path` below `/admin`) and returns the JSON answer; throws on non-2xx. */
export async function billAdmin<T = Record<string, unknown>>(sb: BillSandbox, path: string, body?: unknown, method?: string): Promise<T> {
  const res = await fetch(`${sb.adminUrl}${path}`, { method: method ?? (body === undefined ? "GET" : "POST"), headers: { "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`admin ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Starts a sandbox with the demo seed (unless `options.seed` says otherwise). */
export function startBillSandbox(options: BillSandboxOptions = {}): Promise<BillSandbox> {
  return createBillSandbox({ seed: "demo", ...options });
}

/** The demo login of organization `i` (0 = EAST, 1 = WEST). */
export function demoLogin(sb: BillSandbox, i = 0): BillDemoLogin {
  const l = sb.logins[i];
  if (l === undefined) throw new Error("demo seed not loaded");
  return l;
}

/** Collects an async iterable. */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Runs `fn` and returns what it threw (fails when nothing was thrown). */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a failure");
}
