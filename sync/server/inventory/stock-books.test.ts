import { describe, expect, it } from 'vitest';
import type { Db } from '../db/db';
import { inVersionedTransaction } from '../db/version-retry';
import { useTestDatabases } from '../testing/test-databases';
import type { StockMoveRequest } from './stock-books';
import { moveStock, readStock, setSafetyStock } from './stock-books';

async function withStore(db: Db): Promise<Db> {
  await db.query("INSERT INTO store (id, name, created_at) VALUES ('s1', 'One', 0)");
  return db;
}

const move = (db: Db, request: Omit<StockMoveRequest, 'storeId' | 'productId'>) =>
  inVersionedTransaction(db, (tx) =>
    moveStock(tx, { storeId: 's1', productId: 'p1', ...request }, 1000),
  );

describe.each(useTestDatabases())('stock books on $engine', (database) => {
  it('receives, locks, deducts and releases with one log row each', async (context) => {
    const db = await withStore(await database.open(context));
    await setSafetyStock(db, 's1', 'p1', 3);
    expect((await move(db, { kind: 'receive', quantity: 10 })).ok).toBe(true);
    expect((await move(db, { kind: 'lock', quantity: 4, orderId: 'o1' })).ok).toBe(true);
    expect((await move(db, { kind: 'release', quantity: 1, orderId: 'o1' })).ok).toBe(true);
    const deducted = await move(db, { kind: 'deduct', quantity: 3, orderId: 'o1' });
    expect(deducted).toMatchObject({ ok: true, value: { total: 7, available: 7, locked: 0 } });
    const log = await db.query<{ type: string; before: number; after: number }>(
      'SELECT type, before, after FROM stock_move ORDER BY id',
    );
    expect(log.rows).toEqual([
      { type: 'in', before: 0, after: 10 },
      { type: 'lock', before: 10, after: 6 },
      { type: 'unlock', before: 6, after: 7 },
      { type: 'out', before: 10, after: 7 },
    ]);
  });

  it('raises a low-stock alert and an outbox event when a deduct leaves stock at safety', async (context) => {
    const db = await withStore(await database.open(context));
    await setSafetyStock(db, 's1', 'p1', 5);
    await move(db, { kind: 'receive', quantity: 8 });
    await move(db, { kind: 'lock', quantity: 3 });
    await move(db, { kind: 'deduct', quantity: 3 });
    const alerts = await db.query<{ available: number; safety: number }>(
      'SELECT available, safety FROM stock_alert',
    );
    expect(alerts.rows).toEqual([{ available: 5, safety: 5 }]);
    const events = await db.query<{ type: string }>('SELECT type FROM outbox_event');
    expect(events.rows).toEqual([{ type: 'lowStock' }]);
  });

  it('refuses a lock beyond available and a deduct beyond locked, writing nothing', async (context) => {
    const db = await withStore(await database.open(context));
    await move(db, { kind: 'receive', quantity: 2 });
    expect(await move(db, { kind: 'lock', quantity: 3 })).toMatchObject({
      ok: false,
      error: { code: 'stock.insufficient' },
    });
    expect(await move(db, { kind: 'deduct', quantity: 1 })).toMatchObject({
      ok: false,
      error: { code: 'stock.notLocked' },
    });
    expect(await move(db, { kind: 'adjust', quantity: -3 })).toMatchObject({
      ok: false,
      error: { code: 'stock.insufficient' },
    });
    const level = await readStock(db, 's1', 'p1');
    expect(level).toMatchObject({ total: 2, available: 2, locked: 0, version: 1 });
    const log = await db.query<{ n: number }>('SELECT count(*) AS n FROM stock_move');
    expect(log.rows[0]?.n).toBe(1);
  });

  it('loses no update when many writers lock at once (version check and retry)', async (context) => {
    const db = await withStore(await database.open(context));
    await move(db, { kind: 'receive', quantity: 10 });
    const results = await Promise.all(
      Array.from({ length: 16 }, () => move(db, { kind: 'lock', quantity: 1 })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => !r.ok)).toHaveLength(6);
    expect(await readStock(db, 's1', 'p1')).toMatchObject({
      total: 10,
      available: 0,
      locked: 10,
      version: 11,
    });
    const log = await db.query<{ n: number }>(
      "SELECT count(*) AS n FROM stock_move WHERE type = 'lock'",
    );
    expect(log.rows[0]?.n).toBe(10);
  });
});
