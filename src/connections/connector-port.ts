/**
 * The connector port: turns a stored account into signed-in clients for both sides. The sync
 * command, the doctor, the service and workers all open clients through it, so the deployment's
 * Intacct sender, endpoint and BILL base URL are configured in one place and an account's own
 * secrets (Intacct Login Info, BILL sign-in) come only from the encrypted store.
 */
import type { BillClient } from "../bill/index.js";
import type { IntacctClient } from "../intacct/index.js";
import type { LoginInfo } from "./login-info.js";

/** Clients of one account; `close()` ends both sessions. */
export interface AccountClients {
  readonly accountId: string;
  /** Signed in as the account's sync user at the top level (use `forEntity` for the entity view). */
  readonly intacct: IntacctClient;
  /** Signed in to the account's BILL organization. */
  readonly bill: BillClient;
  close(): Promise<void>;
}

/** Result of testing Login Info (the Login Info page's "Test connection"). */
export interface ConnectionTest {
  readonly ok: boolean;
  /** Intacct error code (e.g. `XL03000006`) or our own code when not ok. */
  readonly code?: string;
  /** Readable reason and fix, never a secret. */
  readonly message: string;
}

/** Opens clients for accounts. */
export interface AccountConnector {
  /** Clients of a stored account; `ACCOUNT_NOT_FOUND` or a typed config error when it cannot. */
  open(accountId: string): Promise<AccountClients>;
  /** Signs in with the given Login Info (not stored) and enters its entity, then signs out. */
  testLoginInfo(loginInfo: LoginInfo): Promise<ConnectionTest>;
  /** Signs in to BILL with the account's stored sign-in (its organization) and reads the session; never throws for BILL's answers. */
  testPlatformLogin(accountId: string): Promise<ConnectionTest>;
  close(): Promise<void>;
}
