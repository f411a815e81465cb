/**
 * Sage Intacct Login Info, as BILL's Settings → Sync → Setup → Login Info asks for it
 * (`bill-intacct-sync.md` §1.2): Company ID, User ID, password, optional Entity ID.
 */

/** What an account holds to sign in to Intacct. The sender is deployment-wide, not here. */
export interface LoginInfo {
  /** Company ID (Company > Company Info), exactly as entered. */
  readonly companyId: string;
  /** The Web Services sync user, e.g. `XML_Bill.com`. */
  readonly userId: string;
  readonly password: string;
  /** Entity ID (Company > Entities, at the top level); `""` = top level or a single-entity company. */
  readonly entityId: string;
}

/** Shown instead of a password, everywhere. */
export const PASSWORD_MASK = "********";

/** Login Info safe to print or return from an API. */
export type MaskedLoginInfo = Omit<LoginInfo, "password"> & { readonly password: typeof PASSWORD_MASK };

/** Replaces the password by {@link PASSWORD_MASK}. */
export function maskLoginInfo(info: LoginInfo): MaskedLoginInfo {
  return { companyId: info.companyId, userId: info.userId, password: PASSWORD_MASK, entityId: info.entityId };
}

/** One problem with typed Login Info that needs no call to Intacct to find. */
export interface LoginInfoProblem {
  readonly field: "companyId" | "userId" | "password" | "entityId";
  readonly message: string;
}

/**
 * Finds problems a person makes typing Login Info: blanks and stray spaces (a Company ID with a
 * trailing blank breaks login, `bill-intacct-sync.md` §1.2).
 */
export function findLoginInfoProblems(info: { readonly companyId?: string; readonly userId?: string; readonly password?: string; readonly entityId?: string }): LoginInfoProblem[] {
  const problems: LoginInfoProblem[] = [];
  const spaced = (field: LoginInfoProblem["field"], label: string, value: string | undefined, required: boolean): void => {
    if (value === undefined || value === "") {
      if (required) problems.push({ field, message: `${label} is empty.` });
      return;
    }
    if (value.trim() === "") problems.push({ field, message: `${label} is only spaces.` });
    else if (value !== value.trim()) problems.push({ field, message: `${label} ${JSON.stringify(value)} has ${describeSpaces(value)}.` });
    else if (/\s/.test(value)) problems.push({ field, message: `${label} ${JSON.stringify(value)} contains a space.` });
  };
  spaced("companyId", "Company ID", info.companyId, true);
  spaced("userId", "User ID", info.userId, true);
  if (info.password === undefined || info.password === "") problems.push({ field: "password", message: "Password is empty." });
  spaced("entityId", "Entity ID", info.entityId, false);
  return problems;
}

function describeSpaces(value: string): string {
  const leading = value !== value.trimStart();
  const trailing = value !== value.trimEnd();
  return leading && trailing ? "leading and trailing spaces" : leading ? "a leading space" : "a trailing space";
}
