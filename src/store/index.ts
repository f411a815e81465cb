/** The store port. Adapters live in `sqlite/` and `postgres/`; composition roots use `open-store.ts`. */
export type * from "./port.js";
export { StoreError, type StoreErrorCode } from "./store-error.js";
export { MIGRATIONS, type Migration } from "./migrations.js";
