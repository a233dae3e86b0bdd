// Moves SQLite's WAL checkpoints off the scan path: the core's connection never checkpoints inside
// a commit (which stalled one scan in a hundred by ~5 ms); instead a timer checkpoints while the
// counter is idle, and regardless once the log grows past a bound, so it cannot grow forever.
import { statSync } from 'node:fs';
import type { RegisterDb } from './register-db';

export interface IdleCheckpointOptions {
  readonly db: RegisterDb;
  /** The database file; its `-wal` companion is watched. */
  readonly file: string;
  readonly now: () => number;
  /** Quiet time before a checkpoint may run, ms. */
  readonly idleMs?: number;
  /** How often the timer looks, ms. */
  readonly everyMs?: number;
  /** Checkpoint even when busy once the log is this large, bytes. */
  readonly maxWalBytes?: number;
  readonly onError: (error: unknown) => void;
}

export interface IdleCheckpoints {
  /** Call on every command: the counter is busy. */
  touch(): void;
  /** One look now (the timer calls this); true when it checkpointed. */
  tick(): boolean;
  stop(): void;
}

function walBytes(file: string): number {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

export function startIdleCheckpoints(options: IdleCheckpointOptions): IdleCheckpoints {
  const { db, file, now } = options;
  const idleMs = options.idleMs ?? 500;
  const maxWalBytes = options.maxWalBytes ?? 64 * 1024 * 1024;
  db.pragma('wal_autocheckpoint = 0');
  let lastBusy = now();

  function tick(): boolean {
    const size = walBytes(file);
    if (size === 0) return false;
    const idle = now() - lastBusy >= idleMs;
    if (!idle && size < maxWalBytes) return false;
    try {
      // TRUNCATE resets the log to zero bytes, so its size says how much is waiting next time.
      db.pragma('wal_checkpoint(TRUNCATE)');
      return true;
    } catch (error) {
      options.onError(error);
      return false;
    }
  }

  const timer = setInterval(tick, options.everyMs ?? 1000);
  timer.unref();
  return {
    touch: () => {
      lastBusy = now();
    },
    tick,
    stop: () => clearInterval(timer),
  };
}
