import { describe, expect, it } from 'vitest';
import { useTestDatabases } from '../../testing/test-databases';
import type { Db } from '../db';
import { SERVER_MIGRATIONS } from './index';
import { pullChangesPerCommitMigration } from './0016_pull_changes_per_commit';

const databases = useTestDatabases();

type Change = [stream: string, scope: string, key: string, cursor: number];

async function changes(db: Db): Promise<Change[]> {
  const { rows } = await db.query<{ stream: string; scope: string; key: string; c: number }>(
    'SELECT stream, scope, key, change_cursor AS c FROM pull_change ORDER BY change_cursor',
  );
  return rows.map((r) => [r.stream, r.scope, r.key, r.c]);
}

async function counter(db: Db): Promise<number> {
  const { rows } = await db.query<{ c: number }>(
    'SELECT last_cursor AS c FROM pull_change_counter',
  );
  return rows[0]?.c ?? 0;
}

async function leftOver(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM pull_change_pending)
          + (SELECT count(*) FROM pull_change_flush) AS n`,
  );
  return Number(rows[0]?.n ?? -1);
}

const seed = `
  INSERT INTO store (id, name, created_at) VALUES ('s1', 'Store 1', 0);
  INSERT INTO member (id, code, phone, card_number, name, level, points, total_spent,
    currency, order_count, status)
  VALUES ('m1', 'M1', '139', '', 'A', 'bronze', 0, 0, 'CNY', 0, 'active');`;

describe.each(databases)('migration 16 pull changes per commit on $engine', (database) => {
  it('gives every key a transaction changed one cursor of a block taken at its commit', async (context) => {
    expect(SERVER_MIGRATIONS.at(-1)?.id).toBeGreaterThanOrEqual(pullChangesPerCommitMigration.id);
    const db = await database.open(context);
    await db.exec(seed);
    const afterSeed = await counter(db);

    await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO stock_level (store_id, product_id, total, available, locked,
        safety, version) VALUES ('s1', 'b', 5, 5, 0, 0, 1), ('s1', 'a', 5, 5, 0, 0, 1)`);
      // The same key written again in the transaction still gets one cursor.
      await tx.query("UPDATE stock_level SET available = 4, total = 4 WHERE product_id = 'a'");
      await tx.query(`INSERT INTO points_lot (id, member_id, points, remaining, earned_at,
        expires_at, reference) VALUES ('m1/lot-1', 'm1', 10, 10, 0, 1, 'x')`);
      await tx.query("UPDATE member SET name = 'B' WHERE id = 'm1'");
      // Nothing is given a cursor before the commit.
      const { rows } = await tx.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pull_change WHERE stream = 'stock'",
      );
      expect(rows[0]?.n).toBe(0);
    });
    const block = await changes(db);
    expect(block.map(([stream, scope, key]) => [stream, scope, key])).toEqual([
      ['members', '', 'm1'],
      ['stock', 's1', 'a'],
      ['stock', 's1', 'b'],
    ]);
    const cursors = block.map(([, , , c]) => c);
    const first = cursors[0] ?? 0;
    // One block: consecutive, after everything before, and the counter at its end.
    expect(first).toBeGreaterThan(afterSeed);
    expect(cursors).toEqual([first, first + 1, first + 2]);
    expect(await counter(db)).toBe(first + 2);
    expect(await leftOver(db)).toBe(0);

    // The next commit's block comes after it (or later still, when the clock has passed it).
    await db.exec("UPDATE stock_level SET available = 3, total = 3 WHERE product_id = 'b'");
    const [, , key, next] = (await changes(db)).at(-1) ?? [];
    expect(key).toBe('b');
    expect(next).toBeGreaterThan(first + 2);
    expect(await counter(db)).toBe(next);

    // A statement that changes nothing queues nothing.
    await db.exec("UPDATE stock_level SET available = 0, total = 0 WHERE product_id = 'none'");
    expect(await counter(db)).toBe(next);
  });

  it('forgets what a rolled-back transaction or savepoint changed', async (context) => {
    const db = await database.open(context);
    await db.exec(seed);
    const before = await changes(db);
    await expect(
      db.transaction(async (tx) => {
        await tx.query("UPDATE member SET name = 'Never' WHERE id = 'm1'");
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await changes(db)).toEqual(before);

    await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO stock_level (store_id, product_id, total, available, locked,
        safety, version) VALUES ('s1', 'kept', 5, 5, 0, 0, 1)`);
      await tx.query('SAVEPOINT undo');
      await tx.query(`INSERT INTO stock_level (store_id, product_id, total, available, locked,
        safety, version) VALUES ('s1', 'undone', 5, 5, 0, 0, 1)`);
      await tx.query('ROLLBACK TO SAVEPOINT undo');
    });
    expect((await changes(db)).map(([, , key]) => key)).toEqual(['m1', 'kept']);
    expect(await leftOver(db)).toBe(0);

    // A savepoint rolled back after it queued the transaction's only flush: a later write in the
    // same transaction queues it again.
    await db.transaction(async (tx) => {
      await tx.query('SAVEPOINT first');
      await tx.query("UPDATE stock_level SET available = 1, total = 1 WHERE product_id = 'kept'");
      await tx.query('ROLLBACK TO SAVEPOINT first');
      await tx.query("UPDATE member SET name = 'After' WHERE id = 'm1'");
    });
    expect((await changes(db)).map(([, , key]) => key)).toEqual(['kept', 'm1']);
    expect(await leftOver(db)).toBe(0);
  });

  it('flushes again after an early flush, and restarts an emptied counter', async (context) => {
    const db = await database.open(context);
    await db.exec(seed);
    await db.transaction(async (tx) => {
      await tx.query("UPDATE member SET name = 'Early' WHERE id = 'm1'");
      await tx.query('SET CONSTRAINTS ALL IMMEDIATE');
      await tx.query('SET CONSTRAINTS ALL DEFERRED');
      await tx.query(`INSERT INTO stock_level (store_id, product_id, total, available, locked,
        safety, version) VALUES ('s1', 'late', 5, 5, 0, 0, 1)`);
    });
    const [member, stock] = await changes(db);
    expect(member?.[2]).toBe('m1');
    expect(stock?.[2]).toBe('late');
    expect(stock?.[3]).toBeGreaterThan(member?.[3] ?? Infinity);
    expect(await leftOver(db)).toBe(0);

    // A test's TRUNCATE empties the counter: the next write starts it again on the clock.
    await db.exec('DELETE FROM pull_change_counter; DELETE FROM pull_change');
    const clock = Date.now() * 1000;
    await db.exec("UPDATE member SET name = 'C' WHERE id = 'm1'");
    const [restarted] = await changes(db);
    expect(restarted?.[2]).toBe('m1');
    expect(restarted?.[3]).toBeGreaterThanOrEqual(clock - 5_000_000);
    expect(await counter(db)).toBe(restarted?.[3]);
  });
});
