// The embedded engine on a worker thread: PGlite's WASM work (planning, executing, writing its
// files) runs beside the thread that answers HTTP, so a busy database never holds up a request
// that does not need it (a flash-sale reservation is answered before its row is written).
// Each statement is one message each way; results are as PGlite gives them (int8 as numbers).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db, QueryResult, SqlRunner } from './db';

// The worker's code, plain CommonJS evaluated in the worker: no build step or loader is needed to
// start it under Node, tsx, vitest or Electron. It runs the SQL it is sent, nothing else.
//   A transaction is PGlite's own `transaction()`, held open until the main side says commit or
// rollback: PGlite queues every other statement meanwhile, as it does in one thread.
const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite, types } = require(workerData.driver);
const opened = PGlite.create(workerData.dataDir, {
  parsers: { [types.INT8]: (value) => Number(value) },
});
const transactions = new Map();
const FIELDS = ['code', 'detail', 'constraint', 'table', 'column', 'schema', 'severity', 'hint'];
function failure(error) {
  const out = { message: error instanceof Error ? error.message : String(error) };
  if (error !== null && typeof error === 'object') {
    for (const key of FIELDS) if (typeof error[key] === 'string') out[key] = error[key];
  }
  return out;
}
function target(db, tx) {
  if (tx === undefined) return db;
  const open = transactions.get(tx);
  if (open === undefined) throw new Error('No open transaction ' + tx);
  return open.tx;
}
async function handle(db, message) {
  switch (message.op) {
    case 'ready':
      return {};
    case 'query': {
      const result = await target(db, message.tx).query(message.sql, message.params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    }
    case 'exec':
      await target(db, message.tx).exec(message.sql);
      return {};
    case 'begin': {
      let began;
      const begun = new Promise((resolve) => { began = resolve; });
      const open = {};
      open.done = db.transaction((tx) => new Promise((resolve, reject) => {
        Object.assign(open, { tx, resolve, reject });
        transactions.set(message.tx, open);
        began();
      }));
      // A failed BEGIN ends here; otherwise the transaction waits for commit or rollback.
      await Promise.race([begun, open.done]);
      return {};
    }
    case 'commit':
    case 'rollback': {
      const open = transactions.get(message.tx);
      if (open === undefined) throw new Error('No open transaction ' + message.tx);
      transactions.delete(message.tx);
      if (message.op === 'commit') {
        open.resolve();
        await open.done;
      } else {
        open.reject(new Error('rolled back'));
        await open.done.catch(() => undefined);
      }
      return {};
    }
    case 'close':
      await db.close();
      return {};
    default:
      throw new Error('Unknown operation ' + String(message.op));
  }
}
parentPort.on('message', (message) => {
  opened
    .then((db) => handle(db, message))
    .then(
      (value) => parentPort.postMessage({ id: message.id, ok: true, value }),
      (error) => parentPort.postMessage({ id: message.id, ok: false, error: failure(error) }),
    );
});
`;

type Operation =
  | { readonly op: 'ready' | 'close' }
  | { readonly op: 'query'; readonly sql: string; readonly params: unknown[]; readonly tx?: number }
  | { readonly op: 'exec'; readonly sql: string; readonly tx?: number }
  | { readonly op: 'begin' | 'commit' | 'rollback'; readonly tx: number };

interface Reply {
  readonly id: number;
  readonly ok: boolean;
  readonly value?: { readonly rows?: object[]; readonly rowCount?: number };
  readonly error?: { readonly message: string } & Readonly<Record<string, string>>;
}

/** An error PGlite raised in the worker, with PostgreSQL's fields (code, constraint…) kept. */
export class PgliteWorkerError extends Error {
  override readonly name = 'PgliteWorkerError';
  readonly code: string | undefined;
  readonly detail: string | undefined;
  readonly constraint: string | undefined;

  constructor(fields: { readonly message: string } & Readonly<Record<string, string>>) {
    super(fields.message);
    this.code = fields['code'];
    this.detail = fields['detail'];
    this.constraint = fields['constraint'];
  }
}

/** Opens (creating if need be) the database in `dataDir` on a worker; in memory when undefined. */
export async function openPgliteDb(dataDir: string | undefined): Promise<Db> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve('@electric-sql/pglite'), dataDir },
  });
  const waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let nextTx = 1;
  let broken: Error | undefined;
  const failAll = (error: Error): void => {
    broken ??= error;
    for (const waiter of waiting.values()) waiter.reject(error);
    waiting.clear();
  };
  worker.on('message', (reply: Reply) => {
    const waiter = waiting.get(reply.id);
    waiting.delete(reply.id);
    waiter?.resolve(reply);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`The database worker stopped (exit ${code})`)));

  const call = async (operation: Operation): Promise<NonNullable<Reply['value']>> => {
    if (broken !== undefined) throw broken;
    const id = nextId++;
    const reply = await new Promise<Reply>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...operation, id });
    });
    if (!reply.ok) throw new PgliteWorkerError(reply.error ?? { message: 'Unknown failure' });
    return reply.value ?? {};
  };

  const runner = (tx?: number): SqlRunner => ({
    async query<Row extends object>(
      sql: string,
      params: readonly unknown[] = [],
    ): Promise<QueryResult<Row>> {
      const value = await call({
        op: 'query',
        sql,
        params: [...params],
        ...(tx === undefined ? {} : { tx }),
      });
      return { rows: (value.rows ?? []) as Row[], rowCount: value.rowCount ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      await call({ op: 'exec', sql, ...(tx === undefined ? {} : { tx }) });
    },
  });

  try {
    await call({ op: 'ready' });
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  const base = runner();
  return {
    engine: 'pglite',
    query: base.query,
    exec: base.exec,
    async transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
      const tx = nextTx++;
      await call({ op: 'begin', tx });
      let result: T;
      try {
        result = await work(runner(tx));
      } catch (error) {
        await call({ op: 'rollback', tx }).catch(() => undefined);
        throw error;
      }
      await call({ op: 'commit', tx });
      return result;
    },
    async close() {
      if (broken === undefined) await call({ op: 'close' });
      await worker.terminate();
    },
  };
}
