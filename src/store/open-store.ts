/**
 * Picks the store adapter from a {@link DatabaseConfig}. For composition roots only (CLI, service,
 * demo): library code receives a {@link Store}.
 */
import type { DatabaseConfig } from "../config/resolved-config.js";
import type { Clock } from "../domain/clock.js";
import type { Store } from "./port.js";
import { openPostgresStore } from "./postgres/postgres-store.js";
import { openSqliteStore } from "./sqlite/sqlite-store.js";

/**
 * Opens and migrates the configured store.
 *
 * @example
 * const store = await openStore(config.database);
 * try { … } finally { await store.close(); }
 */
export async function openStore(database: DatabaseConfig, options: { readonly clock?: Clock } = {}): Promise<Store> {
  const clock = options.clock === undefined ? {} : { clock: options.clock };
  return database.kind === "postgres" ? openPostgresStore({ url: database.url, ...clock }) : openSqliteStore({ path: database.path, ...clock });
}
