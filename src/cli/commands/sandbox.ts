/** `intacct-sync sandbox intacct|bill`: run a local emulator. */
import { Command } from "commander";

import { sandboxBillCommand } from "./sandbox-bill.js";
import { sandboxIntacctCommand } from "./sandbox-intacct.js";

/** The `sandbox` command group. */
export function sandboxCommand(): Command {
  return new Command("sandbox")
    .description("Run a local, stateful emulator of Sage Intacct or BILL")
    .addCommand(sandboxIntacctCommand())
    .addCommand(sandboxBillCommand());
}
