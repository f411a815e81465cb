/**
 * `intacct-sync sandbox intacct`: runs the local Intacct sandbox until SIGINT/SIGTERM.
 * Thin over `createIntacctSandbox` (src/sandbox/intacct); flags map one to one onto its options.
 */
import { Command, InvalidArgumentError, Option } from "commander";

import { ConfigError } from "../../domain/errors.js";
import { createIntacctSandbox } from "../../sandbox/intacct/create-intacct-sandbox.js";
import type { FaultPhase, FaultRule } from "../../sandbox/intacct/faults.js";
import type { IntacctSandbox, IntacctSandboxOptions } from "../../sandbox/intacct/sandbox-server.js";

/** I/O of the command (tests replace both). */
export interface SandboxIntacctIo {
  /** Where the ready line(s) go. @default process.stdout */
  readonly out: { write(text: string): unknown };
  /** Resolves when the sandbox should stop. @default first SIGINT or SIGTERM */
  readonly waitForStop: () => Promise<void>;
  /** Starts the sandbox. @default createIntacctSandbox */
  readonly start: (options: IntacctSandboxOptions) => Promise<IntacctSandbox>;
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolve();
    };
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
}

const DEFAULT_IO: SandboxIntacctIo = { out: process.stdout, waitForStop: waitForSignal, start: createIntacctSandbox };

function int(name: string, min: number, max = Number.MAX_SAFE_INTEGER): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
    return n;
  };
}

function rate(v: string): number {
  const n = Number(v);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError("must be a number from 0 to 1");
  return n;
}

interface Flags {
  port: number;
  host: string;
  seed?: string;
  data?: string;
  json?: boolean;
  latency: string;
  requestLatency?: number;
  functionLatency?: number;
  concurrency?: number;
  retryAfter?: number;
  queueTimeout?: number;
  fault5xxRate?: number;
  fault5xxNth?: number;
  fault5xxStatus: number;
  dropRate?: number;
  dropNth?: number;
  faultPhase: FaultPhase;
  randomSeed: number;
  publicHostname?: string;
}

/** Builds sandbox options from parsed flags. */
export function optionsFromFlags(f: Flags): IntacctSandboxOptions {
  const rules: FaultRule[] = [];
  if (f.fault5xxRate !== undefined) rules.push({ kind: "http-error", status: f.fault5xxStatus, phase: f.faultPhase, rate: f.fault5xxRate });
  if (f.fault5xxNth !== undefined) rules.push({ kind: "http-error", status: f.fault5xxStatus, phase: f.faultPhase, nth: f.fault5xxNth });
  if (f.dropRate !== undefined) rules.push({ kind: "drop-connection", phase: f.faultPhase, rate: f.dropRate });
  if (f.dropNth !== undefined) rules.push({ kind: "drop-connection", phase: f.faultPhase, nth: f.dropNth });
  if (f.latency !== "none" && f.latency !== "intacct") throw new ConfigError("USAGE", `--latency must be none or intacct, not '${f.latency}'`);
  const custom = f.requestLatency !== undefined || f.functionLatency !== undefined;
  return {
    host: f.host,
    port: f.port,
    ...(f.seed !== undefined ? { seed: f.seed } : {}),
    ...(f.data !== undefined ? { dataDir: f.data } : {}),
    latency: custom ? { requestMs: f.requestLatency ?? 0, functionMs: f.functionLatency ?? 0, jitterMs: 0 } : f.latency,
    faults: {
      rules,
      ...(f.concurrency !== undefined ? { concurrencyLimit: f.concurrency } : {}),
      ...(f.retryAfter !== undefined ? { retryAfterSeconds: f.retryAfter } : {}),
      ...(f.queueTimeout !== undefined ? { queueTimeoutMs: f.queueTimeout } : {}),
    },
    randomSeed: f.randomSeed,
    ...(f.publicHostname !== undefined ? { publicHostname: f.publicHostname } : {}),
  };
}

/** The `sandbox intacct` command. */
export function sandboxIntacctCommand(io: SandboxIntacctIo = DEFAULT_IO): Command {
  return new Command("intacct")
    .description("Run the local Intacct sandbox (XML gateway, admin API, console) until Ctrl-C")
    .option("--port <n>", "port (0 = any free port)", int("--port", 0, 65535), 0)
    .option("--host <host>", "loopback address to bind (127.0.0.1, ::1 or localhost)", "127.0.0.1")
    .option("--seed <demo|file>", "load the demo seed or a JSON seed file (only into an empty database)")
    .option("--data <dir>", "keep state in <dir>/intacct-sandbox.sqlite (default: in memory)")
    .option("--json", "print one JSON line when ready (url, adminUrl, consoleUrl and the demo's connection facts)")
    .addOption(new Option("--latency <model>", "latency model").choices(["none", "intacct"]).default("none"))
    .option("--request-latency <ms>", "latency per request, ms (overrides --latency)", int("--request-latency", 0))
    .option("--function-latency <ms>", "latency per function, ms (overrides --latency)", int("--function-latency", 0))
    .option("--concurrency <n>", "concurrent requests per company before HTTP 429 GW-0010 (0 = unlimited; default 2)", int("--concurrency", 0))
    .option("--retry-after <s>", "Retry-After seconds on a 429 (default 1)", int("--retry-after", 0))
    .option("--queue-timeout <ms>", "how long a request over the limit waits for a slot before the 429 (default 0)", int("--queue-timeout", 0))
    .option("--fault-5xx-rate <r>", "answer this fraction of requests with a 5xx", rate)
    .option("--fault-5xx-nth <n>", "answer the Nth request with a 5xx", int("--fault-5xx-nth", 1))
    .option("--fault-5xx-status <code>", "status of injected 5xx answers", int("--fault-5xx-status", 500, 599), 503)
    .option("--drop-rate <r>", "drop the connection of this fraction of requests", rate)
    .option("--drop-nth <n>", "drop the connection of the Nth request", int("--drop-nth", 1))
    .addOption(new Option("--fault-phase <phase>", "when injected faults strike").choices(["before-commit", "after-commit"]).default("before-commit"))
    .option("--random-seed <n>", "seed of the fault RNG", int("--random-seed", 0), 1)
    .option("--public-hostname <host>", "host name getAPISession returns in <endpoint> (e.g. sandbox.intacct.com for the official SDK; map it to 127.0.0.1)")
    .action(async (flags: Flags) => {
      const sandbox = await io.start(optionsFromFlags(flags));
      try {
        const demo = sandbox.demo;
        const ready = {
          url: sandbox.url,
          endpointUrl: sandbox.endpointUrl,
          adminUrl: sandbox.adminUrl,
          consoleUrl: sandbox.consoleUrl,
          ...(demo
            ? { companyId: demo.companyId, senderId: demo.senderId, senderPassword: demo.senderPassword, userId: demo.userId, password: demo.password, entityIds: demo.entityIds, userBasedCompanyId: demo.userBasedCompanyId }
            : {}),
        };
        if (flags.json) {
          io.out.write(`${JSON.stringify(ready)}\n`);
        } else {
          io.out.write(`Intacct sandbox ready (Ctrl-C to stop)\n  endpoint: ${ready.endpointUrl}\n  admin:    ${ready.adminUrl}\n  console:  ${ready.consoleUrl}\n`);
          if (demo) io.out.write(`  demo: company ${demo.companyId} (entities ${demo.entityIds.join(", ")}), sender ${demo.senderId}, user ${demo.userId}\n`);
        }
        await io.waitForStop();
      } finally {
        await sandbox.close();
      }
    });
}
