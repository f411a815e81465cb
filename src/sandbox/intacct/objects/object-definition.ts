/**
 * The shape of an object definition: fields with types, labels (for Intacct's error texts),
 * required flags, enum labels/codes and references; the ID field; ownership; which generic
 * operations the object allows; and where its permissions live.
 */
import type { PermissionArea } from "./applications.js";

/** Field data types (the `DATATYPE` vocabulary of `lookup`, reduced). */
export type FieldType = "text" | "integer" | "decimal" | "date" | "timestamp" | "boolean" | "enum" | "record";

/** One field of an object. */
export interface FieldDef {
  readonly name: string;
  /** Label used in error texts ("Required field <label> is missing"). */
  readonly label: string;
  readonly type: FieldType;
  /** Required on create (and, with `requiredOnUpdate`, on update). */
  readonly required?: boolean;
  /** Required on a generic update too (APBILL `WHENDUE`, LOCATION `NAME`, ITEM `NAME`). */
  readonly requiredOnUpdate?: boolean;
  /** Computed by the sandbox; values sent on create/update are ignored. */
  readonly readonly?: boolean;
  /** Enum values as `[label, code]`: `query`/create use labels, `readByQuery` filters on codes. */
  readonly values?: ReadonlyArray<readonly [label: string, code: string]>;
  /** Default label/value applied on create when the field is absent. */
  readonly default?: string;
  /** The object this field references by its ID field (e.g. `VENDOR`). */
  readonly ref?: string;
}

/** Generic operations. */
export type GenericOp = "create" | "update" | "delete" | "read" | "readByName" | "readByQuery" | "query";

/**
 * How a record's owning entity is decided and shown:
 * - `mega`: owned by the session entity, shown as MEGAENTITYKEY/ID/NAME (vendors, bills, …);
 * - `location`: owned by the entity the location rolls up to, shown as ENTITY/ENTITYNAME;
 * - `shared`: always top level (departments, GL accounts, terms).
 */
export type Ownership = "mega" | "location" | "shared";

/** Line items of a transaction object (`APBILLITEMS/APBILLITEM`). */
export interface LineSpec {
  readonly container: string;
  readonly item: string;
  /** Object the lines are stored as. */
  readonly object: string;
}

/** One object. */
export interface ObjectDef {
  readonly name: string;
  /** Label in duplicate errors: "Another <label> with the given value(s) …". */
  readonly label: string;
  /** Human ID field (`VENDORID`), absent for transactions. */
  readonly idField?: string;
  /** Auto-numbering prefix when the ID is omitted (document sequencing on). */
  readonly autoIdPrefix?: string;
  readonly ownership: Ownership;
  readonly area: PermissionArea;
  readonly ops: readonly GenericOp[];
  readonly fields: readonly FieldDef[];
  readonly lines?: LineSpec;
  /** Transactions: updated by RECORDNO only; dates checked against closed periods. */
  readonly transaction?: {
    /** Field holding the transaction date checked against the closed period. */
    readonly dateField: string;
  };
  /** Lines are stored as their own object; this names the parent (APBILLITEM → APBILL). */
  readonly parent?: string;
}

type Opts = Omit<FieldDef, "name" | "label" | "type">;

/** A text field. */
export const text = (name: string, label: string, o: Opts = {}): FieldDef => ({ name, label, type: "text", ...o });
/** An integer field. */
export const int = (name: string, label: string, o: Opts = {}): FieldDef => ({ name, label, type: "integer", ...o });
/** A decimal amount field (rounded to 2 places on write). */
export const dec = (name: string, label: string, o: Opts = {}): FieldDef => ({ name, label, type: "decimal", ...o });
/** A DATE field (`mm/dd/yyyy`). */
export const date = (name: string, label: string, o: Opts = {}): FieldDef => ({ name, label, type: "date", ...o });
/** A TIMESTAMP field (`mm/dd/yyyy HH:MM:SS`). */
export const stamp = (name: string, label: string, o: Opts = {}): FieldDef => ({ name, label, type: "timestamp", readonly: true, ...o });
/** A boolean field (`true`/`false`; readByQuery codes `T`/`F`). */
export const bool = (name: string, label: string, o: Opts = {}): FieldDef => ({
  name,
  label,
  type: "boolean",
  values: [
    ["true", "T"],
    ["false", "F"],
  ],
  ...o,
});
/** An enum field; `values` are `[label, code]`. */
export const enumField = (name: string, label: string, values: ReadonlyArray<readonly [string, string]>, o: Opts = {}): FieldDef => ({ name, label, type: "enum", values, ...o });
/** A nested record field (contacts); dotted paths reach inside. */
export const rec = (name: string, label: string, o: Opts = {}): FieldDef => ({ name, label, type: "record", ...o });

/** `STATUS` of list objects: `active`/`inactive`, readByQuery codes `T`/`F` (B0). */
export const STATUS = enumField(
  "STATUS",
  "Status",
  [
    ["active", "T"],
    ["inactive", "F"],
  ],
  { default: "active" },
);

/** Audit fields every list object carries (B0). */
export const LIST_AUDIT: readonly FieldDef[] = [
  stamp("WHENCREATED", "When created"),
  stamp("WHENMODIFIED", "When modified"),
  int("CREATEDBY", "Created by", { readonly: true }),
  int("MODIFIEDBY", "Modified by", { readonly: true }),
];

/** Audit fields of transactions: WHENCREATED is the transaction date, AUWHENCREATED the audit time (B0). */
export const TRX_AUDIT: readonly FieldDef[] = [
  stamp("AUWHENCREATED", "Audit when created"),
  stamp("WHENMODIFIED", "When modified"),
  int("CREATEDBY", "Created by", { readonly: true }),
  int("MODIFIEDBY", "Modified by", { readonly: true }),
];

/** MEGAENTITY fields of entity-owned objects (B0). */
export const MEGA: readonly FieldDef[] = [
  int("MEGAENTITYKEY", "Owner entity key", { readonly: true }),
  text("MEGAENTITYID", "Owner entity ID", { readonly: true }),
  text("MEGAENTITYNAME", "Owner entity name", { readonly: true }),
];
