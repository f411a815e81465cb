/**
 * The service's use-cases, shared by the REST API (`src/http/api`) and the pages
 * (`src/http/ui`). Each takes the dependencies, the signed-in user and its input, checks access
 * itself (404 for an account the user may not see) and throws typed errors.
 */
export { requireAccount, requireAdminUser } from "./access.js";
export { type AccountDetail, type AccountSummary, createAccount, getAccountDetail, getLoginInfo, listAccountSummaries, type LoginInfoInput, removeAccount, saveLoginInfo, testConnection } from "./accounts.js";
export { createAccountDoctor, type DoctorResult, type DoctorSender, lastDoctorResult, runAccountDoctor } from "./doctor.js";
export { getPreferences, type PreferencesView, updatePreferences } from "./preferences.js";
export { type FixOutcome, fixRecordError, listRecordErrors } from "./record-errors.js";
export { getRun, listRuns, subscribeRunEvents, syncNow } from "./runs.js";
export { apiUsage, type UsageRow } from "./usage.js";
export { type ApiTokenView, changeOwnPassword, createApiToken, createUser, grantAccount, listApiTokens, listUsers, MIN_PASSWORD_LENGTH, removeUser, revokeAccount, revokeApiToken, type UserView } from "./users.js";
