/**
 * The one place where flags, a JSON config file and environment variables become configuration
 * (STYLE.md: "Parse env, flags and config files once, at the edge, with a schema, into a
 * `ResolvedConfig`. Library code never reads `process.env`.").
 *
 * Precedence, highest first: flags, environment, config file, defaults. The Intacct names are the
 * official SDK's (`intacct-xml-api.md` §8.2) so a shell already set up for the SDK works as is.
 */
import path from "node:path";

import { z } from "zod";

import { ConfigError } from "../domain/errors.js";

/** Default database file, relative to the working directory. */
export const DEFAULT_DATABASE_PATH = "./.intacct-sync/intacct-sync.db";

/** File name of the generated secret key, created next to the database on first run. */
export const SECRET_KEY_FILE_NAME = "secret.key";

/** Where state lives, decided from `DATABASE_URL`. */
export type DatabaseConfig =
  | { readonly kind: "sqlite"; /** Absolute file path, or `:memory:`. */ readonly path: string }
  | { readonly kind: "postgres"; readonly url: string };

/** Where the key that encrypts stored passwords comes from. */
export type SecretKeySource =
  | { readonly kind: "env"; /** Raw `INTACCT_SYNC_SECRET_KEY` value (base64 or hex of 32 bytes). */ readonly value: string }
  | { readonly kind: "file"; /** Absolute path of the 0600 key file (created on first run when missing). */ readonly path: string };

/**
 * Sage Intacct Login Info given outside an account (doctor flags or `INTACCT_*` variables).
 * Values are kept exactly as typed: the doctor reports stray spaces instead of hiding them.
 */
export interface LoginInfoInput {
  readonly companyId?: string;
  readonly userId?: string;
  readonly userPassword?: string;
  /** Blank = top level (or a single-entity company). */
  readonly entityId?: string;
}

/** Deployment-wide Intacct settings. */
export interface IntacctConfig {
  /** Web Services sender ID (deployment-wide; the customer authorizes it for their company). */
  readonly senderId?: string;
  readonly senderPassword?: string;
  /** @default "https://api.intacct.com/ia/xml/xmlgw.phtml" (the client's default) */
  readonly endpointUrl?: string;
  /** Login Info from `INTACCT_COMPANY_ID` etc., used by `doctor` without `--account`. */
  readonly login: LoginInfoInput;
}

/** Everything the process needs, validated. */
export interface ResolvedConfig {
  readonly database: DatabaseConfig;
  readonly secretKey: SecretKeySource;
  readonly intacct: IntacctConfig;
  /** Path of the config file that was read, if any. */
  readonly configFile?: string;
}

/** Flags that map onto configuration (every command may pass a subset). */
export interface ConfigFlags {
  readonly config?: string;
  readonly databaseUrl?: string;
  readonly senderId?: string;
  readonly senderPassword?: string;
  readonly endpointUrl?: string;
  readonly companyId?: string;
  readonly userId?: string;
  readonly userPassword?: string;
  readonly entityId?: string;
}

/** Inputs of {@link resolveConfig}; all I/O is injected so tests need no files or env. */
export interface ResolveConfigOptions {
  /** Parsed flags. @default {} */
  readonly flags?: ConfigFlags;
  /** Environment variables (the CLI passes `process.env`). @default {} */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Working directory for relative paths. @default "/" */
  readonly cwd?: string;
  /** Reads the config file; returns undefined when it does not exist. @default () => undefined */
  readonly readFile?: (file: string) => string | undefined;
}

const nonEmpty = z.string().min(1);

