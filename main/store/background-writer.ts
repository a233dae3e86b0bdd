// Runs heavy, batched writes (a catalog bulk load, index builds) on a second connection in a worker
// thread, one transaction per call, so the main thread's connection keeps answering scans: in WAL
// mode a reader never waits for a writer, and the main thread never runs the writer's SQL.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { RegisterDb } from './register-db';

export type SqlValue = string | number | null;

export type CheckpointMode = 'passive' | 'truncate';

export interface SqlStep {
  readonly sql: string;
  /** Positional parameters (`?`). */
  readonly params?: readonly SqlValue[];
}

export interface SqlTransactionResult {
  /**
   * One value per step: the rows it changed, or for a statement that returns rows the first
   * column of its first row (null when none).
   */
  readonly values: readonly (number | string | null)[];
  /** How long the transaction held the write lock. */
  readonly millis: number;
}

export interface BackgroundWriter {
  /** 'worker': its own connection on a worker thread; 'inline': the given connection, in turn. */
  readonly kind: 'worker' | 'inline';
  /**
   * Runs the steps in one IMMEDIATE transaction: all of them or none. Calls run one at a time, in
   * order; a caller that awaits each one leaves the write lock free between them, so a write on
   * the main connection (a sale) waits for one transaction at most.
   */
  transaction(steps: readonly SqlStep[]): Promise<SqlTransactionResult>;
  /**
   * Copies the write-ahead log into the database file (PASSIVE: readers and writers carry on), then
   * empties it (TRUNCATE: waits for readers of old pages, which scans are only briefly). With
   * 'passive' it only copies: the log keeps its size, and the next commit after a complete copy
   * starts it over from the beginning.
   */
  checkpoint(mode?: CheckpointMode): Promise<void>;
  close(): Promise<void>;
}

export interface BackgroundWriterOptions {
  /** false: run on the given connection (in-memory databases always do). Default true. */
  readonly useWorker?: boolean;
  /** The worker connection's page cache in KiB (32 MiB): the whole import's hot pages. */
  readonly cacheKib?: number;
  readonly busyTimeoutMs?: number;
  /**
   * The worker connection's wal_autocheckpoint (1000 pages, SQLite's default). 0 for a bulk load:
   * the log grows by appends only and is checkpointed once, by `checkpoint()`.
   */
  readonly autoCheckpointPages?: number;
  /**
   * false: the worker connection does not check foreign keys (default true). Only for callers
   * whose statements establish the parent rows themselves, as the catalog bulk load does.
   */
  readonly foreignKeys?: boolean;
  /**
   * false: the worker does not keep the process running (default true). For a helper that lives
   * as long as the register, so a program that forgets to close it still exits.
   */
  readonly holdsProcess?: boolean;
}

/** A writer for `db`'s file: a worker connection when the database is a file, else `db` itself. */
export function openBackgroundWriter(
  db: RegisterDb,
  options: BackgroundWriterOptions = {},
): BackgroundWriter {
  if (options.useWorker === false || db.memory || db.name === '') return inlineWriter(db);
  return workerWriter(db.name, options);
}

