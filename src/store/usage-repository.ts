/**
 * The Intacct API usage meter: calls per Intacct company per month (PRODUCT.md "Scale-out";
 * `reference/intacct-xml-api.md` §7: Intacct meters API transactions per company per month and
 * bills overage). One ledger row per run attempt, so recording the same attempt twice counts once
 * (a single `INSERT … ON CONFLICT DO NOTHING`, atomic on both databases); `list` sums per company
 * and month.
 */
import type { SqlExecutor } from "./sql.js";

/** What one run (or doctor) attempt spent on Intacct. */
export interface UsageEntry {
  readonly runId: string;
  /** Attempt of the run (a resumed run records its second attempt separately). @default 1 */
  readonly attempt?: number;
  readonly accountId: string;
  /** Intacct Company ID; stored lower-cased so `ACME` and `acme` are one company. */
  readonly companyId: string;
  /** `sync`, `sync-dry-run` or `doctor`. */
  readonly kind: string;
  /** Intacct API requests sent. */
  readonly calls: number;
  /** Records written (Intacct bills each created/updated/deleted record once). */
  readonly writes: number;
  /** Time of the run; its UTC month is the bucket. */
  readonly at: string;
}

/** Usage of one Intacct company in one month. */
export interface UsageRecord {
  /** Lower-cased Intacct Company ID. */
  readonly companyId: string;
  /** `YYYY-MM` (UTC). */
  readonly month: string;
  readonly calls: number;
  readonly writes: number;
  /** Run attempts recorded. */
  readonly runs: number;
}

/** The usage meter. */
export interface UsageRepository {
  /** Adds an attempt's usage; false when that run attempt was recorded already. */
  record(entry: UsageEntry): Promise<boolean>;
  /** Usage per company and month, newest month first, then by company. */
  list(options?: { readonly month?: string; readonly companyId?: string }): Promise<UsageRecord[]>;
}

/** The UTC `YYYY-MM` of an ISO timestamp. */
function usageMonth(iso: string): string {
  return new Date(iso).toISOString().slice(0, 7);
}

/** The usage repository over one executor (a connection or a transaction). */
export function usageRepository(db: SqlExecutor, now: () => string): UsageRepository {
  return {
    async record(e) {
      const { changes } = await db.run(
        `INSERT INTO api_usage (run_id, attempt, account_id, company_id, month, kind, calls, writes, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, attempt) DO NOTHING`,
        [e.runId, e.attempt ?? 1, e.accountId, e.companyId.trim().toLowerCase(), usageMonth(e.at), e.kind, Math.max(0, Math.round(e.calls)), Math.max(0, Math.round(e.writes)), now()],
      );
      return changes > 0;
    },
    async list(options = {}) {
      const where: string[] = [];
      const params: string[] = [];
      if (options.month !== undefined) {
        where.push("month = ?");
        params.push(options.month);
      }
      if (options.companyId !== undefined) {
        where.push("company_id = ?");
        params.push(options.companyId.trim().toLowerCase());
      }
      const rows = await db.query<{ company_id: string; month: string; calls: number | string; writes: number | string; runs: number | string }>(
        `SELECT company_id, month, SUM(calls) AS calls, SUM(writes) AS writes, COUNT(*) AS runs FROM api_usage
         ${where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`} GROUP BY company_id, month ORDER BY month DESC, company_id`,
        params,
      );
      // PostgreSQL returns SUM/COUNT of integers as bigint text.
      return rows.map((r) => ({ companyId: r.company_id, month: r.month, calls: Number(r.calls), writes: Number(r.writes), runs: Number(r.runs) }));
    },
  };
}
