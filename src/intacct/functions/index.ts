/** Function builders (pure). */
export type { FunctionKind, IntacctFunction, WriteOptions } from "./types.js";
export * from "./generic.js";
export * from "./query.js";
export * from "./legacy.js";