/** Schema of the JSON config file (`--config` or `INTACCT_SYNC_CONFIG`). Unknown keys are errors. */
export const configFileSchema = z
  .object({
    databaseUrl: nonEmpty.optional(),
    secretKeyFile: nonEmpty.optional(),
    intacct: z
      .object({
        senderId: nonEmpty.optional(),
        senderPassword: nonEmpty.optional(),
        endpointUrl: z.url().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** The config file's shape. */
export type ConfigFile = z.infer<typeof configFileSchema>;

const secretKeyValue = z
  .string()
  .refine((v) => decodeSecretKey(v) !== undefined, "must be 32 bytes, base64 (44 characters) or hex (64 characters)");

const endpointSchema = z.url().refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL");

/**
 * Parses flags, environment and config file into a {@link ResolvedConfig}. Throws
 * {@link ConfigError} (`CONFIG_INVALID`, exit code 2) naming the offending setting.
 *
 * @example
 * const config = resolveConfig({ flags, env: process.env, cwd: process.cwd(), readFile });
 */
export function resolveConfig(options: ResolveConfigOptions = {}): ResolvedConfig {
  const flags = options.flags ?? {};
  const env = options.env ?? {};
  const cwd = options.cwd ?? "/";
  const readFile = options.readFile ?? (() => undefined);

  const configPath = pick(flags.config, env["INTACCT_SYNC_CONFIG"]);
  let file: ConfigFile = {};
  let configFile: string | undefined;
  if (configPath !== undefined) {
    configFile = path.resolve(cwd, configPath);
    const text = readFile(configFile);
    if (text === undefined) throw new ConfigError("CONFIG_MISSING", `Config file not found: ${configFile}`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new ConfigError("CONFIG_INVALID", `Config file ${configFile} is not valid JSON: ${(e as Error).message}`, { cause: e });
    }
    const parsed = configFileSchema.safeParse(json);
    if (!parsed.success) throw new ConfigError("CONFIG_INVALID", `Config file ${configFile}: ${formatIssues(parsed.error)}`);
    file = parsed.data;
  }

  const database = parseDatabaseUrl(pick(flags.databaseUrl, env["DATABASE_URL"], file.databaseUrl) ?? DEFAULT_DATABASE_PATH, cwd);

  const keyEnv = blankToUndefined(env["INTACCT_SYNC_SECRET_KEY"]);
  let secretKey: SecretKeySource;
  if (keyEnv !== undefined) {
    const ok = secretKeyValue.safeParse(keyEnv);
    if (!ok.success) throw new ConfigError("CONFIG_INVALID", `INTACCT_SYNC_SECRET_KEY ${formatIssues(ok.error)}`);
    secretKey = { kind: "env", value: keyEnv };
  } else {
    const keyFile = pick(env["INTACCT_SYNC_SECRET_KEY_FILE"], file.secretKeyFile);
    secretKey = { kind: "file", path: keyFile !== undefined ? path.resolve(cwd, keyFile) : defaultKeyFile(database, cwd) };
  }

  const endpointUrl = pick(flags.endpointUrl, env["INTACCT_ENDPOINT_URL"], file.intacct?.endpointUrl);
  if (endpointUrl !== undefined) {
    const ok = endpointSchema.safeParse(endpointUrl);
    if (!ok.success) throw new ConfigError("CONFIG_INVALID", `INTACCT_ENDPOINT_URL ${formatIssues(ok.error)}: ${endpointUrl}`);
  }

  const intacct: IntacctConfig = {
    ...optional("senderId", pick(flags.senderId, env["INTACCT_SENDER_ID"], file.intacct?.senderId)),
    ...optional("senderPassword", pick(flags.senderPassword, env["INTACCT_SENDER_PASSWORD"], file.intacct?.senderPassword)),
    ...optional("endpointUrl", endpointUrl),
    login: {
      // Login Info is kept verbatim (no trim): the doctor names stray spaces.
      ...optional("companyId", pickRaw(flags.companyId, env["INTACCT_COMPANY_ID"])),
      ...optional("userId", pickRaw(flags.userId, env["INTACCT_USER_ID"])),
      ...optional("userPassword", pickRaw(flags.userPassword, env["INTACCT_USER_PASSWORD"])),
      ...optional("entityId", pickRaw(flags.entityId, env["INTACCT_ENTITY_ID"])),
    },
  };

  return { database, secretKey, intacct, ...optional("configFile", configFile) };
}

/**
 * Reads `DATABASE_URL`: `postgres://…`/`postgresql://…`, `sqlite:<path>` / `sqlite://<path>`,
 * `:memory:`, or a plain file path (relative to `cwd`).
 */
export function parseDatabaseUrl(value: string, cwd: string): DatabaseConfig {
  const v = value.trim();
  if (/^postgres(ql)?:\/\//i.test(v)) {
    try {
      new URL(v);
    } catch (e) {
      throw new ConfigError("CONFIG_INVALID", "DATABASE_URL is not a valid postgres:// URL", { cause: e });
    }
    return { kind: "postgres", url: v };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) && !/^sqlite:/i.test(v)) {
    throw new ConfigError("CONFIG_INVALID", `DATABASE_URL: unsupported scheme in "${v.split("://")[0] ?? ""}://…" (use a file path, sqlite:, or postgres://)`);
  }
  let file = v.replace(/^sqlite:(\/\/)?/i, "");
  if (file === "") throw new ConfigError("CONFIG_INVALID", "DATABASE_URL: empty sqlite path");
  if (file === ":memory:") return { kind: "sqlite", path: ":memory:" };
  file = path.resolve(cwd, file);
  return { kind: "sqlite", path: file };
}

/**
 * Decodes a 32-byte key given as base64 (44 chars, padding optional) or hex (64 chars).
 * Returns undefined for anything else.
 */
export function decodeSecretKey(value: string): Buffer | undefined {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(v)) {
    const buf = Buffer.from(v.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    return buf.length === 32 ? buf : undefined;
  }
  return undefined;
}

function defaultKeyFile(database: DatabaseConfig, cwd: string): string {
  if (database.kind === "sqlite" && database.path !== ":memory:") return path.join(path.dirname(database.path), SECRET_KEY_FILE_NAME);
  return path.resolve(cwd, path.dirname(DEFAULT_DATABASE_PATH), SECRET_KEY_FILE_NAME);
}

function blankToUndefined(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === "" ? undefined : v;
}

/** First non-blank value (trimmed). */
function pick(...values: ReadonlyArray<string | undefined>): string | undefined {
  for (const v of values) {
    const b = blankToUndefined(v);
    if (b !== undefined) return b.trim();
  }
  return undefined;
}

/** First defined value, untouched (Login Info). An explicitly empty Entity ID still counts. */
function pickRaw(...values: ReadonlyArray<string | undefined>): string | undefined {
  for (const v of values) if (v !== undefined) return v;
  return undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
}
