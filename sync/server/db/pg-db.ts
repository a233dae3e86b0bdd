// The scale-out engine: a real PostgreSQL through a pg connection pool (DATABASE_URL).
import pg from 'pg';
import type { Db, QueryResult, SqlRunner } from './db';

function runner(target: pg.Pool | pg.PoolClient): SqlRunner {
  return {
    async query<Row extends object>(
      sql: string,
      params: readonly unknown[] = [],
    ): Promise<QueryResult<Row>> {
      const result = await target.query<Row & pg.QueryResultRow>(sql, [...params]);
      return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await target.query(sql);
    },
  };
}

export function openPgDb(connectionString: string, poolSize = 10): Db {
  const typeOverrides = new pg.TypeOverrides();
  // int8 as a number, as PGlite does: epoch milliseconds and minor units stay below 2^53.
  typeOverrides.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
  const pool = new pg.Pool({ connectionString, max: poolSize, types: typeOverrides });
  const base = runner(pool);
  return {
    engine: 'postgres',
    query: base.query,
    exec: base.exec,
    async transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const value = await work(runner(client));
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
