/**
 * Runs one command in-process with a fake process edge, mapping errors to exit codes exactly as
 * `main()` does. Test support for the command tests.
 */
import { Command, CommanderError } from "commander";

import { coerceError, isUserError } from "../../domain/errors.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "./cli-context.js";

/** What a command run produced. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A fake {@link CliIo} plus the captured output. */
export function fakeIo(env: Record<string, string | undefined>, cwd: string, stdin = ""): CliIo & { out_: string[]; err_: string[]; code: number | undefined } {
  const io = {
    out_: [] as string[],
    err_: [] as string[],
    code: undefined as number | undefined,
    env,
    cwd,
    out: (s: string) => void io.out_.push(s),
    err: (s: string) => void io.err_.push(s),
    readStdin: () => Promise.resolve(stdin),
    setExitCode: (c: number) => {
      io.code = c;
    },
  };
  return io;
}

/** Parses `argv` with `make(io)` as the only command of a root program. */
export async function runCommand(make: (io: CliIo) => Command, argv: readonly string[], options: { env?: Record<string, string | undefined>; cwd?: string; stdin?: string } = {}): Promise<CliRun> {
  const io = fakeIo(options.env ?? {}, options.cwd ?? "/", options.stdin ?? "");
  const root = new Command("intacct-sync").exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  const cmd = make(io);
  applyOverrides(cmd, io);
  root.addCommand(cmd);
  let code: number;
  try {
    await root.parseAsync([...argv], { from: "user" });
    code = io.code ?? EXIT.OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      code = e.code === "commander.helpDisplayed" || e.code === "commander.help" ? EXIT.OK : EXIT.USAGE;
    } else {
      const err = coerceError(e);
      io.err(`intacct-sync: ${err.message}\n`);
      code = isUserError(err) ? EXIT.USAGE : EXIT.FAILED;
    }
  }
  return { code, stdout: io.out_.join(""), stderr: io.err_.join("") };
}

function applyOverrides(cmd: Command, io: CliIo): void {
  cmd.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  for (const sub of cmd.commands) applyOverrides(sub, io);
}
