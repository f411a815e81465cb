/**
 * Benchmark conventions (README "Benchmarks"): every benchmark measures ours and its baseline in
 * the same run, prints a human table, and prints as its LAST line one JSON object with at least
 * `name`, `ours_ms`, `baseline`, `baseline_ms` and `ratio` (baseline ÷ ours; above 1 = we are faster).
 */
import os from "node:os";

/** What a benchmark returns. Extra fields are allowed and reported. */
export interface BenchResult {
  readonly name: string;
  readonly ours_ms: number;
  readonly baseline: string;
  readonly baseline_ms: number;
  readonly ratio: number;
  readonly [extra: string]: unknown;
}

/** A benchmark module's default export. */
export type Bench = () => Promise<BenchResult[]>;

/** Times `fn` after `warmup` runs; returns the mean of `runs` in milliseconds. */
export async function timeIt(fn: () => unknown, options: { readonly runs?: number; readonly warmup?: number } = {}): Promise<number> {
  const runs = options.runs ?? 20;
  const warmup = options.warmup ?? 3;
  for (let i = 0; i < warmup; i++) await fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / runs;
}

/** One line describing this machine, for docs/benchmarks.md. */
export function describeMachine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node.js ${process.version}, ${os.platform()} ${os.arch()}`;
}

/** Rounds to 2 decimals for reporting. */
export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
