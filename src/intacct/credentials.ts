/**
 * Credential resolution, following the official SDK's rules (`intacct-xml-api.md` §8.2):
 * explicit options → the SDK's environment variable names → its profile file
 * (`$HOME/.intacct/credentials.ini`). Library code never reads `process.env` or the disk by
 * itself: the caller injects `env` and `readFile` (the composition root passes `process.env` and
 * {@link readTextFileIfExists}).
 *
 * Deviations from the SDK, on purpose:
 * - an empty string counts as unset (the SDK only treats `null`/`undefined` as unset), because
 *   container environments often define variables as empty;
 * - `INTACCT_ENDPOINT_URL` beats the profile's `endpoint_url` (the SDK lets the profile win when
 *   the sender came from the profile, which surprises users who set the variable).
 */
import { existsSync, readFileSync } from "node:fs";

import { ConfigError } from "../domain/errors.js";

/** Default gateway endpoint [S-OVW]. */
export const DEFAULT_ENDPOINT_URL = "https://api.intacct.com/ia/xml/xmlgw.phtml";

/** The SDK's environment variable names. */
export const INTACCT_ENV = {
  PROFILE: "INTACCT_PROFILE",
  SENDER_PROFILE: "INTACCT_SENDER_PROFILE",
  COMPANY_PROFILE: "INTACCT_COMPANY_PROFILE",
  SENDER_ID: "INTACCT_SENDER_ID",
  SENDER_PASSWORD: "INTACCT_SENDER_PASSWORD",
  COMPANY_ID: "INTACCT_COMPANY_ID",
  ENTITY_ID: "INTACCT_ENTITY_ID",
  USER_ID: "INTACCT_USER_ID",
  USER_PASSWORD: "INTACCT_USER_PASSWORD",
  ENDPOINT_URL: "INTACCT_ENDPOINT_URL",
} as const;

/** Explicit credential options (each wins over env and profile). */
export interface CredentialOptions {
  /** Web Services sender ID. @default env INTACCT_SENDER_ID, then profile `sender_id` */
  readonly senderId?: string;
  /** Sender password. @default env INTACCT_SENDER_PASSWORD, then profile `sender_password` */
  readonly senderPassword?: string;
  /** Company ID. @default env INTACCT_COMPANY_ID, then profile `company_id` */
  readonly companyId?: string;
  /** Entity ID (`locationid`); empty = top level. @default env INTACCT_ENTITY_ID, then profile `entity_id` */
  readonly entityId?: string;
  /** User ID (login). @default env INTACCT_USER_ID, then profile `user_id` */
  readonly userId?: string;
  /** User password. @default env INTACCT_USER_PASSWORD, then profile `user_password` */
  readonly userPassword?: string;
  /** An existing session ID: when set, session credentials are used instead of login. @default undefined */
  readonly sessionId?: string;
  /** Gateway endpoint. @default env INTACCT_ENDPOINT_URL, then profile `endpoint_url`, then {@link DEFAULT_ENDPOINT_URL} */
  readonly endpointUrl?: string;
  /** Profile (INI section). @default env INTACCT_PROFILE, then INTACCT_SENDER_PROFILE / INTACCT_COMPANY_PROFILE, then "default" */
  readonly profileName?: string;
  /** Profile file path. @default `$HOME/.intacct/credentials.ini` (Windows: `%HOMEDRIVE%%HOMEPATH%`) */
  readonly profileFile?: string;
  /**
   * Accept an endpoint whose host does not end in `.intacct.com` (sandboxes, tests). The SDK's
   * allow-list exists to keep credentials from leaking to other hosts. @default false
   */
  readonly allowNonIntacctEndpoint?: boolean;
}

/** Injected I/O for {@link resolveCredentials}. */
export interface CredentialSources {
  /** Environment variables (the composition root passes `process.env`). @default {} */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Reads a text file; returns undefined when it does not exist. @default () => undefined */
  readonly readFile?: (path: string) => string | undefined;
}

/** Login or session authentication. */
export type ResolvedAuth =
  | { readonly kind: "login"; readonly companyId: string; readonly userId: string; readonly userPassword: string; readonly entityId: string }
  | { readonly kind: "session"; readonly sessionId: string; readonly companyId: string; readonly entityId: string | undefined };

/** Fully resolved credentials. */
export interface ResolvedCredentials {
  readonly senderId: string;
  readonly senderPassword: string;
  readonly endpointUrl: string;
  readonly allowNonIntacctEndpoint: boolean;
  readonly auth: ResolvedAuth;
}

/** Reads a UTF-8 file, or undefined when it does not exist (for the composition root). */
export function readTextFileIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

function set(v: string | undefined): v is string {
  return v !== undefined && v !== "";
}

function firstSet(...values: Array<string | undefined>): string | undefined {
  return values.find(set);
}

/**
 * Parses the SDK's INI profile file: `[section]` headers, `key = value` lines, `;`/`#` comments,
 * optional double or single quotes around values. Enough for credentials.ini (the SDK uses the
 * `ini` package; nested sections and arrays are not used by it).
 */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let section: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith(";") || line.startsWith("#")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1] !== undefined) {
      const name = header[1].trim();
      section = out[name] ?? {};
      out[name] = section;
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0 || section === undefined) continue;
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'")))) {
      value = value.slice(1, -1);
    }
    section[key] = value;
  }
  return out;
}

