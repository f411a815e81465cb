/**
 * The CLI's composition of the account connector: the deployment's Intacct sender and endpoint from
 * the resolved config, BILL's base URL from `BILL_BASE_URL` (default production), and, DEPRECATED,
 * a BILL sign-in from `BILL_USERNAME`/`BILL_PASSWORD`/`BILL_DEV_KEY` for accounts that have none
 * stored (a warning on stderr each time it is used).
 */
import { BILL_BASE_URLS } from "../../bill/index.js";
import type { ResolvedConfig } from "../../config/resolved-config.js";
import { createAccountConnector } from "../../connections/account-connector.js";
import type { AccountService, PlatformLogin } from "../../connections/accounts.js";
import type { AccountConnector } from "../../connections/connector-port.js";
import type { Logger } from "../../domain/logger.js";
import { type ConcurrencyBudget, DEFAULT_ENDPOINT_URL } from "../../intacct/index.js";
import type { CliIo } from "./cli-context.js";

/** Text of the deprecation warning printed when the BILL_* variables are used. */
export const BILL_ENV_DEPRECATION =
  "warning: BILL_USERNAME, BILL_PASSWORD and BILL_DEV_KEY are deprecated and used only because this account has no stored BILL sign-in; store it with `intacct-sync accounts set <id> --bill-username … --bill-password-stdin --bill-dev-key …`.\n";

/** The deprecated BILL sign-in from the environment, when all three variables are set. */
export function billLoginFromEnv(env: CliIo["env"]): PlatformLogin | undefined {
  const username = env["BILL_USERNAME"];
  const password = env["BILL_PASSWORD"];
  const devKey = env["BILL_DEV_KEY"];
  return username === undefined || password === undefined || devKey === undefined || username === "" ? undefined : { username, password, devKey };
}

/**
 * The connector of a CLI command. The sender may be missing (the doctor reports it); the sync
 * checks it first.
 */
export function connectorFrom(
  io: CliIo,
  config: ResolvedConfig,
  accounts: AccountService,
  options: {
    readonly allowNonIntacctEndpoint?: boolean;
    /** The per-company Intacct budget (`serve`, `worker`: in-process or PostgreSQL). @default the connector's own */
    readonly budget?: ConcurrencyBudget;
    /** @default silentLogger */
    readonly logger?: Logger;
  } = {},
): AccountConnector {
  const endpointUrl = config.intacct.endpointUrl ?? DEFAULT_ENDPOINT_URL;
  return createAccountConnector({
    accounts,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    intacct: {
      senderId: config.intacct.senderId ?? "",
      senderPassword: config.intacct.senderPassword ?? "",
      endpointUrl,
      ...(options.budget === undefined ? {} : { budget: options.budget }),
      ...(options.allowNonIntacctEndpoint === true ? { allowNonIntacctEndpoint: true } : {}),
    },
    bill: {
      baseUrl: io.env["BILL_BASE_URL"] ?? BILL_BASE_URLS.production,
      fallbackLogin: () => {
        const login = billLoginFromEnv(io.env);
        if (login !== undefined) io.err(BILL_ENV_DEPRECATION);
        return login;
      },
    },
  });
}
