import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startBackgroundWalSync } from './background-wal-sync';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function walDb() {
  const dir = mkdtempSync(path.join(tmpdir(), 'wal-sync-'));
  dirs.push(dir);
  const file = path.join(dir, 'register.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE t (x INTEGER)');
  return { db, file };
}

describe('startBackgroundWalSync', () => {
  it('syncs the log after writes, folding calls made while one sync runs into one more', async () => {
    const { db, file } = walDb();
    const opened: string[] = [];
    const errors: unknown[] = [];
    const sync = startBackgroundWalSync({
      file,
      onError: (e) => errors.push(e),
      openFile: (p, flags) => {
        opened.push(String(p));
        return open(p, flags);
      },
    });
    for (let i = 0; i < 50; i += 1) {
      db.prepare('INSERT INTO t VALUES (?)').run(i);
      sync.afterWrite();
    }
    await sync.idle();
    // The first call starts a sync; the 49 made meanwhile ask for exactly one more.
    expect(opened).toEqual([`${file}-wal`, `${file}-wal`]);
    expect(errors).toEqual([]);
    sync.afterWrite();
    await sync.idle();
    expect(opened).toHaveLength(3);
    await sync.stop();
    sync.afterWrite();
    await sync.idle();
    expect(opened).toHaveLength(3);
    db.close();
  });

  it('has nothing to do when the log is gone, and reports other failures without throwing', async () => {
    const { db, file } = walDb();
    db.close(); // the last connection closing removes the log
    const errors: unknown[] = [];
    const quiet = startBackgroundWalSync({ file, onError: (e) => errors.push(e) });
    quiet.afterWrite();
    await quiet.idle();
    expect(errors).toEqual([]);

    const failing = startBackgroundWalSync({
      file,
      onError: (e) => errors.push(e),
      openFile: () => Promise.reject(Object.assign(new Error('EIO'), { code: 'EIO' })),
    });
    failing.afterWrite();
    await failing.idle();
    expect(errors).toHaveLength(1);
  });
});
