/**
 * The account connector (implements {@link AccountConnector}): the one place that turns a stored
 * account into signed-in clients. The deployment's Intacct sender and endpoint and BILL's base URL
 * are given once; each account's Intacct Login Info and BILL sign-in come decrypted from
 * {@link AccountService}. Every Intacct client shares one per-company concurrency budget and every
 * BILL client one shared state (per-organization gate of 3, session cache, login budget), so two
 * accounts on one company or organization never exceed the limits together.
 */
import {
  BDC,
  type BillClient,
  BillError,
  type BillSharedState,
  createBillClient,
  createBillSharedState,
  type FetchLike as BillFetch,
} from "../bill/index.js";
import { type Clock, systemClock } from "../domain/clock.js";
import { type Logger, silentLogger } from "../domain/logger.js";
import {
  type ConcurrencyBudget,
  createIntacctClient,
  DEFAULT_ENDPOINT_URL,
  type FetchLike as IntacctFetch,
  InProcessBudget,
  type IntacctClient,
  IntacctError,
  type ResolvedCredentials,
  type RetryOptions,
} from "../intacct/index.js";
import type { AccountService, PlatformLogin } from "./accounts.js";
import { ConnectionError } from "./connection-error.js";
import type { AccountClients, AccountConnector, ConnectionTest } from "./connector-port.js";
import { findLoginInfoProblems, type LoginInfo } from "./login-info.js";

