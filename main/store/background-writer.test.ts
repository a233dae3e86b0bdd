import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackgroundWriteError, openBackgroundWriter } from './background-writer';
import type { BackgroundWriter } from './background-writer';
import { openRegisterDb } from './open-register-store';
import type { RegisterDb } from './register-db';

let dir: string;
let db: RegisterDb;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'background-writer-'));
  db = openRegisterDb(path.join(dir, 'register.sqlite'));
  db.exec('CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function count(): number {
  return db.prepare('SELECT count(*) FROM item').pluck().get() as number;
}

describe.each([
  ['worker', true],
  ['inline', false],
] as const)('background writer (%s)', (kind, useWorker) => {
  let writer: BackgroundWriter;
  beforeEach(() => {
    writer = openBackgroundWriter(db, { useWorker });
  });
  afterEach(async () => {
    await writer.close();
  });

  it('runs on the connection it says it runs on', () => {
    expect(writer.kind).toBe(kind);
  });

  it('runs the steps in one transaction and answers changes and read values', async () => {
    const result = await writer.transaction([
      { sql: 'INSERT INTO item (name) VALUES (?), (?)', params: ['tea', 'rice'] },
      { sql: 'UPDATE item SET name = upper(name) WHERE name = ?', params: ['tea'] },
      { sql: 'SELECT count(*) FROM item' },
      { sql: 'SELECT name FROM item WHERE name = ?', params: ['none'] },
    ]);
    expect(result.values).toEqual([2, 1, 2, null]);
    expect(result.millis).toBeGreaterThanOrEqual(0);
    // Committed: this thread's connection sees it.
    expect(db.prepare('SELECT name FROM item ORDER BY id').pluck().all()).toEqual(['TEA', 'rice']);
  });

  it('rolls the whole transaction back when a step fails, and keeps working', async () => {
    await writer.transaction([{ sql: "INSERT INTO item (name) VALUES ('tea')" }]);
    const failed = writer.transaction([
      { sql: "INSERT INTO item (name) VALUES ('rice')" },
      { sql: "INSERT INTO item (name) VALUES ('tea')" },
    ]);
    await expect(failed).rejects.toThrow(/UNIQUE/);
    if (kind === 'worker') {
      await expect(failed).rejects.toBeInstanceOf(BackgroundWriteError);
      await expect(failed).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    }
    expect(count()).toBe(1);
    await writer.transaction([{ sql: "INSERT INTO item (name) VALUES ('rice')" }]);
    expect(count()).toBe(2);
  });

  it('checkpoints the log into the database file', async () => {
    await writer.transaction([{ sql: "INSERT INTO item (name) VALUES ('tea')" }]);
    await writer.checkpoint();
    const log = db.pragma('wal_checkpoint(PASSIVE)', { simple: false }) as { log: number }[];
    expect(log[0]?.log).toBe(0);
  });

  it('refuses work once closed', async () => {
    await writer.close();
    if (kind === 'worker') {
      await expect(writer.transaction([{ sql: 'SELECT 1' }])).rejects.toThrow(/closed/);
    }
  });
});

describe('background writer on a worker thread', () => {
  it('leaves this thread free: reads answer while a long transaction runs', async () => {
    const writer = openBackgroundWriter(db);
    try {
      await writer.transaction([{ sql: "INSERT INTO item (name) VALUES ('first')" }]);
      // A transaction of ~100k rows: well over a few milliseconds of writer work.
      const long = writer.transaction([
        {
          sql: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
                INSERT INTO item (name) SELECT 'bulk ' || i FROM n`,
        },
      ]);
      let readsDuring = 0;
      let settled = false;
      void long.finally(() => {
        settled = true;
      });
      while (!settled) {
        // WAL: this connection reads the last committed state, never waiting for the writer.
        if (count() === 1) readsDuring += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect((await long).values).toEqual([100_000]);
      expect(readsDuring).toBeGreaterThan(1);
      expect(count()).toBe(100_001);
    } finally {
      await writer.close();
    }
  });

  it('checks foreign keys unless the caller vouches for them', async () => {
    db.exec('CREATE TABLE tag (item_id INTEGER NOT NULL REFERENCES item (id))');
    const orphan = [{ sql: 'INSERT INTO tag (item_id) VALUES (42)' }];
    const checked = openBackgroundWriter(db);
    const unchecked = openBackgroundWriter(db, { foreignKeys: false });
    try {
      await expect(checked.transaction(orphan)).rejects.toMatchObject({
        code: 'SQLITE_CONSTRAINT_FOREIGNKEY',
      });
      await expect(unchecked.transaction(orphan)).resolves.toMatchObject({ values: [1] });
    } finally {
      await checked.close();
      await unchecked.close();
    }
  });

  it('runs on this connection when the database is in memory', async () => {
    const memory = new Database(':memory:');
    try {
      const writer = openBackgroundWriter(memory);
      expect(writer.kind).toBe('inline');
      await writer.close();
    } finally {
      memory.close();
    }
  });
});
