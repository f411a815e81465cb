/**
 * Links between a platform record and its Intacct record, as the engine sees them, and a pure
 * index over them. The store keeps one row per (account, object, platform id); the conversion to
 * and from that row lives in `state-rows.ts`.
 */
import type { Side, SyncObject } from "./model/objects.js";
import { OBJECT_SPECS } from "./model/objects.js";

/** A link: the same business record on both sides, with the fingerprints last seen on each. */
export interface Link {
  readonly object: SyncObject;
  readonly platformId: string;
  /** Intacct RECORDNO (for books-closed: the entity ID). */
  readonly intacctKey: string;
  /** Intacct business ID (VENDORID…), when the object has one. */
  readonly intacctId?: string;
  /** Owning Intacct entity; `""` = top level. */
  readonly entityId: string;
  /** Fingerprint of the platform record when last synced (see `fingerprint.ts`). */
  readonly platformVersion: string;
  /** Fingerprint of the Intacct record when last synced. */
  readonly intacctVersion: string;
  /** Facts remembered from the last sync, e.g. that the Intacct bill was paid. */
  readonly intacctPaid?: boolean;
}

function k(object: SyncObject, id: string): string {
  return `${object}\u0000${id}`;
}

/**
 * Read-only lookups over a set of links: by platform id, by Intacct RECORDNO and by Intacct
 * business ID. Later entries win (so a plan can overlay its own links on the stored ones).
 *
 * @example
 * const index = new LinkIndex(links);
 * index.byPlatform("vendor", "009ACME")?.intacctKey;
 */
export class LinkIndex {
  readonly #byPlatform = new Map<string, Link>();
  readonly #byIntacctKey = new Map<string, Link>();
  readonly #byIntacctId = new Map<string, Link>();

  constructor(links: Iterable<Link> = []) {
    for (const l of links) this.add(l);
  }

  /** Adds or replaces a link (the index is a value object for the planner; only it mutates it). */
  add(link: Link): void {
    const old = this.#byPlatform.get(k(link.object, link.platformId));
    if (old !== undefined) {
      this.#byIntacctKey.delete(k(old.object, old.intacctKey));
      if (old.intacctId !== undefined) this.#byIntacctId.delete(k(old.object, old.intacctId));
    }
    this.#byPlatform.set(k(link.object, link.platformId), link);
    this.#byIntacctKey.set(k(link.object, link.intacctKey), link);
    if (link.intacctId !== undefined) this.#byIntacctId.set(k(link.object, link.intacctId), link);
  }

  byPlatform(object: SyncObject, platformId: string): Link | undefined {
    return this.#byPlatform.get(k(object, platformId));
  }

  byIntacctKey(object: SyncObject, intacctKey: string): Link | undefined {
    return this.#byIntacctKey.get(k(object, intacctKey));
  }

  byIntacctId(object: SyncObject, intacctId: string): Link | undefined {
    return this.#byIntacctId.get(k(object, intacctId));
  }

  /**
   * The link an Intacct reference points at: lists are referenced by business ID, transactions
   * by RECORDNO (what APPYMTDETAIL.RECORDKEY holds).
   */
  byIntacctRef(object: SyncObject, id: string): Link | undefined {
    return OBJECT_SPECS[object].intacctIdField === undefined || OBJECT_SPECS[object].kind === "transaction"
      ? this.byIntacctKey(object, id)
      : (this.byIntacctId(object, id) ?? this.byIntacctKey(object, id));
  }

  /** The link of a record seen on `side` with key `key`. */
  bySideKey(object: SyncObject, side: Side, key: string): Link | undefined {
    return side === "platform" ? this.byPlatform(object, key) : this.byIntacctKey(object, key);
  }

  /** All links. */
  all(): Link[] {
    return [...this.#byPlatform.values()];
  }
}
