/**
 * Dry-run rendering: a plan as a human table and as JSON (`intacct-sync sync --dry-run [--json]`).
 */
import { displayName } from "./model/canonical.js";
import type { Operation } from "./operation.js";
import { countOperations, describeCounts } from "./run-summary.js";

/** The JSON shape of one operation in `--dry-run --json` output (stable; scripts read it). */
export interface OperationJson {
  readonly id: string;
  readonly object: string;
  readonly kind: string;
  readonly source: string;
  readonly target: string;
  readonly platformId: string | null;
  readonly intacctKey: string | null;
  readonly intacctId: string | null;
  readonly entityId: string;
  readonly name: string | null;
  readonly reason: string;
  readonly notes: readonly string[];
  readonly dependsOn: readonly string[];
  readonly error: { readonly class: string; readonly code: string; readonly message: string; readonly fixActions: readonly string[] } | null;
}

/** One operation as JSON. */
export function operationToJson(op: Operation): OperationJson {
  const record = op.platformRecord ?? op.intacctRecord;
  return {
    id: op.id, object: op.object, kind: op.kind, source: op.source, target: op.target,
    platformId: op.platformId ?? null, intacctKey: op.intacctKey ?? null, intacctId: op.intacctId ?? null, entityId: op.entityId,
    name: record === undefined ? null : displayName(record), reason: op.reason, notes: op.notes, dependsOn: op.dependsOn,
    error: op.error === undefined ? null : { class: op.error.class, code: op.error.code, message: op.error.message, fixActions: op.error.fixActions },
  };
}

/** The whole plan as JSON: operations and totals. */
export function renderPlanJson(operations: readonly Operation[]): { readonly operations: readonly OperationJson[]; readonly totals: Readonly<Record<string, number>> } {
  return { operations: operations.map(operationToJson), totals: { ...countOperations(operations).total } };
}

function cell(text: string, width: number): string {
  const t = text.length > width ? `${text.slice(0, width - 1)}…` : text;
  return t.padEnd(width);
}

/**
 * The plan as a fixed-width table followed by a totals line.
 *
 * @example
 * console.log(renderPlanTable(plan.operations));
 * // OBJECT       KIND    DIRECTION           RECORD                          REASON
 * // vendor       create  platform → intacct  Acme Paper (009ACME)            new on the platform: create in Intacct
 */
export function renderPlanTable(operations: readonly Operation[]): string {
  const header = `${cell("OBJECT", 16)} ${cell("KIND", 7)} ${cell("DIRECTION", 20)} ${cell("RECORD", 34)} REASON`;
  const rows = operations.map((op) => {
    const record = op.platformRecord ?? op.intacctRecord;
    const id = op.platformId ?? (op.intacctId ?? op.intacctKey ?? "");
    const name = record === undefined ? id : `${displayName(record)} (${id})`;
    const direction = op.target === "none" ? `${op.source} (no write)` : `${op.source} → ${op.target}`;
    const why = op.error !== undefined ? `${op.error.code}: ${op.error.message} [fix: ${op.error.fixActions.join(", ")}]` : op.reason;
    const notes = op.notes.length === 0 ? "" : `\n${" ".repeat(81)}note: ${op.notes.join("; ")}`;
    return `${cell(op.object, 16)} ${cell(op.kind, 7)} ${cell(direction, 20)} ${cell(name, 34)} ${why}${notes}`;
  });
  const totals = `Plan: ${operations.length} operation(s): ${describeCounts(countOperations(operations).total)}.`;
  return operations.length === 0 ? `Nothing to sync.\n${totals}\n` : `${[header, ...rows].join("\n")}\n${totals}\n`;
}
