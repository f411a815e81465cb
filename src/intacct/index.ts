/**
 * The Intacct client (library API). Import from here; the XML codec lives in `./xml/`.
 */
export { createIntacctClient, IntacctClient, type BatchOptions, type ExecuteOptions, type IntacctClientOptions, type Reconciler, type RecordOf } from "./client.js";
export { reconcileByName } from "./reconcile.js";
export {
  DEFAULT_ENDPOINT_URL,
  INTACCT_ENV,
  isIntacctHost,
  parseIni,
  readTextFileIfExists,
  resolveCredentials,
  type CredentialOptions,
  type CredentialSources,
  type ResolvedAuth,
  type ResolvedCredentials,
} from "./credentials.js";
export { InProcessBudget, type ConcurrencyBudget, type InProcessBudgetOptions, type ReleaseSlot } from "./budget.js";
export { controlIdFor } from "./control-id.js";
export {
  IntacctAuthenticationError,
  IntacctControlError,
  IntacctError,
  IntacctFunctionError,
  IntacctTransportError,
  IntacctUsageError,
  parseSupportId,
  type IntacctErrorCategory,
  type IntacctErrorCode,
  type IntacctErrorLevel,
} from "./errors.js";
export { classifyErrorDetail, classifyErrors, ERROR_CATALOGUE } from "./error-catalogue.js";
export { decideRetry, DEFAULT_RETRY_OPTIONS, parseRetryAfter, RETRYABLE_CATEGORIES, type RetryDecision, type RetryOptions } from "./retry-policy.js";
export type { FunctionOutcome, FunctionResult } from "./interpret.js";
export type { IntacctSession } from "./session-manager.js";
export type { FetchLike } from "./transport.js";
export { IntacctLimits } from "./limits.js";
export * from "./functions/index.js";
export * from "./records.js";
