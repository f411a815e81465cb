/**
 * What every route of the service gets: its dependencies ({@link HttpDeps}, set once by
 * `createHttpApp`) and, after authentication, the signed-in user. Routes read them as
 * `c.var.deps` and `c.var.user`; there is no other shared state.
 */
import type { HttpBindings } from "@hono/node-server";

import type { AccountConnector } from "../connections/connector-port.js";
import type { AccountService } from "../connections/accounts.js";
import type { DoctorReport } from "../doctor/check.js";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../domain/logger.js";
import type { SyncRunner } from "../queue/port.js";
import type { UserRole } from "../store/auth-repositories.js";
import type { Store } from "../store/port.js";
import type { SignInLimiter } from "./auth/sign-in-limiter.js";

/** Deployment settings of the service. */
export interface HttpSettings {
  /** Send cookies with `Secure`. Off only for a plain-http loopback demo. @default true */
  readonly secureCookies: boolean;
  /** Intacct API calls budgeted per Intacct company per calendar month (UTC). @default 100000 */
  readonly monthlyApiBudget: number;
  /** The URL people reach the service at (links in pages and the OpenAPI `servers`). @default undefined */
  readonly publicUrl?: string;
  /** True when this process created the first admin (the sign-in page says where its password went). @default false */
  readonly firstAdminCreated?: boolean;
  /** How long a browser session lasts, in milliseconds. @default 43200000 (12 hours) */
  readonly sessionTtlMs?: number;
}

/** Default of {@link HttpSettings.monthlyApiBudget}. */
export const DEFAULT_MONTHLY_API_BUDGET = 100_000;

/** Default of {@link HttpSettings.sessionTtlMs}: 12 hours. */
export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Runs the doctor on a stored account (the composition root binds the deployment's sender). */
export type AccountDoctor = (accountId: string) => Promise<DoctorReport>;

/** Everything the API and the pages use; wired only by the composition root. */
export interface HttpDeps {
  readonly store: Store;
  readonly accounts: AccountService;
  readonly connector: AccountConnector;
  readonly runner: SyncRunner;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: HttpSettings;
  /** The doctor; when absent, running it answers `NOT_IMPLEMENTED`. @default undefined */
  readonly doctor?: AccountDoctor;
  /** Throttles failed sign-ins per username. @default none (no throttle) */
  readonly signInLimiter?: SignInLimiter;
}

/** The signed-in person (from a session cookie or an API token). */
export interface AuthUser {
  readonly id: string;
  readonly username: string;
  readonly role: UserRole;
}

/** How the current request was authenticated. */
export type AuthMethod = "session" | "token";

/** Per-request variables. `user`, `authMethod` and `csrfSecret` are set by the auth middleware. */
export interface HttpVariables {
  deps: HttpDeps;
  user: AuthUser;
  authMethod: AuthMethod;
  /** The session's synchronizer token (session auth only). */
  csrfSecret: string;
}

/** The Hono environment of every service route. */
export interface HttpEnv {
  Bindings: Partial<HttpBindings>;
  Variables: HttpVariables;
}
