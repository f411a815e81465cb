/**
 * USERINFO enum spellings (`intacct-objects-permissions.md` A1, Q1): labels in responses and in
 * create/update, single-letter codes for `readByQuery` filters.
 */
import type { AdminLevel } from "./effective-rights.js";

/** USERTYPE labels and their readByQuery codes (Q1). */
export const USER_TYPES: ReadonlyArray<{ readonly label: string; readonly code: string }> = [
  { label: "business user", code: "B" },
  { label: "employee user", code: "E" },
  { label: "view only user", code: "R" },
  { label: "writeup user", code: "W" },
  { label: "dashboard user", code: "D" },
  { label: "project manager user", code: "P" },
  { label: "construction manager user", code: "C" },
  { label: "payment approver", code: "A" },
  { label: "platform user", code: "T" },
  { label: "CRM user", code: "S" },
  { label: "warehouse user", code: "H" },
];

/**
 * Normalizes a user type as people type it (`Business`, `business user`, `B`) to its label, or
 * undefined when unknown.
 */
export function normalizeUserType(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  for (const t of USER_TYPES) {
    const short = t.label.toLowerCase().replace(/ user$/, "");
    if (v === t.label.toLowerCase() || v === short || v === t.code.toLowerCase()) return t.label;
  }
  return undefined;
}

/** The readByQuery code of a USERTYPE label. */
export function userTypeCode(label: string): string {
  return USER_TYPES.find((t) => t.label === label)?.code ?? "";
}

/**
 * Normalizes admin privileges (Q1: labels Off/Limited/Full; create also accepts `false` → Off,
 * `true` → Limited, any case), or undefined when unknown.
 */
export function normalizeAdmin(value: string | boolean): AdminLevel | undefined {
  const v = String(value).trim().toLowerCase();
  if (v === "full") return "Full";
  if (v === "limited" || v === "true") return "Limited";
  if (v === "off" || v === "false" || v === "none") return "Off";
  return undefined;
}
