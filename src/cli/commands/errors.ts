/**
 * `intacct-sync errors list --account ID [--status S] [--json]` and
 * `intacct-sync errors fix ID --action retry|skip-change|fixed-in-intacct [--intacct-key K] [--platform-id P] [--json]`:
 * the per-record errors of an account and their fix actions. `skip-change` and `fixed-in-intacct`
 * read the record on both sides, so they sign in through the account connector (sender from
 * `INTACCT_SENDER_*`, BILL's gateway from `BILL_BASE_URL`).
 */
import { Command } from "commander";

import { ConfigError } from "../../domain/errors.js";
import type { RecordErrorRecord } from "../../store/port.js";
import { applyFixAction, FIX_ACTIONS, isFixAction } from "../../sync/apply/fix-error.js";
import { addStoreOptions, type CliIo, configFrom, formatTable, openAccounts, processIo } from "./cli-context.js";
import { connectorFrom } from "./connector-context.js";

interface StoreFlags {
  readonly config?: string;
  readonly databaseUrl?: string;
}

const STATUSES = ["open", "resolved", "ignored", "all"] as const;

/** One error as the CLI prints it in JSON. */
function errorJson(e: RecordErrorRecord): Record<string, unknown> {
  return {
    id: e.id, accountId: e.accountId, runId: e.runId ?? null, object: e.object, recordId: e.recordId, errorClass: e.errorClass, code: e.code, message: e.message,
    fixActions: e.fixActions, status: e.status, createdAt: e.createdAt, resolvedAt: e.resolvedAt ?? null, resolution: e.resolution ?? null,
  };
}

/**
 * The `errors` command group.
 *
 * @example
 * program.addCommand(errorsCommand());
 */
export function errorsCommand(io: CliIo = processIo()): Command {
  const group = new Command("errors").description("Per-record sync errors of an account and their fix actions");

  group.addCommand(
    addStoreOptions(new Command("list"))
      .description("List an account's per-record errors (open ones by default)")
      .requiredOption("--account <id>", "the account (see `intacct-sync accounts list`)")
      .option("--status <status>", `one of ${STATUSES.join(", ")}`, "open")
      .option("--json", "print a JSON array")
      .action(async (flags: StoreFlags & { readonly account: string; readonly status: string; readonly json?: boolean }) => {
        const status = STATUSES.find((s) => s === flags.status);
        if (status === undefined) throw new ConfigError("USAGE", `--status must be one of ${STATUSES.join(", ")}.`);
        const ctx = await openAccounts(configFrom(io, flags));
        try {
          await ctx.accounts.show(flags.account);
          const list = await ctx.store.recordErrors.list(flags.account, status === "all" ? {} : { status });
          if (flags.json === true) io.out(`${JSON.stringify(list.map(errorJson))}\n`);
          else if (list.length === 0) io.out(`No ${status === "all" ? "" : `${status} `}errors for account ${flags.account}.\n`);
          else io.out(formatTable(["ID", "OBJECT", "RECORD", "CODE", "STATUS", "FIXES", "MESSAGE"], list.map((e) => [e.id, e.object, e.recordId, e.code, e.status, e.fixActions.join(","), e.message])));
        } finally {
          await ctx.close();
        }
      }),
  );

  group.addCommand(
    addStoreOptions(new Command("fix"))
      .description("Apply a fix action to an open error: retry, skip-change (don't sync this change) or fixed-in-intacct (relink)")
      .argument("<id>", "error id (see `intacct-sync errors list`)")
      .requiredOption("--action <action>", FIX_ACTIONS.join(" | "))
      .option("--intacct-key <recordno>", "fixed-in-intacct: the Intacct RECORDNO to link a platform record to")
      .option("--platform-id <id>", "fixed-in-intacct: the platform record to link an Intacct record to")
      .option("--json", "print the error after the fix as JSON")
      .action(async (id: string, flags: StoreFlags & { readonly action: string; readonly intacctKey?: string; readonly platformId?: string; readonly json?: boolean }) => {
        const action = flags.action;
        if (!isFixAction(action)) throw new ConfigError("USAGE", `--action must be one of ${FIX_ACTIONS.join(", ")}.`);
        const config = configFrom(io, flags);
        const ctx = await openAccounts(config);
        try {
          const error = await ctx.store.recordErrors.get(id);
          if (error === undefined) throw new ConfigError("USAGE", `No error "${id}". List them with: intacct-sync errors list --account ID`);
          const accountId = error.accountId;
          const extra = { ...(flags.intacctKey === undefined ? {} : { intacctKey: flags.intacctKey }), ...(flags.platformId === undefined ? {} : { platformId: flags.platformId }) };
          let result;
          if (action === "retry" || error.status !== "open" || !error.fixActions.includes(action)) {
            // Nothing to read on either side (or a typed refusal to give): no sign-in.
            result = await applyFixAction({ store: ctx.store, accountId, errorId: id, action, ...extra });
          } else {
            if (config.intacct.senderId === undefined || config.intacct.senderPassword === undefined) throw new ConfigError("USAGE", "Set INTACCT_SENDER_ID and INTACCT_SENDER_PASSWORD (the deployment's Web Services sender): this fix reads the record in Intacct.");
            const connector = connectorFrom(io, config, ctx.accounts);
            try {
              const clients = await connector.open(accountId);
              try {
                result = await applyFixAction({ store: ctx.store, accountId, errorId: id, action, clients, ...extra });
              } finally {
                await clients.close();
              }
            } finally {
              await connector.close();
            }
          }
          const e = result.error;
          if (flags.json === true) io.out(`${JSON.stringify({ ...errorJson(e), change: result.change.kind })}\n`);
          else if (action === "retry") io.out(`Error ${e.id} stays open: the next sync reads ${e.object} ${e.recordId} again and closes the error when it syncs.\n`);
          else io.out(`Error ${e.id} ${e.status}: ${e.resolution ?? action}\n`);
        } finally {
          await ctx.close();
        }
      }),
  );
  return group;
}
