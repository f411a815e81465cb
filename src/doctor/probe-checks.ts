/**
 * Per-object probes: a `query` with pagesize 1 for every object the sync reads, and a write that
 * leaves no trace (two creates of the same vendor inside `transaction="true"`: the second fails
 * as a duplicate, so Intacct rolls the first back, §3.6), followed by a read proving nothing
 * remains.
 */
import { randomBytes } from "node:crypto";

import type { IntacctClient } from "../intacct/client.js";
import { IntacctFunctionError } from "../intacct/errors.js";
import { create } from "../intacct/functions/generic.js";
import { query, where } from "../intacct/functions/query.js";
import { check, type CheckResult } from "./check.js";
import { moduleFix, type PermissionContext } from "./permission-checks.js";
import { READ_PROBES, type ReadProbe, slug } from "./sync-needs.js";

/** One read check per object, all in one request. */
export async function readProbeChecks(client: IntacctClient, entityId: string, ctx: PermissionContext, probes: readonly ReadProbe[] = READ_PROBES): Promise<CheckResult[]> {
  const outcomes = await client.executeBatch(
    probes.map((p) => query({ object: p.object, select: ["RECORDNO"], pageSize: 1 })),
    { entityId },
  );
  return probes.map((p, i): CheckResult => {
    const id = `read.${slug(p.object)}`;
    const title = `Read ${p.object}`;
    const o = outcomes[i];
    if (o === undefined) return check.fail(id, title, "No answer for this probe.", "Run the doctor again; if it persists, report a bug.");
    if (o.ok) return check.pass(id, title, `query ${p.object} works (${o.result.totalCount ?? o.result.count} record(s) visible${entityId === "" ? " at the top level" : ` in entity ${entityId}`}).`);
    const e = o.error;
    const evidence = [`${e.errorno ?? e.code}: ${e.description2 ?? e.message}`];
    if (e.category === "permission") {
      return check.fail(id, title, `The sync user may not read ${p.object}: ${p.application} > ${p.policy} needs List and View.`, moduleFix(ctx, p.application), evidence);
    }
    if (e.code === "MODULE_NOT_SUBSCRIBED") {
      return check.warn(id, title, `${p.object} is in a module this company does not subscribe to (${p.application}).`, `Subscribe to ${p.application} (Company > Subscriptions) if the sync should move ${p.object}; otherwise leave it off in the sync preferences.`, evidence);
    }
    return check.fail(id, title, `query ${p.object} failed: ${e.message}`, "See the evidence; run the doctor again after fixing it.", evidence);
  });
}

/** Options of {@link writeProbeCheck}. */
export interface WriteProbeOptions {
  /** Random suffix for the probe's vendor ID and control ids. @default 8 random hex characters */
  readonly nonce?: string;
}

/** The write probe (`write.probe`). */
export async function writeProbeCheck(client: IntacctClient, entityId: string, ctx: PermissionContext, options: WriteProbeOptions = {}): Promise<CheckResult> {
  const id = "write.probe";
  const title = "Write probe (rolled back)";
  const nonce = options.nonce ?? randomBytes(4).toString("hex");
  const vendorId = `ZZ-DOCTOR-${nonce}`.toUpperCase();
  const record = { VENDORID: vendorId, NAME: `intacct-sync doctor probe ${nonce} (rolled back)` };
  const outcomes = await client.executeBatch(
    [create("VENDOR", record, { controlId: `doctor-probe-${nonce}-1` }), create("VENDOR", record, { controlId: `doctor-probe-${nonce}-2` })],
    { entityId, transaction: true },
  );
  const [first, second] = outcomes;
  const evidence: string[] = [];
  for (const [n, o] of [first, second].entries()) {
    if (o === undefined) continue;
    evidence.push(o.ok ? `create #${n + 1}: success` : `create #${n + 1}: ${o.error instanceof IntacctFunctionError ? o.error.status : "failure"} ${o.error.errorno ?? o.error.code}`);
  }
  const remains = await client.executeBatch([query({ object: "VENDOR", select: ["RECORDNO", "VENDORID"], filter: where.equalTo("VENDORID", vendorId), pageSize: 1 })], { entityId });
  const left = remains[0];
  const leftCount = left?.ok === true ? left.result.count : undefined;
  evidence.push(leftCount === undefined ? "read-back failed" : `vendor ${vendorId} after the transaction: ${leftCount} record(s)`);
  if (leftCount !== undefined && leftCount > 0) {
    return check.fail(id, title, `The rolled-back probe vendor ${vendorId} is still there: this Intacct did not roll the transaction back.`, `Delete vendor ${vendorId} under Accounts Payable > Vendors, and report this: intacct-sync relies on transaction rollback.`, evidence);
  }
  if (first === undefined) return check.fail(id, title, "No answer for the write probe.", "Run the doctor again.", evidence);
  if (!first.ok && first.error instanceof IntacctFunctionError && first.error.status === "aborted") {
    return check.pass(id, title, `Creating a vendor works${entityId === "" ? " at the top level" : ` in entity ${entityId}`}; the probe was rolled back and nothing remains.`, evidence);
  }
  if (!first.ok && first.error.category === "permission") {
    return check.fail(id, title, "The sync user may not create vendors: Accounts Payable > Vendors needs Add.", moduleFix(ctx, "Accounts Payable"), evidence);
  }
  if (first.ok) {
    return check.fail(id, title, "The probe's first create succeeded although the transaction should have been rolled back.", "Report this: intacct-sync relies on transaction rollback.", evidence);
  }
  return check.fail(id, title, `Creating a vendor failed: ${first.error.message}`, "See the evidence; fix it in Intacct and run the doctor again.", evidence);
}
