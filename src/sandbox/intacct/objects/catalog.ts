/** The object catalog: every object the sandbox serves, by upper-case name. */
import { LIST_OBJECTS } from "./catalog-lists.js";
import { TRANSACTION_OBJECTS } from "./catalog-transactions.js";
import type { FieldDef, ObjectDef } from "./object-definition.js";

/** Read access to object definitions. */
export interface Catalog {
  /** Definition by object name (case-insensitive), or undefined. */
  object(name: string): ObjectDef | undefined;
  /** Field of an object by name (case-insensitive), or undefined. */
  field(def: ObjectDef, name: string): FieldDef | undefined;
  readonly all: readonly ObjectDef[];
}

/** Builds the catalog with field indexes. */
export function createCatalog(): Catalog {
  const all = [...LIST_OBJECTS, ...TRANSACTION_OBJECTS];
  const byName = new Map(all.map((d) => [d.name, d]));
  const fieldIndex = new Map<string, Map<string, FieldDef>>(all.map((d) => [d.name, new Map(d.fields.map((f) => [f.name, f]))]));
  return {
    all,
    object: (name) => byName.get(name.trim().toUpperCase()),
    field: (def, name) => fieldIndex.get(def.name)?.get(name.trim().toUpperCase()),
  };
}
