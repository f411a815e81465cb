/**
 * The seed document format (issue 3 §3): senders, companies with entities, Web Services
 * authorizations, users, roles, permissions, closed-through dates and records of every object.
 * Validated with zod at load; `schemas/intacct-sandbox-seed.schema.json` is generated from this
 * schema (a test keeps the two equal). Documented with an example in `src/sandbox/intacct/README.md`.
 */
import { z } from "zod";

import type { IntacctRecord } from "../../../intacct/xml/index.js";

const ISO_DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD");

const applicationSpec = z.union([
  z.enum(["all", "all-but-reports", "none"]),
  z.record(z.string(), z.union([z.literal("all"), z.array(z.string())])),
]);

/** Permissions: application → `all` | `all-but-reports` | `none` | { policy: rights[] | `all` }; key `*` = every application. */
export const permissionSpecSchema = z
  .record(z.string(), applicationSpec)
  .describe("Application name (or * for every application) → 'all' (incl. Reports), 'all-but-reports', 'none', or { policy: [rights] | 'all' }");

type SeedValue = string | SeedRecord | SeedValue[];
interface SeedRecord {
  [field: string]: SeedValue;
}
const seedValue: z.ZodType<SeedValue> = z.lazy(() => z.union([z.string(), z.array(seedValue), seedRecord]));
const seedRecord: z.ZodType<SeedRecord> = z.lazy(() => z.record(z.string(), seedValue));

const senderSchema = z.strictObject({
  senderId: z.string().min(1).describe("Web Services sender ID (case-sensitive)"),
  password: z.string().min(1).describe("Sender password"),
});

const entitySchema = z.strictObject({
  entityId: z.string().min(1).describe("LOCATIONID of the entity (LOCATIONENTITY)"),
  name: z.string().min(1),
  currency: z.string().length(3).default("USD"),
  firstFiscalMonth: z.number().int().min(1).max(12).default(1),
  weekStart: z.number().int().min(1).max(7).default(1),
  status: z.enum(["active", "inactive"]).default("active"),
  closedThrough: ISO_DATE.optional().describe("Books closed through this date (inclusive) in this entity"),
});

const userSchema = z.strictObject({
  userId: z.string().min(1).describe("LOGINID"),
  password: z.string().min(1),
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  email: z.string().min(3),
  userType: z.string().default("business").describe("business, employee, view only, … (or the label 'business user', or the code 'B')"),
  admin: z.string().default("Off").describe("Full, Limited or Off"),
  status: z.enum(["active", "inactive", "lockedout"]).default("active"),
  webServicesOnly: z.boolean().default(false).describe("LOGINDISABLED: a Web Services user"),
  entityIds: z.array(z.string()).default([]).describe("Entity restrictions; empty = unrestricted (top level)"),
  topLevelAccess: z.boolean().optional().describe("With entity restrictions: may still work at the top level (default false when restricted)"),
  permissions: permissionSpecSchema.optional().describe("The user's own permissions (user-based companies)"),
  roles: z.array(z.string()).default([]).describe("Roles assigned to the user (role-based companies)"),
});

const roleSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().default(""),
  permissions: permissionSpecSchema,
});

const companySchema = z.strictObject({
  companyId: z.string().min(1),
  name: z.string().min(1).optional(),
  permissionModel: z.enum(["user", "role"]).describe("User-based or role-based permissions"),
  multiEntity: z.boolean().optional().describe("Default: true when entities are listed"),
  sessionDurationMinutes: z.number().positive().optional(),
  concurrencyLimit: z.number().int().min(0).optional().describe("Overrides the sandbox's per-company concurrency limit (0 = unlimited)"),
  closedThrough: ISO_DATE.optional().describe("Books closed through this date at the top level"),
  authorizedSenders: z.array(z.string()).default([]).describe("Sender IDs with a Web Services authorization for this company"),
  entities: z.array(entitySchema).default([]),
  roles: z.array(roleSchema).default([]),
  users: z.array(userSchema).default([]),
  records: z.record(z.string(), z.array(seedRecord)).default({}).describe("Object name (VENDOR, APBILL, …) → records as the generic create function takes them"),
});

/** The whole seed document. */
export const seedSchema = z.strictObject({
  $schema: z.string().optional(),
  senders: z.array(senderSchema).default([]),
  companies: z.array(companySchema).default([]),
});

/** A seed as written (defaults optional). */
export type SeedInput = z.input<typeof seedSchema>;
/** A validated seed (defaults applied). */
export type SeedDocument = z.output<typeof seedSchema>;
/** One validated company. */
export type SeedCompany = SeedDocument["companies"][number];

/** Seed records typed as the contracts' {@link IntacctRecord}. */
export function seedRecords(company: SeedCompany): Readonly<Record<string, readonly IntacctRecord[]>> {
  return company.records;
}

/** The JSON Schema published at `schemas/intacct-sandbox-seed.schema.json`. */
export function seedJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(seedSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return {
    ...schema,
    $id: "https://github.com/intacct-sync/intacct-sync/schemas/intacct-sandbox-seed.schema.json",
    title: "intacct-sync Intacct sandbox seed",
    description: "Seed of the local Intacct sandbox: senders, companies, entities, authorizations, users, roles, permissions and records (src/sandbox/intacct/README.md).",
  };
}
