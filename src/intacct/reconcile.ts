/** Ready-made reconcilers for duplicate-control-id answers (see `Reconciler` in client.ts). */
import type { Reconciler } from "./client.js";
import { readByName } from "./functions/generic.js";

/**
 * Reconciles a create by reading the record back by its ID field (`readByName`), e.g. a VENDOR
 * created with VENDORID `V-ACME`.
 *
 * @example
 * await client.execute(create("VENDOR", { VENDORID: "V-ACME", NAME: "Acme" }, { controlId }),
 *   { reconcile: reconcileByName("VENDOR", ["V-ACME"]) });
 */
export function reconcileByName(object: string, ids: readonly string[], options: { readonly fields?: readonly string[]; readonly entityId?: string } = {}): Reconciler {
  return async ({ client, signal }) => {
    const result = await client.execute(readByName(object, ids, options.fields === undefined ? {} : { fields: options.fields }), {
      ...(signal === undefined ? {} : { signal }),
      ...(options.entityId === undefined ? {} : { entityId: options.entityId }),
    });
    return result.records;
  };
}
