/** The doctor for a stored account, and its newest report (kept in the account's state). */
import type { AccountService } from "../../connections/accounts.js";
import type { DoctorReport } from "../../doctor/check.js";
import { runDoctor } from "../../doctor/doctor.js";
import { accountDoctorInputs } from "../../doctor/stored-preferences.js";
import { NotImplementedError } from "../../domain/errors.js";
import type { JsonValue } from "../../store/port.js";
import type { AccountDoctor, AuthUser, HttpDeps } from "../context.js";
import { requireAccount } from "./access.js";

/** A doctor report with the time it was made. */
export interface DoctorResult {
  readonly report: DoctorReport;
  /** ISO-8601 UTC. */
  readonly checkedAt: string;
}

const NAMESPACE = "doctor";
const KEY = "last";

/** Runs the doctor on the account, keeps the report as its newest, and returns it. */
export async function runAccountDoctor(deps: HttpDeps, user: AuthUser, accountId: string): Promise<DoctorResult> {
  await requireAccount(deps, user, accountId);
  if (deps.doctor === undefined) throw new NotImplementedError("the doctor in this service (no Intacct sender configured)");
  const report = await deps.doctor(accountId);
  const result: DoctorResult = { report, checkedAt: new Date(deps.clock.now()).toISOString() };
  await deps.store.state.put(accountId, NAMESPACE, KEY, JSON.parse(JSON.stringify(result)) as JsonValue);
  deps.logger.log({ level: "info", event: "account.doctor", message: `Doctor of ${accountId} run by ${user.username}: ${report.ok ? "ok" : "problems found"}.`, scope: { component: "http", connection: accountId } });
  return result;
}

/** The newest doctor report of the account, if one was kept. */
export async function lastDoctorResult(deps: HttpDeps, user: AuthUser, accountId: string): Promise<DoctorResult | undefined> {
  await requireAccount(deps, user, accountId);
  const value = await deps.store.state.get(accountId, NAMESPACE, KEY);
  return value === undefined || value === null || typeof value !== "object" || Array.isArray(value) ? undefined : (value as unknown as DoctorResult);
}

/** The deployment's Intacct sender, for {@link createAccountDoctor}. */
export interface DoctorSender {
  readonly senderId?: string | undefined;
  readonly senderPassword?: string | undefined;
  readonly endpointUrl?: string | undefined;
  /** @default false */
  readonly allowNonIntacctEndpoint?: boolean;
}

/**
 * The doctor of the `doctor --account` command, for the service: the account's Login Info,
 * preferences, sibling accounts on the same company and their logins as references.
 */
export function createAccountDoctor(options: { readonly accounts: AccountService; readonly sender: DoctorSender }): AccountDoctor {
  const { accounts, sender } = options;
  return async (accountId) => {
    const { loginInfo, preferences, siblings, referenceLogins } = await accountDoctorInputs(accounts, accountId);
    return runDoctor({
      loginInfo,
      accountId,
      ...(sender.senderId === undefined ? {} : { senderId: sender.senderId }),
      ...(sender.senderPassword === undefined ? {} : { senderPassword: sender.senderPassword }),
      ...(sender.endpointUrl === undefined ? {} : { endpointUrl: sender.endpointUrl }),
      ...(sender.allowNonIntacctEndpoint === true ? { allowNonIntacctEndpoint: true } : {}),
      preferences,
      siblings,
      referenceLogins,
      // The service's doctor does not write: the write probe stays a deliberate CLI step.
      writeProbe: false,
    });
  };
}
