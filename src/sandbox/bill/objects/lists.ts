/** Vendors, customers and the GL classifications (`reference/bill-api.md` §8.2, §8.3, §8.7). */
import { BillErrors } from "../errors.js";
import { address, BASE_FIELDS, BASE_SORT, type Body, defined, num, type ObjectContext, type ObjectName, type ObjectSpec, oneOf, ref, reqStr, str } from "./common.js";

const ACCOUNT_TYPES = ["BUSINESS", "PERSON", "NONE"] as const;
const FULL = { create: true, patch: true, put: false, archive: true } as const;

/** Vendors (`009…`): `name` and `accountType` are required. */
export const vendorSpec: ObjectSpec = {
  name: "vendors",
  path: "vendors",
  label: "Vendor",
  idPrefix: "009",
  fields: { ...BASE_FIELDS, name: { type: "string" }, shortName: { type: "string" }, accountType: { type: "string" }, billCurrency: { type: "string" }, email: { type: "string" } },
  sortable: [...BASE_SORT, "name", "shortName", "email", "phone", "billCurrency"],
  ops: FULL,
  validate: (_ctx, b) =>
    defined({
      name: reqStr(b, "name", { max: 100 }),
      shortName: str(b, "shortName", { max: 100 }),
      accountType: oneOf(b, "accountType", ACCOUNT_TYPES, { required: true }),
      email: str(b, "email", { max: 255 }),
      phone: str(b, "phone", { max: 50 }),
      description: str(b, "description", { max: 4000 }),
      address: address(b),
      billCurrency: "USD",
    }),
};

/** Customers (`0cu…`): `name` and `email` are required (third party: `"email: must not be blank"`). */
export const customerSpec: ObjectSpec = {
  name: "customers",
  path: "customers",
  label: "Customer",
  idPrefix: "0cu",
  fields: { ...BASE_FIELDS, name: { type: "string" }, shortName: { type: "string" }, accountType: { type: "string" }, invoiceCurrency: { type: "string" }, email: { type: "string" } },
  sortable: [...BASE_SORT, "name", "companyName", "email", "phone", "invoiceCurrency"],
  ops: FULL,
  validate: (_ctx, b) =>
    defined({
      name: reqStr(b, "name", { max: 100 }),
      email: reqStr(b, "email", { max: 255 }),
      accountType: oneOf(b, "accountType", ACCOUNT_TYPES) ?? "BUSINESS",
      companyName: str(b, "companyName", { max: 100 }),
      shortName: str(b, "shortName", { max: 100 }),
      phone: str(b, "phone", { max: 50 }),
      description: str(b, "description", { max: 4000 }),
      address: address(b),
      invoiceCurrency: "USD",
    }),
};

function parentRef(ctx: ObjectContext, b: Body, object: ObjectName, what: string, existing: Record<string, unknown> | undefined): string | undefined {
  const parentId = str(b, "parentId");
  if (parentId === undefined) return undefined;
  if (existing !== undefined && existing["id"] === parentId) throw BillErrors.invalid("parentId", `a ${what} cannot be its own parent`);
  ref(ctx, object, parentId, "parentId", what);
  return parentId;
}

function simpleClassification(name: ObjectName, label: string, idPrefix: string, what: string): ObjectSpec {
  return {
    name,
    path: `classifications/${name}`,
    label,
    idPrefix,
    fields: { ...BASE_FIELDS, name: { type: "string" }, shortName: { type: "string" }, parentId: { type: "string" } },
    sortable: [...BASE_SORT, "name", "description", "shortName"],
    ops: FULL,
    validate: (ctx, b, existing) =>
      defined({
        name: reqStr(b, "name", { max: 100 }),
        shortName: str(b, "shortName", { max: 50 }),
        description: str(b, "description", { max: 4000 }),
        parentId: parentRef(ctx, b, name, what, existing),
      }),
  };
}

/** Account numbers are unique within an organization (sandbox rule; BILL's text UNCONFIRMED). */
function uniqueAccountNumber(ctx: ObjectContext, accountNumber: string | undefined, selfId: unknown): void {
  if (accountNumber === undefined) return;
  const clash = ctx.store.query(ctx.orgId, "chart-of-accounts", { sql: "json_extract(data, '$.accountNumber') = ? AND json_extract(data, '$.id') != ?", params: [accountNumber, typeof selfId === "string" ? selfId : ""] }, "", 1, 0);
  if (clash.length > 0) throw BillErrors.invalid("accountNumber", `account number ${accountNumber} already exists`);
}

