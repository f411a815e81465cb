/**
 * The Intacct writer of attachments (B18): one SUPDOC per platform bill or invoice, holding all of
 * its files, linked from the APBILL/ARINVOICE through `SUPDOCID`.
 *
 * Exactly once, without trusting any earlier answer:
 * 1. the folder (`BILL Sync` by default) is looked up once per run and created when missing;
 * 2. the SUPDOC is looked up by its deterministic id (`get object="supdoc"`) **before anything is
 *    sent** — this settles a create whose answer was lost, or a run killed half-way;
 * 3. only files not in it yet are downloaded from the platform (each file's `attachmentname`
 *    carries its platform id) and sent: `create_supdoc` + `update <parent> {RECORDNO, SUPDOCID}` in
 *    one all-or-nothing request when the SUPDOC is new, then `update_supdoc` for the files beyond
 *    one request's budget (file bodies cannot be replaced, only added);
 * 4. every function carries a deterministic control id (`uniqueid=true`): a repeated one that
 *    Intacct refuses as already recorded has landed, and counts as done.
 *
 * Files that cannot be sent (too large, download failed) become the operation's per-record error
 * after the others were attached, so one bad file never holds back the rest, and a retry adds
 * only what is still missing.
 */
import { IntacctError, type IntacctClient, type IntacctFunction, update } from "../../intacct/index.js";
import { addSupdocAttachments, createSupdoc, createSupdocFolder, getLegacy, type SupdocAttachment, updateInvoiceSupdoc } from "../../intacct/functions/legacy.js";
import type { FunctionOutcome } from "../../intacct/interpret.js";
import { controlIdFor } from "../../intacct/control-id.js";
import type { IntacctRecord, IntacctValue } from "../../intacct/xml/types.js";
import { coerceError } from "../../domain/errors.js";
import { AttachmentLimits, fileIdOfAttachmentName, intacctAttachmentName } from "../model/attachments.js";
import type { IntacctWrite } from "../model/intacct-mapper.js";
import type { IntacctWriteResult } from "../ports.js";

/** An attachment write (the `supdoc` variant of {@link IntacctWrite}). */
export type SupdocWrite = Extract<IntacctWrite, { readonly fn: "supdoc" }>;

/** A platform file as the source lists it now (with a fresh download link). */
export interface SourceFile {
  readonly id: string;
  readonly downloadLink: string;
  readonly size?: number;
}

/** Where the files come from: the platform's document endpoints. */
export interface AttachmentSource {
  /** The files of a bill or invoice now (every page). */
  files(parent: { readonly kind: "bill" | "invoice"; readonly id: string }): Promise<readonly SourceFile[]>;
  /** The bytes of one file. */
  download(file: SourceFile): Promise<Uint8Array>;
}

/** Options of {@link createSupdocWriter}. */
export interface SupdocWriterOptions {
  readonly client: IntacctClient;
  /** The entity of the client's session; `""` = top level. */
  readonly sessionEntityId: string;
  /** The platform's files. @default none: every attachment write fails with `SYNC_ATTACHMENT_SOURCE_MISSING` */
  readonly source?: AttachmentSource;
  /** Counts Intacct calls and writes. */
  readonly count: (calls: number, writes: number, ms: number) => void;
  /** Limit overrides (tests). @default AttachmentLimits */
  readonly limits?: Partial<{ -readonly [K in keyof typeof AttachmentLimits]: number }>;
}

type Item = { readonly controlId: string; readonly write: SupdocWrite; readonly entityId: string };

class Uncertain extends Error {}

/** Records under `attachments/attachment` of a `get supdoc` answer (one or many). */
function attachmentRecords(supdoc: IntacctRecord): IntacctRecord[] {
  const container = supdoc["attachments"] ?? supdoc["ATTACHMENTS"];
  if (container === undefined || typeof container === "string" || Array.isArray(container)) return [];
  const list: IntacctValue | undefined = container["attachment"] ?? container["ATTACHMENT"];
  const items = list === undefined ? [] : Array.isArray(list) ? list : [list];
  return items.filter((x): x is IntacctRecord => typeof x === "object" && !Array.isArray(x));
}

function nameOf(a: IntacctRecord): string {
  const v = a["attachmentname"] ?? a["ATTACHMENTNAME"];
  return typeof v === "string" ? v : "";
}

