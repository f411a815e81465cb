/**
 * Shared plumbing of the `accounts` and `doctor` commands: the process edge (env, cwd, stdio)
 * injected so tests run commands in-process, and the composition of config → store → accounts.
 */
import fs from "node:fs";

import type { Command } from "commander";

import { type ConfigFlags, type ResolvedConfig, resolveConfig } from "../../config/resolved-config.js";
import { AccountService } from "../../connections/accounts.js";
import { createCredentialCipher } from "../../connections/credential-cipher.js";
import { loadSecretKey } from "../../connections/secret-key.js";
import { openStore } from "../../store/open-store.js";
import type { Store } from "../../store/port.js";

/** The process edge a command uses. */
export interface CliIo {
  /** @default process.env */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** @default process.cwd() */
  readonly cwd: string;
  /** @default (s) => process.stdout.write(s) */
  readonly out: (text: string) => void;
  /** @default (s) => process.stderr.write(s) */
  readonly err: (text: string) => void;
  /** Reads all of stdin (for `--password-stdin`). @default reads process.stdin */
  readonly readStdin: () => Promise<string>;
  /** Sets the exit code. @default sets process.exitCode */
  readonly setExitCode: (code: number) => void;
}

/** The real process edge. */
export function processIo(): CliIo {
  return {
    env: process.env,
    cwd: process.cwd(),
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    setExitCode: (code) => {
      process.exitCode = code;
    },
  };
}

/** Adds the options every store-using command shares. */
export function addStoreOptions(cmd: Command): Command {
  return cmd
    .option("--config <file>", "JSON config file (also INTACCT_SYNC_CONFIG)")
    .option("--database-url <url>", "state database: a file path, sqlite:<path> or postgres://… (also DATABASE_URL)");
}

/** Resolves configuration from flags and the environment, reading the config file if any. */
export function configFrom(io: CliIo, flags: ConfigFlags): ResolvedConfig {
  return resolveConfig({
    flags,
    env: io.env,
    cwd: io.cwd,
    readFile: (file) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined),
  });
}

/** Opens the store and the account service; `close` releases the database. */
export async function openAccounts(config: ResolvedConfig): Promise<{ readonly store: Store; readonly accounts: AccountService; close(): Promise<void> }> {
  const { key } = loadSecretKey(config.secretKey);
  const store = await openStore(config.database);
  return { store, accounts: new AccountService({ store, cipher: createCredentialCipher(key) }), close: () => store.close() };
}

/** Formats rows as an aligned text table. */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  return [line(headers), ...rows.map(line)].join("\n") + "\n";
}
