/**
 * Account sync preferences (PRODUCT.md "Preferences per account"; `bill-intacct-sync.md` §5.1)
 * and the account's scope. The store keeps preferences as opaque JSON; they are parsed here,
 * once, with a schema.
 */
import { z } from "zod";

import type { IntacctWriteSettings } from "./model/intacct-mapper.js";
import { SyncError } from "./sync-error.js";

/** What to do with a transaction dated in a closed period of its entity. */
export type ClosedPeriodPolicy = "reject" | "move" | "hold";

/** Preferences of one platform account. */
export interface SyncPreferences {
  /** Two-way: unpaid Intacct bills and unapplied credits also come in. @default "two-way" */
  readonly transactions: "two-way" | "one-way";
  /** Which side wins when a record changed on both sides since the last sync. @default "platform" */
  readonly master: "platform" | "intacct";
  /** Push only bills and credits whose approval finished. @default false */
  readonly onlyApproved: boolean;
  /** AP liability account for pushed bills (`OFFSETGLACCOUNTNO`). @default the vendor's */
  readonly apAccountNo?: string;
  /** AR account for pushed invoices. @default the customer's */
  readonly arAccountNo?: string;
  /** Checking account BILL payments come from (the Money Out Clearing account). */
  readonly clearingBankAccountId?: string;
  /** Checking account received payments go to (Money In Clearing). @default clearingBankAccountId */
  readonly depositBankAccountId?: string;
  /** Expense account for lines without one. @default none */
  readonly defaultExpenseAccountNo?: string;
  /** @default "reject" */
  readonly closedPeriodPolicy: ClosedPeriodPolicy;
}

/** Default preferences (BILL's defaults where known, §5.1). */
export const DEFAULT_PREFERENCES: SyncPreferences = { transactions: "two-way", master: "platform", onlyApproved: false, closedPeriodPolicy: "reject" };

const schema = z.strictObject({
  transactions: z.enum(["two-way", "one-way"]).default("two-way"),
  master: z.enum(["platform", "intacct"]).default("platform"),
  onlyApproved: z.boolean().default(false),
  apAccountNo: z.string().min(1).optional(),
  arAccountNo: z.string().min(1).optional(),
  clearingBankAccountId: z.string().min(1).optional(),
  depositBankAccountId: z.string().min(1).optional(),
  defaultExpenseAccountNo: z.string().min(1).optional(),
  closedPeriodPolicy: z.enum(["reject", "move", "hold"]).default("reject"),
  /** Kept for the scheduler; not used by the planner. */
  schedule: z.string().optional(),
});

/**
 * Parses stored preferences (unknown keys are an error, so a typo does not silently fall back to
 * a default). Throws `SyncError("PREFERENCES_INVALID")` naming the failing field.
 *
 * @example
 * parsePreferences({ master: "intacct", closedPeriodPolicy: "move" });
 */
export function parsePreferences(value: unknown): SyncPreferences {
  const r = schema.safeParse(value ?? {});
  if (!r.success) {
    const first = r.error.issues[0];
    const where = first === undefined || first.path.length === 0 ? "preferences" : first.path.join(".");
    throw new SyncError("PREFERENCES_INVALID", `invalid sync preference ${where}: ${first?.message ?? "invalid"}`, { side: "user" });
  }
  const { schedule: _schedule, ...rest } = r.data;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) out[k] = v;
  return out as unknown as SyncPreferences;
}

/** Where the account syncs: the top level (or a single-entity company) or one entity. */
export type EntityScope = { readonly kind: "top" } | { readonly kind: "entity"; readonly entityId: string };

/** The scope from a Login Info Entity ID (`""` = top level). */
export function scopeOf(entityId: string): EntityScope {
  return entityId.trim() === "" ? { kind: "top" } : { kind: "entity", entityId: entityId.trim() };
}

/**
 * The settings the Intacct writers need, from the preferences. The planner refuses payments while
 * no clearing account is set, so an empty `clearingBankAccountId` never reaches a payment write.
 */
export function intacctWriteSettings(p: SyncPreferences): IntacctWriteSettings {
  return {
    clearingBankAccountId: p.clearingBankAccountId ?? "",
    ...(p.apAccountNo === undefined ? {} : { apAccountNo: p.apAccountNo }),
    ...(p.arAccountNo === undefined ? {} : { arAccountNo: p.arAccountNo }),
    ...(p.depositBankAccountId === undefined ? {} : { depositBankAccountId: p.depositBankAccountId }),
    ...(p.defaultExpenseAccountNo === undefined ? {} : { defaultExpenseAccountNo: p.defaultExpenseAccountNo }),
  };
}
