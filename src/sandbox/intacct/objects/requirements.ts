/**
 * What each call needs (`intacct-objects-permissions.md` A6, Q3): the application and policy of
 * the object, the right (List for queries, View for reads, Add/Edit/Delete for writes), and the
 * API operation name for PL04000005 texts (`READ_BY_QUERY` is confirmed; the others UNCONFIRMED).
 * `lookup`/`inspect` are not permission-checked. Invalid calls (unknown object, an operation the
 * object does not allow) get their Intacct failure here.
 */
import type { XmlElement } from "../../../intacct/xml/index.js";
import { childText } from "../../../intacct/xml/index.js";
import type { CallRequirement, FunctionOutcome, Right } from "../contracts.js";
import { APPLICATION } from "./applications.js";
import type { Catalog } from "./catalog.js";
import { ErrorTexts, failure } from "./error-texts.js";
import { LEGACY_DOCUMENT_FUNCTIONS, LEGACY_LIST_DELETES, LEGACY_SUPDOC_FUNCTIONS } from "./legacy.js";
import type { GenericOp, ObjectDef } from "./object-definition.js";

/** Generic function → operation name, right and op. */
const GENERIC: Readonly<Record<string, { readonly apiOperation: string; readonly right: Right; readonly op: GenericOp }>> = {
  readByQuery: { apiOperation: "READ_BY_QUERY", right: "List", op: "readByQuery" },
  query: { apiOperation: "QUERY", right: "List", op: "query" },
  read: { apiOperation: "READ", right: "View", op: "read" },
  readByName: { apiOperation: "READ_BY_NAME", right: "View", op: "readByName" },
  create: { apiOperation: "CREATE", right: "Add", op: "create" },
  update: { apiOperation: "UPDATE", right: "Edit", op: "update" },
  delete: { apiOperation: "DELETE", right: "Delete", op: "delete" },
};

/** Functions this module answers (the gateway routes these here). */
export const OBJECT_FUNCTIONS: readonly string[] = [
  ...Object.keys(GENERIC),
  "readMore",
  "lookup",
  "inspect",
  "get_list",
  "get",
  "get_closedbooksdate",
  ...Object.keys(LEGACY_DOCUMENT_FUNCTIONS),
  ...Object.keys(LEGACY_LIST_DELETES),
  ...Object.keys(LEGACY_SUPDOC_FUNCTIONS),
];

const legacyRight = (name: string): Right => (name.startsWith("create_") ? "Add" : name.startsWith("update_") ? "Edit" : name.startsWith("delete_") ? "Delete" : "List");

function need(def: ObjectDef, right: Right, apiOperation: string): CallRequirement {
  return { application: def.area.application, policy: def.area.policy, right, apiOperation, object: def.name.toLowerCase() };
}

/** The object a generic function names (`<object>` child, or the first record element of create/update). */
export function objectNameOf(fn: XmlElement): string {
  if (fn.name === "create" || fn.name === "update") return fn.children[0]?.name ?? "";
  return (childText(fn, "object") ?? fn.attrs["object"] ?? "").trim();
}

/** Decides what a function needs; `resultObject` resolves a readMore resultId to its object. */
export function requirementOf(catalog: Catalog, fn: XmlElement, resultObject: (resultId: string) => string | undefined): CallRequirement | FunctionOutcome | null {
  const generic = GENERIC[fn.name];
  if (generic) {
    const name = objectNameOf(fn);
    const def = catalog.object(name);
    if (!def) return failure([ErrorTexts.unknownObject(name)]);
    if (!def.ops.includes(generic.op)) return failure([ErrorTexts.operationNotAllowed(generic.apiOperation, def.name)]);
    return need(def, generic.right, generic.apiOperation);
  }
  switch (fn.name) {
    case "lookup":
    case "inspect":
      return null;
    case "readMore": {
      const id = childText(fn, "resultId")?.trim();
      const object = id ? resultObject(id) : childText(fn, "object")?.trim();
      const def = object ? catalog.object(object) : undefined;
      return def ? need(def, "List", "READ_MORE") : null;
    }
    case "get_closedbooksdate":
      return { application: APPLICATION.generalLedger, policy: "Reporting periods", right: "List", apiOperation: "GET_CLOSEDBOOKSDATE", object: "closedbooksdate" };
    case "get_list":
    case "get": {
      const def = catalog.object(fn.attrs["object"] ?? "");
      if (!def || (def.name !== "SUPDOC" && def.name !== "SUPDOCFOLDER")) return failure([ErrorTexts.notImplemented(`${fn.name} object="${fn.attrs["object"] ?? ""}"`)]);
      return need(def, fn.name === "get" ? "View" : "List", fn.name.toUpperCase());
    }
    default:
      break;
  }
  const legacy = LEGACY_DOCUMENT_FUNCTIONS[fn.name]?.object ?? LEGACY_LIST_DELETES[fn.name]?.object ?? (LEGACY_SUPDOC_FUNCTIONS[fn.name] === "create_folder" ? "SUPDOCFOLDER" : LEGACY_SUPDOC_FUNCTIONS[fn.name] ? "SUPDOC" : undefined);
  const def = legacy ? catalog.object(legacy) : undefined;
  if (def) return need(def, legacyRight(fn.name), fn.name.toUpperCase());
  return failure([ErrorTexts.notImplemented(fn.name)]);
}
