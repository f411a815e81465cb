/** A small seed for gateway/tenancy tests. */
import type { SeedInput } from "../seed/seed-schema.js";

export const T = {
  sender: "test-sender",
  senderPassword: "S3nder!",
  otherSender: "other-sender",
  otherSenderPassword: "0ther!",
  company: "ACME",
  userCompany: "SOLO",
  user: "sync",
  password: "Sync!pw",
} as const;

/** ACME: multi-entity, role-based; SOLO: single-entity, user-based. */
export function testSeed(): SeedInput {
  const base = { password: T.password, firstName: "Sync", lastName: "User", email: "sync@example.com", userType: "business", admin: "Full", webServicesOnly: true };
  return {
    senders: [
      { senderId: T.sender, password: T.senderPassword },
      { senderId: T.otherSender, password: T.otherSenderPassword },
    ],
    companies: [
      {
        companyId: T.company,
        permissionModel: "role",
        authorizedSenders: [T.sender],
        entities: [{ entityId: "E1", name: "East" }, { entityId: "E2", name: "West" }, { entityId: "E3", name: "Closed", status: "inactive" }],
        roles: [
          { name: "All", permissions: { "*": "all" } },
          { name: "NoAP", permissions: { "*": "all", "Accounts Payable": "none" } },
        ],
        users: [
          { ...base, userId: T.user, roles: ["All"] },
          { ...base, userId: "noap", roles: ["NoAP"] },
          { ...base, userId: "limited", admin: "Limited", roles: ["All"] },
          { ...base, userId: "offadmin", admin: "Off", roles: ["All"] },
          { ...base, userId: "east", entityIds: ["E1"], roles: ["All"] },
          { ...base, userId: "eastwest", entityIds: ["E1", "E2"], topLevelAccess: true, roles: ["All"] },
          { ...base, userId: "employee", userType: "employee", roles: ["All"] },
          { ...base, userId: "gone", status: "inactive", roles: ["All"] },
        ],
        records: { VENDOR: [{ VENDORID: "V1", NAME: "Vendor One" }] },
      },
      {
        companyId: T.userCompany,
        permissionModel: "user",
        authorizedSenders: [T.sender, T.otherSender],
        users: [
          { ...base, userId: T.user, permissions: { "*": "all" } },
          { ...base, userId: "partial", permissions: { "Accounts Payable": { Vendors: ["List", "View"] } } },
        ],
      },
    ],
  };
}
