/**
 * Bill documents and invoice attachments (BILL developer changelog 2024-06-14, "Document
 * operations"; `reference/bill-api.md` §8.11):
 *
 * - `POST /v3/documents/bills/{billId}?name=…` (binary body) · `GET /v3/documents/bills/{billId}`
 *   (paged) · `GET /v3/documents/{documentId}` — ids start `0du`;
 * - `POST /v3/attachments/invoices/{invoiceId}?name=…` · `GET /v3/attachments/invoices/{invoiceId}`
 *   · `GET /v3/attachments/{attachmentId}` — ids start `att`;
 * - each record's `downloadLink` is fetched with the `sessionId` header to get the bytes.
 *
 * Only the paths are confirmed. The JSON field names (`name`, `billId`/`invoiceId`, `fileSize`,
 * `createdTime`, `downloadLink`), the page token, the download path and the error texts are the
 * sandbox's own and UNCONFIRMED. Whether an upload bumps the parent's `updatedTime` is
 * UNCONFIRMED too: `behaviour.documentTouchesParent` switches it.
 */
import { type DocumentRow } from "../db.js";
import { BillApiError, BillErrors } from "../errors.js";
import type { BillSandboxState } from "../state.js";
import { getRecord } from "../records.js";
import { SPEC_BY_NAME } from "./index.js";

/** The two document families: bill documents and invoice attachments. */
export type DocumentKind = "bill" | "invoice";

const FAMILY: Readonly<Record<DocumentKind, { readonly path: string; readonly prefix: string; readonly parentField: string; readonly spec: "bills" | "invoices"; readonly label: string }>> = {
  bill: { path: "documents", prefix: "0du", parentField: "billId", spec: "bills", label: "Document" },
  invoice: { path: "attachments", prefix: "att", parentField: "invoiceId", spec: "invoices", label: "Attachment" },
};

/** The JSON read shape of one document (UNCONFIRMED field names). */
export function documentJson(row: Omit<DocumentRow, "content">, origin: string): Record<string, unknown> {
  const f = FAMILY[row.parent_kind];
  return {
    id: row.id,
    name: row.name,
    [f.parentField]: row.parent_id,
    fileSize: row.size,
    createdTime: row.created_time,
    downloadLink: `${origin}/connect/v3/${f.path}/${row.id}/download`,
  };
}

function parentOf(state: BillSandboxState, orgId: string, kind: DocumentKind, parentId: string): Record<string, unknown> {
  const spec = SPEC_BY_NAME.get(FAMILY[kind].spec);
  if (spec === undefined) throw BillErrors.systemError();
  return getRecord(state.store, orgId, spec, parentId);
}

/** Stores an uploaded document; bumps the parent's `updatedTime` when the behaviour says so. */
export function uploadDocument(
  state: BillSandboxState,
  input: { readonly orgId: string; readonly kind: DocumentKind; readonly parentId: string; readonly name: string | undefined; readonly bytes: Uint8Array; readonly id?: string; readonly createdTime?: string; readonly touchParent?: boolean; readonly checkSize?: boolean },
): DocumentRow {
  const name = (input.name ?? "").trim();
  if (name === "") throw BillErrors.invalid("name", "must not be blank");
  if (name.length > 255) throw BillErrors.invalid("name", "size must be between 1 and 255");
  if (input.bytes.byteLength === 0) throw BillErrors.invalid("file", "must not be empty");
  const max = state.limits.maxDocumentBytes;
  if ((input.checkSize ?? true) && input.bytes.byteLength > max) throw BillErrors.invalid("file", `size must not exceed ${max} bytes`);
  const parent = parentOf(state, input.orgId, input.kind, input.parentId);
  const spec = SPEC_BY_NAME.get(FAMILY[input.kind].spec);
  return state.store.txn(() => {
    const now = state.clock.iso();
    const row = state.store.insertDocument({
      org_id: input.orgId, id: input.id ?? state.store.newId(FAMILY[input.kind].prefix), parent_kind: input.kind, parent_id: input.parentId,
      name, size: input.bytes.byteLength, created_time: input.createdTime ?? now, content: Buffer.from(input.bytes),
    });
    if ((input.touchParent ?? true) && state.behaviour.documentTouchesParent && spec !== undefined) state.store.update(input.orgId, spec.name, { ...parent, updatedTime: now });
    return row;
  });
}

