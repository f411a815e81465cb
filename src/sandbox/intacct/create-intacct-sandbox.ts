/**
 * The public entry point: a sandbox with the real objects half (records, queries, bill state,
 * demo records) and the console at `/console`.
 */
import { consoleRoutes } from "./console/index.js";
import { demoRecords } from "./objects/demo-records.js";
import { createObjectsModule, type ObjectsModuleOptions } from "./objects/index.js";
import { type IntacctSandbox, type IntacctSandboxOptions, startIntacctSandbox } from "./sandbox-server.js";

/**
 * Starts a local Intacct sandbox.
 *
 * @example
 * const sandbox = await createIntacctSandbox({ seed: "demo" });
 * // post Intacct XML to sandbox.endpointUrl; drive faults through sandbox.adminUrl
 * // objects options (UNCONFIRMED behaviours): createIntacctSandbox({ objects: { closedPeriodDate: "both" } })
 * await sandbox.close();
 */
export function createIntacctSandbox(options: IntacctSandboxOptions & { readonly objects?: ObjectsModuleOptions } = {}): Promise<IntacctSandbox> {
  return startIntacctSandbox(options, {
    createObjects: (db) => createObjectsModule(db, options.objects),
    demoRecords: (company) => demoRecords({ companyId: company.companyId, entityIds: company.entityIds, now: company.now }),
    console: consoleRoutes,
  });
}
