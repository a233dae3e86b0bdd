// The embedded engine: PostgreSQL compiled to WASM, in this process, with its files in a folder,
// so a single store runs the server with nothing else installed.
import { PGlite, types } from '@electric-sql/pglite';
import type { Db, QueryResult, SqlRunner } from './db';

interface PgliteRunner {
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
}

function runner(target: PgliteRunner): SqlRunner {
  return {
    async query<Row extends object>(
      sql: string,
      params: readonly unknown[] = [],
    ): Promise<QueryResult<Row>> {
      const result = await target.query<Row>(sql, [...params]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
  };
}

/** Opens (creating if need be) the database in `dataDir`; in memory when it is undefined. */
export async function openPgliteDb(dataDir: string | undefined): Promise<Db> {
  const pglite = await PGlite.create(dataDir, {
    // int8 as a number: epoch milliseconds and minor units stay far below 2^53.
    parsers: { [types.INT8]: (value: string) => Number(value) },
  });
  const base = runner(pglite);
  return {
    engine: 'pglite',
    query: base.query,
    exec: base.exec,
    // PGlite is one connection: its transaction() queues every other query until it ends.
    transaction: <T>(work: (tx: SqlRunner) => Promise<T>) =>
      pglite.transaction((tx) => work(runner(tx))),
    close: () => pglite.close(),
  };
}
