/** The doctor's result types: a list of checks, each with a stable id, a status, evidence and a fix. */

/** Outcome of one check. `warn` does not fail the run; `skipped` says why it could not run. */
export type CheckStatus = "pass" | "warn" | "fail" | "skipped";

/** One check's result. */
export interface CheckResult {
  /** Stable id, e.g. `user.admin`, `permissions.accounts-payable`, `read.vendor` (README "The doctor"). */
  readonly id: string;
  /** Short title shown in the table. */
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found, in one or two sentences. */
  readonly message: string;
  /** Raw facts behind the verdict (field values, Intacct error numbers). Never secrets. */
  readonly evidence?: readonly string[];
  /** What to change, in the setup guide's words (menu path and setting). Present on warn/fail. */
  readonly fix?: string;
}

/** The whole report. */
export interface DoctorReport {
  /** True when no check failed. */
  readonly ok: boolean;
  /** Who was checked (no password). */
  readonly target: { readonly companyId: string; readonly userId: string; readonly entityId: string; readonly accountId?: string };
  readonly checks: readonly CheckResult[];
}

/** Builds results with less noise. */
export const check = {
  pass(id: string, title: string, message: string, evidence?: readonly string[]): CheckResult {
    return { id, title, status: "pass", message, ...(evidence === undefined ? {} : { evidence }) };
  },
  warn(id: string, title: string, message: string, fix: string, evidence?: readonly string[]): CheckResult {
    return { id, title, status: "warn", message, fix, ...(evidence === undefined ? {} : { evidence }) };
  },
  fail(id: string, title: string, message: string, fix: string, evidence?: readonly string[]): CheckResult {
    return { id, title, status: "fail", message, fix, ...(evidence === undefined ? {} : { evidence }) };
  },
  skipped(id: string, title: string, reason: string): CheckResult {
    return { id, title, status: "skipped", message: reason };
  },
};

/** True when nothing failed. */
export function reportOk(checks: readonly CheckResult[]): boolean {
  return checks.every((c) => c.status !== "fail");
}
