/** Opens the PostgreSQL store (`DATABASE_URL=postgres://…`). */
import { type Clock, systemClock } from "../../domain/clock.js";
import type { Store } from "../port.js";
import { SqlStore } from "../sql-store.js";
import { openPostgresDriver } from "./postgres-driver.js";

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  readonly url: string;
  /** Schema holding the tables. @default "public" */
  readonly schema?: string;
  /** @default systemClock */
  readonly clock?: Clock;
  /** Run pending migrations before returning. @default true */
  readonly migrate?: boolean;
  /** Pool size. @default 10 */
  readonly maxConnections?: number;
}

/**
 * Opens (and by default migrates) a PostgreSQL store.
 *
 * @example
 * const store = await openPostgresStore({ url: "postgres://postgres@127.0.0.1:5432/test" });
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const driver = await openPostgresDriver({
    url: options.url,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
  });
  const store = new SqlStore({ driver, clock: options.clock ?? systemClock });
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
