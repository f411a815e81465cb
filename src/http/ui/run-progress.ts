/**
 * Live progress of a sync run as the web UI shows it (pure): folds the queue's run events into
 * one small view (phase, percent, a sentence) that the status page's server-sent events carry,
 * so the page's script only copies text and a number into the page.
 */
import type { RunEvent } from "../../queue/port.js";
import { describeCounts } from "../../sync/run-summary.js";
import { objectLabel } from "./run-text.js";

/** What the status page shows of a run in progress. */
export interface RunProgressView {
  readonly runId: string;
  readonly phase: "queued" | "reading" | "planned" | "applying" | "finished" | "failed";
  /** 0–100, whole numbers. */
  readonly percent: number;
  /** One sentence, e.g. `Reading vendor from Intacct: 120 rows`. */
  readonly text: string;
  /** Final status once the run ended. */
  readonly status?: "succeeded" | "failed";
}

/** Share of the bar each phase fills: reading up to 45 %, planning 50 %, applying up to 99 %. */
const READ_SHARE = 45;
const PLANNED_AT = 50;
const APPLY_SHARE = 49;

/**
 * Folds run events into a {@link RunProgressView}. One tracker per watched account; a new
 * `run-queued` or `run-started` starts over.
 *
 * @example
 * const t = createRunProgressTracker();
 * const view = t.next({ type: "run-queued", runId: "r1", accountId: "a", reason: "manual" }); // { phase: "queued", percent: 0, ... }
 */
export function createRunProgressTracker(): { next(event: RunEvent): RunProgressView } {
  let runId = "";
  let reads = 0;
  const readDone = new Set<string>();
  let planned = 0;
  let last = 0;
  let lastText = "";
  let lastRun = "";
  const applied = new Map<string, number>();

  const reset = (id: string): void => {
    runId = id;
    reads = 0;
    readDone.clear();
    planned = 0;
    applied.clear();
  };

  return {
    next(event: RunEvent): RunProgressView {
      const view = viewOf(event);
      last = view.percent;
      lastText = view.text;
      lastRun = view.runId;
      return view;
    },
  };

  function viewOf(event: RunEvent): RunProgressView {
    switch (event.type) {
      case "run-queued":
        reset(event.runId);
        return {
          runId,
          phase: "queued",
          percent: 0,
          text: "Sync queued: it starts as soon as the account's previous run ends.",
        };
      case "run-started":
        reset(event.runId);
        // Each object is read from both sides at most.
        reads = Math.max(1, event.objects.length * 2);
        return {
          runId,
          phase: "reading",
          percent: 1,
          text: `Sync started: reading ${event.objects.length} kinds of records from both sides.`,
        };
      case "read-progress": {
        if (event.done) readDone.add(`${event.side}:${event.object}`);
        const percent = Math.min(READ_SHARE, Math.round((readDone.size / Math.max(1, reads)) * READ_SHARE));
        return {
          runId: event.runId,
          phase: "reading",
          percent: Math.max(1, percent),
          text: `Reading ${objectLabel(event.object)} from ${event.side === "intacct" ? "Intacct" : "BILL"}: ${event.rows} rows${event.done ? " (done)" : ""}`,
        };
      }
      case "planned":
        planned = event.operations;
        return {
          runId: event.runId,
          phase: "planned",
          percent: PLANNED_AT,
          text: `Planned ${event.operations} operations: ${describeCounts(event.counts.total)}.`,
        };
      case "apply-progress": {
        applied.set(event.object, event.done);
        const done = [...applied.values()].reduce((a, b) => a + b, 0);
        const share = planned > 0 ? Math.min(1, done / planned) : 1;
        return {
          runId: event.runId,
          phase: "applying",
          percent: PLANNED_AT + Math.round(share * APPLY_SHARE),
          text: `Writing ${objectLabel(event.object)}: ${event.done} of ${event.total}`,
        };
      }
      case "operation-failed":
        return {
          runId: event.runId,
          phase: "applying",
          percent: last,
          text: `A ${objectLabel(event.object)} record failed (${event.code}); the run goes on.`,
        };
      case "run-finished":
        // Not final yet for the page: the run leaves the queue with `run-done`.
        return {
          runId: event.runId,
          phase: event.status === "succeeded" ? "finished" : "failed",
          percent: 100,
          text: `Sync ${event.status}: ${describeCounts(event.stats.counts.total)}.`,
        };
      case "run-error":
        return { runId: event.runId, phase: "failed", percent: 100, text: `Sync failed (${event.code}): ${event.message}` };
      case "run-done":
        return {
          runId: event.runId,
          phase: event.status === "succeeded" ? "finished" : "failed",
          percent: 100,
          status: event.status,
          text: lastText !== "" && lastRun === event.runId && last === 100 ? lastText : `${event.kind === "doctor" ? "Doctor" : "Sync"} ${event.status}.`,
        };
    }
  }
}
