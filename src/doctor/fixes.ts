/**
 * Fix texts in the setup guide's words (`seed/000_d0ae6622ab1fb907.txt`): menu paths as the guide
 * writes them ("Company > Web Services Users > XML_Bill.com user > Subscriptions"), settings as the
 * screens label them (User type: Business, Admin privileges: Full, All … including Reports).
 */

/** Where to authorize our sender ID. */
export function fixSenderAuthorization(senderId: string): string {
  return `In Sage Intacct at the top level: Company > Setup > Security > Web Services authorizations > Add: enter the sender ID "${senderId}" and save.`;
}

/** Wrong sender credentials (ours, not the customer's). */
export function fixSenderCredentials(): string {
  return "Set INTACCT_SENDER_ID and INTACCT_SENDER_PASSWORD to the Web Services sender credentials of this deployment (from the Sage Intacct developer license), then run the doctor again.";
}

/** Sign-in failed: walk through the three fields the guide's Login Info has. */
export function fixSignIn(userId: string): string {
  return [
    "Check each value of the Sage Intacct Login Info:",
    "Company ID: exactly as Company > Company Info shows it (no spaces);",
    `User ID: the Web Services user listed under Company > Web Services Users (the guide uses XML_Bill.com; yours is "${userId}");`,
    "Password: the one from the e-mail Sage Intacct sent when the user was created (if it was reset, enter the new one).",
    "If all three are right, the user may be inactive or locked out: Company > Web Services Users > Edit next to the user: Status Active.",
  ].join(" ");
}

/** Menu path of the user's edit page. */
export function userEditPath(userId: string): string {
  return `Company > Web Services Users > Edit next to ${userId}`;
}

export function fixUserType(userId: string): string {
  return `${userEditPath(userId)}: User type: select Business, then Save.`;
}

export function fixAdmin(userId: string): string {
  return `${userEditPath(userId)}: Admin privileges: select Full, then Save.`;
}

export function fixWebServicesUser(userId: string): string {
  return `Create the sync user as the guide says, at the Root/Top Level: Company > Web Services Users > Add (User ID ${userId}, User type Business, Admin privileges Full), then Save; or edit the user and tick "Web Services only".`;
}

export function fixStatus(userId: string): string {
  return `${userEditPath(userId)}: Status: select Active, then Save.`;
}

export function fixTopLevel(userId: string): string {
  return `${userEditPath(userId)} > Entity restrictions: remove the restrictions (Unrestricted) so the user works at the Root/Top Level, then Save. Several accounts share this one user and differ only by the Entity ID in their Login Info.`;
}

/** User-based: the user's Subscriptions. */
export function fixUserBasedModule(userId: string, application: string): string {
  return `Company > Web Services Users > ${userId} user > Subscriptions: select All for ${application}, including Reports, and save changes.`;
}

/** Role-based: the role that is assigned. */
export function fixRoleModule(roles: readonly string[], application: string): string {
  const which = roles.length === 1 ? `the role ${roles[0] ?? ""}` : `one of the roles ${roles.join(", ")}`;
  return `Company > Roles > Edit ${which} > ${application}: select All from the top right, select All for Reports as well, and Save.`;
}

/** Role-based, but no role assigned. */
export function fixAssignRole(userId: string, roles: readonly string[]): string {
  const role = roles.length > 0 ? `the role with All permissions (${roles.join(", ")})` : "a role with All permissions for every module (create it first: Company > Roles > Add, All for each module including Reports, Save)";
  return `Company > Web Services Users > Edit next to ${userId} > Roles information: select ${role}, then Save.`;
}

export function fixEntityId(entityIds: readonly string[]): string {
  const list = entityIds.length > 0 ? `: ${entityIds.join(", ")}` : "";
  return `Enter an Entity ID exactly as Company > Entities shows it at the Root/Top Level${list}; or leave the Entity ID blank to sync at the top level.`;
}

export function fixEntityAccess(userId: string, entityId: string): string {
  return `${userEditPath(userId)} > Entity restrictions: make the user Unrestricted (recommended by the guide) or add entity ${entityId}, then Save.`;
}

export function fixApAccount(): string {
  return "Pick the AP (accounts payable liability) account in the account's sync preferences; it must exist and be active under General Ledger > Chart of Accounts.";
}

export function fixClearingAccount(entityId: string): string {
  const where = entityId === "" ? "" : ` assigned to entity ${entityId}`;
  return `Create a checking account for the platform's money-out clearing: Cash Management > Checking Accounts > Add at the Root/Top Level (e.g. Account ID "Bill.com Clearing${entityId === "" ? "" : ` ${entityId}`}"), tied to a balance-sheet GL account with no dimension settings${where}; then choose it in the account's sync preferences.`;
}

export function fixClearingShared(): string {
  return "Give each account its own clearing checking account (one per account sharing this company, e.g. one per entity with the entity ID in its name), and choose it in each account's sync preferences.";
}

export function fixPaymentApproval(): string {
  return 'Accounts Payable > Setup > Configuration > Payment approval: uncheck "Enable AP payments approval" (payments the sync creates would otherwise wait for approval in Intacct).';
}

export function fixOpenPeriod(): string {
  return "General Ledger > Accounting periods: reopen the period, or choose a closed-period policy (move to the first open date, or hold) in the account's sync preferences.";
}
