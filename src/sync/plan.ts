/**
 * The planner: `plan(input) → Plan`, pure. Given what changed on each side since the cursors,
 * the stored links, the account's preferences and scope, and the company's entity and period
 * facts, it decides one operation per record — in dependency order, each with a deterministic
 * control id — and the cursors to store once the operations are applied.
 *
 * Change detection: a side changed when its record's side-neutral fingerprint differs from the
 * one stored on the link for that side. Records we wrote ourselves therefore come back as no
 * change (their fingerprint was stored when the write succeeded), and re-reading an overlap
 * window plans nothing.
 */
import { type Cursor, dedupeRows, nextCursor } from "./cursor.js";
import { contentVersion, fingerprint } from "./fingerprint.js";
import { type Link, LinkIndex } from "./links.js";
import { matchUnlinked } from "./matching.js";
import { type CanonicalRecord, displayName, type Observation, type Ref, refsOf } from "./model/canonical.js";
import { inDependencyOrder, OBJECT_SPECS, type Side, SYNC_ORDER, type SyncObject } from "./model/objects.js";
import { dedupeKeyFor, type Operation, type OperationKind, operationControlId, type PlannedError } from "./operation.js";
import type { EntityScope, SyncPreferences } from "./preferences.js";
import { checkPeriod, type CompanyFacts, heldForApproval, routeTransaction } from "./rules.js";
import { DEFAULT_ATTACHMENT_FOLDER, supdocIdFor } from "./model/attachments.js";

/** A "don't sync this change" decision on a record that has no link to update. */
export interface Suppression {
  readonly object: SyncObject;
  readonly side: Side;
  readonly key: string;
  /** `contentVersion` of the record as it was when the user chose to skip it. */
  readonly version: string;
}

/** A cursor of one object on one side; `deletions` streams are Intacct AUDITHISTORY reads. */
export interface CursorState {
  readonly object: SyncObject;
  readonly side: Side;
  readonly stream: "changes" | "deletions";
  readonly cursor: Cursor;
}

/** Everything the planner reads. */
export interface PlanInput {
  readonly accountId: string;
  readonly scope: EntityScope;
  readonly preferences: SyncPreferences;
  readonly company: CompanyFacts;
  /** Objects to plan. @default every object */
  readonly objects?: readonly SyncObject[];
  /** Intacct changes since the cursors (plus records with open errors, re-read by id). */
  readonly intacct: readonly Observation[];
  /** Platform changes since the cursors (plus records with open errors). */
  readonly platform: readonly Observation[];
  readonly links: readonly Link[];
  /** @default [] */
  readonly suppressions?: readonly Suppression[];
  /** Cursors the snapshots were read from. @default [] */
  readonly cursors?: readonly CursorState[];
}

/** The planner's output. */
export interface Plan {
  readonly operations: readonly Operation[];
  /** Cursors to store, per object and side, once that object's operations are applied. */
  readonly cursors: readonly CursorState[];
}

type Draft = Omit<Operation, "id" | "controlId" | "dedupeKey" | "version" | "dependsOn" | "notes" | "entityId"> & {
  readonly notes?: readonly string[];
  readonly entityId?: string;
};

const STATE_ONLY: ReadonlySet<OperationKind> = new Set(["link", "skip", "hold", "error"]);

function refKey(object: SyncObject, side: Side, id: string): string {
  return `${object}\u0000${side}\u0000${id}`;
}

