/**
 * `intacct-sync sync --account ID [--dry-run] [--objects a,b] [--json]`: one sync run of a stored
 * account (pull → plan → apply, or resume a stopped run's plan). Progress bars on a TTY, then a
 * summary table; `--json` prints one JSON object. Exit 0 ok, 1 failed records, 2 usage/config.
 *
 * Clients come from the account connector: the account's stored Login Info and BILL sign-in (the
 * organization is the account's `platformOrgId`), BILL's gateway from `BILL_BASE_URL`. DEPRECATED:
 * an account with no stored BILL sign-in falls back to `BILL_USERNAME`, `BILL_PASSWORD` and
 * `BILL_DEV_KEY`, with a warning.
 */
import cliProgress from "cli-progress";
import { Command } from "commander";

import { ConfigError } from "../../domain/errors.js";
import { runSync, isSyncObject, type SyncSummary } from "../../sync/apply/run-sync.js";
import type { SyncObject } from "../../sync/model/objects.js";
import { describeCounts, type ProgressEvent } from "../../sync/run-summary.js";
import { EXIT } from "../exit-codes.js";
import { addStoreOptions, type CliIo, configFrom, formatTable, openAccounts, processIo } from "./cli-context.js";
import { connectorFrom } from "./connector-context.js";

interface SyncFlags {
  readonly config?: string;
  readonly databaseUrl?: string;
  readonly account?: string;
  readonly dryRun?: boolean;
  readonly objects?: string;
  readonly json?: boolean;
}

/** Progress bars (one per object being applied) on stderr. */
export function createProgressRenderer(): { onEvent(e: ProgressEvent): void; stop(): void } {
  const multi = new cliProgress.MultiBar({ clearOnComplete: false, hideCursor: true, format: " {object} |{bar}| {value}/{total} {phase}", stream: process.stderr }, cliProgress.Presets.shades_classic);
  const bars = new Map<string, cliProgress.SingleBar>();
  const bar = (key: string, total: number, phase: string): cliProgress.SingleBar => {
    let b = bars.get(key);
    if (b === undefined) {
      b = multi.create(total, 0, { object: key.padEnd(22), phase });
      bars.set(key, b);
    }
    return b;
  };
  return {
    onEvent(e) {
      if (e.type === "read-progress") bar(`read ${e.object}/${e.side}`, Math.max(e.rows, 1), "rows").update(e.rows, { phase: e.done ? "rows read" : "rows" });
      if (e.type === "read-progress" && e.done) bar(`read ${e.object}/${e.side}`, 1, "").setTotal(Math.max(e.rows, 1));
      if (e.type === "apply-progress") {
        const b = bar(`apply ${e.object}`, e.total, "operations");
        b.setTotal(e.total);
        b.update(e.done);
      }
    },
    stop() {
      multi.stop();
    },
  };
}

/** The summary table of a run: one row per object, counts per kind, then totals and API calls. */
export function summaryTable(s: SyncSummary): string {
  const rows: string[][] = [];
  for (const object of s.objects) {
    const per = s.counts.byObject[object];
    const sum = (k: "create" | "update" | "delete" | "link" | "skip" | "hold" | "error", side: "platform" | "intacct" | "none"): number => per?.[side][k] ?? 0;
    const kinds = ["create", "update", "delete", "link", "skip", "hold", "error"] as const;
    const toI = kinds.map((k) => sum(k, "intacct"));
    const toP = kinds.map((k) => sum(k, "platform"));
    const none = kinds.map((k) => sum(k, "none"));
    rows.push([object, `${toI[0]}/${toI[1]}/${toI[2]}`, `${toP[0]}/${toP[1]}/${toP[2]}`, String(none[3]), String(sum("error", "intacct") + sum("error", "platform") + sum("error", "none"))]);
  }
  for (const object of s.notImplemented) rows.push([object, "not implemented", "not implemented", "-", "-"]);
  const table = formatTable(["object", "to Intacct (new/upd/del)", "to BILL (new/upd/del)", "linked", "errors"], rows);
  const calls = `API calls: Intacct ${s.stats.intacct.calls} (${s.stats.intacct.writes} writes), BILL ${s.stats.platform.calls} (${s.stats.platform.writes} writes)`;
  const errors = s.errors.slice(0, 20).map((e) => `  ${e.object} ${e.recordId}: ${e.code} ${e.message}`).join("\n");
  return `${table}Total: ${describeCounts(s.counts.total)}${s.resumed ? " (resumed a stopped run)" : ""}\n${calls}\n${errors === "" ? "" : `Errors:\n${errors}\n`}`;
}

/**
 * The `sync` command.
 *
 * @example
 * program.addCommand(syncCommand());
 */
export function syncCommand(io: CliIo = processIo()): Command {
  return addStoreOptions(new Command("sync"))
    .description("Sync one account: pull what changed on both sides, plan, write (or --dry-run to print the plan)")
    .requiredOption("--account <id>", "the account to sync (see `intacct-sync accounts list`)")
    .option("--dry-run", "print the plan; write nothing")
    .option("--objects <list>", "comma-separated objects, e.g. vendor,bill (default: all)")
    .option("--json", "print one JSON object (the run summary)")
    .action(async (flags: SyncFlags) => {
      const objects = parseObjects(flags.objects);
      const config = configFrom(io, flags);
      if (config.intacct.senderId === undefined || config.intacct.senderPassword === undefined) throw new ConfigError("USAGE", "Set INTACCT_SENDER_ID and INTACCT_SENDER_PASSWORD (the deployment's Web Services sender).");
      const ctx = await openAccounts(config);
      const connector = connectorFrom(io, config, ctx.accounts);
      try {
        const account = await ctx.store.accounts.get(flags.account ?? "");
        if (account === undefined) throw new ConfigError("USAGE", `No account with id "${flags.account ?? ""}". List them with: intacct-sync accounts list`);
        const clients = await connector.open(account.id);
        const { intacct, bill } = clients;
        const progress = flags.json !== true && process.stderr.isTTY ? createProgressRenderer() : undefined;
        try {
          const summary = await runSync({ account, store: ctx.store, intacct, bill, dryRun: flags.dryRun === true, ...(objects === undefined ? {} : { objects }), onProgress: (e) => progress?.onEvent(e) });
          progress?.stop();
          io.out(flags.json === true ? `${JSON.stringify(summary)}\n` : summaryTable(summary));
          io.setExitCode(summary.errors.length === 0 && summary.status === "succeeded" ? EXIT.OK : EXIT.FAILED);
        } finally {
          progress?.stop();
          await clients.close();
        }
      } finally {
        await connector.close();
        await ctx.close();
      }
    });
}

function parseObjects(list: string | undefined): SyncObject[] | undefined {
  if (list === undefined) return undefined;
  const names = list.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const bad = names.filter((n) => !isSyncObject(n));
  if (bad.length > 0) throw new ConfigError("USAGE", `Unknown object(s): ${bad.join(", ")}.`);
  return names.filter(isSyncObject);
}
