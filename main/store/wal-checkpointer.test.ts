// The checkpointer on a real file: checkpoints only after writes, on a worker connection, and keeps
// a busy register's log from growing (its blocks are reused), trimming a log a bulk load made large.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackgroundWriter } from './background-writer';
import { openBackgroundWriter } from './background-writer';
import { openRegisterDb } from './open-register-store';
import type { RegisterDb } from './register-db';
import type { WalCheckpointer } from './wal-checkpointer';
import { startWalCheckpointer } from './wal-checkpointer';

let dir: string;
let file: string;
let db: RegisterDb;
let checkpointer: WalCheckpointer;
const writers: BackgroundWriter[] = [];
const errors: unknown[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wal-checkpointer-'));
  file = path.join(dir, 'register.sqlite');
  db = openRegisterDb(file);
  db.exec('CREATE TABLE cart (state TEXT)');
  checkpointer = startWalCheckpointer({
    db,
    everyMs: 60_000,
    journalLimitBytes: 1024 * 1024,
    onError: (e) => errors.push(e),
    openWriter: (on) => {
      const writer = openBackgroundWriter(on, { autoCheckpointPages: 0 });
      writers.push(writer);
      return writer;
    },
  });
});
afterEach(async () => {
  await checkpointer.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  writers.length = 0;
  expect(errors).toEqual([]);
});

const wal = () => statSync(`${file}-wal`).size;
const write = (n: number) => {
  const insert = db.prepare('INSERT INTO cart VALUES (?)');
  for (let i = 0; i < n; i += 1) insert.run('x'.repeat(16_000));
};

describe('WAL checkpointer', () => {
  it('checkpoints after writes only, on a worker connection, and never inside a commit', async () => {
    expect(await checkpointer.tick()).toBe(false);
    expect(writers).toHaveLength(0);
    write(40);
    // No checkpoint ran inside the commits: every frame is still in the log.
    expect(wal()).toBeGreaterThan(40 * 16_000);
    checkpointer.afterWrite();
    expect(await checkpointer.tick()).toBe(true);
    expect(writers.map((w) => w.kind)).toEqual(['worker']);
    expect(await checkpointer.tick()).toBe(false);
    const figures = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    expect(figures[0]?.checkpointed).toBe(figures[0]?.log);
    expect(db.prepare('SELECT count(*) FROM cart').pluck().get()).toBe(40);
  });

  it('keeps a busy register’s log the same size: later commits reuse its blocks', async () => {
    write(40);
    const once = wal();
    for (let round = 0; round < 5; round += 1) {
      checkpointer.afterWrite();
      expect(await checkpointer.tick()).toBe(true);
      write(40);
    }
    expect(wal()).toBeLessThanOrEqual(once + 64 * 1024);
    expect(db.prepare('SELECT count(*) FROM cart').pluck().get()).toBe(240);
  });

  it('a log grown large is cut back to the limit once it starts over', async () => {
    write(200);
    expect(wal()).toBeGreaterThan(3 * 1024 * 1024);
    checkpointer.afterWrite();
    await checkpointer.tick();
    write(1);
    expect(wal()).toBeLessThanOrEqual(1024 * 1024);
  });

  it('flush waits for a checkpoint in flight, then checkpoints what was written meanwhile', async () => {
    expect(await checkpointer.flush()).toBe(false);
    write(20);
    checkpointer.afterWrite();
    const inFlight = checkpointer.tick();
    // Written while the first checkpoint runs: only a second one copies these.
    write(20);
    checkpointer.afterWrite();
    expect(await checkpointer.flush()).toBe(true);
    expect(await inFlight).toBe(true);
    // Nothing written since: the next flush has nothing to do.
    expect(await checkpointer.flush()).toBe(false);
  });
});
