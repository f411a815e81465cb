/**
 * Words for runs and per-record errors shared by the pages (pure): a run's counts in one line,
 * the fix actions' button labels in BILL's Sync Status wording, times for people.
 */
import type { RunRecord } from "../../store/port.js";
import type { KindCounts } from "../../sync/run-summary.js";
import { describeCounts } from "../../sync/run-summary.js";

const KINDS = ["create", "update", "delete", "link", "skip", "hold", "error"] as const;

/** The totals stored on a run (`stats.counts.total`), when the run recorded them. */
function runTotals(run: Pick<RunRecord, "stats">): KindCounts | undefined {
  const counts = run.stats["counts"];
  if (counts === null || typeof counts !== "object" || Array.isArray(counts)) return undefined;
  const total = (counts as { readonly [k: string]: unknown })["total"];
  if (total === null || typeof total !== "object" || Array.isArray(total)) return undefined;
  const t = total as { readonly [k: string]: unknown };
  const out: Record<(typeof KINDS)[number], number> = { create: 0, update: 0, delete: 0, link: 0, skip: 0, hold: 0, error: 0 };
  for (const k of KINDS) {
    const v = t[k];
    if (typeof v !== "number") return undefined;
    out[k] = v;
  }
  return out;
}

/** `12 created, 3 updated, …`, or `no counts recorded`. */
export function runCountsText(run: Pick<RunRecord, "stats">): string {
  const t = runTotals(run);
  return t === undefined ? "no counts recorded" : describeCounts(t);
}

/** The failure message stored on a failed run, if any. */
export function runErrorText(run: Pick<RunRecord, "error">): string | undefined {
  const e = run.error;
  if (e === undefined) return undefined;
  const message = e["message"];
  const code = e["code"];
  if (typeof message !== "string") return typeof code === "string" ? code : undefined;
  return typeof code === "string" ? `${code}: ${message}` : message;
}

/** Button label of a fix action (BILL's Sync Status "Fix" choices). */
export function fixActionLabel(action: string): string {
  switch (action) {
    case "retry":
      return "Retry";
    case "skip-change":
      return "Don't sync this change";
    case "fixed-in-intacct":
      return "I fixed it in Intacct";
    default:
      return action;
  }
}

/** `2026-11-26 04:30 UTC` from an ISO time (the service runs in UTC; people read minutes). */
export function formatTime(iso: string | undefined): string {
  if (iso === undefined || iso === "") return "—";
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?/.exec(iso);
  return m === null ? iso : `${m[1]} ${m[2]}${m[3] ?? ""} UTC`;
}

/** An object's name for people: `paymentTerm` → `payment term`, `glAccount` → `GL account`. */
export function objectLabel(object: string): string {
  if (object === "glAccount") return "GL account";
  if (object === "booksClosed") return "books-closed date";
  return object.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

/** A run id short enough for a table (UUIDs: the first 8 characters). */
export function shortRunId(id: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(id) ? id.slice(0, 8) : id;
}
