/**
 * A function ready to be placed in a request: the function element (`body`), whether it writes,
 * and, for writes, the caller's deterministic control id (`controlIdFor`). Builders are pure.
 */
import type { XmlElement } from "../xml/index.js";

/** `read` functions may be repeated freely; `write` functions always carry a stable control id. */
export type FunctionKind = "read" | "write";

/** A built function. */
export interface IntacctFunction {
  /** The function element, e.g. `<readByQuery>…</readByQuery>`. */
  readonly body: XmlElement;
  readonly kind: FunctionKind;
  /**
   * Function control id. Required for writes (stable across retries and runs); reads get a fresh
   * random id per attempt when absent.
   */
  readonly controlId?: string;
}

/** Options every write builder requires. */
export interface WriteOptions {
  /**
   * Deterministic function control id derived from a stable idempotency key, e.g.
   * `controlIdFor(["bill", accountId, billId, version])`. Never random: a retry must reuse it.
   */
  readonly controlId: string;
}
