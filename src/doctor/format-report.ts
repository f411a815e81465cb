/** Text rendering of a {@link DoctorReport}: a table, then the fixes of what failed or warned. */
import type { CheckStatus, DoctorReport } from "./check.js";

const MARK: Readonly<Record<CheckStatus, string>> = { pass: "PASS", warn: "WARN", fail: "FAIL", skipped: "SKIP" };

/** Formats the report for a terminal (plain text, no colours, fits a pipe). */
export function formatReport(report: DoctorReport): string {
  const t = report.target;
  const lines: string[] = [
    `Doctor for company "${t.companyId}", user ${t.userId}, ${t.entityId === "" ? "top level" : `entity ${t.entityId}`}${t.accountId === undefined ? "" : ` (account ${t.accountId})`}`,
    "",
  ];
  const idWidth = Math.max(...report.checks.map((c) => c.id.length), 5);
  lines.push(`${"STATUS"}  ${"CHECK".padEnd(idWidth)}  MESSAGE`);
  for (const c of report.checks) lines.push(`${MARK[c.status].padEnd(6)}  ${c.id.padEnd(idWidth)}  ${c.message}`);
  const todo = report.checks.filter((c) => (c.status === "fail" || c.status === "warn") && c.fix !== undefined);
  if (todo.length > 0) {
    lines.push("", "How to fix:");
    for (const c of todo) lines.push(`  ${c.id}: ${c.fix ?? ""}`);
  }
  const counts = (s: CheckStatus): number => report.checks.filter((c) => c.status === s).length;
  lines.push("", `${report.ok ? "OK" : "FAILED"}: ${counts("pass")} passed, ${counts("warn")} warnings, ${counts("fail")} failed, ${counts("skipped")} skipped.`);
  return `${lines.join("\n")}\n`;
}
