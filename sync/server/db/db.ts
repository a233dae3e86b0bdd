// The server's one view of PostgreSQL, whichever engine runs it: embedded PGlite or a pg Pool.
// Both speak the same SQL; bigint columns come back as JS numbers (epoch ms and money fit).

export interface QueryResult<Row> {
  readonly rows: readonly Row[];
  /** Rows inserted, updated or deleted by the statement. */
  readonly rowCount: number;
}

export interface SqlRunner {
  /** One statement with $1… parameters. Row types are the caller's promise about its SELECT. */
  readonly query: <Row extends object = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ) => Promise<QueryResult<Row>>;
  /** Several statements without parameters (migrations). */
  readonly exec: (sql: string) => Promise<void>;
}

export type DbEngine = 'pglite' | 'postgres';

export interface Db extends SqlRunner {
  readonly engine: DbEngine;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Postgres error codes the server reacts to. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_SERIALIZATION_FAILURE = '40001';
export const PG_DEADLOCK = '40P01';

export function pgErrorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    return typeof error.code === 'string' ? error.code : undefined;
  }
  return undefined;
}
