/**
 * Bill documents and invoice attachments (BILL developer changelog 2024-06-14, "Document
 * operations"; `reference/bill-api.md` §8.11). Only the paths below are confirmed; the JSON shapes
 * (`name`, `billId`/`invoiceId`, `fileSize`, `downloadLink`) and where a `downloadLink` points
 * are UNCONFIRMED, so every path lives in {@link BILL_DOCUMENT_PATHS} and the read shape is
 * decoded leniently in {@link toBillDocument}.
 */
import { BillError } from "./errors.js";
import type { BillClientCore } from "./client.js";
import { BillLimits } from "./limits.js";
import type { Page } from "./query.js";

/** Paths of the document endpoints (confirmed by the changelog; the only place they are written). */
export const BILL_DOCUMENT_PATHS = {
  /** `POST` (upload, `?name=`) and `GET` (list, paged) of one bill's documents. */
  billDocuments: (billId: string) => `/v3/documents/bills/${encodeURIComponent(billId)}`,
  /** `GET` one bill document (ids start `0du`/`00h`). */
  billDocument: (documentId: string) => `/v3/documents/${encodeURIComponent(documentId)}`,
  /** `POST` (upload) and `GET` (list) of one invoice's attachments. */
  invoiceAttachments: (invoiceId: string) => `/v3/attachments/invoices/${encodeURIComponent(invoiceId)}`,
  /** `GET` one invoice attachment (ids start `att`). */
  invoiceAttachment: (attachmentId: string) => `/v3/attachments/${encodeURIComponent(attachmentId)}`,
} as const;

/** A bill document or invoice attachment, as the client exposes it. */
export interface BillDocument {
  readonly id: string;
  /** File name with extension. */
  readonly name: string;
  /** The bill (documents) or invoice (attachments) it belongs to. */
  readonly parent: { readonly kind: "bill" | "invoice"; readonly id: string };
  /** Size in bytes, when BILL reports it (UNCONFIRMED field `fileSize`). */
  readonly size?: number;
  readonly createdTime?: string;
  /** Where the bytes are (GET with the session). */
  readonly downloadLink: string;
}

/** Decodes one document of `kind` (lenient: UNCONFIRMED field names). */
export function toBillDocument(json: unknown, kind: "bill" | "invoice", parentId: string): BillDocument {
  const j = (json ?? {}) as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof j[k] === "string" && j[k] !== "" ? j[k] : undefined);
  const id = str("id");
  const link = str("downloadLink") ?? str("downloadUrl");
  if (id === undefined || link === undefined) throw new BillError("validation", `BILL ${kind} document without id or downloadLink`, { request: "GET documents", idempotent: true });
  const size = typeof j["fileSize"] === "number" ? j["fileSize"] : typeof j["size"] === "number" ? j["size"] : undefined;
  const created = str("createdTime");
  return {
    id, name: str("name") ?? str("fileName") ?? id, parent: { kind, id: str(kind === "bill" ? "billId" : "invoiceId") ?? parentId }, downloadLink: link,
    ...(size === undefined ? {} : { size }), ...(created === undefined ? {} : { createdTime: created }),
  };
}

/** Options of {@link DocumentsOps}. */
export interface DocumentsOptions {
  /**
   * Origins a `downloadLink` may point at (the session id travels with the download, so it is
   * never sent elsewhere). Where BILL serves document bytes is UNCONFIRMED.
   * @default the base URL's origin
   */
  readonly downloadOrigins?: readonly string[];
}

/** Bill documents and invoice attachments. */
export interface DocumentsOps {
  /** One page of a bill's documents (`max` 1–100). */
  listBillDocuments(billId: string, options?: { readonly max?: number; readonly page?: string }): Promise<Page<BillDocument>>;
  /** Every document of a bill (all pages). */
  billDocuments(billId: string): Promise<BillDocument[]>;
  /** One bill document. */
  getBillDocument(documentId: string, billId?: string): Promise<BillDocument>;
  /** Uploads a bill document (at most 6 MB). Not idempotent. */
  uploadBillDocument(billId: string, name: string, bytes: Uint8Array): Promise<BillDocument>;
  /** One page of an invoice's attachments. */
  listInvoiceAttachments(invoiceId: string, options?: { readonly max?: number; readonly page?: string }): Promise<Page<BillDocument>>;
  /** Every attachment of an invoice (all pages). */
  invoiceAttachments(invoiceId: string): Promise<BillDocument[]>;
  /** One invoice attachment. */
  getInvoiceAttachment(attachmentId: string, invoiceId?: string): Promise<BillDocument>;
  /** Uploads an invoice attachment (at most 6 MB). Not idempotent. */
  uploadInvoiceAttachment(invoiceId: string, name: string, bytes: Uint8Array): Promise<BillDocument>;
  /** The bytes behind a document's `downloadLink` (GET with the session). */
  download(document: Pick<BillDocument, "id" | "downloadLink">): Promise<Uint8Array>;
}

