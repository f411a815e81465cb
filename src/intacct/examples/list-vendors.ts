/**
 * The README's runnable example: resolve credentials the official SDK's way, open the session,
 * page every active vendor with prefetch, and create one vendor exactly once.
 *
 * Run against any gateway (the SDK's environment variable names):
 *   INTACCT_SENDER_ID=… INTACCT_SENDER_PASSWORD=… INTACCT_COMPANY_ID=… INTACCT_USER_ID=… \
 *   INTACCT_USER_PASSWORD=… [INTACCT_ENTITY_ID=…] [INTACCT_ENDPOINT_URL=…] \
 *   node --import tsx src/intacct/examples/list-vendors.ts
 */
import { pathToFileURL } from "node:url";

import type { Logger } from "../../domain/logger.js";
import {
  controlIdFor,
  create,
  createIntacctClient,
  IntacctError,
  readTextFileIfExists,
  reconcileByName,
  resolveCredentials,
  where,
} from "../index.js";

/** Options of {@link listVendors}. */
export interface ListVendorsOptions {
  /** Environment (the SDK's INTACCT_* names). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Allow a loopback sandbox endpoint. @default false */
  readonly allowNonIntacctEndpoint?: boolean;
  /** @default silent */
  readonly logger?: Logger;
}

/** Lists active vendors and creates `V-EXAMPLE` once; returns what it saw. */
export async function listVendors(options: ListVendorsOptions): Promise<{ readonly vendors: number; readonly created: string; readonly reconciled: boolean }> {
  const credentials = resolveCredentials(
    { allowNonIntacctEndpoint: options.allowNonIntacctEndpoint ?? false },
    { env: options.env, readFile: readTextFileIfExists },
  );
  const client = createIntacctClient({ credentials, ...(options.logger === undefined ? {} : { logger: options.logger }) });
  try {
    let vendors = 0;
    for await (const vendor of client.queryRecords({
      object: "VENDOR",
      select: ["RECORDNO", "VENDORID", "NAME"],
      filter: where.equalTo("STATUS", "active"),
      orderBy: [{ field: "RECORDNO" }],
      pageSize: 2000,
    })) {
      // One typed VendorRecord at a time; the next page is already being fetched.
      if (vendor.VENDORID !== undefined) vendors++;
    }

    // A write carries a deterministic control id: re-running this never creates a second vendor.
    const result = await client.execute(
      create("VENDOR", { VENDORID: "V-EXAMPLE", NAME: "Example Supply", DISPLAYCONTACT: { PRINTAS: "Example Supply" } }, { controlId: controlIdFor(["example-vendor", "V-EXAMPLE"]) }),
      { reconcile: reconcileByName("VENDOR", ["V-EXAMPLE"]) },
    );
    return { vendors, created: result.records[0]?.["RECORDNO"] as string, reconciled: result.reconciled === true };
  } catch (e) {
    if (e instanceof IntacctError) console.error(`${e.category}: ${e.message}${e.correction ? ` — ${e.correction}` : ""}`);
    throw e;
  } finally {
    await client.close();
  }
}

// Composition root when run as a script: the only place that reads process.env.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const url = process.env["INTACCT_ENDPOINT_URL"] ?? "";
  const loopback = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url);
  listVendors({ env: process.env, allowNonIntacctEndpoint: loopback }).then(
    (r) => console.log(JSON.stringify(r)),
    () => {
      process.exitCode = 1;
    },
  );
}
