import { describe, expect, it } from 'vitest';
import { useTestDatabases } from '../../testing/test-databases';
import { takeCursors } from '../../catalog/catalog-cursor';
import type { Db } from '../db';
import { SERVER_MIGRATIONS } from './index';
import { clockCursorsMigration } from './0015_clock_cursors';

const databases = useTestDatabases();

async function memberCursor(db: Db, id: string): Promise<number> {
  const { rows } = await db.query<{ c: number }>(
    "SELECT change_cursor AS c FROM pull_change WHERE stream = 'members' AND key = $1",
    [id],
  );
  const cursor = rows[0]?.c;
  if (cursor === undefined) throw new Error(`no change for member ${id}`);
  return cursor;
}

describe.each(databases)('migration 15 clock cursors on $engine', (database) => {
  it('never hands out again a cursor given before a restore put the counters back', async (context) => {
    expect(SERVER_MIGRATIONS).toContain(clockCursorsMigration);
    const db = await database.open(context);
    const before = Date.now() * 1000;
    await db.exec(`
      INSERT INTO member (id, code, phone, card_number, name, level, points, total_spent,
        currency, order_count, status)
      VALUES ('m1', 'M1', '139', '', 'A', 'bronze', 0, 0, 'CNY', 0, 'active')`);
    const first = await memberCursor(db, 'm1');
    // Not below the clock in microseconds (the database's clock is this machine's).
    expect(first).toBeGreaterThanOrEqual(before - 5_000_000);
    expect(Number.isSafeInteger(first)).toBe(true);
    const pulledThrough = await db.transaction((tx) => takeCursors(tx, 'prices', 3));

    // A restore from an older backup: the counters go back to what they were long ago.
    await db.exec(`UPDATE pull_change_counter SET last_cursor = 10;
                   UPDATE catalog_stream SET last_cursor = 10`);
    await db.exec("UPDATE member SET name = 'B' WHERE id = 'm1'");
    expect(await memberCursor(db, 'm1')).toBeGreaterThan(first);
    const next = await db.transaction((tx) => takeCursors(tx, 'prices', 2));
    expect(next).toBeGreaterThan(pulledThrough + 2);

    // Faster than the clock ticks, cursors still rise one by one and stay unique.
    const burst: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      await db.exec(`UPDATE member SET name = 'N${i}' WHERE id = 'm1'`);
      burst.push(await memberCursor(db, 'm1'));
    }
    expect(new Set(burst).size).toBe(20);
    expect([...burst].sort((a, b) => a - b)).toEqual(burst);
    const run = await db.transaction((tx) => takeCursors(tx, 'prices', 1000));
    // The next one comes after the whole run (later still when the clock has passed it).
    expect(await db.transaction((tx) => takeCursors(tx, 'prices', 1))).toBeGreaterThan(run + 999);
  });
});
