/** Fans run events out to the subscribers of each account (listeners must not throw; if one does, the others still get the event). */
import type { RunEvent, RunEventListener } from "./port.js";

/** Subscribers per account. */
export class EventHub {
  readonly #listeners = new Map<string, Set<RunEventListener>>();

  /** Adds a listener; returns its unsubscribe function. */
  subscribe(accountId: string, listener: RunEventListener): () => void {
    let set = this.#listeners.get(accountId);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(accountId, set);
    }
    const mine = set;
    // Wrap so the same function subscribed twice gets two deliveries and two unsubscribes.
    const entry: RunEventListener = (e) => listener(e);
    mine.add(entry);
    return () => {
      mine.delete(entry);
      if (mine.size === 0 && this.#listeners.get(accountId) === mine) this.#listeners.delete(accountId);
    };
  }

  /** True when the account has subscribers. */
  has(accountId: string): boolean {
    return (this.#listeners.get(accountId)?.size ?? 0) > 0;
  }

  /** Delivers an event to the account's subscribers. */
  emit(accountId: string, event: RunEvent): void {
    for (const listener of [...(this.#listeners.get(accountId) ?? [])]) {
      try {
        listener(event);
      } catch {
        // A subscriber must not break a run or the other subscribers.
      }
    }
  }
}
