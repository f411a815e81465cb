/**
 * CLI composition root: parses flags with commander and hands off to library code.
 *
 * Exit codes (README "CLI"): 0 ok, 1 failed checks or records, 2 usage or configuration error.
 * Each command lives in `src/cli/commands/<name>.ts` and exports a factory returning a commander
 * `Command`; commands set `process.exitCode` through {@link CliExit} rather than calling `process.exit`.
 */
import { Command, CommanderError } from "commander";

import { coerceError, isUserError } from "../domain/errors.js";
import { accountsCommand } from "./commands/accounts.js";
import { demoCommand } from "./commands/demo.js";
import { doctorCommand } from "./commands/doctor.js";
import { errorsCommand } from "./commands/errors.js";
import { sandboxCommand } from "./commands/sandbox.js";
import { serveCommand } from "./commands/serve.js";
import { syncCommand } from "./commands/sync.js";
import { workerCommand } from "./commands/worker.js";
import { EXIT } from "./exit-codes.js";

/** Builds the root program with every command registered. Pure: no I/O until `parseAsync`. */
export function buildProgram(): Command {
  const program = new Command("intacct-sync")
    .description("Keep BILL in sync with Sage Intacct through a dedicated Web Services sync user.")
    .version("0.1.0")
    .showHelpAfterError()
    .exitOverride();
  // Commands are added here, one line each (keep alphabetical).
  program.addCommand(accountsCommand());
  program.addCommand(demoCommand());
  program.addCommand(doctorCommand());
  program.addCommand(errorsCommand());
  program.addCommand(sandboxCommand());
  program.addCommand(serveCommand());
  program.addCommand(syncCommand());
  program.addCommand(workerCommand());
  return program;
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code.
 *
 * @example
 * process.exitCode = await main(["doctor", "--json"]);
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  // commander copies exitOverride only to subcommands created with .command(), not to those
  // added with .addCommand(): apply it everywhere so a usage error returns 2 instead of exiting 1.
  overrideExitEverywhere(program);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return EXIT.OK;
      return EXIT.USAGE;
    }
    const err = coerceError(e);
    process.stderr.write(`intacct-sync: ${err.message}\n`);
    return isUserError(err) ? EXIT.USAGE : EXIT.FAILED;
  }
}

function overrideExitEverywhere(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) overrideExitEverywhere(sub);
}
