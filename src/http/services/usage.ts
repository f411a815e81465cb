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

/**
 * Usage of the companies of the accounts `user` may see, newest month first, from the usage meter
 * the runners fill (`store.usage`: every sync and doctor run of any account on the company,
 * visible or not, since the budget is the company's).
 */
export async function apiUsage(deps: HttpDeps, user: AuthUser, options: { readonly month?: string } = {}): Promise<UsageRow[]> {
  const companies = new Map<string, { companyId: string; accountIds: string[] }>();
  for (const a of await visibleAccounts(deps, user)) {
    const key = a.companyId.trim().toLowerCase();
    const entry = companies.get(key) ?? { companyId: a.companyId.trim(), accountIds: [] };
    entry.accountIds.push(a.id);
    companies.set(key, entry);
  }
  const budget = deps.settings.monthlyApiBudget;
  const rows: UsageRow[] = [];
  for (const u of await deps.store.usage.list(options.month === undefined ? {} : { month: options.month })) {
    const company = companies.get(u.companyId);
    if (company === undefined) continue;
    rows.push({ companyId: company.companyId, month: u.month, calls: u.calls, runs: u.runs, budget, share: budget > 0 ? u.calls / budget : 0, accountIds: company.accountIds });
  }
  return rows;
}
