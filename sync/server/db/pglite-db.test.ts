// Embedded PGlite on its worker thread: results, errors with PostgreSQL's fields, transactions that
// commit, roll back and queue other statements, files kept across a reopen, and a closed database
// that says so.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './db';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from './db';
import { openPgliteDb } from './pglite-db';

const opened: Db[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close().catch(() => undefined)));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function open(dataDir?: string): Promise<Db> {
  const db = await openPgliteDb(dataDir);
  opened.push(db);
  await db.exec(`CREATE TABLE IF NOT EXISTS item (
    id text PRIMARY KEY, qty int8 NOT NULL, doc jsonb, raw bytea
  )`);
  return db;
}

describe('PGlite on a worker thread', () => {
  // One database for the tests that need no folder of their own: each start costs seconds.
  let shared: Db;
  beforeAll(async () => {
    shared = await openPgliteDb(undefined);
  });
  afterAll(() => shared.close());
  beforeEach(async () => {
    await shared.exec(`DROP TABLE IF EXISTS item; CREATE TABLE item (
      id text PRIMARY KEY, qty int8 NOT NULL, doc jsonb, raw bytea
    )`);
  });

  it('answers with rows as PGlite gives them: int8 as numbers, json, bytes, arrays in', async () => {
    const db = shared;
    const inserted = await db.query(
      `INSERT INTO item (id, qty, doc, raw)
       SELECT id, qty, '{"a":[1,2]}'::jsonb, '\\x0102'::bytea
       FROM unnest($1::text[], $2::int8[]) AS r (id, qty)`,
      [
        ['a', 'b'],
        [1, 2 ** 40],
      ],
    );
    expect(inserted.rowCount).toBe(2);
    const { rows } = await db.query<{ id: string; qty: number; doc: unknown; raw: Uint8Array }>(
      'SELECT id, qty, doc, raw FROM item ORDER BY id',
    );
    expect(rows.map((r) => [r.id, r.qty, r.doc])).toEqual([
      ['a', 1, { a: [1, 2] }],
      ['b', 2 ** 40, { a: [1, 2] }],
    ]);
    expect([...(rows[0]?.raw ?? [])]).toEqual([1, 2]);
  });

  it('keeps PostgreSQL’s error fields, so the server can tell a duplicate', async () => {
    const db = shared;
    await db.query('INSERT INTO item (id, qty) VALUES ($1, 1)', ['a']);
    const failed = await db.query('INSERT INTO item (id, qty) VALUES ($1, 1)', ['a']).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(pgErrorCode(failed)).toBe(PG_UNIQUE_VIOLATION);
    expect(failed).toMatchObject({ constraint: 'item_pkey' });
    expect((failed as Error).message).toContain('duplicate key');
    // The statement failed alone: the database goes on.
    expect((await db.query('SELECT count(*)::int8 AS n FROM item')).rows).toEqual([{ n: 1 }]);
  });

  it('commits a transaction whole, or rolls it back whole when its work throws', async () => {
    const db = shared;
    const value = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO item (id, qty) VALUES ($1, 1)', ['kept']);
      return 'done';
    });
    expect(value).toBe('done');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO item (id, qty) VALUES ($1, 1)', ['gone']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    // A statement that fails inside the transaction rolls back what came before it too.
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO item (id, qty) VALUES ($1, 1)', ['also gone']);
        await tx.query('INSERT INTO item (id, qty) VALUES ($1, 1)', ['kept']);
      }),
    ).rejects.toMatchObject({ code: PG_UNIQUE_VIOLATION });
    const { rows } = await db.query<{ id: string }>('SELECT id FROM item ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual(['kept']);
  });

  it('queues other statements and transactions until a transaction ends', async () => {
    const db = shared;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = db.transaction(async (tx) => {
      await tx.query('INSERT INTO item (id, qty) VALUES ($1, 1)', ['first']);
      await held;
      await tx.query('UPDATE item SET qty = 2 WHERE id = $1', ['first']);
    });
    // Sent while the first is open: each sees it committed, not half done.
    const read = db.query<{ qty: number }>('SELECT qty FROM item WHERE id = $1', ['first']);
    const second = db.transaction(async (tx) => {
      const { rows } = await tx.query<{ qty: number }>('SELECT qty FROM item WHERE id = $1', [
        'first',
      ]);
      await tx.query('INSERT INTO item (id, qty) VALUES ($1, $2)', ['second', rows[0]?.qty ?? 0]);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await Promise.all([first, second]);
    expect((await read).rows).toEqual([{ qty: 2 }]);
    const { rows } = await db.query('SELECT id, qty FROM item ORDER BY id');
    expect(rows).toEqual([
      { id: 'first', qty: 2 },
      { id: 'second', qty: 2 },
    ]);
  });

  it('keeps its files in the data folder across a reopen', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pglite-worker-'));
    dirs.push(dir);
    const db = await open(path.join(dir, 'pglite'));
    await db.query('INSERT INTO item (id, qty) VALUES ($1, 7)', ['kept']);
    await db.close();
    const again = await open(path.join(dir, 'pglite'));
    expect((await again.query('SELECT id, qty FROM item')).rows).toEqual([{ id: 'kept', qty: 7 }]);
  });

  it('says so when used after it was closed', async () => {
    const db = await open();
    await db.close();
    await expect(db.query('SELECT 1')).rejects.toThrow(/database worker stopped/);
  });
});
