/**
 * What every emulated object shares: its spec (path, id prefix, filterable and sortable fields,
 * validation) and BILL-style field validation helpers (`"<field>: must not be blank"`).
 */
import { toBillDate } from "../clock.js";
import type { BillSandboxStore, Rec } from "../db.js";
import { BillErrors } from "../errors.js";
import type { FieldSpec } from "../query.js";

/** JSON request body. */
export type Body = Record<string, unknown>;

/** What a handler knows about the call. */
export interface ObjectContext {
  readonly store: BillSandboxStore;
  readonly orgId: string;
  /** Sandbox clock, milliseconds since the epoch. */
  readonly nowMs: number;
  /** Sandbox clock in BILL's timestamp format. */
  readonly now: string;
}

/** Object names: the admin API and the seed use them; they are the last path segment. */
export type ObjectName =
  | "vendors"
  | "bills"
  | "vendor-credits"
  | "payments"
  | "customers"
  | "invoices"
  | "receivable-payments"
  | "chart-of-accounts"
  | "departments"
  | "locations"
  | "accounting-classes"
  | "employees"
  | "jobs"
  | "items"
  | "payment-terms";

/** One emulated object. */
export interface ObjectSpec {
  readonly name: ObjectName;
  /** Path below `/v3/`. */
  readonly path: string;
  /** Singular label for not-found texts. */
  readonly label: string;
  readonly idPrefix: string;
  readonly fields: Readonly<Record<string, FieldSpec>>;
  readonly sortable: readonly string[];
  /**
   * Validates a create/replace body (or a PATCH merged over the existing record) and returns the
   * record's fields except `id`/`archived`/`createdTime`/`updatedTime`. Throws BillApiError.
   */
  readonly validate?: (ctx: ObjectContext, body: Body, existing: Rec | undefined) => Rec;
  /** Side effects after insert (inside the transaction), e.g. applying vendor credits. */
  readonly afterCreate?: (ctx: ObjectContext, record: Rec, body: Body) => void;
  /** Which HTTP operations exist. */
  readonly ops: { readonly create: boolean; readonly patch: boolean; readonly put: boolean; readonly archive: boolean };
}

/** Filterable fields every object has. */
export const BASE_FIELDS: Readonly<Record<string, FieldSpec>> = {
  id: { type: "string" },
  archived: { type: "boolean" },
  createdTime: { type: "time" },
  updatedTime: { type: "time" },
};

/** Sortable fields every object has. */
export const BASE_SORT: readonly string[] = ["archived", "createdTime", "updatedTime"];

/** The request body as an object, or BDC_1002 (malformed request object). */
export function asBody(value: unknown): Body {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw BillErrors.unknownError();
  return value as Body;
}

/** A string field: `"<field>: must not be blank"` when required and missing or blank. */
export function str(b: Body, field: string, opts: { required?: boolean; max?: number; label?: string } = {}): string | undefined {
  const label = opts.label ?? field;
  const v = b[field];
  if (v === undefined || v === null || (typeof v === "string" && v.trim() === "")) {
    if (opts.required === true) throw BillErrors.invalid(label, "must not be blank");
    return undefined;
  }
  if (typeof v !== "string") throw BillErrors.invalid(label, "must be a string");
  if (opts.max !== undefined && v.length > opts.max) throw BillErrors.invalid(label, `size must be between 0 and ${opts.max}`);
  return v;
}

/** A required string. */
export function reqStr(b: Body, field: string, opts: { max?: number; label?: string } = {}): string {
  return str(b, field, { ...opts, required: true }) ?? "";
}

/** A number field; `positive` rejects zero and negatives. */
export function num(b: Body, field: string, opts: { required?: boolean; positive?: boolean; label?: string } = {}): number | undefined {
  const label = opts.label ?? field;
  const v = b[field];
  if (v === undefined || v === null) {
    if (opts.required === true) throw BillErrors.invalid(label, "must not be null");
    return undefined;
  }
  if (typeof v !== "number" || !Number.isFinite(v)) throw BillErrors.invalid(label, "must be a number");
  if (opts.positive === true && v <= 0) throw BillErrors.invalid(label, "must be greater than 0");
  return v;
}

