/**
 * Value conversions between the two wire formats and the canonical model.
 *
 * - Canonical dates are ISO `yyyy-mm-dd`; Intacct writes and reads `mm/dd/yyyy`
 *   (`intacct-objects-permissions.md` §0.3, and accepts unpadded `m/d/yyyy`, Q4); BILL uses
 *   `yyyy-MM-dd` (`bill-api.md` §4).
 * - Canonical amounts are integer cents so that sums and comparisons are exact; Intacct sends
 *   decimal strings rounded to 2 places on write (§0.3); BILL sends JSON numbers.
 * - Booleans: Intacct sends `true`/`false` from `query` and `T`/`F` from `readByQuery` (B0).
 */
import { SyncError } from "../sync-error.js";

/** Integer number of cents (may be negative). */
export type Cents = number;

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `03/04/2026` (or `3/4/2026`, or with a time) → `2026-03-04`; undefined for empty input. */
export function intacctDateToIso(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const m = US_DATE.exec(value.trim());
  if (m === null) throw new SyncError("RECORD_INVALID", `not an Intacct date (mm/dd/yyyy): ${JSON.stringify(value)}`);
  return `${m[3]}-${pad2(Number(m[1]))}-${pad2(Number(m[2]))}`;
}

/** `2026-03-04` → `03/04/2026`. */
export function isoToIntacctDate(iso: string): string {
  const m = ISO_DATE.exec(iso);
  if (m === null) throw new SyncError("RECORD_INVALID", `not an ISO date (yyyy-mm-dd): ${JSON.stringify(iso)}`);
  return `${m[2]}/${m[3]}/${m[1]}`;
}

/** The date part of a BILL date or ISO-8601 timestamp; undefined for empty input. */
export function billDateToIso(value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  const m = ISO_DATE.exec(value);
  if (m === null) throw new SyncError("RECORD_INVALID", `not a BILL date (yyyy-MM-dd): ${JSON.stringify(value)}`);
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** Adds `days` to an ISO date (UTC calendar arithmetic, no time zone involved). */
export function addDays(iso: string, days: number): string {
  const m = ISO_DATE.exec(iso);
  if (m === null) throw new SyncError("RECORD_INVALID", `not an ISO date (yyyy-mm-dd): ${JSON.stringify(iso)}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + days * 86_400_000;
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** Intacct decimal string (`"1250.00"`, `"-150"`, `""`) → cents; empty → 0. */
export function decimalToCents(value: string | undefined): Cents {
  if (value === undefined || value.trim() === "") return 0;
  const text = value.trim();
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new SyncError("RECORD_INVALID", `not a decimal amount: ${JSON.stringify(value)}`);
  const negative = text.startsWith("-");
  const [whole = "0", frac = ""] = (negative ? text.slice(1) : text).split(".");
  // Round half away from zero at the third decimal, as Intacct rounds to 2 places on write (§0.3).
  const third = frac.length > 2 ? Number(frac[2]) : 0;
  let cents = Number(whole) * 100 + Number((frac + "00").slice(0, 2)) + (third >= 5 ? 1 : 0);
  if (cents === 0) return 0;
  if (negative) cents = -cents;
  return cents;
}

/** Cents → Intacct decimal string with two places (`-15000` → `"-150.00"`). */
export function centsToDecimal(cents: Cents): string {
  const negative = cents < 0;
  const abs = Math.abs(Math.round(cents));
  const text = `${Math.floor(abs / 100)}.${pad2(abs % 100)}`;
  return negative ? `-${text}` : text;
}

/** BILL JSON number → cents (rounded to the cent). */
export function numberToCents(value: number | undefined): Cents {
  if (value === undefined || !Number.isFinite(value)) return 0;
  const cents = Math.round(value * 100);
  return cents === 0 ? 0 : cents;
}

/** Cents → BILL JSON number. */
export function centsToNumber(cents: Cents): number {
  return Math.round(cents) / 100;
}

/** Intacct boolean (`true`/`false`/`T`/`F`/empty) → boolean; empty → `fallback`. */
export function intacctBool(value: string | undefined, fallback = false): boolean {
  if (value === undefined || value === "") return fallback;
  const v = value.toLowerCase();
  return v === "true" || v === "t";
}

/** Intacct `STATUS` (`active`/`inactive`/`T`/`F`) → active flag; empty means active. */
export function intacctActive(value: string | undefined): boolean {
  if (value === undefined || value === "") return true;
  const v = value.toLowerCase();
  return v === "active" || v === "t" || v === "true";
}

/** Empty or whitespace-only → undefined, otherwise trimmed. */
export function text(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const t = value.trim();
  return t === "" ? undefined : t;
}

/** Normalises a display name for matching: trimmed, inner whitespace collapsed, case-folded. */
export function matchName(name: string | undefined): string | undefined {
  const t = text(name);
  return t === undefined ? undefined : t.replace(/\s+/g, " ").toLocaleLowerCase("en-US");
}
