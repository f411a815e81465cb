/**
 * The seed file of the BILL sandbox (JSON; schema in `schemas/bill-sandbox-seed.schema.json`,
 * generated from {@link BillSeedSchema}): dev keys, organizations, their users and their records.
 * Records are create bodies (the same validation as the API) plus a few seed-only fields.
 */
import { z } from "zod";

import { BillApiError } from "./errors.js";
import type { ObjectName } from "./objects/common.js";
import { SPEC_BY_NAME } from "./objects/index.js";
import { seedDocument } from "./objects/documents.js";
import { seedPayment } from "./objects/payables.js";
import { recordInvoicePayment } from "./objects/receivables.js";
import { createRecord } from "./records.js";
import type { BillSandboxState } from "./state.js";

const OBJECT_NAMES = [
  "chart-of-accounts",
  "departments",
  "locations",
  "accounting-classes",
  "employees",
  "jobs",
  "items",
  "payment-terms",
  "vendors",
  "customers",
  "vendor-credits",
  "bills",
  "payments",
  "invoices",
  "receivable-payments",
] as const satisfies readonly ObjectName[];

const SeedRecord = z
  .record(z.string(), z.unknown())
  .describe(
    "A create body of the object (as POST /v3/... takes it) plus seed-only fields: id, archived, approvalStatus (bills, vendor credits), createdTime, updatedTime; payments: billId, amount, processDate, description, onlinePayment, singleStatus; receivable-payments: the body of POST /v3/invoices/record-payment",
  );

/** Schema of a seed file. */
export const BillSeedSchema = z
  .object({
    $schema: z.string().optional(),
    devKeys: z
      .array(z.object({ devKey: z.string().min(4).describe("Developer key value"), name: z.string().min(1).describe("Label of the key") }).strict())
      .describe("Developer keys the sandbox accepts"),
    organizations: z.array(
      z
        .object({
          id: z.string().regex(/^008/, "organization ids start with 008").describe("Organization ID (008…)"),
          name: z.string().min(1),
          intacctEntityId: z.string().optional().describe("Intacct entity this organization syncs with (informational)"),
          users: z.array(
            z
              .object({
                id: z.string().optional().describe("User ID (006…); generated when absent"),
                username: z.string().min(1).describe("E-mail, or the name of an AP & AR sync token"),
                password: z.string().min(1).describe("Password, or the sync token's value"),
                kind: z.enum(["user", "syncToken"]).default("user").describe("syncToken sessions idle out after 48 h and cannot pay"),
                canPay: z.boolean().default(false).describe("The user's role may create payments"),
                mfaTrusted: z.boolean().default(false).describe("Every login of this user is MFA-trusted"),
                mfaId: z.string().optional().describe("rememberMeId that makes a login MFA-trusted"),
              })
              .strict(),
          ),
          records: z.partialRecord(z.enum(OBJECT_NAMES), z.array(SeedRecord)).default({}).describe("Records per object name, loaded in dependency order"),
          documents: z
            .array(
              z
                .object({
                  id: z.string().optional().describe("Document ID (0du… for bills, att… for invoices); generated when absent"),
                  billId: z.string().optional().describe("Bill the document belongs to (v3/documents)"),
                  invoiceId: z.string().optional().describe("Invoice the attachment belongs to (v3/attachments)"),
                  name: z.string().min(1).describe("File name with extension, e.g. invoice.pdf"),
                  contentBase64: z.string().min(1).describe("File bytes, base64"),
                  createdTime: z.string().optional(),
                })
                .strict(),
            )
            .default([])
            .describe("Bill documents and invoice attachments, loaded after the records"),
        })
        .strict(),
    ),
  })
  .strict();

/** A seed file as written. */
export type BillSeedInput = z.input<typeof BillSeedSchema>;
/** A parsed seed. */
export type BillSeed = z.output<typeof BillSeedSchema>;

/** The JSON Schema of seed files (committed as `schemas/bill-sandbox-seed.schema.json`). */
export function billSeedJsonSchema(): Record<string, unknown> {
  return { title: "intacct-sync BILL sandbox seed", ...(z.toJSONSchema(BillSeedSchema, { io: "input" }) as Record<string, unknown>) };
}

/** Parses a seed, throwing a readable error naming the first bad path. */
export function parseBillSeed(value: unknown): BillSeed {
  const r = BillSeedSchema.safeParse(value);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new BillApiError(400, null, `seed: ${first === undefined ? "invalid" : `${first.path.join(".") || "(root)"}: ${first.message}`}`);
  }
  return r.data;
}

const SEED_ONLY = ["id", "archived", "approvalStatus", "createdTime", "updatedTime"] as const;

/**
 * Loads a parsed seed (adding to what is there). Each record goes through the API's validation,
 * so a seed cannot hold what BILL would refuse; an error names the organization, object and index.
 */
export function applyBillSeed(state: BillSandboxState, seed: BillSeed): void {
  state.store.txn(() => {
    for (const k of seed.devKeys) state.store.putDevKey(k.devKey, k.name);
    for (const org of seed.organizations) {
      state.store.putOrg(org.id, org.name, org.intacctEntityId === undefined ? {} : { intacctEntityId: org.intacctEntityId });
      for (const u of org.users) {
        state.store.putUser({ org_id: org.id, id: u.id ?? state.store.newId("006"), username: u.username, password: u.password, kind: u.kind, can_pay: u.canPay ? 1 : 0, mfa_id: u.mfaId ?? null, mfa_trusted: u.mfaTrusted ? 1 : 0 });
      }
      const ctx = state.ctx(org.id);
      for (const name of OBJECT_NAMES) {
        const list = org.records[name] ?? [];
        list.forEach((raw, i) => {
          try {
            if (name === "payments") {
              seedPayment(ctx, raw);
              return;
            }
            if (name === "receivable-payments") {
              recordInvoicePayment(ctx, raw);
              return;
            }
            const spec = SPEC_BY_NAME.get(name);
            if (spec === undefined) return;
            const overrides: Record<string, unknown> = {};
            for (const k of SEED_ONLY) if (raw[k] !== undefined) overrides[k] = raw[k];
            createRecord(ctx, spec, raw, overrides);
          } catch (e) {
            if (e instanceof BillApiError) throw new BillApiError(400, null, `seed: organization ${org.id} ${name}[${i}]: ${e.message}`);
            throw e;
          }
        });
      }
      org.documents.forEach((d, i) => {
        try {
          seedDocument(state, org.id, d);
        } catch (e) {
          if (e instanceof BillApiError) throw new BillApiError(400, null, `seed: organization ${org.id} documents[${i}]: ${e.message}`);
          throw e;
        }
      });
    }
  });
}