/** One observation per key (the latest by change stamp: overlap windows and retry sets re-read rows), sorted by key. */
function byKey(observations: readonly Observation[]): Observation[] {
  const side = observations[0]?.side ?? "intacct";
  const latest = dedupeRows(observations, side, (o) => o.key, (o) => o.modified);
  return latest.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Plans a sync run. Pure: same input, same operations (ids included).
 *
 * @example
 * const { operations, cursors } = plan({ accountId, scope: scopeOf(""), preferences: DEFAULT_PREFERENCES,
 *   company: { locationEntities: {}, booksClosed: {} }, intacct, platform, links });
 */
export function plan(input: PlanInput): Plan {
  return new Planner(input).run();
}

class Planner {
  readonly #in: PlanInput;
  readonly #links: LinkIndex;
  readonly #ops: Operation[] = [];
  /** Records that an operation of this plan creates or links, by (object, side, id) → op id. */
  readonly #planned = new Map<string, string>();
  readonly #suppressed = new Map<string, string>();

  constructor(input: PlanInput) {
    this.#in = input;
    this.#links = new LinkIndex(input.links);
    for (const s of input.suppressions ?? []) this.#suppressed.set(refKey(s.object, s.side, s.key), s.version);
  }

  run(): Plan {
    const objects = inDependencyOrder(this.#in.objects ?? SYNC_ORDER);
    for (const object of objects) this.#planObject(object);
    return { operations: this.#ops, cursors: this.#cursors(objects) };
  }

  #cursors(objects: readonly SyncObject[]): CursorState[] {
    const out: CursorState[] = [];
    const previous = new Map((this.#in.cursors ?? []).map((c) => [`${c.object}|${c.side}|${c.stream}`, c.cursor]));
    for (const object of objects) {
      for (const side of ["intacct", "platform"] as const) {
        for (const stream of ["changes", "deletions"] as const) {
          const obs = (side === "intacct" ? this.#in.intacct : this.#in.platform).filter((o) => o.object === object && (stream === "deletions") === (o.deleted && side === "intacct"));
          const prev = previous.get(`${object}|${side}|${stream}`);
          const next = nextCursor(prev, side, obs.map((o) => o.modified));
          if (next !== undefined && next.watermark !== prev?.watermark) out.push({ object, side, stream, cursor: next });
        }
      }
    }
    return out;
  }

  // ---- per object --------------------------------------------------------------------------

  #planObject(object: SyncObject): void {
    if (object === "attachment") {
      this.#planAttachments();
      return;
    }
    const scope = this.#in.scope;
    const visible = (o: Observation): boolean => scope.kind === "top" || o.entityId === "" || o.entityId === scope.entityId || object === "booksClosed";
    const P = byKey(this.#in.platform.filter((o) => o.object === object));
    const I = byKey(this.#in.intacct.filter((o) => o.object === object && visible(o)));
    const iByKey = new Map(I.map((o) => [o.key, o]));
    const pairedI = new Set<string>();
    const unlinkedP: Observation[] = [];
    const unlinkedI: Observation[] = [];
    for (const p of P) {
      const link = this.#links.byPlatform(object, p.key);
      if (link === undefined) {
        unlinkedP.push(p);
        continue;
      }
      const i = iByKey.get(link.intacctKey);
      if (i !== undefined) pairedI.add(i.key);
      this.#linked(object, p, i, link);
    }
    for (const i of I) {
      if (pairedI.has(i.key)) continue;
      const link = this.#links.byIntacctKey(object, i.key);
      if (link === undefined) unlinkedI.push(i);
      else this.#linked(object, undefined, i, link);
    }
    const live = (o: Observation): boolean => !o.deleted && o.record !== undefined && !this.#isSuppressed(o);
    const match = matchUnlinked(unlinkedP.filter(live), unlinkedI.filter(live), this.#links);
    for (const c of match.conflicts) {
      this.#error(c.observation, { class: c.code === "SYNC_DUPLICATE_ID" ? "duplicate-id" : "ambiguous-match", code: c.code, message: c.message, fixActions: ["retry", "skip-change", "fixed-in-intacct"] });
    }
    for (const pair of match.pairs) this.#matched(object, pair.platform, pair.intacct, pair.basis);
    for (const p of match.unmatchedPlatform) this.#newOnPlatform(object, p);
    for (const i of match.unmatchedIntacct) this.#newInIntacct(object, i);
  }

  // ---- attachments ---------------------------------------------------------------------------

  /**
   * Attachments (out only, B18): one SUPDOC per platform bill or invoice, keyed by the parent's
   * platform id, with a deterministic SUPDOCID. A parent's files are planned when they differ from
   * what the link last recorded; the writer adds only the files Intacct does not hold yet (bodies
   * cannot be replaced), and removals on the platform are not synced.
   */
  #planAttachments(): void {
    for (const p of byKey(this.#in.platform.filter((o) => o.object === "attachment"))) {
      const record = p.record;
      if (p.deleted || record?.object !== "attachment" || this.#isSuppressed(p)) continue;
      const link = this.#links.byPlatform("attachment", p.key);
      if (link !== undefined && this.#fp(record) === link.platformVersion) continue;
      if (record.files.length === 0) continue; // nothing to attach; a removal is not synced
      if (!this.#resolvable(record.parent)) {
        this.#unresolvedError(p, [record.parent], link);
        continue;
      }
      // An entity-level account writes in its entity session (PRODUCT.md); a top-level one at the top level.
      const entityId = this.#in.scope.kind === "entity" ? this.#in.scope.entityId : "";
      const supdocId = link?.intacctId ?? supdocIdFor(this.#in.accountId, p.key);
      const added = link === undefined ? record.files.length : undefined;
      this.#emit({
        object: "attachment", kind: link === undefined ? "create" : "update", source: "platform", target: "intacct", platformId: p.key,
        ...(link === undefined ? {} : { intacctKey: link.intacctKey }), intacctId: supdocId, entityId,
        platformRecord: record, intacctRecord: { ...record, supdocId },
        reason: link === undefined
          ? `${added ?? 0} file(s) of ${record.parent.object} ${record.name}: create SUPDOC ${supdocId} in folder ${DEFAULT_ATTACHMENT_FOLDER} and link it from the Intacct ${record.parent.object === "invoice" ? "ARINVOICE" : "APBILL"}`
          : `files of ${record.parent.object} ${record.name} changed: add the new ones to SUPDOC ${supdocId}`,
        notes: link === undefined ? [] : ["files are only added: a file removed on the platform stays in Intacct"],
      });
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  #isSuppressed(o: Observation): boolean {
    const v = this.#suppressed.get(refKey(o.object, o.side, o.key));
    return v !== undefined && o.record !== undefined && v === contentVersion(o.record);
  }

  #fp(record: CanonicalRecord): string {
    return fingerprint(record, this.#links);
  }

  #resolvable(ref: Ref): boolean {
    if (this.#planned.has(refKey(ref.object, ref.side, ref.id))) return true;
    return ref.side === "platform" ? this.#links.byPlatform(ref.object, ref.id) !== undefined : this.#links.byIntacctRef(ref.object, ref.id) !== undefined;
  }

  #unresolved(record: CanonicalRecord): Ref[] {
    return refsOf(record).filter((r) => !this.#resolvable(r));
  }

  #dependsOn(record: CanonicalRecord | undefined): string[] {
    if (record === undefined) return [];
    const out = new Set<string>();
    for (const r of refsOf(record)) {
      const id = this.#planned.get(refKey(r.object, r.side, r.id));
      if (id !== undefined) out.add(id);
    }
    return [...out];
  }

  #emit(d: Draft): Operation {
    const written = d.target === "platform" ? d.platformRecord : d.target === "intacct" ? d.intacctRecord : undefined;
    const version = d.kind === "delete" ? "delete" : written !== undefined ? contentVersion(written) : (d.platformRecord ?? d.intacctRecord) !== undefined ? contentVersion((d.platformRecord ?? d.intacctRecord) as CanonicalRecord) : "none";
    const recordKey = d.platformId ?? `intacct:${d.intacctKey ?? ""}`;
    const controlId = operationControlId(this.#in.accountId, d.object, recordKey, version, d.kind);
    const op: Operation = {
      ...d, id: controlId, controlId, dedupeKey: dedupeKeyFor(controlId), version, entityId: d.entityId ?? "", notes: d.notes ?? [],
      dependsOn: STATE_ONLY.has(d.kind) ? [] : this.#dependsOn(written),
    };
    this.#ops.push(op);
    if (d.kind === "create" || d.kind === "link" || (d.kind === "update" && d.platformId !== undefined && d.intacctKey !== undefined)) {
      if (d.platformId !== undefined) this.#planned.set(refKey(d.object, "platform", d.platformId), op.id);
      if (d.intacctKey !== undefined) this.#planned.set(refKey(d.object, "intacct", d.intacctKey), op.id);
      if (d.intacctId !== undefined) this.#planned.set(refKey(d.object, "intacct", d.intacctId), op.id);
    }
    return op;
  }

  #keys(o: Observation, link?: Link): Pick<Draft, "platformId" | "intacctKey" | "intacctId"> {
    const platformId = link?.platformId ?? (o.side === "platform" ? o.key : undefined);
    const intacctKey = link?.intacctKey ?? (o.side === "intacct" ? o.key : undefined);
    const intacctId = link?.intacctId ?? (o.side === "intacct" ? o.naturalId : undefined);
    return { ...(platformId === undefined ? {} : { platformId }), ...(intacctKey === undefined ? {} : { intacctKey }), ...(intacctId === undefined ? {} : { intacctId }) };
  }

  #error(o: Observation, error: PlannedError, link?: Link): void {
    this.#emit({ object: o.object, kind: "error", source: o.side, target: "none", ...this.#keys(o, link), entityId: link?.entityId ?? o.entityId, reason: error.message, error, ...this.#contentOf(o) });
  }

  #skip(o: Observation, reason: string, link?: Link): void {
    this.#emit({ object: o.object, kind: "skip", source: o.side, target: "none", ...this.#keys(o, link), entityId: link?.entityId ?? o.entityId, reason, ...this.#contentOf(o) });
  }

  #contentOf(o: Observation): Pick<Draft, "platformRecord" | "intacctRecord"> {
    if (o.record === undefined) return {};
    return o.side === "platform" ? { platformRecord: o.record } : { intacctRecord: o.record };
  }

  #unresolvedError(o: Observation, refs: readonly Ref[], link?: Link): void {
    const what = refs.map((r) => `${r.object} ${r.id}`).join(", ");
    const payment = o.object === "billPayment" && refs.some((r) => r.object === "bill");
    this.#error(o, {
      class: "unresolved-reference", code: "SYNC_REFERENCE_UNLINKED",
      message: payment ? `Payment could not be synced because related bill(s) didn't sync: ${what}` : `references records that are not synced: ${what}`,
      fixActions: ["retry", "skip-change"],
    }, link);
  }

  /** Effective master for a record (PRODUCT.md: Intacct forced for top-level records of an entity-level account). */
  #master(object: SyncObject, intacctEntity: string): { side: Side; note?: string } {
    const scope = this.#in.scope;
    if (scope.kind === "entity" && intacctEntity === "" && OBJECT_SPECS[object].kind === "list") {
      return { side: "intacct", note: `top-level record seen from entity ${scope.entityId}: master forced to Intacct (an entity-level sync never updates top-level records)` };
    }
    return { side: this.#in.preferences.master };
  }

  #inboundAllowed(object: SyncObject): boolean {
    const spec = OBJECT_SPECS[object];
    if (spec.inbound !== "records") return false;
    return spec.kind !== "transaction" || this.#in.preferences.transactions === "two-way";
  }

  // ---- decisions -----------------------------------------------------------------------------

  #newOnPlatform(object: SyncObject, p: Observation): void {
    const spec = OBJECT_SPECS[object];
    const record = p.record;
    if (record === undefined) return;
    if (!spec.outbound) {
      this.#skip(p, `${object} records are read-only on the platform; created in Intacct only`);
      return;
    }
    if (p.facts.voided === true) return;
    if (heldForApproval(p, this.#in.preferences.onlyApproved)) {
      this.#skip(p, "not approved yet (sync only approved bills and credits)");
      return;
    }
    if ((object === "billPayment" || object === "receivedPayment") && this.#in.preferences.clearingBankAccountId === undefined && (object === "billPayment" || this.#in.preferences.depositBankAccountId === undefined)) {
      this.#error(p, {
        class: "configuration", code: "SYNC_CLEARING_ACCOUNT_MISSING",
        message: "payments are posted from the account's clearing account, and none is set: choose the BILL Money Out Clearing checking account in the sync preferences, then retry",
        fixActions: ["retry", "skip-change"],
      });
      return;
    }
    const unresolved = this.#unresolved(record);
    if (unresolved.length > 0) {
      this.#unresolvedError(p, unresolved);
      return;
    }
    let entityId = this.#in.scope.kind === "entity" ? this.#in.scope.entityId : "";
    let written: CanonicalRecord = record;
    const notes: string[] = [];
    if (spec.kind === "transaction") {
      const paidBill = this.#paidInIntacctApplication(record);
      if (paidBill !== undefined) {
        this.#error(p, { class: "paid-in-intacct", code: "SYNC_NO_DUE", message: `There is no due on the bill ${paidBill}: it is already paid in Intacct`, fixActions: ["skip-change", "fixed-in-intacct"] });
        return;
      }
      const route = routeTransaction(record, this.#in.scope, this.#in.company, this.#links);
      if (!route.ok) {
        this.#error(p, route.error);
        return;
      }
      entityId = route.entityId;
      const period = checkPeriod(record, entityId, this.#in.company, this.#in.preferences.closedPeriodPolicy);
      if (period.kind === "reject") {
        this.#error(p, period.error);
        return;
      }
      if (period.kind === "hold") {
        this.#emit({ object, kind: "hold", source: "platform", target: "none", platformId: p.key, entityId, reason: period.note, platformRecord: record, error: { class: "closed-period", code: "SYNC_HELD_CLOSED_PERIOD", message: period.note, fixActions: ["retry", "skip-change"] } });
        return;
      }
      if (period.kind === "moved") {
        written = period.record;
        notes.push(period.note);
      }
    }
    this.#emit({
      object, kind: "create", source: "platform", target: "intacct", platformId: p.key, entityId, platformRecord: record, intacctRecord: written, notes,
      reason: `new on the platform: create in Intacct${entityId === "" ? "" : ` (entity ${entityId})`}`,
      lookup: { ...(p.naturalId === undefined ? {} : { naturalId: p.naturalId }), name: displayName(record) },
    });
  }

  /** The number of a linked bill that a payment applies to but that Intacct already shows as paid. */
  #paidInIntacctApplication(record: CanonicalRecord): string | undefined {
    if (record.object !== "billPayment") return undefined;
    for (const a of record.applications) {
      const link = a.bill.side === "platform" ? this.#links.byPlatform("bill", a.bill.id) : this.#links.byIntacctKey("bill", a.bill.id);
      if (link?.intacctPaid === true) return link.intacctId ?? link.intacctKey;
    }
    return undefined;
  }

  #newInIntacct(object: SyncObject, i: Observation): void {
    const spec = OBJECT_SPECS[object];
    const record = i.record;
    if (record === undefined) return;
    if (spec.inbound === "status") {
      // Payments made in Intacct against synced documents are recorded on the platform (status in).
      if (object !== "billPayment" && object !== "receivedPayment") return;
      if (i.facts.voided === true || i.facts.draft === true) return;
      const unresolved = this.#unresolved(record);
      if (unresolved.length > 0) {
        this.#skip(i, `paid in Intacct against documents that are not on the platform (${unresolved.map((r) => `${r.object} ${r.id}`).join(", ")})`);
        return;
      }
      this.#emit({
        object, kind: "create", source: "intacct", target: "platform", intacctKey: i.key, entityId: i.entityId, intacctRecord: record, platformRecord: record,
        reason: "paid in Intacct: record the payment on the platform",
      });
      return;
    }
    if (!this.#inboundAllowed(object)) return;
    if (spec.kind === "transaction") {
      if (i.facts.draft === true || i.facts.voided === true) return;
      if (i.facts.paid !== undefined && i.facts.paid !== "unpaid") return; // BILL pulls fully unpaid bills and unapplied credits only (§3.2).
    }
    const unresolved = this.#unresolved(record);
    if (unresolved.length > 0) {
      this.#unresolvedError(i, unresolved);
      return;
    }
    const setting = spec.kind === "setting";
    this.#emit({
      object, kind: "create", source: "intacct", target: "platform", intacctKey: i.key, ...(i.naturalId === undefined ? {} : { intacctId: i.naturalId }),
      ...(setting ? { platformId: `setting:${object}:${i.key}` } : {}), entityId: i.entityId, intacctRecord: record, platformRecord: record,
      reason: setting ? `read from Intacct: show on the platform` : "new in Intacct: create on the platform",
      ...(setting ? {} : { lookup: { ...(i.naturalId === undefined ? {} : { naturalId: i.naturalId }), name: displayName(record) } }),
    });
  }

  #matched(object: SyncObject, p: Observation, i: Observation, basis: "id" | "name"): void {
    const pr = p.record;
    const ir = i.record;
    if (pr === undefined || ir === undefined) return;
    const number = ir.object === "bill" || ir.object === "vendorCredit" || ir.object === "invoice" ? ir.number : "";
    const how = basis === "id" ? `matched by ID ${i.naturalId ?? number}`.trim() : `matched by unique name "${displayName(pr)}"`;
    const link: Link = { object, platformId: p.key, intacctKey: i.key, entityId: i.entityId, platformVersion: "", intacctVersion: "", ...(i.naturalId === undefined ? {} : { intacctId: i.naturalId }) };
    if (this.#fp(pr) === this.#fp(ir)) {
      this.#emit({ object, kind: "link", source: "intacct", target: "none", platformId: p.key, intacctKey: i.key, ...(i.naturalId === undefined ? {} : { intacctId: i.naturalId }), entityId: i.entityId, platformRecord: pr, intacctRecord: ir, reason: how, ...this.#paidFact(i) });
    } else {
      this.#conflict(object, p, i, link, [how]);
    }
    // The pair is linked by this plan (a link, or an update that stores the link): overlay it, so
    // the records that reference it — a bill's vendor and accounts — match and compare on a first
    // sync too. A pair that ended in an error or a skip stays unlinked.
    if (this.#planned.has(refKey(object, "platform", p.key))) this.#links.add({ ...link, ...this.#paidFact(i) });
  }

  #paidFact(i: Observation | undefined): { intacctPaid?: boolean } {
    if (i === undefined || i.facts.paid === undefined) return {};
    return { intacctPaid: i.facts.paid !== "unpaid" };
  }

  #linked(object: SyncObject, p: Observation | undefined, i: Observation | undefined, link: Link): void {
    const pChanged = p !== undefined && (p.deleted || (p.record !== undefined && !this.#isSuppressed(p) && this.#fp(p.record) !== link.platformVersion));
    const iChanged = i !== undefined && (i.deleted || (i.record !== undefined && !this.#isSuppressed(i) && this.#fp(i.record) !== link.intacctVersion));
    if (p?.deleted === true || (p !== undefined && object === "billPayment" && p.facts.voided === true)) {
      this.#deletedOnPlatform(object, p, i, link);
      return;
    }
    if (i?.deleted === true || (i !== undefined && i.facts.voided === true)) {
      this.#deletedInIntacct(object, i, p, link);
      return;
    }
    if (!pChanged && !iChanged) {
      const paid = this.#paidFact(i).intacctPaid;
      if (paid !== undefined && paid !== (link.intacctPaid ?? false) && i !== undefined) {
        this.#emit({ object, kind: "link", source: "intacct", target: "none", platformId: link.platformId, intacctKey: link.intacctKey, ...(link.intacctId === undefined ? {} : { intacctId: link.intacctId }), entityId: link.entityId, intacctPaid: paid, reason: paid ? "now paid in Intacct: it will not be rewritten" : "no longer paid in Intacct" });
      }
      return;
    }
    if (pChanged && !iChanged && p !== undefined) {
      this.#outboundUpdate(object, p, i, link, []);
      return;
    }
    if (!pChanged && iChanged && i !== undefined) {
      this.#inboundUpdate(object, i, p, link, []);
      return;
    }
    if (p?.record !== undefined && i?.record !== undefined && this.#fp(p.record) === this.#fp(i.record)) {
      this.#emit({ object, kind: "link", source: "intacct", target: "none", platformId: link.platformId, intacctKey: link.intacctKey, ...(link.intacctId === undefined ? {} : { intacctId: link.intacctId }), entityId: link.entityId, platformRecord: p.record, intacctRecord: i.record, reason: "changed the same way on both sides", ...this.#paidFact(i) });
      return;
    }
    if (p !== undefined && i !== undefined) this.#conflict(object, p, i, link, ["changed on both sides since the last sync"]);
  }

  #conflict(object: SyncObject, p: Observation, i: Observation, link: Link, notes: string[]): void {
    const spec = OBJECT_SPECS[object];
    const master = this.#master(object, i.entityId);
    let side = master.side;
    const all = [...notes, ...(master.note === undefined ? [] : [master.note])];
    if (side === "platform" && !spec.outbound) side = "intacct";
    if (side === "intacct" && !this.#inboundAllowed(object)) side = spec.outbound && master.note === undefined ? "platform" : "intacct";
    all.push(`master in case of conflict: ${side === "platform" ? "the platform" : "Intacct"} wins`);
    if (side === "platform") this.#outboundUpdate(object, p, i, link, all);
    else if (this.#inboundAllowed(object)) this.#inboundUpdate(object, i, p, link, all);
    else this.#skip(p, `Intacct is master and ${object} does not flow Intacct → platform; the platform change is not synced`, link);
  }

  #outboundUpdate(object: SyncObject, p: Observation, i: Observation | undefined, link: Link, notes: string[]): void {
    const spec = OBJECT_SPECS[object];
    const record = p.record;
    if (record === undefined) return;
    if (!spec.outbound) {
      this.#skip(p, `${object} records are read-only on the platform; the change is not synced`, link);
      return;
    }
    const master = this.#master(object, i?.entityId ?? link.entityId);
    if (master.note !== undefined) {
      this.#skip(p, `${master.note}; the platform change is not synced — maintain this record in Intacct`, link);
      return;
    }
    if (object === "glAccount" && record.object === "glAccount" && record.code !== undefined && link.intacctId !== undefined && record.code !== link.intacctId) {
      this.#error(p, { class: "locked-field", code: "SYNC_ACCOUNT_NUMBER_LOCKED", message: `the account number is locked once linked (Intacct ${link.intacctId}); it cannot become ${record.code}`, fixActions: ["skip-change"] }, link);
      return;
    }
    let written: CanonicalRecord = record;
    const allNotes = [...notes];
    if (spec.kind === "transaction") {
      const paid = i?.facts.paid !== undefined ? i.facts.paid !== "unpaid" : (link.intacctPaid ?? false);
      if ((object === "bill" || object === "vendorCredit") && paid) {
        this.#error(p, {
          class: "paid-in-intacct", code: "SYNC_PAID_IN_INTACCT",
          message: `Intacct does not allow us to update this ${object === "bill" ? "bill" : "credit"}: it is paid or partly paid in Intacct, and a paid bill is never rewritten`,
          fixActions: ["skip-change", "fixed-in-intacct"],
        }, link);
        return;
      }
      if (object === "billPayment" || object === "receivedPayment" || object === "invoice" || object === "attachment") {
        this.#error(p, {
          class: "unsupported", code: "SYNC_EDIT_AFTER_SYNC",
          message: `a synced ${object} cannot be changed in Intacct by the sync; change it in Intacct, then choose "I fixed it in Intacct"`,
          fixActions: ["skip-change", "fixed-in-intacct"],
        }, link);
        return;
      }
      if (heldForApproval(p, this.#in.preferences.onlyApproved)) {
        this.#skip(p, "not approved yet (sync only approved bills and credits)", link);
        return;
      }
      const route = routeTransaction(record, this.#in.scope, this.#in.company, this.#links);
      if (!route.ok) {
        this.#error(p, route.error, link);
        return;
      }
      if (route.entityId !== link.entityId && this.#in.scope.kind === "top") {
        this.#error(p, { class: "entity-scope", code: "SYNC_ENTITY_CHANGE", message: `the change moves the transaction from entity ${link.entityId || "top level"} to ${route.entityId || "top level"}; Intacct cannot move it`, fixActions: ["skip-change", "fixed-in-intacct"] }, link);
        return;
      }
      const period = checkPeriod(record, link.entityId, this.#in.company, this.#in.preferences.closedPeriodPolicy);
      if (period.kind === "reject") {
        this.#error(p, period.error, link);
        return;
      }
      if (period.kind === "hold") {
        this.#emit({ object, kind: "hold", source: "platform", target: "none", platformId: link.platformId, intacctKey: link.intacctKey, entityId: link.entityId, platformRecord: record, reason: period.note, error: { class: "closed-period", code: "SYNC_HELD_CLOSED_PERIOD", message: period.note, fixActions: ["retry", "skip-change"] } });
        return;
      }
      if (period.kind === "moved") {
        written = period.record;
        allNotes.push(period.note);
      }
    }
    const unresolved = this.#unresolved(record);
    if (unresolved.length > 0) {
      this.#unresolvedError(p, unresolved, link);
      return;
    }
    this.#emit({
      object, kind: "update", source: "platform", target: "intacct", platformId: link.platformId, intacctKey: link.intacctKey, ...(link.intacctId === undefined ? {} : { intacctId: link.intacctId }),
      entityId: link.entityId, platformRecord: record, intacctRecord: written, notes: allNotes,
      reason: spec.kind === "transaction" ? "changed on the platform: true update in Intacct (same RECORDNO, lines replaced)" : "changed on the platform: update in Intacct",
      ...this.#paidFact(i),
    });
  }

  #inboundUpdate(object: SyncObject, i: Observation, p: Observation | undefined, link: Link, notes: string[]): void {
    const spec = OBJECT_SPECS[object];
    const record = i.record;
    if (record === undefined || !this.#inboundAllowed(object)) return;
    if (spec.kind === "transaction") {
      if (i.facts.paid !== undefined && i.facts.paid !== "unpaid") {
        if (link.intacctPaid !== true) {
          this.#emit({ object, kind: "link", source: "intacct", target: "none", platformId: link.platformId, intacctKey: link.intacctKey, ...(link.intacctId === undefined ? {} : { intacctId: link.intacctId }), entityId: link.entityId, intacctPaid: true, reason: "paid in Intacct: its edits are not pulled and it will not be rewritten" });
        }
        return;
      }
      if (p?.facts.paid !== undefined && p.facts.paid !== "unpaid") {
        this.#skip(i, "paid on the platform: the Intacct edit is not applied", link);
        return;
      }
    }
    const unresolved = this.#unresolved(record);
    if (unresolved.length > 0) {
      this.#unresolvedError(i, unresolved, link);
      return;
    }
    this.#emit({
      object, kind: "update", source: "intacct", target: "platform", platformId: link.platformId, intacctKey: link.intacctKey, ...(link.intacctId === undefined ? {} : { intacctId: link.intacctId }),
      entityId: link.entityId, platformRecord: record, intacctRecord: record, notes, reason: "changed in Intacct: update on the platform", ...this.#paidFact(i),
    });
  }

  #deletedOnPlatform(object: SyncObject, p: Observation, i: Observation | undefined, link: Link): void {
    const spec = OBJECT_SPECS[object];
    if (!spec.outbound || object === "attachment") {
      this.#skip(p, `removed on the platform; ${object} removals are not synced`, link);
      return;
    }
    const paid = i?.facts.paid !== undefined ? i.facts.paid !== "unpaid" : (link.intacctPaid ?? false);
    if ((object === "bill" || object === "vendorCredit" || object === "invoice") && paid) {
      this.#error(p, {
        class: "paid-in-intacct", code: "SYNC_PAID_CANNOT_DELETE",
        message: `Transaction '${link.intacctId ?? link.intacctKey}' is already paid and can't be deleted: void the payment and reverse the ${object} in Intacct, then choose "I fixed it in Intacct"`,
        fixActions: ["skip-change", "fixed-in-intacct"],
      }, link);
      return;
    }
    if (this.#in.scope.kind === "entity" && link.entityId === "" && spec.kind === "list") {
      this.#skip(p, "top-level record: not removed from an entity-level sync", link);
      return;
    }
    this.#emit({
      object, kind: "delete", source: "platform", target: "intacct", platformId: link.platformId, intacctKey: link.intacctKey, ...(link.intacctId === undefined ? {} : { intacctId: link.intacctId }),
      entityId: link.entityId, reason: object === "billPayment" ? "payment cancelled or voided on the platform: delete it in Intacct" : `archived on the platform: delete the ${object} in Intacct`,
    });
  }

  #deletedInIntacct(object: SyncObject, i: Observation, p: Observation | undefined, link: Link): void {
    const spec = OBJECT_SPECS[object];
    const how = i.deleted ? "deleted" : "reversed or voided";
    if (spec.kind !== "transaction") {
      this.#skip(i, `${how} in Intacct; removals of list records do not propagate (bill-intacct-sync.md §7.3), the platform record stays`, link);
      return;
    }
    const platformPaid = p?.facts.paid !== undefined && p.facts.paid !== "unpaid";
    if ((object === "bill" || object === "vendorCredit") && this.#in.preferences.transactions === "two-way" && !platformPaid) {
      this.#emit({
        object, kind: "delete", source: "intacct", target: "platform", platformId: link.platformId, intacctKey: link.intacctKey, ...(link.intacctId === undefined ? {} : { intacctId: link.intacctId }),
        entityId: link.entityId, reason: `${how} in Intacct: archive on the platform`,
      });
      return;
    }
    this.#error(i, {
      class: "deleted-in-intacct", code: "SYNC_DELETED_IN_INTACCT",
      message: `the ${object} was ${how} in Intacct but is still on the platform; settle it on the platform, or recreate it in Intacct and choose "I fixed it in Intacct"`,
      fixActions: ["skip-change", "fixed-in-intacct"],
    }, link);
  }
}
