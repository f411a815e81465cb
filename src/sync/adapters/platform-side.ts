/**
 * The engine's platform port (`PlatformSidePort`) over the BILL v3 client (`src/bill`), bound to
 * one organization: `updatedTime`-filtered list walks (100 rows a page, oldest first), writes
 * that carry the operation's dedupe key as a marker (`[is:<key>]`) in the description of bills,
 * credits, invoices and payments, and marker look-ups to settle an uncertain create.
 */
import { type BillClient, type BillDocument, BillError, type ListOps, withMarker } from "../../bill/index.js";
import { CursorLimits } from "../cursor.js";
import type { SyncObject } from "../model/objects.js";
import type { PlatformJson, PlatformResource, PlatformWrite } from "../model/platform-mapper.js";
import type { PlatformPullSpec, PlatformSidePort, PlatformWriteResult } from "../ports.js";
import { platformListOptions } from "../pull.js";
import type { AttachmentSource, SourceFile } from "./attachment-writer.js";
import type { SideCounters } from "./intacct-side.js";

/** Options of {@link createPlatformSide}. */
export interface PlatformSideOptions {
  readonly client: BillClient;
  /** Counters to add calls to. @default new counters */
  readonly counters?: SideCounters;
  /**
   * Where account-level display values go (currencies, bank balances, books-closed date per
   * entity): BILL's API has no place for them, so the service keeps them and shows them.
   * @default none: such writes fail as not implemented
   */
  readonly putSetting?: (key: string, value: unknown) => Promise<void>;
  /**
   * Remembers the `updatedTime` of bills and invoices this sync created on the platform (they had
   * no documents then), so the next run does not list the documents of records whose only change
   * is our own create. A document attached later moves `updatedTime` past the mark.
   * @default none: every bill or invoice changed since the attachment cursor is inspected
   */
  readonly createdMarks?: {
    get(parentId: string): Promise<string | undefined>;
    put(parentId: string, updatedTime: string): Promise<void>;
    delete(parentId: string): Promise<void>;
  };
}

/** A platform side that can also look list records up by name or code (settles an uncertain list create). */
export interface PlatformSide extends PlatformSidePort {
  readonly counters: SideCounters;
  /** The list record whose `name` (or `shortName`/`accountNumber`) equals one of `by`, if exactly one. */
  lookupList(object: SyncObject, by: { readonly naturalId?: string; readonly name?: string }): Promise<PlatformJson | undefined>;
}

/** Document lists in flight at once (BILL allows 3 requests per organization). */
const DOCUMENT_LIST_CONCURRENCY = 3;

/** Attachment observations per page yielded by `listChanged("attachment")`. */
const ATTACHMENT_PAGE = 50;

/** A bill or invoice seen in this run: the parent of an attachment. */
interface SeenParent {
  readonly kind: "bill" | "invoice";
  readonly id: string;
  readonly number: string | undefined;
  readonly updatedTime: string;
  readonly archived: boolean;
}

function parentOf(kind: "bill" | "invoice", r: PlatformJson): SeenParent | undefined {
  const id = r["id"];
  if (typeof id !== "string") return undefined;
  const inv = r["invoice"];
  const number = kind === "bill" ? (typeof inv === "object" && inv !== null ? (inv as Record<string, unknown>)["invoiceNumber"] : undefined) : r["invoiceNumber"];
  const updated = r["updatedTime"] ?? r["createdTime"];
  return { kind, id, number: typeof number === "string" ? number : undefined, updatedTime: typeof updated === "string" ? updated : "", archived: r["archived"] === true };
}

/**
 * The platform's documents for the attachment writer: a bill's documents or an invoice's
 * attachments (every page) and their bytes, counted as platform calls.
 *
 * @example
 * const source = createAttachmentSource({ client: bill, counters });
 * const files = await source.files({ kind: "bill", id: "00n…" });
 */
export function createAttachmentSource(options: { readonly client: BillClient; readonly counters?: SideCounters }): AttachmentSource & { list(parent: { readonly kind: "bill" | "invoice"; readonly id: string }): Promise<BillDocument[]> } {
  const counters = options.counters ?? { calls: 0, writes: 0, ms: 0 };
  const docs = options.client.documents;
  const timed = async <T>(fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      counters.calls++;
      counters.ms += performance.now() - t0;
    }
  };
  const list = async (parent: { readonly kind: "bill" | "invoice"; readonly id: string }): Promise<BillDocument[]> => {
    const out: BillDocument[] = [];
    let page: string | undefined;
    do {
      const o = { max: 100, ...(page === undefined ? {} : { page }) };
      const p = await timed(() => (parent.kind === "bill" ? docs.listBillDocuments(parent.id, o) : docs.listInvoiceAttachments(parent.id, o)));
      out.push(...p.results);
      page = p.nextPage;
    } while (page !== undefined);
    return out;
  };
  return {
    list,
    files: async (parent) => (await list(parent)).map((d): SourceFile => ({ id: d.id, downloadLink: d.downloadLink, ...(d.size === undefined ? {} : { size: d.size }) })),
    download: (file) => timed(() => docs.download(file)),
  };
}

