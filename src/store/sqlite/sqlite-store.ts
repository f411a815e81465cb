/** Opens the SQLite store: `DATABASE_URL` a file path, `sqlite:` URL, or `:memory:`. */
import { type Clock, systemClock } from "../../domain/clock.js";
import type { Store } from "../port.js";
import { SqlStore } from "../sql-store.js";
import { openSqliteDriver } from "./sqlite-driver.js";

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** File path or `:memory:`. */
  readonly path: string;
  /** @default systemClock */
  readonly clock?: Clock;
  /** Run pending migrations before returning. @default true */
  readonly migrate?: boolean;
}

/**
 * Opens (and by default migrates) a SQLite store.
 *
 * @example
 * const store = await openSqliteStore({ path: ":memory:" });
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const store = new SqlStore({ driver: openSqliteDriver({ path: options.path }), clock: options.clock ?? systemClock });
  if (options.migrate !== false) {
    try {
      await store.migrate();
    } catch (e) {
      await store.close();
      throw e;
    }
  }
  return store;
}
