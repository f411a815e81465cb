/**
 * What the account's sync preferences rely on (`bill-intacct-sync.md` §1.3, §1.4): an AP account,
 * a clearing checking account (one per account when several share a company), AP payment
 * approval off, and an open period for today.
 */
import { where } from "../intacct/functions/query.js";
import { check, type CheckResult } from "./check.js";
import { fixApAccount, fixClearingAccount, fixClearingShared, fixOpenPeriod, fixPaymentApproval } from "./fixes.js";
import { type IntacctFacts, text } from "./intacct-facts.js";

/** Preferences of the account being checked (owned by the sync engine; all optional here). */
export interface DoctorPreferences {
  /** GL account number of the AP account. */
  readonly apAccountNo?: string;
  /** BANKACCOUNTID of the clearing checking account. */
  readonly clearingAccountId?: string;
}

/** Another account on the same Intacct company. */
export interface SiblingAccount {
  readonly accountId: string;
  readonly entityId: string;
  readonly clearingAccountId?: string;
}

/** `prefs.ap-account`. */
export async function apAccountCheck(facts: IntacctFacts, prefs: DoctorPreferences): Promise<CheckResult> {
  const id = "prefs.ap-account";
  const title = "AP account";
  if (prefs.apAccountNo !== undefined && prefs.apAccountNo !== "") {
    const rows = await facts.rows("GLACCOUNT", ["ACCOUNTNO", "TITLE", "STATUS"], where.equalTo("ACCOUNTNO", prefs.apAccountNo));
    if (!rows.ok) return check.skipped(id, title, `Cannot read GLACCOUNT (${rows.error.errorno ?? rows.error.code}); see read.glaccount.`);
    const row = rows.value[0];
    if (row === undefined) return check.fail(id, title, `The AP account ${prefs.apAccountNo} chosen in the preferences does not exist.`, fixApAccount());
    if (text(row["STATUS"]) !== "" && text(row["STATUS"]) !== "active") return check.fail(id, title, `The AP account ${prefs.apAccountNo} is ${text(row["STATUS"])}.`, fixApAccount());
    return check.pass(id, title, `AP account ${prefs.apAccountNo} (${text(row["TITLE"])}) exists and is active.`);
  }
  const rows = await facts.rows("GLACCOUNT", ["ACCOUNTNO", "TITLE", "STATUS"], where.like("TITLE", "%payable%"));
  if (!rows.ok) return check.skipped(id, title, `Cannot read GLACCOUNT (${rows.error.errorno ?? rows.error.code}); see read.glaccount.`);
  const active = rows.value.filter((r) => text(r["STATUS"]) === "" || text(r["STATUS"]) === "active");
  if (active.length === 0) return check.warn(id, title, "No AP account is chosen and none titled \"…Payable…\" was found.", fixApAccount());
  return check.pass(id, title, `No AP account chosen yet; candidates: ${active.map((r) => `${text(r["ACCOUNTNO"])} ${text(r["TITLE"])}`).join(", ")}.`);
}

