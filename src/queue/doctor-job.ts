/**
 * The doctor as a queued run: checks a stored account's sync user (its Login Info decrypted in
 * memory only), with the deployment's sender, through the shared concurrency budget, counting the
 * Intacct requests it sends for the usage meter. Composition roots build it and pass it to
 * `createRunExecutor({ doctor })`.
 */
import type { AccountService } from "../connections/accounts.js";
import type { Clock } from "../domain/clock.js";
import { runDoctor } from "../doctor/doctor.js";
import { accountDoctorInputs } from "../doctor/stored-preferences.js";
import { type ConcurrencyBudget, createIntacctClient, type FetchLike } from "../intacct/index.js";
import type { JsonObject } from "../store/port.js";
import type { DoctorJob } from "./sync-executor.js";

/** Options of {@link createDoctorJob}. */
export interface DoctorJobOptions {
  readonly accounts: AccountService;
  readonly intacct: {
    readonly senderId?: string;
    readonly senderPassword?: string;
    /** @default Sage Intacct's gateway */
    readonly endpointUrl?: string;
    /** @default true for loopback hosts, else false */
    readonly allowNonIntacctEndpoint?: boolean;
    /** @default globalThis.fetch */
    readonly fetch?: FetchLike;
    /** Shared per-company budget (the workers' PostgreSQL one). @default a budget of the doctor's own client */
    readonly budget?: ConcurrencyBudget;
  };
  /** @default systemClock */
  readonly clock?: Clock;
}

/**
 * Creates the doctor job.
 *
 * @example
 * const execute = createRunExecutor({ store, connector, doctor: createDoctorJob({ accounts, intacct: { senderId, senderPassword } }) });
 */
export function createDoctorJob(options: DoctorJobOptions): DoctorJob {
  return async (accountId) => {
    const { accounts } = options;
    const { loginInfo, preferences, siblings, referenceLogins } = await accountDoctorInputs(accounts, accountId);
    let calls = 0;
    const base: FetchLike = options.intacct.fetch ?? globalThis.fetch;
    const counting: FetchLike = (input, init) => {
      calls++;
      return base(input, init);
    };
    const i = options.intacct;
    const report = await runDoctor({
      loginInfo,
      accountId,
      ...(i.senderId === undefined ? {} : { senderId: i.senderId }),
      ...(i.senderPassword === undefined ? {} : { senderPassword: i.senderPassword }),
      ...(i.endpointUrl === undefined ? {} : { endpointUrl: i.endpointUrl }),
      ...(i.allowNonIntacctEndpoint === undefined ? {} : { allowNonIntacctEndpoint: i.allowNonIntacctEndpoint }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      preferences,
      siblings,
      referenceLogins,
      createClient: (credentials) => createIntacctClient({ credentials, fetch: counting, retry: { maxAttempts: 2 }, ...(i.budget === undefined ? {} : { budget: i.budget }) }),
    });
    return { ok: report.ok, report: JSON.parse(JSON.stringify(report)) as JsonObject, intacctCalls: calls };
  };
}
