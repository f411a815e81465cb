/**
 * `intacct-sync accounts add|set|list|show|remove`: platform accounts, their Sage Intacct Login
 * Info and their BILL sign-in. Passwords are read from `--password-stdin`, `INTACCT_USER_PASSWORD`
 * or `--password` (visible to other local users in the process list; prefer the other two); the
 * BILL password from `--bill-password-stdin` or `BILL_PASSWORD`, the developer key from
 * `--bill-dev-key` or `BILL_DEV_KEY`. All are encrypted at rest and never shown.
 */
import { Command } from "commander";

import type { AccountView, PlatformLogin } from "../../connections/accounts.js";
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
  readonly billUsername?: string;
  readonly billPasswordStdin?: boolean;
  readonly billDevKey?: string;
}

interface BillFlags {
  readonly billUsername?: string;
  readonly billPasswordStdin?: boolean;
  readonly billDevKey?: string;
}

/** Adds the BILL sign-in flags to `add` and `set`. */
function addBillOptions(cmd: Command): Command {
  return cmd
    .option("--bill-username <name>", "BILL sign-in user name (the organization is --org)")
    .option("--bill-password-stdin", "read the BILL password from stdin (default: BILL_PASSWORD)")
    .option("--bill-dev-key <key>", "BILL developer key (default: BILL_DEV_KEY)");
}

/** The BILL sign-in from flags and `BILL_PASSWORD`/`BILL_DEV_KEY`, or undefined without `--bill-username`. */
async function billLoginFrom(io: CliIo, flags: BillFlags, stdinTaken: boolean): Promise<PlatformLogin | undefined> {
  if (flags.billUsername === undefined) {
    if (flags.billPasswordStdin === true || flags.billDevKey !== undefined) throw new ConfigError("USAGE", "Pass --bill-username with the BILL password and developer key.");
    return undefined;
  }
  if (flags.billPasswordStdin === true && stdinTaken) throw new ConfigError("USAGE", "Only one password can come from stdin: pass the BILL password in BILL_PASSWORD, or set it later with `intacct-sync accounts set`.");
  const password = flags.billPasswordStdin === true ? (await io.readStdin()).replace(/\r?\n$/, "") : (io.env["BILL_PASSWORD"] ?? "");
  const devKey = flags.billDevKey ?? io.env["BILL_DEV_KEY"] ?? "";
  const missing = [password === "" ? "the BILL password (--bill-password-stdin or BILL_PASSWORD)" : "", devKey === "" ? "the developer key (--bill-dev-key or BILL_DEV_KEY)" : ""].filter((m) => m !== "");
  if (missing.length > 0) throw new ConfigError("USAGE", `Missing ${missing.join(" and ")}.`);
  return { username: flags.billUsername, password, devKey };
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
    addBillOptions(addStoreOptions(new Command("add")))
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
        const platformLogin = await billLoginFrom(io, flags, flags.passwordStdin === true);
        const ctx = await openAccounts(config);
        try {
          const view = await ctx.accounts.add({
            id,
            loginInfo,
            ...(flags.name === undefined ? {} : { name: flags.name }),
            ...(flags.org === undefined ? {} : { platformOrgId: flags.org }),
            ...(flags.replace === true ? { replace: true } : {}),
            ...(platformLogin === undefined ? {} : { platformLogin }),
          });
          for (const p of findLoginInfoProblems(loginInfo)) io.err(`warning: ${p.message} Run \`intacct-sync doctor --account ${id}\` before the first sync.\n`);
          io.out(flags.json === true ? `${JSON.stringify(view)}\n` : `Added account ${view.id}: ${describeTarget(view)}\n`);
        } finally {
          await ctx.close();
        }
      }),
  );

  group.addCommand(
    addBillOptions(addStoreOptions(new Command("set")))
      .description("Change an account: its BILL sign-in (user name, password, developer key)")
      .argument("<id>", "account id")
      .option("--json", "print the account as JSON")
      .action(async (id: string, flags: StoreFlags & BillFlags & { readonly json?: boolean }) => {
        const platformLogin = await billLoginFrom(io, flags, false);
        if (platformLogin === undefined) throw new ConfigError("USAGE", "Nothing to change: pass --bill-username with --bill-password-stdin (or BILL_PASSWORD) and --bill-dev-key (or BILL_DEV_KEY).");
        const ctx = await openAccounts(configFrom(io, flags));
        try {
          const view = await ctx.accounts.setPlatformLogin(id, platformLogin);
          io.out(flags.json === true ? `${JSON.stringify(view)}\n` : `Updated account ${view.id}: BILL sign-in ${describeBill(view)}\n`);
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
          else io.out(formatTable(["ID", "NAME", "ORG", "COMPANY ID", "USER ID", "ENTITY ID", "PASSWORD", "BILL USER"], list.map((a) => [a.id, a.name, a.platformOrgId, a.companyId, a.userId, a.entityId === "" ? "(top level)" : a.entityId, a.password, a.platformUsername ?? "(not set)"])));
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
            ["BILL sign-in", describeBill(a)],
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

function describeBill(a: AccountView): string {
  return a.platformLoginSet ? `user ${a.platformUsername ?? ""}, password ********, developer key ********` : `not set (intacct-sync accounts set ${a.id} --bill-username … --bill-password-stdin --bill-dev-key …)`;
}

function describeTarget(a: AccountView): string {
  return `company ${JSON.stringify(a.companyId)}, user ${a.userId}, ${a.entityId === "" ? "top level" : `entity ${a.entityId}`}, password ${a.password}`;
}
