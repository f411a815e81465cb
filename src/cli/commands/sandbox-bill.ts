/**
 * `intacct-sync sandbox bill [--port N] [--host 127.0.0.1] [--seed demo|none|FILE] [--data DIR] [--json]`:
 * runs the local BILL sandbox until SIGINT/SIGTERM. With `--json` it prints one line when ready:
 * `{"url", "adminUrl", "organizations": [{organizationId, username, password, devKey, …}]}`.
 */
import { readFileSync } from "node:fs";

import { Command, InvalidArgumentError } from "commander";

import { ConfigError } from "../../domain/errors.js";
import { type BillSandbox, createBillSandbox, type SeedChoice } from "../../sandbox/bill/index.js";

/** Parsed flags of `sandbox bill`. */
export interface SandboxBillFlags {
  readonly port: number;
  readonly adminPort: number;
  readonly host: string;
  readonly seed: string;
  readonly data?: string;
  readonly json: boolean;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65_535) throw new InvalidArgumentError("must be a port number (0-65535)");
  return n;
}

/** Reads `--seed`: `demo`, `none`, or a JSON file. */
export function readSeedFlag(seed: string): SeedChoice {
  if (seed === "demo" || seed === "none") return seed;
  let text: string;
  try {
    text = readFileSync(seed, "utf8");
  } catch (e) {
    throw new ConfigError("CONFIG_INVALID", `--seed ${seed}: cannot read the file (${e instanceof Error ? e.message : String(e)})`);
  }
  try {
    return JSON.parse(text) as SeedChoice;
  } catch (e) {
    throw new ConfigError("CONFIG_INVALID", `--seed ${seed}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** The ready line `--json` prints. */
export function readyLine(sandbox: BillSandbox): string {
  return JSON.stringify({
    url: sandbox.url,
    adminUrl: sandbox.adminUrl,
    organizations: sandbox.logins.map((l) => ({ organizationId: l.organizationId, name: l.name, intacctEntityId: l.intacctEntityId, username: l.username, password: l.password, devKey: l.devKey, syncToken: l.syncToken })),
  });
}

/**
 * Starts the sandbox per `flags`, prints the ready output, and resolves once `stop` fires.
 * Library-shaped so tests can run it without signals.
 */
export async function runBillSandbox(flags: SandboxBillFlags, out: (line: string) => void, stop: Promise<void>): Promise<void> {
  let sandbox: BillSandbox;
  try {
    sandbox = await createBillSandbox({ port: flags.port, adminPort: flags.adminPort, host: flags.host, seed: readSeedFlag(flags.seed), ...(flags.data === undefined ? {} : { dataDir: flags.data }) });
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new ConfigError("CONFIG_INVALID", `cannot start the BILL sandbox: ${message}`, { cause: e });
  }
  if (flags.json) out(readyLine(sandbox));
  else {
    out(`BILL sandbox: ${sandbox.url}  (client base URL; endpoints under /v3/…)`);
    out(`admin API:    ${sandbox.adminUrl}  (loopback only)`);
    for (const l of sandbox.logins) out(`  ${l.name}: organizationId=${l.organizationId} username=${l.username} password=${l.password} devKey=${l.devKey}`);
    out("Press Ctrl+C to stop.");
  }
  await stop;
  await sandbox.close();
}

/** The `sandbox bill` command. */
export function sandboxBillCommand(): Command {
  return new Command("bill")
    .description("Run the local BILL sandbox (the BILL v3 AP/AR API under /connect/v3, plus a loopback admin API)")
    .option("--port <n>", "port of the BILL API (0 = any free port)", parsePort, 0)
    .option("--admin-port <n>", "port of the admin API (always 127.0.0.1)", parsePort, 0)
    .option("--host <host>", "interface of the BILL API", "127.0.0.1")
    .option("--seed <seed>", "initial data: demo, none, or a seed JSON file (schemas/bill-sandbox-seed.schema.json)", "demo")
    .option("--data <dir>", "keep state in DIR/bill-sandbox.sqlite (default: in memory)")
    .option("--json", "print one JSON line when ready: url, adminUrl, organizations' login facts", false)
    // Usage errors reach main() (exit code 2) instead of commander calling process.exit.
    .exitOverride()
    .action(async (opts: { port: number; adminPort: number; host: string; seed: string; data?: string; json: boolean }) => {
      const stop = new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      });
      await runBillSandbox({ port: opts.port, adminPort: opts.adminPort, host: opts.host, seed: opts.seed, json: opts.json, ...(opts.data === undefined ? {} : { data: opts.data }) }, (line) => process.stdout.write(`${line}\n`), stop);
    });
}
