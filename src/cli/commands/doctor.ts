/**
 * `intacct-sync doctor`: checks a sync user against the setup guide, for a stored account
 * (`--account ID`) or for Login Info from flags and the `INTACCT_*` variables. For a stored account
 * it also signs in to BILL through the account connector (`bill.sign-in`). Prints a table (or one
 * JSON object with `--json`); exits 0 when nothing fails, 1 otherwise, 2 on usage errors.
 */
import { Command } from "commander";

import type { AccountConnector } from "../../connections/connector-port.js";
import type { ResolvedConfig } from "../../config/resolved-config.js";
import { check, type CheckResult, type DoctorReport, reportOk } from "../../doctor/check.js";
import { runDoctor } from "../../doctor/doctor.js";
import { formatReport } from "../../doctor/format-report.js";
import { type AccountDoctorInputs, accountDoctorInputs } from "../../doctor/stored-preferences.js";
import { ConfigError } from "../../domain/errors.js";
import { EXIT } from "../exit-codes.js";
import { addStoreOptions, type CliIo, configFrom, openAccounts, processIo } from "./cli-context.js";
import { connectorFrom } from "./connector-context.js";

interface DoctorFlags {
  readonly config?: string;
  readonly databaseUrl?: string;
  readonly account?: string;
  readonly companyId?: string;
  readonly userId?: string;
  readonly passwordStdin?: boolean;
  readonly entityId?: string;
  readonly senderId?: string;
  readonly endpointUrl?: string;
  readonly allowNonIntacctEndpoint?: boolean;
  readonly writeProbe?: boolean;
  readonly json?: boolean;
}

/**
 * `bill.sign-in`: the account's BILL sign-in through the connector (warn when none is stored, since
 * the doctor's subject is the Intacct user; the sync cannot run without it).
 */
export async function platformLoginCheck(connector: AccountConnector, accountId: string): Promise<CheckResult> {
  const id = "bill.sign-in";
  const title = "BILL sign-in";
  const r = await connector.testPlatformLogin(accountId);
  if (r.ok) return check.pass(id, title, r.message);
  const evidence = r.code === undefined ? undefined : [r.code];
  if (r.code === "PLATFORM_LOGIN_MISSING") return check.warn(id, title, `No BILL sign-in is stored for account ${accountId}; the sync cannot run without it.`, `intacct-sync accounts set ${accountId} --bill-username … --bill-password-stdin --bill-dev-key …`, evidence);
  return check.fail(id, title, r.message, `Re-enter the BILL sign-in: intacct-sync accounts set ${accountId} --bill-username … --bill-password-stdin --bill-dev-key …`, evidence);
}

/** The report with extra checks appended (and `ok` recomputed). */
export function withChecks(report: DoctorReport, extra: readonly CheckResult[]): DoctorReport {
  const checks = [...report.checks, ...extra];
  return { ...report, ok: reportOk(checks), checks };
}

/**
 * The `doctor` command.
 *
 * @example
 * program.addCommand(doctorCommand());
 */
