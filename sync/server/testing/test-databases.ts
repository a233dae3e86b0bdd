// The engines every storage test runs on: embedded PGlite always, and a real PostgreSQL (started
// by the test or given by DATABASE_URL). A test opens a fresh, migrated database per case.
import { afterAll } from 'vitest';
import type { TestContext } from 'vitest';
import type { Db, DbEngine } from '../db/db';
import { migrate } from '../db/migrate';
import { SERVER_MIGRATIONS } from '../db/migrations';
import { openPgDb } from '../db/pg-db';
import { openPgliteDb } from '../db/pglite-db';
import type { PostgresAvailability } from './start-postgres';
import { startTestPostgres } from './start-postgres';

export interface TestDatabase {
  readonly engine: DbEngine;
  /** A fresh migrated database, closed after the file; skips the case if the engine is missing. */
  open(context: TestContext): Promise<Db>;
  /** A URL for a fresh database, for tests that start server processes (postgres only). */
  url(context: TestContext): Promise<string>;
}

export function useTestDatabases(now: () => number = () => 0): readonly TestDatabase[] {
  const opened: Db[] = [];
  let postgres: Promise<PostgresAvailability> | undefined;
  const startPostgres = () => (postgres ??= startTestPostgres());
  afterAll(async () => {
    await Promise.all(opened.map((db) => db.close().catch(() => undefined)));
    const started = await postgres;
    if (started?.available === true) started.server.stop();
  });
  const keep = async (db: Db): Promise<Db> => {
    opened.push(db);
    await migrate(db, SERVER_MIGRATIONS, now);
    return db;
  };
  const postgresUrl = async (context: TestContext): Promise<string> => {
    const started = await startPostgres();
    if (!started.available) {
      context.skip(started.reason);
    }
    return started.server.createDatabase();
  };
  // One PGlite per file (its start costs a second or two), emptied before each case.
  let pglite: Promise<Db> | undefined;
  const freshPglite = async (): Promise<Db> => {
    if (pglite === undefined) {
      pglite = openPgliteDb(undefined);
      opened.push(await pglite);
    }
    const db = await pglite;
    await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    await migrate(db, SERVER_MIGRATIONS, now);
    return { ...db, close: () => Promise.resolve() };
  };
  return [
    {
      engine: 'pglite',
      open: freshPglite,
      url: (context) => context.skip('PGlite has no URL'),
    },
    {
      engine: 'postgres',
      open: async (context) => keep(openPgDb(await postgresUrl(context))),
      url: postgresUrl,
    },
  ];
}
