// Keeps the register's write-ahead log short and its disk blocks reused, without ever running a
// checkpoint on the main thread.
//
// Why: SQLite's own checkpoints run inside the commit that crosses 1,000 pages, which stalled one
// scan in a hundred by ~5 ms; a checkpoint left until the counter is idle lets a busy counter's log
// grow, and every commit then appends new blocks to it, so the paid sale's fsync also commits the
// file system's metadata (it measured several times slower than an fsync of reused blocks). Here a
// worker connection runs PASSIVE checkpoints, which never block the main connection's reads or
// writes, about once a second while the register writes. After a complete one, the next commit
// starts the log over from its beginning, on blocks the file already has; journal_size_limit
// trims a log that a bulk load made large once it starts over.
import type { BackgroundWriter } from './background-writer';
import { openBackgroundWriter } from './background-writer';
import type { RegisterDb } from './register-db';

export interface WalCheckpointer {
  /** Call after a command that wrote: the next tick checkpoints. */
  afterWrite(): void;
  /** One look now (the timer calls this); resolves true when it checkpointed. */
  tick(): Promise<boolean>;
  /**
   * Checkpoints now whatever was written since the last one, after a checkpoint in flight, and
   * resolves when that is done (true when it checkpointed): a pause at the counter, on demand.
   */
  flush(): Promise<boolean>;
  /** Stops the timer and closes the worker connection, after a checkpoint in flight. */
  stop(): Promise<void>;
}

export interface WalCheckpointerOptions {
  readonly db: RegisterDb;
  /** How often the timer looks, ms (1,000). */
  readonly everyMs?: number;
  /** The size a log is cut back to when it starts over (8 MiB). */
  readonly journalLimitBytes?: number;
  readonly onError: (error: unknown) => void;
  /** The connection the checkpoints run on; a worker connection on `db`'s file by default. */
  readonly openWriter?: (db: RegisterDb) => BackgroundWriter;
}

export function startWalCheckpointer(options: WalCheckpointerOptions): WalCheckpointer {
  const { db } = options;
  db.pragma('wal_autocheckpoint = 0');
  db.pragma(`journal_size_limit = ${options.journalLimitBytes ?? 8 * 1024 * 1024}`);
  const openWriter =
    options.openWriter ??
    ((on: RegisterDb) => openBackgroundWriter(on, { autoCheckpointPages: 0, holdsProcess: false }));
  let writer: BackgroundWriter | undefined;
  let dirty = false;
  let stopped = false;
  let running: Promise<boolean> | undefined;

  async function checkpoint(): Promise<boolean> {
    try {
      writer ??= openWriter(db);
      await writer.checkpoint('passive');
      return true;
    } catch (error) {
      options.onError(error);
      return false;
    } finally {
      running = undefined;
    }
  }

  function tick(): Promise<boolean> {
    if (stopped || !dirty || running !== undefined) return Promise.resolve(false);
    dirty = false;
    running = checkpoint();
    return running;
  }

  async function flush(): Promise<boolean> {
    while (running !== undefined) await running;
    return tick();
  }

  const timer = setInterval(() => void tick(), options.everyMs ?? 1000);
  timer.unref();
  return {
    afterWrite: () => {
      dirty = true;
    },
    tick,
    flush,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await writer?.close();
    },
  };
}
