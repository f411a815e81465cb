/**
 * `intacct-sync accounts add|list|show|remove`: platform accounts and their Sage Intacct Login
 * Info. Passwords are read from `--password-stdin`, `INTACCT_USER_PASSWORD` or `--password`
 * (visible to other local users in the process list; prefer the other two), encrypted at rest and
 * shown as `********`.
 */
import { Command } from "commander";

import type { AccountView } from "../../connections/accounts.js";
import { findLoginInfoProblems } from "../../connections/login-info.js";
import { ConfigError } from "../../domain/errors.js";
import { addStoreOptions, type CliIo, configFrom, formatTable, openAccounts, processIo } from "./cli-context.js";

interface StoreFlags {
  readonly config?: string;
  readonly databaseUrl?: string;
}

interface AddFlags extends StoreFlags {
  readonly name?: string;
  readonly org?: string;
  readonly companyId?: string;
  readonly userId?: string;
  readonly password?: string;
  readonly passwordStdin?: boolean;
  readonly entityId?: string;
  readonly replace?: boolean;
  readonly json?: boolean;
}

/**
 * The `accounts` command group.
 *
 * @example
 * program.addCommand(accountsCommand());
 */
export function accountsCommand(io: CliIo = processIo()): Command {
  const group = new Command("accounts").description("Manage platform accounts and their Sage Intacct Login Info");

  group.addCommand(
    addStoreOptions(new Command("add"))
      .description("Add an account: one platform organization and its Sage Intacct Login Info")
      .argument("<id>", "account id (letters, digits, . _ -)")
      .option("--name <name>", "display name (default: the id)")
      .option("--org <platformOrgId>", "platform (BILL) organization id (default: the id)")
      .option("--company-id <id>", "Intacct Company ID (default: INTACCT_COMPANY_ID)")
      .option("--user-id <id>", "sync user ID, e.g. XML_Bill.com (default: INTACCT_USER_ID)")
      .option("--password <password>", "sync user password (prefer --password-stdin or INTACCT_USER_PASSWORD)")
      .option("--password-stdin", "read the sync user password from stdin")
      .option("--entity-id <id>", "Intacct Entity ID; leave out for the top level (default: INTACCT_ENTITY_ID)")
      .option("--replace", "replace the Login Info of an existing account with this id")
      .option("--json", "print the account as JSON")
      .action(async (id: string, flags: AddFlags) => {
        const config = configFrom(io, flags);
        const password = flags.passwordStdin === true ? (await io.readStdin()).replace(/\r?\n$/, "") : (flags.password ?? config.intacct.login.userPassword ?? "");
        const loginInfo = {
          companyId: flags.companyId ?? config.intacct.login.companyId ?? "",
          userId: flags.userId ?? config.intacct.login.userId ?? "",
          password,
          entityId: flags.entityId ?? config.intacct.login.entityId ?? "",
        };
        const missing = findLoginInfoProblems(loginInfo).filter((p) => p.message.endsWith("is empty."));
        if (missing.length > 0) throw new ConfigError("USAGE", `${missing.map((p) => p.message).join(" ")} Pass --company-id, --user-id and --password-stdin (or the INTACCT_* variables).`);
        const ctx = await openAccounts(config);
        try {
          const view = await ctx.accounts.add({
            id,
            loginInfo,
            ...(flags.name === undefined ? {} : { name: flags.name }),
            ...(flags.org === undefined ? {} : { platformOrgId: flags.org }),
            ...(flags.replace === true ? { replace: true } : {}),
          });
          for (const p of findLoginInfoProblems(loginInfo)) io.err(`warning: ${p.message} Run \`intacct-sync doctor --account ${id}\` before the first sync.\n`);
          io.out(flags.json === true ? `${JSON.stringify(view)}\n` : `Added account ${view.id}: ${describeTarget(view)}\n`);
        } finally {
          await ctx.close();
        }
      }),
  );

  group.addCommand(
    addStoreOptions(new Command("list"))
      .description("List accounts (passwords are never shown)")
      .option("--json", "print a JSON array")
      .action(async (flags: StoreFlags & { readonly json?: boolean }) => {
        const ctx = await openAccounts(configFrom(io, flags));
        try {
          const list = await ctx.accounts.list();
          if (flags.json === true) io.out(`${JSON.stringify(list)}\n`);
          else if (list.length === 0) io.out("No accounts. Add one with: intacct-sync accounts add <id> --company-id … --user-id … --password-stdin\n");
          else io.out(formatTable(["ID", "NAME", "ORG", "COMPANY ID", "USER ID", "ENTITY ID", "PASSWORD"], list.map((a) => [a.id, a.name, a.platformOrgId, a.companyId, a.userId, a.entityId === "" ? "(top level)" : a.entityId, a.password])));
        } finally {
          await ctx.close();
        }
      }),
  );

  group.addCommand(
    addStoreOptions(new Command("show"))
      .description("Show one account (the password is never shown)")
      .argument("<id>", "account id")
      .option("--json", "print JSON")
      .action(async (id: string, flags: StoreFlags & { readonly json?: boolean }) => {
        const ctx = await openAccounts(configFrom(io, flags));
        try {
          const a = await ctx.accounts.show(id);
          if (flags.json === true) {
            io.out(`${JSON.stringify(a)}\n`);
            return;
          }
          const rows: Array<[string, string]> = [
            ["Account", a.id],
            ["Name", a.name],
            ["Platform organization", a.platformOrgId],
            ["Company ID", JSON.stringify(a.companyId)],
            ["User ID", a.userId],
            ["Password", a.password],
            ["Entity ID", a.entityId === "" ? "(blank: top level)" : a.entityId],
            ["Created", a.createdAt],
            ["Updated", a.updatedAt],
          ];
          io.out(rows.map(([k, v]) => `${k.padEnd(22)} ${v}`).join("\n") + "\n");
        } finally {
          await ctx.close();
        }
      }),
  );

  group.addCommand(
    addStoreOptions(new Command("remove"))
      .description("Remove an account and everything recorded for it (links, runs, errors)")
      .argument("<id>", "account id")
      .option("--json", "print JSON")
      .action(async (id: string, flags: StoreFlags & { readonly json?: boolean }) => {
        const ctx = await openAccounts(configFrom(io, flags));
        try {
          await ctx.accounts.remove(id);
          io.out(flags.json === true ? `${JSON.stringify({ removed: id })}\n` : `Removed account ${id}\n`);
        } finally {
          await ctx.close();
        }
      }),
  );
  return group;
}

function describeTarget(a: AccountView): string {
  return `company ${JSON.stringify(a.companyId)}, user ${a.userId}, ${a.entityId === "" ? "top level" : `entity ${a.entityId}`}, password ${a.password}`;
}
