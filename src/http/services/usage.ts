/**
 * Intacct API usage per Intacct company per month, against the deployment's monthly budget.
 * Intacct meters API transactions per company, and several accounts (entities) can share one
 * company, so usage is summed per company, never per account.
 */
import type { AuthUser, HttpDeps } from "../context.js";
import { visibleAccounts } from "../auth/identity.js";

/** One company in one month. */
export interface UsageRow {
  /** Intacct Company ID as the first visible account spells it. */
  readonly companyId: string;
  /** `YYYY-MM`, UTC. */
  readonly month: string;
  readonly calls: number;
  readonly runs: number;
  readonly budget: number;
  /** `calls / budget`, 0–∞ (over 1 = over budget). */
  readonly share: number;
  /** Accounts of the company that the user may see. */
  readonly accountIds: readonly string[];
}

function callsOf(stats: unknown): number {
  if (typeof stats !== "object" || stats === null) return 0;
  const intacct = (stats as Record<string, unknown>)["intacct"];
  if (typeof intacct !== "object" || intacct === null) return 0;
  const calls = (intacct as Record<string, unknown>)["calls"];
  return typeof calls === "number" && Number.isFinite(calls) ? calls : 0;
}

/**
 * Usage of the companies of the accounts `user` may see, newest month first. Counted from the
 * runs' `stats.intacct.calls` (for every account of the company, visible or not: the budget is
 * the company's).
 */
export async function apiUsage(deps: HttpDeps, user: AuthUser, options: { readonly month?: string } = {}): Promise<UsageRow[]> {
  const visible = await visibleAccounts(deps, user);
  const companies = new Map<string, { companyId: string; accountIds: string[] }>();
  for (const a of visible) {
    const key = a.companyId.trim().toLowerCase();
    const entry = companies.get(key) ?? { companyId: a.companyId.trim(), accountIds: [] };
    entry.accountIds.push(a.id);
    companies.set(key, entry);
  }
  const totals = new Map<string, { calls: number; runs: number }>();
  for (const account of await deps.store.accounts.list()) {
    const key = account.companyId.trim().toLowerCase();
    if (!companies.has(key)) continue;
    for (const run of await deps.store.runs.list(account.id, { limit: 10_000 })) {
      const month = run.startedAt.slice(0, 7);
      if (options.month !== undefined && month !== options.month) continue;
      const t = totals.get(`${key}\n${month}`) ?? { calls: 0, runs: 0 };
      t.calls += callsOf(run.stats);
      t.runs += 1;
      totals.set(`${key}\n${month}`, t);
    }
  }
  const budget = deps.settings.monthlyApiBudget;
  const rows: UsageRow[] = [];
  for (const [k, t] of totals) {
    const [key = "", month = ""] = k.split("\n");
    const company = companies.get(key);
    if (company === undefined) continue;
    rows.push({ companyId: company.companyId, month, calls: t.calls, runs: t.runs, budget, share: budget > 0 ? t.calls / budget : 0, accountIds: company.accountIds });
  }
  return rows.sort((a, b) => (a.month === b.month ? a.companyId.localeCompare(b.companyId) : b.month.localeCompare(a.month)));
}