/**
 * Creates the attachment writer of one run (the folder check is remembered for the run).
 *
 * @example
 * const writeSupdoc = createSupdocWriter({ client, sessionEntityId: "EAST", source, count: () => undefined });
 * const result = await writeSupdoc({ controlId, write, entityId: "EAST" });
 */
export function createSupdocWriter(options: SupdocWriterOptions): (item: Item) => Promise<IntacctWriteResult> {
  const limits = { ...AttachmentLimits, ...options.limits };
  const folders = new Map<string, Promise<void>>();
  const client = options.client;

  async function run(fns: readonly IntacctFunction[], entityId: string, transaction: boolean): Promise<FunctionOutcome[]> {
    const t0 = performance.now();
    try {
      return await client.executeBatch(fns, { transaction, ...(entityId === options.sessionEntityId ? {} : { entityId }) });
    } finally {
      options.count(1, fns.filter((f) => f.kind === "write").length, performance.now() - t0);
    }
  }

  /** Throws Uncertain or the function's error unless every outcome succeeded or was already recorded. */
  function check(outcomes: readonly FunctionOutcome[], transaction = false): void {
    // All or nothing: one function already recorded means the whole earlier request committed.
    if (transaction && outcomes.some((o) => !o.ok && o.error.category === "duplicate_control_id")) return;
    const failed = outcomes.flatMap((o) => (o.ok || o.error.category === "duplicate_control_id" ? [] : [o.error]));
    if (failed.length === 0) return;
    if (failed.some((e) => e.category === "uncertain_outcome" || e.category === "transient" || e.category === "rate_limit")) throw new Uncertain(failed[0]?.message ?? "");
    // In an all-or-nothing request the others only say "rolled back" (XL03000009): report the cause.
    const cause = failed.find((e) => e.errorno !== "XL03000009") ?? failed[0];
    if (cause !== undefined) throw cause;
  }

  async function getOne(object: "supdoc" | "supdocfolder", key: string, entityId: string): Promise<IntacctRecord | undefined> {
    const [o] = await run([getLegacy(object, key)], entityId, false);
    if (o === undefined) return undefined;
    if (!o.ok) {
      // A real company may answer a missing key with an error rather than no data (UNCONFIRMED).
      if (o.error.category !== "not_found") check([o]);
      return undefined;
    }
    return o.result.records[0];
  }

  function ensureFolder(folder: string, entityId: string): Promise<void> {
    const known = folders.get(folder);
    if (known !== undefined) return known;
    const p = (async () => {
      if ((await getOne("supdocfolder", folder, entityId)) !== undefined) return;
      const [o] = await run([createSupdocFolder({ name: folder, description: "Documents attached by intacct-sync from BILL" }, { controlId: controlIdFor(["supdocfolder", folder]) })], entityId, false);
      // Another account of the company may have created it meanwhile: look again before failing.
      if (o !== undefined && !o.ok && o.error.category !== "duplicate_control_id" && (await getOne("supdocfolder", folder, entityId)) === undefined) check([o]);
    })();
    folders.set(folder, p);
    p.catch(() => folders.delete(folder));
    return p;
  }

  return async (item: Item): Promise<IntacctWriteResult> => {
    const { controlId, write, entityId } = item;
    const source = options.source;
    if (source === undefined) {
      return { status: "failed", controlId, code: "SYNC_ATTACHMENT_SOURCE_MISSING", message: "this sync has no access to the platform's documents", errorClass: "unsupported", retryable: false };
    }
    try {
      await ensureFolder(write.folder, entityId);
      // Look up first: settles an earlier create whose answer was lost (B18: get supdoc by id).
      const existing = await getOne("supdoc", write.supdocId, entityId);
      const present = new Set(existing === undefined ? [] : attachmentRecords(existing).map((a) => fileIdOfAttachmentName(nameOf(a)) ?? nameOf(a)));
      const missing = write.files.filter((f) => !present.has(f.id));
      const problems: Array<{ readonly code: string; readonly text: string }> = [];
      const ready: Array<SupdocAttachment & { readonly fileId: string }> = [];
      let listed: readonly SourceFile[] | undefined;
      for (const f of missing) {
        const label = `${f.name}.${f.fileType}`;
        if (f.size !== undefined && f.size > limits.maxFileBytes) {
          problems.push({ code: "SYNC_ATTACHMENT_TOO_LARGE", text: `${label} is ${f.size} bytes; files of at most ${limits.maxFileBytes} bytes are sent to Intacct` });
          continue;
        }
        listed ??= await source.files({ kind: write.parent.platformObject, id: write.parent.platformId });
        const now = listed.find((s) => s.id === f.id);
        if (now === undefined) continue; // removed on the platform since it was read: nothing to send
        let bytes: Uint8Array;
        try {
          bytes = await source.download(now);
        } catch (e) {
          problems.push({ code: "SYNC_ATTACHMENT_DOWNLOAD_FAILED", text: `${label} could not be downloaded from BILL: ${coerceError(e).message}` });
          continue;
        }
        if (bytes.byteLength > limits.maxFileBytes) {
          problems.push({ code: "SYNC_ATTACHMENT_TOO_LARGE", text: `${label} is ${bytes.byteLength} bytes; files of at most ${limits.maxFileBytes} bytes are sent to Intacct` });
          continue;
        }
        ready.push({ fileId: f.id, name: intacctAttachmentName(f), type: f.fileType, base64: Buffer.from(bytes).toString("base64") });
      }
      // Requests within the base64 budget (a file larger than the budget goes alone).
      const chunks: Array<typeof ready> = [];
      let size = 0;
      for (const file of ready) {
        const last = chunks[chunks.length - 1];
        if (last === undefined || size + file.base64.length > limits.maxRequestBase64Bytes) {
          chunks.push([file]);
          size = file.base64.length;
        } else {
          last.push(file);
          size += file.base64.length;
        }
      }
      // APBILL takes a generic update; ARINVOICE has none, so its legacy update_invoice (B16, B18).
      const linkControl = { controlId: controlIdFor(["attach-link", controlId]) };
      const parentLink = write.parent.object === "ARINVOICE"
        ? updateInvoiceSupdoc(write.parent.key, write.supdocId, linkControl)
        : update("APBILL", { RECORDNO: write.parent.key, SUPDOCID: write.supdocId }, linkControl);
      if (existing === undefined) {
        const first = chunks.shift();
        if (first === undefined) return failure(controlId, problems.length > 0 ? problems : [{ code: "SYNC_ATTACHMENT_EMPTY", text: "none of its files is on the platform any more" }], false);
        // New SUPDOC and its link in one all-or-nothing request.
        check(await run([createSupdoc({ supdocId: write.supdocId, name: write.name, folderName: write.folder, attachments: first }, { controlId }), parentLink], entityId, true), true);
      }
      for (const chunk of chunks) {
        // The control id names exactly the files it adds, so "already recorded" means they are there.
        check(await run([addSupdocAttachments(write.supdocId, chunk, { controlId: controlIdFor(["attach-add", write.supdocId, ...chunk.map((c) => c.fileId)]) })], entityId, false));
      }
      if (existing !== undefined) check(await run([parentLink], entityId, false));
      if (problems.length > 0) return failure(controlId, problems, ready.length > 0 || present.size > 0);
      return { status: "ok", controlId, recordNo: write.supdocId, id: write.supdocId };
    } catch (e) {
      if (e instanceof Uncertain) return { status: "uncertain", controlId };
      if (e instanceof IntacctError) {
        if (e.category === "uncertain_outcome" || e.category === "transient" || e.category === "rate_limit") return { status: "uncertain", controlId };
        return { status: "failed", controlId, code: e.errorno ?? e.code, message: e.message, errorClass: e.category, retryable: e.retryable };
      }
      const err = coerceError(e);
      return { status: "failed", controlId, code: "SYNC_ATTACHMENT_FAILED", message: err.message, errorClass: "attachment", retryable: true };
    }
  };
}

function failure(controlId: string, problems: ReadonlyArray<{ readonly code: string; readonly text: string }>, othersAttached: boolean): IntacctWriteResult {
  const code = problems.every((p) => p.code === problems[0]?.code) ? (problems[0]?.code ?? "SYNC_ATTACHMENT_FAILED") : "SYNC_ATTACHMENT_FAILED";
  return {
    status: "failed", controlId, code,
    message: `${problems.map((p) => p.text).join("; ")}.${othersAttached ? " The other files are attached." : ""} Fix the file in BILL and retry, or choose "don't sync this change".`,
    errorClass: "attachment", retryable: code === "SYNC_ATTACHMENT_DOWNLOAD_FAILED",
  };
}
