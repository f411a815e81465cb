/** Client-side limit checks for function builders (clear errors before anything is sent). */
import { IntacctUsageError } from "../errors.js";
import { IntacctLimits } from "../limits.js";
import type { WriteOptions } from "./types.js";

/** Throws when `n` items exceed `max` for `what`. */
export function checkMax(what: string, n: number, max: number): void {
  if (n > max) throw new IntacctUsageError(`${what}: ${n} given, at most ${max} allowed per call`);
}

/** Throws when `n` is zero. */
export function checkNonEmpty(what: string, n: number): void {
  if (n === 0) throw new IntacctUsageError(`${what}: at least one is required`);
}

/** Throws unless `size` is an integer within 1..max. */
export function checkPageSize(what: string, size: number, max: number): void {
  if (!Number.isInteger(size) || size < 1 || size > max) throw new IntacctUsageError(`${what} pagesize must be an integer from 1 to ${max}; got ${size}`);
}

/** Validates a write's control id (non-empty, ≤ 256 characters). */
export function checkWriteControlId(fn: string, options: WriteOptions): string {
  const id = options.controlId;
  if (typeof id !== "string" || id.trim() === "") {
    throw new IntacctUsageError(`${fn}: a deterministic controlId is required for writes (use controlIdFor([...]))`);
  }
  if (id.length > IntacctLimits.MAX_CONTROL_ID_LENGTH) {
    throw new IntacctUsageError(`${fn}: controlId is ${id.length} characters; at most ${IntacctLimits.MAX_CONTROL_ID_LENGTH} allowed`);
  }
  return id;
}
