/** Builds an in-process sandbox (no port) over the stub objects and the test seed. */
import { ManualClock } from "../../../domain/clock.js";
import { type IntacctSandbox, type IntacctSandboxOptions, startIntacctSandbox } from "../sandbox-server.js";
import { createStubObjects } from "./stub-objects.js";
import { testSeed } from "./test-seed.js";

/** 2026-01-15T12:00:00Z, the tests' "now". */
export const TEST_NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

/** An in-process sandbox with a manual clock at {@link TEST_NOW}. */
export async function makeSandbox(options: IntacctSandboxOptions = {}): Promise<{ sandbox: IntacctSandbox; clock: ManualClock }> {
  const clock = new ManualClock(TEST_NOW);
  const sandbox = await startIntacctSandbox({ listen: false, seed: testSeed(), clock, ...options }, { createObjects: createStubObjects });
  return { sandbox, clock };
}
