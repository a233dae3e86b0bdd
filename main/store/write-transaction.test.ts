// A write transaction that reads first must not fail when another connection (the background
// writer) commits while it runs: it holds the write lock from its first statement.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRegisterDb } from './open-register-store';
import type { RegisterDb } from './register-db';
import { readSnapshot, writeTransaction } from './write-transaction';

let dir: string;
let db: RegisterDb;
let other: RegisterDb;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'write-tx-'));
  db = openRegisterDb(path.join(dir, 'r.sqlite'));
  db.exec('CREATE TABLE t (v INTEGER)');
  other = openRegisterDb(path.join(dir, 'r.sqlite'), { busyTimeoutMs: 0 });
});
afterEach(() => {
  other.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = (on: RegisterDb) => on.prepare('SELECT count(*) FROM t').pluck().get();

describe('write transactions on the main connection', () => {
  it('a deferred read-then-write fails when another writer commits in between (the hazard)', () => {
    const deferred = db.transaction(() => {
      count(db);
      other.prepare('INSERT INTO t VALUES (1)').run();
      db.prepare('INSERT INTO t VALUES (2)').run();
    });
    expect(() => deferred()).toThrow(/database is locked/);
  });

  it('holds the write lock from the start, so the other writer waits and this one commits', () => {
    const refused: string[] = [];
    const work = writeTransaction(db, (value: number) => {
      count(db);
      try {
        other.prepare('INSERT INTO t VALUES (1)').run();
      } catch (error) {
        refused.push(String(error));
      }
      db.prepare('INSERT INTO t VALUES (?)').run(value);
      return count(db);
    });
    expect(work(2)).toBe(1);
    expect(refused).toEqual([expect.stringMatching(/database is locked/)]);
    expect(count(other)).toBe(1);
  });

  it('nests as a savepoint that rolls back alone', () => {
    const inner = writeTransaction(db, () => {
      db.prepare('INSERT INTO t VALUES (2)').run();
      throw new Error('inner refused');
    });
    writeTransaction(db, () => {
      db.prepare('INSERT INTO t VALUES (1)').run();
      expect(() => inner()).toThrow('inner refused');
    })();
    expect(db.prepare('SELECT v FROM t').pluck().all()).toEqual([1]);
  });

  it('a read snapshot does not see a commit made while it runs and takes no write lock', () => {
    const seen = readSnapshot(db, () => {
      const before = count(db);
      other.prepare('INSERT INTO t VALUES (1)').run();
      return [before, count(db)];
    });
    expect(seen).toEqual([0, 0]);
    expect(count(db)).toBe(1);
  });
});
