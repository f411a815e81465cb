/** `intacct-sync sandbox intacct` (placeholder until the sandbox lands: says so and exits 2). */
import { Command } from "commander";

import { NotImplementedError } from "../../domain/errors.js";

/** The `sandbox intacct` command. */
export function sandboxIntacctCommand(): Command {
  return new Command("intacct").description("Run the local Intacct sandbox").action(() => {
    throw new NotImplementedError("sandbox intacct");
  });
}
