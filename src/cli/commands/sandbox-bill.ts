/** `intacct-sync sandbox bill` (placeholder until the sandbox lands: says so and exits 2). */
import { Command } from "commander";

import { NotImplementedError } from "../../domain/errors.js";

/** The `sandbox bill` command. */
export function sandboxBillCommand(): Command {
  return new Command("bill").description("Run the local Bill sandbox").action(() => {
    throw new NotImplementedError("sandbox bill");
  });
}