function defaultProfileFile(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const home = env["HOME"];
  if (set(home)) return `${home}/.intacct/credentials.ini`;
  const drive = env["HOMEDRIVE"];
  const path = env["HOMEPATH"];
  if (set(drive) && set(path)) return `${drive}${path}/.intacct/credentials.ini`;
  return undefined;
}

function missing(what: string, envName: string): ConfigError {
  // Exact SDK texts (src/Credentials/SenderCredentials.ts, LoginCredentials.ts).
  return new ConfigError("CONFIG_MISSING", `Required ${what} not supplied in config or env variable "${envName}"`);
}

/** True when `url`'s host ends in `.intacct.com` (the SDK's rule, src/Credentials/Endpoint.ts). */
export function isIntacctHost(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host.endsWith(".intacct.com") || host.endsWith(".intacct.com.");
  } catch {
    return false;
  }
}

/**
 * Resolves sender and login/session credentials.
 *
 * @throws ConfigError with the SDK's texts when a required value is missing, or when the profile
 *   named is not in the file (`Profile Name "<n>" not found in credentials file`).
 * @example
 * const creds = resolveCredentials({ entityId: "EAST" }, { env: process.env, readFile: readTextFileIfExists });
 */
export function resolveCredentials(options: CredentialOptions = {}, sources: CredentialSources = {}): ResolvedCredentials {
  const env = sources.env ?? {};
  const readFile = sources.readFile ?? (() => undefined);
  const profileFile = options.profileFile ?? defaultProfileFile(env);

  let parsed: Record<string, Record<string, string>> | undefined | null = null;
  const profile = (name: string): Record<string, string> => {
    if (parsed === null) {
      const text = profileFile === undefined ? undefined : readFile(profileFile);
      parsed = text === undefined ? undefined : parseIni(text);
    }
    if (parsed === undefined) return {};
    const section = parsed[name];
    if (section === undefined) throw new ConfigError("CONFIG_INVALID", `Profile Name "${name}" not found in credentials file`);
    return section;
  };

  // Sender.
  let senderId = firstSet(options.senderId, env[INTACCT_ENV.SENDER_ID]);
  let senderPassword = firstSet(options.senderPassword, env[INTACCT_ENV.SENDER_PASSWORD]);
  let profileEndpoint: string | undefined;
  if (!set(senderId) && !set(senderPassword)) {
    const p = profile(firstSet(options.profileName, env[INTACCT_ENV.PROFILE], env[INTACCT_ENV.SENDER_PROFILE]) ?? "default");
    senderId = firstSet(p["sender_id"]);
    senderPassword = firstSet(p["sender_password"]);
    profileEndpoint = firstSet(p["endpoint_url"]);
  }
  if (!set(senderId)) throw missing("Sender ID", INTACCT_ENV.SENDER_ID);
  if (!set(senderPassword)) throw missing("Sender Password", INTACCT_ENV.SENDER_PASSWORD);

  const endpointUrl = firstSet(options.endpointUrl, env[INTACCT_ENV.ENDPOINT_URL], profileEndpoint) ?? DEFAULT_ENDPOINT_URL;
  const allowNonIntacctEndpoint = options.allowNonIntacctEndpoint ?? false;
  if (!allowNonIntacctEndpoint && !isIntacctHost(endpointUrl)) {
    // Exact SDK text (src/Credentials/Endpoint.ts).
    throw new ConfigError("CONFIG_INVALID", "Endpoint URL is not a valid intacct.com domain name.");
  }

  // Session credentials.
  if (set(options.sessionId)) {
    return {
      senderId,
      senderPassword,
      endpointUrl,
      allowNonIntacctEndpoint,
      auth: {
        kind: "session",
        sessionId: options.sessionId,
        companyId: firstSet(options.companyId, env[INTACCT_ENV.COMPANY_ID]) ?? "",
        entityId: firstSet(options.entityId, env[INTACCT_ENV.ENTITY_ID]),
      },
    };
  }

  // Login credentials.
  let companyId = firstSet(options.companyId, env[INTACCT_ENV.COMPANY_ID]);
  let entityId = firstSet(options.entityId, env[INTACCT_ENV.ENTITY_ID]);
  let userId = firstSet(options.userId, env[INTACCT_ENV.USER_ID]);
  let userPassword = firstSet(options.userPassword, env[INTACCT_ENV.USER_PASSWORD]);
  if (!set(companyId) && !set(userId) && !set(userPassword)) {
    const p = profile(firstSet(options.profileName, env[INTACCT_ENV.PROFILE], env[INTACCT_ENV.COMPANY_PROFILE]) ?? "default");
    companyId = firstSet(p["company_id"]);
    entityId = firstSet(entityId, p["entity_id"]);
    userId = firstSet(p["user_id"]);
    userPassword = firstSet(p["user_password"]);
  }
  if (!set(companyId)) throw missing("Company ID", INTACCT_ENV.COMPANY_ID);
  if (!set(userId)) throw missing("User ID", INTACCT_ENV.USER_ID);
  if (!set(userPassword)) throw missing("User Password", INTACCT_ENV.USER_PASSWORD);

  return {
    senderId,
    senderPassword,
    endpointUrl,
    allowNonIntacctEndpoint,
    auth: { kind: "login", companyId, userId, userPassword, entityId: entityId ?? "" },
  };
}