/** A `yyyy-MM-dd` date field. */
export function date(b: Body, field: string, opts: { required?: boolean; label?: string } = {}): string | undefined {
  const label = opts.label ?? field;
  const v = str(b, field, { ...opts, label });
  if (v === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw BillErrors.invalid(label, "must be a date in yyyy-MM-dd format");
  return v;
}

/** One of a fixed set of values. */
export function oneOf<T extends string>(b: Body, field: string, values: readonly T[], opts: { required?: boolean; label?: string } = {}): T | undefined {
  const label = opts.label ?? field;
  const v = str(b, field, { ...opts, label });
  if (v === undefined) return undefined;
  if (!(values as readonly string[]).includes(v)) throw BillErrors.invalid(label, `must be one of ${values.join(", ")}`);
  return v as T;
}

/** A nested object field. */
export function obj(b: Body, field: string, opts: { required?: boolean; label?: string } = {}): Body | undefined {
  const label = opts.label ?? field;
  const v = b[field];
  if (v === undefined || v === null) {
    if (opts.required === true) throw BillErrors.invalid(label, "must not be null");
    return undefined;
  }
  if (typeof v !== "object" || Array.isArray(v)) throw BillErrors.invalid(label, "must be an object");
  return v as Body;
}

/** An array field of objects; `minItems` gives `"<field>: must not be empty"`. */
export function arr(b: Body, field: string, opts: { required?: boolean; minItems?: number; label?: string } = {}): Body[] {
  const label = opts.label ?? field;
  const v = b[field];
  if (v === undefined || v === null) {
    if (opts.required === true) throw BillErrors.invalid(label, "must not be empty");
    return [];
  }
  if (!Array.isArray(v)) throw BillErrors.invalid(label, "must be an array");
  if (opts.minItems !== undefined && v.length < opts.minItems) throw BillErrors.invalid(label, "must not be empty");
  return v.map((item, i) => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) throw BillErrors.invalid(`${label}[${i}]`, "must be an object");
    return item as Body;
  });
}

/** A boolean field. */
export function bool(b: Body, field: string): boolean | undefined {
  const v = b[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw BillErrors.invalid(field, "must be true or false");
  return v;
}

/** Rounds to cents. */
export function money(n: number): number {
  return Math.round(n * 100) / 100;
}

/** A reference to another record of the organization that must exist and not be archived. */
export function ref(ctx: ObjectContext, object: ObjectName, id: string, label: string, what: string): Rec {
  const r = ctx.store.get(ctx.orgId, object, id);
  if (r === undefined) throw BillErrors.invalid(label, `${what} ${id} does not exist`);
  if (r["archived"] === true) throw BillErrors.invalid(label, `${what} ${id} is archived`);
  return r;
}

const CLASSIFICATION_REFS: ReadonlyArray<readonly [string, ObjectName, string]> = [
  ["chartOfAccountId", "chart-of-accounts", "chart of account"],
  ["accountingClassId", "accounting-classes", "accounting class"],
  ["departmentId", "departments", "department"],
  ["locationId", "locations", "location"],
  ["itemId", "items", "item"],
  ["jobId", "jobs", "job"],
  ["employeeId", "employees", "employee"],
];

/** Validates a `classifications` object: every id must exist in its list. */
export function classifications(ctx: ObjectContext, b: Body, label: string): Rec | undefined {
  const c = obj(b, "classifications", { label });
  if (c === undefined) return undefined;
  const out: Rec = {};
  for (const [key, object, what] of CLASSIFICATION_REFS) {
    const id = str(c, key, { label: `${label}.${key}` });
    if (id === undefined) continue;
    ref(ctx, object, id, `${label}.${key}`, what);
    out[key] = id;
  }
  return out;
}

/** Copies the defined entries of `fields` (drops undefined, keeps JSON clean). */
export function defined(fields: Rec): Rec {
  const out: Rec = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out;
}

/** Optional address object of strings. */
export function address(b: Body): Rec | undefined {
  const a = obj(b, "address");
  if (a === undefined) return undefined;
  const out: Rec = {};
  for (const k of ["line1", "line2", "city", "stateOrProvince", "zipOrPostalCode", "country"]) {
    const v = str(a, k, { label: `address.${k}`, max: 100 });
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** The next US business day after `ms` (BILL's default payment process date). */
export function nextBusinessDay(ms: number): string {
  let d = new Date(ms + 86_400_000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d = new Date(d.getTime() + 86_400_000);
  return toBillDate(d.getTime());
}