/** Chart of accounts (`0ca…`). */
export const chartOfAccountSpec: ObjectSpec = {
  name: "chart-of-accounts",
  path: "classifications/chart-of-accounts",
  label: "Chart of account",
  idPrefix: "0ca",
  fields: { ...BASE_FIELDS, name: { type: "string" }, accountNumber: { type: "string" }, accountType: { type: "string" }, parentId: { type: "string" } },
  sortable: [...BASE_SORT, "name", "description", "accountNumber", "accountType"],
  ops: FULL,
  validate: (ctx, b, existing) => {
    const accountNumber = str(b, "accountNumber", { max: 50 });
    uniqueAccountNumber(ctx, accountNumber, existing?.["id"]);
    return defined({
      name: reqStr(b, "name", { max: 100 }),
      accountNumber,
      accountType: reqStr(b, "accountType", { max: 50 }),
      description: str(b, "description", { max: 4000 }),
      parentId: parentRef(ctx, b, "chart-of-accounts", "chart of account", existing),
    });
  },
};

/** Employees: `firstName` and `lastName` are required. */
export const employeeSpec: ObjectSpec = {
  name: "employees",
  path: "classifications/employees",
  label: "Employee",
  idPrefix: "0em",
  fields: { ...BASE_FIELDS, firstName: { type: "string" }, lastName: { type: "string" }, shortName: { type: "string" }, email: { type: "string" } },
  sortable: [...BASE_SORT, "firstName", "lastName", "description", "shortName"],
  ops: FULL,
  validate: (_ctx, b) =>
    defined({
      firstName: reqStr(b, "firstName", { max: 100 }),
      lastName: reqStr(b, "lastName", { max: 100 }),
      shortName: str(b, "shortName", { max: 50 }),
      email: str(b, "email", { max: 255 }),
      description: str(b, "description", { max: 4000 }),
    }),
};

/** Items (`0ii…`; the path `classifications/items` is UNCONFIRMED). */
export const itemSpec: ObjectSpec = {
  name: "items",
  path: "classifications/items",
  label: "Item",
  idPrefix: "0ii",
  fields: { ...BASE_FIELDS, name: { type: "string" }, shortName: { type: "string" }, type: { type: "string" } },
  sortable: [...BASE_SORT, "name", "description", "shortName"],
  ops: FULL,
  validate: (ctx, b) => {
    const chartOfAccountId = str(b, "chartOfAccountId");
    if (chartOfAccountId !== undefined) ref(ctx, "chart-of-accounts", chartOfAccountId, "chartOfAccountId", "chart of account");
    return defined({
      name: reqStr(b, "name", { max: 100 }),
      type: str(b, "type", { max: 50 }) ?? "SERVICE",
      shortName: str(b, "shortName", { max: 50 }),
      description: str(b, "description", { max: 4000 }),
      price: num(b, "price"),
      chartOfAccountId,
    });
  },
};

/** Departments, locations, accounting classes, jobs. Their id prefixes are the sandbox's own (UNCONFIRMED). */
export const departmentSpec = simpleClassification("departments", "Department", "0de", "department");
export const locationSpec = simpleClassification("locations", "Location", "0lo", "location");
export const accountingClassSpec = simpleClassification("accounting-classes", "Accounting class", "0ac", "accounting class");
export const jobSpec = simpleClassification("jobs", "Job", "0jb", "job");

/**
 * Payment terms. BILL documents them in v2 only (`PaymentTerm`, `netDue` days); the v3 path
 * `payment-terms` and the id prefix are the sandbox's (UNCONFIRMED).
 */
export const paymentTermSpec: ObjectSpec = {
  name: "payment-terms",
  path: "payment-terms",
  label: "Payment term",
  idPrefix: "0pt",
  fields: { ...BASE_FIELDS, name: { type: "string" }, netDue: { type: "number" } },
  sortable: [...BASE_SORT, "name", "netDue"],
  ops: FULL,
  validate: (_ctx, b) => {
    const netDue = num(b, "netDue");
    if (netDue !== undefined && (!Number.isInteger(netDue) || netDue < 0)) throw BillErrors.invalid("netDue", "must be a whole number of days, 0 or more");
    return defined({ name: reqStr(b, "name", { max: 100 }), netDue: netDue ?? 0, description: str(b, "description", { max: 4000 }) });
  },
};