/** The same contract on the caller's connection: each transaction blocks the thread while it runs. */
function inlineWriter(db: RegisterDb): BackgroundWriter {
  const cache = new Map<string, ReturnType<RegisterDb['prepare']>>();
  const statement = (sql: string) => {
    let prepared = cache.get(sql);
    if (prepared === undefined) {
      prepared = db.prepare(sql);
      cache.set(sql, prepared);
    }
    return prepared;
  };
  // Begun IMMEDIATE where it runs (run.immediate): this code also serves the worker's connection.
  // eslint-disable-next-line no-restricted-syntax -- begun with .immediate
  const run = db.transaction((steps: readonly SqlStep[]) =>
    steps.map((step): number | string | null => {
      const prepared = statement(step.sql);
      const params = step.params ?? [];
      if (prepared.reader) {
        const row = prepared.raw().get(params) as SqlValue[] | undefined;
        return row === undefined ? null : (row[0] as number | string | null);
      }
      return prepared.run(params).changes;
    }),
  );
  return {
    kind: 'inline',
    transaction(steps) {
      const started = performance.now();
      try {
        const values = run.immediate(steps);
        return Promise.resolve({ values, millis: performance.now() - started });
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    checkpoint(mode = 'truncate') {
      db.pragma('wal_checkpoint(PASSIVE)');
      if (mode === 'truncate') db.pragma('wal_checkpoint(TRUNCATE)');
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}

// The worker's code, plain CommonJS evaluated in the worker: no build step or loader is needed to
// start it under Node, tsx, vitest or Electron. It only opens a connection and runs the SQL it is
// sent; every decision stays in typed code on the main side.
const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
for (const pragma of workerData.pragmas) db.pragma(pragma);
const cache = new Map();
function statement(sql) {
  let prepared = cache.get(sql);
  if (prepared === undefined) {
    prepared = db.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared;
}
const run = db.transaction((sqls, steps) =>
  steps.map(([index, params]) => {
    const prepared = statement(sqls[index]);
    if (prepared.reader) {
      const row = prepared.raw().get(params);
      return row === undefined ? null : row[0];
    }
    return prepared.run(params).changes;
  }),
);
parentPort.on('message', (message) => {
  if (message.type === 'close') {
    db.close();
    parentPort.postMessage({ type: 'closed' });
    return;
  }
  const started = performance.now();
  try {
    if (message.type === 'checkpoint') {
      db.pragma('wal_checkpoint(PASSIVE)');
      if (message.mode === 'truncate') db.pragma('wal_checkpoint(TRUNCATE)');
      parentPort.postMessage({ type: 'done', id: message.id, values: [], millis: performance.now() - started });
      return;
    }
    const values = run.immediate(message.sqls, message.steps);
    parentPort.postMessage({ type: 'done', id: message.id, values, millis: performance.now() - started });
  } catch (error) {
    parentPort.postMessage({
      type: 'failed',
      id: message.id,
      message: error instanceof Error ? error.message : String(error),
      code: error !== null && typeof error === 'object' && typeof error.code === 'string' ? error.code : undefined,
    });
  }
});
`;

type WorkerReply =
  | {
      readonly type: 'done';
      readonly id: number;
      readonly values: (number | string | null)[];
      readonly millis: number;
    }
  | {
      readonly type: 'failed';
      readonly id: number;
      readonly message: string;
      readonly code?: string;
    }
  | { readonly type: 'closed' };

/** An error the worker's connection raised, with SQLite's code (SQLITE_CONSTRAINT_…) kept. */
export class BackgroundWriteError extends Error {
  override readonly name = 'BackgroundWriteError';

  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

function workerWriter(file: string, options: BackgroundWriterOptions): BackgroundWriter {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver,
      file,
      // The register's own settings (see open-register-store.ts): WAL, foreign keys enforced
      // unless the caller vouches for them, and NORMAL sync, which never corrupts the file on a
      // power cut. Checkpoints run in the worker too, so their fsyncs never hold the main thread.
      pragmas: [
        'journal_mode = WAL',
        `foreign_keys = ${options.foreignKeys === false ? 'OFF' : 'ON'}`,
        `busy_timeout = ${options.busyTimeoutMs ?? 5000}`,
        'synchronous = NORMAL',
        `cache_size = -${options.cacheKib ?? 32_768}`,
        `wal_autocheckpoint = ${options.autoCheckpointPages ?? 1000}`,
      ],
    },
  });
  if (options.holdsProcess === false) worker.unref();
  const pending = new Map<
    number,
    { resolve: (r: SqlTransactionResult) => void; reject: (e: Error) => void }
  >();
  let nextId = 1;
  let failure: Error | undefined;
  let closed: Promise<void> | undefined;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.on('message', (reply: WorkerReply) => {
    if (reply.type === 'closed') {
      void worker.terminate();
      return;
    }
    const waiter = pending.get(reply.id);
    if (waiter === undefined) return;
    pending.delete(reply.id);
    if (reply.type === 'done') waiter.resolve({ values: reply.values, millis: reply.millis });
    else waiter.reject(new BackgroundWriteError(reply.message, reply.code));
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`The background writer stopped (exit ${code}).`)));

  const send = (message: Record<string, unknown>): Promise<SqlTransactionResult> => {
    if (closed !== undefined) return Promise.reject(new Error('The background writer is closed.'));
    if (failure !== undefined) return Promise.reject(failure);
    const id = nextId;
    nextId += 1;
    return new Promise<SqlTransactionResult>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  };

  return {
    kind: 'worker',
    transaction(steps) {
      // Each distinct SQL text is sent once per call, the steps refer to it by position.
      const sqls: string[] = [];
      const index = new Map<string, number>();
      const wire = steps.map((step): [number, readonly SqlValue[]] => {
        let at = index.get(step.sql);
        if (at === undefined) {
          at = sqls.length;
          sqls.push(step.sql);
          index.set(step.sql, at);
        }
        return [at, step.params ?? []];
      });
      return send({ type: 'run', sqls, steps: wire });
    },
    async checkpoint(mode = 'truncate') {
      await send({ type: 'checkpoint', mode });
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        // Messages are handled in order: transactions sent before this finish first.
        if (failure === undefined) worker.postMessage({ type: 'close' });
        else void worker.terminate();
      });
      return closed;
    },
  };
}