/** `prefs.clearing-account`. */
export async function clearingAccountCheck(facts: IntacctFacts, entityId: string, prefs: DoctorPreferences, siblings: readonly SiblingAccount[]): Promise<CheckResult> {
  const id = "prefs.clearing-account";
  const title = "Clearing checking account";
  const rows = await facts.rows("CHECKINGACCOUNT", ["BANKACCOUNTID", "BANKNAME", "LOCATIONID", "MEGAENTITYID", "STATUS"]);
  if (!rows.ok) return check.skipped(id, title, `Cannot read CHECKINGACCOUNT (${rows.error.errorno ?? rows.error.code}); see read.checkingaccount.`);
  const accounts = rows.value.filter((r) => text(r["STATUS"]) === "" || text(r["STATUS"]) === "active");
  const ownedHere = (r: (typeof accounts)[number]): boolean => entityId === "" || text(r["MEGAENTITYID"]) === entityId || text(r["LOCATIONID"]) === entityId;
  const chosen = prefs.clearingAccountId;
  if (chosen !== undefined && chosen !== "") {
    const row = accounts.find((r) => text(r["BANKACCOUNTID"]) === chosen);
    if (row === undefined) return check.fail(id, title, `The clearing account ${chosen} chosen in the preferences does not exist or is not visible${entityId === "" ? "" : ` in entity ${entityId}`}.`, fixClearingAccount(entityId));
    const sharing = siblings.filter((s) => s.clearingAccountId === chosen);
    if (sharing.length > 0) {
      return check.fail(id, title, `The clearing account ${chosen} is also used by ${sharing.map((s) => s.accountId).join(", ")}: each account needs its own.`, fixClearingShared());
    }
    return check.pass(id, title, `Clearing account ${chosen} exists and no other account uses it.`);
  }
  const candidates = accounts.filter((r) => /clear/i.test(`${text(r["BANKACCOUNTID"])} ${text(r["BANKNAME"])}`) && ownedHere(r));
  if (candidates.length === 0) {
    return check.warn(id, title, `No clearing checking account is chosen and none named "…Clearing…" was found${entityId === "" ? "" : ` for entity ${entityId}`}.`, fixClearingAccount(entityId));
  }
  const needed = 1 + siblings.length;
  const names = candidates.map((r) => text(r["BANKACCOUNTID"]));
  if (siblings.length > 0 && entityId === "" && candidates.length < needed) {
    return check.warn(id, title, `${needed} accounts share this company but only ${candidates.length} clearing account(s) exist (${names.join(", ")}).`, fixClearingShared());
  }
  return check.pass(id, title, `No clearing account chosen yet; candidate(s)${entityId === "" ? "" : ` in entity ${entityId}`}: ${names.join(", ")}.`);
}

/** `prefs.ap-payment-approval`: read through `get_companyprefs application="AP"` when it exists. */
export async function paymentApprovalCheck(facts: IntacctFacts): Promise<CheckResult> {
  const id = "prefs.ap-payment-approval";
  const title = "AP payment approval off";
  const prefs = await facts.legacy('<get_companyprefs application="AP"/>');
  if (!prefs.ok) {
    return check.skipped(id, title, `Not readable through the API here (${prefs.error.errorno ?? prefs.error.code}): check by hand. ${fixPaymentApproval()}`);
  }
  const approval = prefs.value.find((p) => /approv/i.test(text(p["preference"])));
  if (approval === undefined) {
    return check.skipped(id, title, `get_companyprefs returned no approval preference (its name is UNCONFIRMED in Sage's docs): check by hand. ${fixPaymentApproval()}`);
  }
  const on = /^(true|t|yes|y|1|on)$/i.test(text(approval["prefvalue"]));
  const evidence = [`${text(approval["preference"])} = ${text(approval["prefvalue"])}`];
  return on ? check.fail(id, title, "AP payment approval is enabled.", fixPaymentApproval(), evidence) : check.pass(id, title, "AP payment approval is off.", evidence);
}

/** `prefs.open-periods`: today's date must be after the books-closed date (`get_closedbooksdate`, A8). */
export async function openPeriodCheck(facts: IntacctFacts, today: string, entityId: string): Promise<CheckResult> {
  const id = "prefs.open-periods";
  const title = "Open period";
  const r = await facts.legacy("<get_closedbooksdate/>");
  if (!r.ok) return check.skipped(id, title, `The books-closed date is not readable through the API here (${r.error.errorno ?? r.error.code}).`);
  const rec = r.value[0];
  const closed = rec === undefined ? "" : parseClosedDate(rec);
  const where = entityId === "" ? "at the top level" : `in entity ${entityId}`;
  if (closed === "") return check.pass(id, title, `No books are closed ${where}.`);
  if (closed >= today) return check.fail(id, title, `Books are closed through ${closed} ${where}: today's transactions (${today}) would be rejected.`, fixOpenPeriod(), [`closed through ${closed}`]);
  return check.pass(id, title, `Books are closed through ${closed} ${where}; ${today} is open.`, [`closed through ${closed}`]);
}

function parseClosedDate(rec: Readonly<Record<string, unknown>>): string {
  const y = typeof rec["year"] === "string" ? rec["year"].trim() : "";
  const m = typeof rec["month"] === "string" ? rec["month"].trim() : "";
  const d = typeof rec["day"] === "string" ? rec["day"].trim() : "";
  if (y === "" || m === "" || d === "") return "";
  return `${y.padStart(4, "0")}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
}