/** Document operations over `core`; `baseUrl` decides the default download origin. */
export function documentsOps(core: BillClientCore, baseUrl: string, options: DocumentsOptions = {}): DocumentsOps {
  const origins = new Set((options.downloadOrigins ?? [new URL(baseUrl).origin]).map((o) => new URL(o).origin));
  const page = async (kind: "bill" | "invoice", parentId: string, o: { readonly max?: number; readonly page?: string } = {}): Promise<Page<BillDocument>> => {
    const path = kind === "bill" ? BILL_DOCUMENT_PATHS.billDocuments(parentId) : BILL_DOCUMENT_PATHS.invoiceAttachments(parentId);
    const p = await core.page<unknown>(path, { ...(o.max === undefined ? {} : { max: o.max }), ...(o.page === undefined ? {} : { page: o.page }) });
    return { results: p.results.map((r) => toBillDocument(r, kind, parentId)), nextPage: p.nextPage };
  };
  const all = async (kind: "bill" | "invoice", parentId: string): Promise<BillDocument[]> => {
    const out: BillDocument[] = [];
    let token: string | undefined;
    do {
      const p = await page(kind, parentId, { max: BillLimits.maxPageSize, ...(token === undefined ? {} : { page: token }) });
      out.push(...p.results);
      token = p.nextPage;
    } while (token !== undefined);
    return out;
  };
  const upload = async (kind: "bill" | "invoice", parentId: string, name: string, bytes: Uint8Array): Promise<BillDocument> => {
    if (bytes.byteLength > BillLimits.maxDocumentBytes) throw new RangeError(`BILL takes files of at most ${BillLimits.maxDocumentBytes} bytes, got ${bytes.byteLength}`);
    const path = kind === "bill" ? BILL_DOCUMENT_PATHS.billDocuments(parentId) : BILL_DOCUMENT_PATHS.invoiceAttachments(parentId);
    const json = await core.call({ method: "POST", path, query: { name }, binaryBody: { bytes, contentType: "application/octet-stream" }, idempotent: false });
    return toBillDocument(json, kind, parentId);
  };
  return {
    listBillDocuments: (billId, o) => page("bill", billId, o),
    billDocuments: (billId) => all("bill", billId),
    getBillDocument: async (id, billId = "") => toBillDocument(await core.call({ method: "GET", path: BILL_DOCUMENT_PATHS.billDocument(id), idempotent: true }), "bill", billId),
    uploadBillDocument: (billId, name, bytes) => upload("bill", billId, name, bytes),
    listInvoiceAttachments: (invoiceId, o) => page("invoice", invoiceId, o),
    invoiceAttachments: (invoiceId) => all("invoice", invoiceId),
    getInvoiceAttachment: async (id, invoiceId = "") => toBillDocument(await core.call({ method: "GET", path: BILL_DOCUMENT_PATHS.invoiceAttachment(id), idempotent: true }), "invoice", invoiceId),
    uploadInvoiceAttachment: (invoiceId, name, bytes) => upload("invoice", invoiceId, name, bytes),
    download: async (doc) => {
      let url: URL;
      try {
        url = new URL(doc.downloadLink);
      } catch {
        throw new BillError("validation", `BILL document ${doc.id} has an invalid downloadLink`, { request: "GET downloadLink", idempotent: true });
      }
      if (!origins.has(url.origin)) throw new BillError("validation", `BILL document ${doc.id}: downloadLink points at ${url.origin}, which is not an allowed download origin (the session is only sent to ${[...origins].join(", ")})`, { request: "GET downloadLink", idempotent: true });
      return (await core.call({ method: "GET", path: `/download/${doc.id}`, url: url.toString(), expect: "bytes", idempotent: true })) as Uint8Array;
    },
  };
}
