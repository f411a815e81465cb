/** Public API of the BILL v3 client. */
export { BillClientCore, type BillClientOptions, type BillClientStats, type BillCredentials, type CrudOps, type ListOps, type ReplaceableOps, type SessionOps } from "./client.js";
export { BILL_DOCUMENT_PATHS, type BillDocument, type DocumentsOps, type DocumentsOptions, documentsOps, toBillDocument } from "./documents.js";
export { type ConcurrencyGate, KeyedSemaphore, type Release } from "./concurrency.js";
export { type BillClient, type BillSharedState, type BillsOps, type ClassificationsOps, createBillClient, createBillSharedState, type InvoicesOps, type MarkerSearch, type PaymentsOps, type VendorsOps } from "./endpoints.js";
export { BDC, type BillApiErrorEntry, BillError, type BillErrorCode, type BillErrorKind, classifyResponse, classifyTransportFailure } from "./errors.js";
export { BILL_BASE_URLS, BillLimits } from "./limits.js";
export { findByMarker, formatMarker, readMarker, withMarker } from "./marker.js";
export { approvedOnly, archivedAfter, encodeFilters, encodeSort, type Filter, type FilterOp, listQuery, type ListOptions, type Page, type Sort, updatedAfter } from "./query.js";
export { buildRequest, decodePage, decodeResponse, type BillCallSpec, type BillHttpRequest, type BillHttpResponse } from "./request.js";
export { DEFAULT_RETRY_POLICY, decideRetry, parseRetryAfter, RETRYABLE_BDC_CODES, type RetryDecision, type RetryPolicy } from "./retry.js";
export { type FetchLike } from "./send.js";
export { type CachedSession, type LoginBudget, SessionCache, SlidingWindowLoginBudget } from "./session.js";
export type * from "./types.js";
