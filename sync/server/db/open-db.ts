// Picks the engine from the configuration: PostgreSQL when a URL is given, else embedded PGlite.
import path from 'node:path';
import type { Db } from './db';
import { openPgDb } from './pg-db';
import { openPgliteDb } from './pglite-db';

export interface DbConfig {
  readonly databaseUrl?: string;
  /** The data folder; the embedded database lives in `<dataDir>/pglite`. `:memory:` keeps none. */
  readonly dataDir: string;
}

export async function openDb(config: Readonly<DbConfig>): Promise<Db> {
  if (config.databaseUrl !== undefined) return openPgDb(config.databaseUrl);
  return openPgliteDb(
    config.dataDir === ':memory:' ? undefined : path.join(config.dataDir, 'pglite'),
  );
}