/** Payment descriptions hold 70 characters (`reference/bill-api.md`). */
const PAYMENT_DESCRIPTION_MAX = 70;

type AnyOps = ListOps<PlatformJson> & {
  create?(input: unknown): Promise<PlatformJson>;
  update?(id: string, patch: unknown): Promise<PlatformJson>;
  replace?(id: string, input: unknown): Promise<PlatformJson>;
  archive?(id: string): Promise<PlatformJson>;
  restore?(id: string): Promise<PlatformJson>;
};

/**
 * The platform side of one account.
 *
 * @example
 * const side = createPlatformSide({ client: createBillClient({ baseUrl, credentials }) });
 * for await (const page of side.listChanged({ object: "vendor", spec: { max: 100 } })) console.log(page.length);
 */
export function createPlatformSide(options: PlatformSideOptions): PlatformSide {
  const bill = options.client;
  const counters = options.counters ?? { calls: 0, writes: 0, ms: 0 };
  const core = bill.core;
  const generic = (path: string): AnyOps => ({
    list: () => {
      throw new Error("not used");
    },
    listPages: async function* (o = {}) {
      let page: string | undefined;
      do {
        const p = await core.page<PlatformJson>(path, { ...o, ...(page === undefined ? {} : { page }) });
        yield p;
        page = p.nextPage;
      } while (page !== undefined);
    },
    listPage: (o = {}) => core.page<PlatformJson>(path, o),
    find: () => Promise.resolve(undefined),
    get: async (id) => (await core.call({ method: "GET", path: `${path}/${encodeURIComponent(id)}`, idempotent: true })) as PlatformJson,
    create: async (input) => (await core.call({ method: "POST", path, body: input, idempotent: false })) as PlatformJson,
    update: async (id, patch) => (await core.call({ method: "PATCH", path: `${path}/${encodeURIComponent(id)}`, body: patch, idempotent: true })) as PlatformJson,
    archive: async (id) => (await core.call({ method: "POST", path: `${path}/${encodeURIComponent(id)}/archive`, idempotent: true })) as PlatformJson,
    restore: async (id) => (await core.call({ method: "POST", path: `${path}/${encodeURIComponent(id)}/restore`, idempotent: true })) as PlatformJson,
  });
  const c = bill.classifications;
  const byResource: Readonly<Record<Exclude<PlatformResource, "settings">, AnyOps>> = {
    chartOfAccounts: c.chartOfAccounts as unknown as AnyOps, departments: c.departments as unknown as AnyOps, locations: c.locations as unknown as AnyOps,
    accountingClasses: c.accountingClasses as unknown as AnyOps, employees: c.employees as unknown as AnyOps, jobs: c.jobs as unknown as AnyOps, items: c.items as unknown as AnyOps,
    // BILL documents payment terms in v2 only; `/v3/payment-terms` is the sandbox's path (UNCONFIRMED).
    paymentTerms: generic("/v3/payment-terms"),
    vendors: bill.vendors as unknown as AnyOps, customers: bill.customers as unknown as AnyOps, bills: bill.bills as unknown as AnyOps,
    vendorCredits: bill.vendorCredits as unknown as AnyOps, invoices: bill.invoices as unknown as AnyOps,
  };
  const resourceOf: Partial<Record<SyncObject, AnyOps>> = {
    glAccount: byResource.chartOfAccounts, department: byResource.departments, location: byResource.locations, class: byResource.accountingClasses,
    employee: byResource.employees, project: byResource.jobs, item: byResource.items, paymentTerm: byResource.paymentTerms, vendor: byResource.vendors,
    customer: byResource.customers, bill: byResource.bills, vendorCredit: byResource.vendorCredits, invoice: byResource.invoices,
    billPayment: bill.payments as unknown as AnyOps, receivedPayment: bill.receivedPayments as unknown as AnyOps,
  };
  const timed = async <T>(fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      counters.calls++;
      counters.ms += performance.now() - t0;
    }
  };

  async function doWrite(w: PlatformWrite, key: string): Promise<string> {
    switch (w.op) {
      case "upsert": {
        const ops = byResource[w.resource as Exclude<PlatformResource, "settings">];
        const marked = w.resource === "bills" || w.resource === "vendorCredits" || w.resource === "invoices";
        const body = marked ? { ...w.body, description: withMarker((w.body as { description?: string }).description, key) } : w.body;
        let rec: PlatformJson;
        if (w.id === undefined) {
          if (ops.create === undefined) throw new Error(`create of ${w.resource} is not supported`);
          rec = await timed(() => ops.create!(body));
          const stamp = rec["updatedTime"];
          if ((w.resource === "bills" || w.resource === "invoices") && typeof stamp === "string" && typeof rec["id"] === "string") {
            // A hint only: losing it costs one document listing in the next run.
            await options.createdMarks?.put(rec["id"], stamp).catch(() => undefined);
          }
        } else if (ops.replace !== undefined) {
          // A true update (PUT) of bills, credits and invoices, never delete-and-recreate.
          rec = await timed(() => ops.replace!(w.id!, body));
        } else {
          rec = await timed(() => ops.update!(w.id!, body));
        }
        const id = String(rec["id"]);
        if (w.archived && rec["archived"] !== true && ops.archive !== undefined) await timed(() => ops.archive!(id));
        if (!w.archived && rec["archived"] === true && ops.restore !== undefined) await timed(() => ops.restore!(id));
        return id;
      }
      case "archive": {
        const ops = byResource[w.resource as Exclude<PlatformResource, "settings">];
        await timed(() => ops.archive!(w.id));
        return w.id;
      }
      case "recordBillPayment": {
        const res = await timed(() => bill.bills.recordPayment({ ...w.body, description: withMarker(w.body.description, key, PAYMENT_DESCRIPTION_MAX) }));
        return res.payments[0]?.id ?? "";
      }
      case "recordInvoicePayment": {
        const res = await timed(() => bill.invoices.recordPayment({ ...w.body, description: withMarker(w.body.description, key, PAYMENT_DESCRIPTION_MAX) }));
        return res.id;
      }
      case "putSetting":
        if (options.putSetting === undefined) throw new NotImplementedWrite(`platform setting ${w.key}`);
        await options.putSetting(w.key, w.value);
        return `setting:${w.key}`;
    }
  }

  // Bills and invoices this run listed (and from when), so attachments list documents only of
  // parents that changed: a run with no changes makes no document-listing call.
  const source = createAttachmentSource({ client: bill, counters });
  const seen: Record<"bill" | "invoice", Map<string, SeenParent>> = { bill: new Map(), invoice: new Map() };
  const listedFrom = new Map<"bill" | "invoice", string | undefined>();

  /** One attachment observation's JSON (see `platform-mapper.ts`): the parent and its files now. */
  async function attachmentOf(p: SeenParent): Promise<PlatformJson> {
    const files = await source.list({ kind: p.kind, id: p.id });
    return {
      id: p.id, parentObject: p.kind, updatedTime: p.updatedTime, ...(p.number === undefined ? {} : { number: p.number }),
      files: files.map((f) => ({ id: f.id, name: f.name, ...(f.size === undefined ? {} : { size: f.size }) })),
    };
  }

  async function* attachmentsChanged(spec: PlatformPullSpec): AsyncIterable<readonly PlatformJson[]> {
    // The attachment cursor's watermark (the spec's `from` is it minus the overlap window): a
    // parent is inspected when it changed after the last inspection. UNCONFIRMED: that BILL bumps
    // a bill's `updatedTime` when a document is attached (the sandbox's behaviour is switchable).
    const watermark = spec.from === undefined ? undefined : Date.parse(spec.from) + CursorLimits.PLATFORM_OVERLAP_SECONDS * 1000;
    const parents: SeenParent[] = [];
    for (const kind of ["bill", "invoice"] as const) {
      const covered = listedFrom.has(kind) && (listedFrom.get(kind) === undefined || (spec.from !== undefined && Date.parse(listedFrom.get(kind) ?? "") <= Date.parse(spec.from)));
      if (covered) {
        parents.push(...seen[kind].values());
        continue;
      }
      // This run did not list them (or from later than the attachment cursor): list them here.
      const ops = resourceOf[kind];
      if (ops === undefined) continue;
      for await (const page of ops.listPages(platformListOptions(spec))) {
        counters.calls++;
        for (const r of page.results) {
          const p = parentOf(kind, r);
          if (p !== undefined) parents.push(p);
        }
      }
    }
    const changed = parents.filter((p) => !p.archived && (watermark === undefined || Number.isNaN(watermark) || Date.parse(p.updatedTime) > watermark));
    const due: SeenParent[] = [];
    for (const p of changed) {
      const mark = await options.createdMarks?.get(p.id);
      if (mark === p.updatedTime) continue; // unchanged since this sync created it: no documents
      if (mark !== undefined) await options.createdMarks?.delete(p.id);
      due.push(p);
    }
    for (let i = 0; i < due.length; i += ATTACHMENT_PAGE) {
      const slice = due.slice(i, i + ATTACHMENT_PAGE);
      const out: PlatformJson[] = new Array<PlatformJson>(slice.length);
      let next = 0;
      await Promise.all(Array.from({ length: Math.min(DOCUMENT_LIST_CONCURRENCY, slice.length) }, async () => {
        while (next < slice.length) {
          const k = next++;
          const p = slice[k];
          if (p !== undefined) out[k] = await attachmentOf(p);
        }
      }));
      yield out;
    }
  }

  return {
    counters,
    async *listChanged({ object, spec }: { readonly object: SyncObject; readonly spec: PlatformPullSpec }): AsyncIterable<readonly PlatformJson[]> {
      if (object === "attachment") {
        yield* attachmentsChanged(spec);
        return;
      }
      const ops = resourceOf[object];
      if (ops === undefined) return;
      const kind = object === "bill" || object === "invoice" ? object : undefined;
      if (kind !== undefined) listedFrom.set(kind, spec.from);
      const t0 = performance.now();
      for await (const page of ops.listPages(platformListOptions(spec))) {
        counters.calls++;
        counters.ms += performance.now() - t0;
        if (kind !== undefined) {
          for (const r of page.results) {
            const p = parentOf(kind, r);
            if (p !== undefined) seen[kind].set(p.id, p);
          }
        }
        yield page.results;
      }
    },
    async readByIds(object, ids) {
      if (object === "attachment") {
        // Attachments are keyed by their parent's id: read the parent, then its files.
        const out: PlatformJson[] = [];
        for (const id of ids) {
          for (const kind of id.startsWith("00e") ? (["invoice", "bill"] as const) : (["bill", "invoice"] as const)) {
            const ops = resourceOf[kind];
            if (ops === undefined) continue;
            try {
              const p = parentOf(kind, await timed(() => ops.get(id)));
              if (p !== undefined && !p.archived) out.push(await attachmentOf(p));
              break;
            } catch (e) {
              if (!(e instanceof BillError && e.kind === "not_found")) throw e;
            }
          }
        }
        return out;
      }
      const ops = resourceOf[object];
      if (ops === undefined) return [];
      const out: PlatformJson[] = [];
      for (const id of ids) {
        try {
          out.push(await timed(() => ops.get(id)));
        } catch (e) {
          if (!(e instanceof BillError && e.kind === "not_found")) throw e;
        }
      }
      return out;
    },
    async write(w, dedupeKey): Promise<PlatformWriteResult> {
      try {
        const id = await doWrite(w, dedupeKey);
        counters.writes++;
        return { status: "ok", id };
      } catch (e) {
        if (e instanceof NotImplementedWrite) return { status: "failed", code: "NOT_IMPLEMENTED", message: `${e.message} is not implemented by the sync's BILL writer yet`, retryable: false };
        if (e instanceof BillError) {
          if (e.kind === "uncertain_outcome") return { status: "uncertain" };
          return { status: "failed", code: e.bdcCode ?? e.code, message: e.message, retryable: e.kind === "transient" || e.kind === "rate_limit" };
        }
        throw e;
      }
    },
    async findByDedupeKey(object, dedupeKey) {
      // Only bills and payments carry a marker the client can search for; other creates settle by name (lookupList).
      if (object === "bill") return (await timed(() => bill.bills.findByMarker(dedupeKey))) as PlatformJson | undefined;
      if (object === "billPayment") return (await timed(() => bill.payments.findByMarker(dedupeKey))) as PlatformJson | undefined;
      return undefined;
    },
    async lookupList(object, by) {
      const ops = resourceOf[object];
      // Employees have no `name` on BILL (first and last name): they settle by marker-less create only.
      if (ops === undefined || by.name === undefined || object === "employee") return undefined;
      const hits: PlatformJson[] = [];
      for await (const page of ops.listPages({ filters: [{ field: "name", op: "eq", value: by.name }], max: 100 })) {
        counters.calls++;
        hits.push(...page.results.filter((r) => r["name"] === by.name && r["archived"] !== true));
      }
      return hits.length === 1 ? hits[0] : undefined;
    },
  };
}

class NotImplementedWrite extends Error {}