interface PageToken {
  readonly offset: number;
}

function encodeToken(t: PageToken): string {
  return Buffer.from(JSON.stringify(t)).toString("base64url");
}

function decodeToken(s: string): PageToken {
  try {
    const v = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as unknown;
    if (typeof v === "object" && v !== null && typeof (v as Record<string, unknown>)["offset"] === "number") return { offset: Math.max(0, Math.floor((v as { offset: number }).offset)) };
  } catch {
    // fall through
  }
  throw BillErrors.invalid("page", "is not a valid page token for this query");
}

/** One page of a parent's documents: `max` 1–100 (default the list default), `page` token. */
export function listDocuments(state: BillSandboxState, orgId: string, kind: DocumentKind, parentId: string, query: Readonly<Record<string, string | undefined>>, origin: string): { results: Array<Record<string, unknown>>; nextPage?: string; prevPage?: string } {
  for (const key of Object.keys(query)) if (key !== "max" && key !== "page") throw BillErrors.unknownError();
  const rawMax = query["max"];
  const max = rawMax === undefined ? state.limits.defaultPageSize : Number(rawMax);
  if (!Number.isInteger(max) || max < 1 || max > state.limits.maxPageSize) throw BillErrors.invalid("max", `must be between 1 and ${state.limits.maxPageSize}`);
  const offset = query["page"] === undefined ? 0 : decodeToken(query["page"]).offset;
  parentOf(state, orgId, kind, parentId);
  const rows = state.store.documentsOf(orgId, kind, parentId, max + 1, offset);
  const results = rows.slice(0, max).map((r) => documentJson(r, origin));
  return {
    results,
    ...(rows.length > max ? { nextPage: encodeToken({ offset: offset + max }) } : {}),
    ...(offset > 0 ? { prevPage: encodeToken({ offset: Math.max(0, offset - max) }) } : {}),
  };
}

/** One document of a family, or BILL's not-found error. */
export function findDocument(state: BillSandboxState, orgId: string, kind: DocumentKind, id: string): DocumentRow {
  const row = state.store.document(orgId, id);
  if (row === undefined || row.parent_kind !== kind) throw BillErrors.notFound(FAMILY[kind].label, id);
  return row;
}

/** Content type of a file name's extension (what the download answers with). */
export function contentTypeOf(name: string): string {
  const ext = name.slice(name.lastIndexOf(".") + 1).toLowerCase();
  const types: Record<string, string> = { pdf: "application/pdf", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", txt: "text/plain", csv: "text/csv" };
  return types[ext] ?? "application/octet-stream";
}

/** A seed document: the parent, the file name and its bytes (base64). */
export interface SeedDocument {
  readonly id?: string | undefined;
  readonly billId?: string | undefined;
  readonly invoiceId?: string | undefined;
  readonly name: string;
  readonly contentBase64: string;
  readonly createdTime?: string | undefined;
}

/**
 * Loads one seed document: the checks of an upload but the size limit (a seed may hold a file BILL
 * would refuse today, to test what a sync does with it); the parent's `updatedTime` is left alone.
 */
export function seedDocument(state: BillSandboxState, orgId: string, d: SeedDocument): DocumentRow {
  const kind: DocumentKind | undefined = d.billId !== undefined ? "bill" : d.invoiceId !== undefined ? "invoice" : undefined;
  if (kind === undefined) throw new BillApiError(400, null, "documents: give billId or invoiceId");
  return uploadDocument(state, {
    orgId, kind, parentId: d.billId ?? d.invoiceId ?? "", name: d.name, bytes: Buffer.from(d.contentBase64, "base64"), touchParent: false, checkSize: false,
    ...(d.id === undefined ? {} : { id: d.id }), ...(d.createdTime === undefined ? {} : { createdTime: d.createdTime }),
  });
}
