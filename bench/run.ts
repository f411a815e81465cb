/**
 * `npm run bench -- NAME [NAME…]` runs bench/NAME.bench.ts (all when no name), prints each
 * result, rewrites that benchmark's section of docs/benchmarks.md, and prints the JSON line last.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { type Bench, type BenchResult, describeMachine } from "./harness.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const docPath = path.join(here, "..", "docs", "benchmarks.md");

async function runOne(name: string): Promise<BenchResult[]> {
  const file = path.join(here, `${name}.bench.ts`);
  if (!existsSync(file)) throw new Error(`No benchmark named "${name}" (expected ${file}).`);
  const mod = (await import(pathToFileURL(file).href)) as { default: Bench };
  return mod.default();
}

function writeSection(name: string, results: readonly BenchResult[]): void {
  const header = "# Benchmarks\n\nProduced by `npm run bench -- NAME`; each section is rewritten by its benchmark.\nRatios are baseline ÷ ours, measured side by side in one run (above 1 = intacct-sync is faster).\n";
  const old = existsSync(docPath) ? readFileSync(docPath, "utf8") : header;
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const rows = results.map((r) => {
    const extras = Object.entries(r).filter(([k]) => !["name", "ours_ms", "baseline", "baseline_ms", "ratio"].includes(k));
    return `| ${r.name} | ${r.ours_ms} | ${r.baseline} | ${r.baseline_ms} | **${r.ratio}** | ${extras.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ")} |`;
  });
  const section = [
    start,
    `## ${name}`,
    "",
    `Command: \`npm run bench -- ${name}\` · run ${new Date().toISOString()} · machine: ${describeMachine()}`,
    "",
    "| case | ours (ms) | baseline | baseline (ms) | ratio | details |",
    "|---|---|---|---|---|---|",
    ...rows,
    end,
  ].join("\n");
  const i = old.indexOf(start);
  const j = old.indexOf(end);
  const next = i >= 0 && j > i ? old.slice(0, i) + section + old.slice(j + end.length) : `${old.trimEnd()}\n\n${section}\n`;
  writeFileSync(docPath, next);
}

const requested = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const names = requested.length > 0 ? requested : readdirSync(here).filter((f) => f.endsWith(".bench.ts")).map((f) => f.replace(/\.bench\.ts$/, ""));
let last: BenchResult | undefined;
for (const name of names) {
  const results = await runOne(name);
  for (const r of results) console.log(`${r.name}: ours ${r.ours_ms} ms, ${r.baseline} ${r.baseline_ms} ms, ratio ${r.ratio}`);
  writeSection(name, results);
  last = results[results.length - 1];
  for (const r of results.slice(0, -1)) console.log(JSON.stringify(r));
}
if (last) console.log(JSON.stringify(last));