/** Options of {@link createAccountConnector}. */
export interface AccountConnectorOptions {
  readonly accounts: AccountService;
  /** The deployment's Web Services sender and gateway. */
  readonly intacct: {
    readonly senderId: string;
    readonly senderPassword: string;
    /** @default Sage Intacct's gateway */
    readonly endpointUrl?: string;
    /** Allow an endpoint outside `*.intacct.com`. @default true for loopback hosts, else false */
    readonly allowNonIntacctEndpoint?: boolean;
    /** @default globalThis.fetch */
    readonly fetch?: IntacctFetch;
    /** Per-company budget shared by every client the connector opens. @default a new InProcessBudget (2 per company), closed with the connector */
    readonly budget?: ConcurrencyBudget;
    /** Retry policy of the sync clients. @default the client's */
    readonly retry?: RetryOptions;
  };
  readonly bill: {
    /** Gateway base URL without `/v3` (a sandbox's `url`, or `BILL_BASE_URLS.production`). */
    readonly baseUrl: string;
    /** @default globalThis.fetch */
    readonly fetch?: BillFetch;
    /**
     * Sign-in used for accounts that have none stored. DEPRECATED: only for the `BILL_USERNAME`,
     * `BILL_PASSWORD` and `BILL_DEV_KEY` variables of older setups; store it per account instead.
     * Called each time it is used, so the caller can warn. @default none
     */
    readonly fallbackLogin?: () => PlatformLogin | undefined;
  };
  /** @default silentLogger */
  readonly logger?: Logger;
  /** @default systemClock */
  readonly clock?: Clock;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;

function isLoopback(url: string): boolean {
  try {
    return LOOPBACK.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * Creates the connector.
 *
 * @example
 * const connector = createAccountConnector({ accounts, intacct: { senderId, senderPassword, endpointUrl }, bill: { baseUrl: BILL_BASE_URLS.production } });
 * const clients = await connector.open("us");
 * try { await runSync({ account, store, intacct: clients.intacct, bill: clients.bill }); } finally { await clients.close(); }
 */
export function createAccountConnector(options: AccountConnectorOptions): AccountConnector {
  const endpointUrl = options.intacct.endpointUrl ?? DEFAULT_ENDPOINT_URL;
  const allowNonIntacctEndpoint = options.intacct.allowNonIntacctEndpoint ?? isLoopback(endpointUrl);
  const ownsBudget = options.intacct.budget === undefined;
  const budget = options.intacct.budget ?? new InProcessBudget();
  const billShared: BillSharedState = createBillSharedState();
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const open = new Set<AccountClients>();
  /** Open clients per BILL session (organization and user): the session cache is shared, so only the last one out logs out. */
  const billUsers = new Map<string, number>();
  let closed = false;

  const credentialsOf = (login: LoginInfo): ResolvedCredentials => ({
    senderId: options.intacct.senderId,
    senderPassword: options.intacct.senderPassword,
    endpointUrl,
    allowNonIntacctEndpoint,
    // Signed in at the top level: the run (or the caller) takes the entity view with forEntity.
    auth: {
      kind: "login",
      companyId: login.companyId,
      userId: login.userId,
      userPassword: login.password,
      entityId: "",
    },
  });
  const intacctClient = (login: LoginInfo, retry: RetryOptions | undefined): IntacctClient =>
    createIntacctClient({
      credentials: credentialsOf(login),
      budget,
      logger,
      clock,
      secrets: billShared.secrets,
      ...(options.intacct.fetch === undefined ? {} : { fetch: options.intacct.fetch }),
      ...(retry === undefined ? {} : { retry }),
    });

  const openClients = async (accountId: string): Promise<AccountClients> => {
    if (closed) throw new ConnectionError("CONNECTOR_CLOSED", "The account connector is closed.");
    const account = await options.accounts.show(accountId);
    const login = await options.accounts.loginInfo(accountId);
    const platform = (await options.accounts.platformLogin(accountId)) ?? options.bill.fallbackLogin?.();
    if (platform === undefined) {
      throw new ConnectionError(
        "PLATFORM_LOGIN_MISSING",
        `Account "${accountId}" has no BILL sign-in. Set it with: intacct-sync accounts set ${accountId} --bill-username … --bill-password-stdin --bill-dev-key …`,
      );
    }
    const intacct = intacctClient(login, options.intacct.retry);
    const bill: BillClient = createBillClient({
      baseUrl: options.bill.baseUrl,
      credentials: {
        organizationId: account.platformOrgId,
        username: platform.username,
        password: platform.password,
        devKey: platform.devKey,
      },
      logger,
      clock,
      ...billShared,
      ...(options.bill.fetch === undefined ? {} : { fetch: options.bill.fetch }),
    });
    const sessionKey = `${account.platformOrgId}\u0000${platform.username}`;
    billUsers.set(sessionKey, (billUsers.get(sessionKey) ?? 0) + 1);
    let done = false;
    const clients: AccountClients = {
      accountId,
      intacct,
      bill,
      close: async () => {
        if (done) return;
        done = true;
        open.delete(clients);
        await intacct.close();
        const left = (billUsers.get(sessionKey) ?? 1) - 1;
        if (left > 0) billUsers.set(sessionKey, left);
        else {
          billUsers.delete(sessionKey);
          await bill.logout().catch(() => undefined);
        }
      },
    };
    open.add(clients);
    return clients;
  };

  return {
    open: openClients,

    async testLoginInfo(loginInfo) {
      const problems = findLoginInfoProblems(loginInfo);
      if (problems.length > 0)
        return {
          ok: false,
          code: "LOGIN_INFO_INVALID",
          message: `${problems.map((p) => p.message).join(" ")} Enter the values exactly as Sage Intacct shows them, without spaces.`,
        };
      const client = intacctClient(loginInfo, { maxAttempts: 2 });
      try {
        return await testSignIn(client, loginInfo, options.intacct.senderId);
      } finally {
        await client.close();
      }
    },

    async testPlatformLogin(accountId) {
      const account = await options.accounts.show(accountId);
      let clients: AccountClients;
      try {
        clients = await openClients(accountId);
      } catch (e) {
        if (e instanceof ConnectionError && e.code === "PLATFORM_LOGIN_MISSING")
          return { ok: false, code: e.code, message: e.message };
        throw e;
      }
      try {
        await clients.bill.session.info();
        return {
          ok: true,
          message: `Signed in to BILL organization ${account.platformOrgId} as ${account.platformUsername ?? "the fallback user"}.`,
        };
      } catch (e) {
        if (!(e instanceof BillError)) throw e;
        return { ok: false, code: e.bdcCode ?? e.code, message: billFailure(e, account.platformOrgId) };
      } finally {
        await clients.close();
      }
    },

    async close() {
      closed = true;
      for (const c of [...open]) await c.close();
      if (ownsBudget) await budget.close();
    },
  };
}

/** Signs in at the top level, then in the entity; maps failures to the doctor's wording. */
async function testSignIn(client: IntacctClient, info: LoginInfo, senderId: string): Promise<ConnectionTest> {
  let landedIn: string;
  try {
    landedIn = (await client.session("")).entityId;
  } catch (e) {
    if (!(e instanceof IntacctError)) throw e;
    // A user restricted to the entity may be refused at the top level but work in the entity.
    if (
      info.entityId !== "" &&
      e.category === "auth" &&
      e.code !== "SENDER_INVALID" &&
      e.code !== "SENDER_NOT_AUTHORIZED"
    ) {
      const inEntity = await trySession(client, info.entityId);
      if (inEntity === undefined) return entityOnly(info);
    }
    return failure(e, info, senderId);
  }
  if (info.entityId === "") {
    return landedIn === ""
      ? { ok: true, message: `${info.userId} signed in to company "${info.companyId}" at the top level.` }
      : {
          ok: true,
          message: `${info.userId} signed in to company "${info.companyId}"; without an Entity ID it lands in entity ${landedIn}. Enter that Entity ID, or make the user Unrestricted to sync at the top level.`,
        };
  }
  const entityError = await trySession(client, info.entityId);
  if (entityError !== undefined) {
    return {
      ok: false,
      code: entityError.errorno ?? entityError.code,
      message: `Sign-in with Entity ID "${info.entityId}" failed although the top-level sign-in works. Enter an Entity ID exactly as Company > Entities shows it at the Root/Top Level, or make the user Unrestricted (Company > Web Services Users > Edit next to ${info.userId} > Entity restrictions).`,
    };
  }
  if (landedIn !== "") return entityOnly(info);
  return {
    ok: true,
    message: `${info.userId} signed in to company "${info.companyId}" and entered entity ${info.entityId}.`,
  };
}

function entityOnly(info: LoginInfo): ConnectionTest {
  return {
    ok: true,
    message: `${info.userId} signed in to company "${info.companyId}" in entity ${info.entityId} (the user cannot work at the top level; the guide recommends an Unrestricted user).`,
  };
}

async function trySession(client: IntacctClient, entityId: string): Promise<IntacctError | undefined> {
  try {
    await client.session(entityId);
    return undefined;
  } catch (e) {
    if (e instanceof IntacctError) return e;
    throw e;
  }
}

function failure(e: IntacctError, info: LoginInfo, senderId: string): ConnectionTest {
  const code = e.errorno ?? e.code;
  if (e.code === "SENDER_INVALID") {
    return {
      ok: false,
      code,
      message: `Intacct refused this deployment's Web Services sender "${senderId}". Set INTACCT_SENDER_ID and INTACCT_SENDER_PASSWORD to the sender credentials of this deployment (from the Sage Intacct developer license).`,
    };
  }
  if (e.code === "SENDER_NOT_AUTHORIZED") {
    return {
      ok: false,
      code,
      message: `The sender "${senderId}" is not authorized for company "${info.companyId}". In Sage Intacct at the top level: Company > Setup > Security > Web Services authorizations > Add: enter the sender ID "${senderId}" and save.`,
    };
  }
  if (e.category === "auth") {
    return {
      ok: false,
      code,
      message: `Sign-in failed for Company ID "${info.companyId}" and User ID "${info.userId}": Intacct answers "Sign-in information is incorrect" alike for a wrong Company ID, a wrong User ID, a wrong password, and an inactive or locked-out user. Check the Company ID (Company > Company Info), the User ID (Company > Web Services Users) and the password; if all three are right, make the user Active.`,
    };
  }
  return { ok: false, code, message: `Could not reach Intacct: ${e.message}` };
}

function billFailure(e: BillError, organizationId: string): string {
  if (e.kind === "auth") {
    return e.bdcCode === BDC.BAD_DEV_KEY
      ? 'BILL refused the developer key ("Developer key is invalid."): enter the key BILL issued for this integration, for this environment (sandbox and production keys differ).'
      : `BILL refused the sign-in for organization ${organizationId}: check the user name, the password and that the user belongs to this organization.`;
  }
  if (e.kind === "not_found")
    return `BILL does not know organization ${organizationId}: check the account's platform organization id.`;
  return `Could not reach BILL: ${e.message}`;
}