export function doctorCommand(io: CliIo = processIo()): Command {
  return addStoreOptions(new Command("doctor"))
    .description("Check the Sage Intacct sync user against the setup guide and name the fix for every problem")
    .option("--account <id>", "check a stored account (see `intacct-sync accounts list`)")
    .option("--company-id <id>", "Company ID (default: INTACCT_COMPANY_ID)")
    .option("--user-id <id>", "sync user ID (default: INTACCT_USER_ID)")
    .option("--password-stdin", "read the sync user password from stdin (default: INTACCT_USER_PASSWORD)")
    .option("--entity-id <id>", "Entity ID; leave out for the top level (default: INTACCT_ENTITY_ID)")
    .option("--sender-id <id>", "Web Services sender ID (default: INTACCT_SENDER_ID; its password comes from INTACCT_SENDER_PASSWORD)")
    .option("--endpoint-url <url>", "gateway URL (default: INTACCT_ENDPOINT_URL, else Sage Intacct's)")
    .option("--allow-non-intacct-endpoint", "allow an endpoint outside *.intacct.com that is not on this machine")
    .option("--no-write-probe", "skip the write probe (a vendor create that is rolled back)")
    .option("--json", "print one JSON object {ok, target, checks:[{id,status,message,fix}]}")
    .action(async (flags: DoctorFlags) => {
      const config = configFrom(io, { ...flags, ...(flags.senderId === undefined ? {} : { senderId: flags.senderId }) });
      const target = flags.account !== undefined ? await fromAccount(config, flags.account) : await fromFlags(io, config, flags);
      const intacctReport = await runDoctor({
        loginInfo: target.loginInfo,
        ...(config.intacct.senderId === undefined ? {} : { senderId: config.intacct.senderId }),
        ...(config.intacct.senderPassword === undefined ? {} : { senderPassword: config.intacct.senderPassword }),
        ...(config.intacct.endpointUrl === undefined ? {} : { endpointUrl: config.intacct.endpointUrl }),
        ...(flags.allowNonIntacctEndpoint === true ? { allowNonIntacctEndpoint: true } : {}),
        ...(flags.account === undefined ? {} : { accountId: flags.account }),
        preferences: target.preferences,
        siblings: target.siblings,
        referenceLogins: target.referenceLogins,
        writeProbe: flags.writeProbe !== false,
      });
      const report = withChecks(intacctReport, [...target.warnings, ...(flags.account === undefined ? [] : [await billCheck(io, config, flags.account, flags.allowNonIntacctEndpoint === true)])]);
      if (flags.json === true) {
        io.out(`${JSON.stringify({ ok: report.ok, target: report.target, checks: report.checks.map((c) => ({ id: c.id, status: c.status, message: c.message, fix: c.fix ?? null, ...(c.evidence === undefined ? {} : { evidence: c.evidence }) })) })}\n`);
      } else {
        io.out(formatReport(report));
      }
      io.setExitCode(report.ok ? EXIT.OK : EXIT.FAILED);
    });
}

type Target = AccountDoctorInputs;

async function billCheck(io: CliIo, config: ResolvedConfig, accountId: string, allowNonIntacctEndpoint: boolean): Promise<CheckResult> {
  const ctx = await openAccounts(config);
  const connector = connectorFrom(io, config, ctx.accounts, { allowNonIntacctEndpoint });
  try {
    return await platformLoginCheck(connector, accountId);
  } finally {
    await connector.close();
    await ctx.close();
  }
}

async function fromAccount(config: ResolvedConfig, accountId: string): Promise<Target> {
  const ctx = await openAccounts(config);
  try {
    return await accountDoctorInputs(ctx.accounts, accountId);
  } finally {
    await ctx.close();
  }
}

async function fromFlags(io: CliIo, config: ResolvedConfig, flags: DoctorFlags): Promise<Target> {
  const login = config.intacct.login;
  const password = flags.passwordStdin === true ? (await io.readStdin()).replace(/\r?\n$/, "") : login.userPassword;
  const companyId = flags.companyId ?? login.companyId;
  const userId = flags.userId ?? login.userId;
  const missing = [companyId === undefined ? "--company-id (or INTACCT_COMPANY_ID)" : "", userId === undefined ? "--user-id (or INTACCT_USER_ID)" : "", password === undefined ? "--password-stdin (or INTACCT_USER_PASSWORD)" : ""].filter((m) => m !== "");
  if (missing.length > 0) throw new ConfigError("USAGE", `Pass --account ID, or Login Info: missing ${missing.join(", ")}.`);
  return { loginInfo: { companyId: companyId ?? "", userId: userId ?? "", password: password ?? "", entityId: flags.entityId ?? login.entityId ?? "" }, preferences: {}, siblings: [], referenceLogins: [], warnings: [] };
}
