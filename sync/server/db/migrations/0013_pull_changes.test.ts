import { describe, expect, it } from 'vitest';
import type { TestContext } from 'vitest';
import { useTestDatabases } from '../../testing/test-databases';
import type { Db } from '../db';
import { migrate } from '../migrate';
import { openPgDb } from '../pg-db';
import { openPgliteDb } from '../pglite-db';
import { SERVER_MIGRATIONS } from './index';
import { pullChangesMigration } from './0013_pull_changes';

const databases = useTestDatabases();
const before = SERVER_MIGRATIONS.slice(0, SERVER_MIGRATIONS.indexOf(pullChangesMigration));
// Through this migration only: migration 15 moves the counter onto the clock.
const through = SERVER_MIGRATIONS.slice(0, SERVER_MIGRATIONS.indexOf(pullChangesMigration) + 1);

async function changes(db: Db) {
  const { rows } = await db.query<{ stream: string; scope: string; key: string; c: number }>(
    'SELECT stream, scope, key, change_cursor AS c FROM pull_change ORDER BY change_cursor',
  );
  return rows.map((r) => [r.stream, r.scope, r.key, r.c]);
}

describe.each(databases)('migration 13 pull changes on $engine', (database) => {
  async function unmigrated(context: TestContext): Promise<Db> {
    return database.engine === 'pglite'
      ? openPgliteDb(undefined)
      : openPgDb(await database.url(context));
  }

  it('gives what is there a cursor, then every write of a member, lot or level a new one', async (context) => {
    const db = await unmigrated(context);
    try {
      await migrate(db, before, () => 1);
      await db.exec(`
        INSERT INTO store (id, name, created_at) VALUES ('s1', 'Store 1', 0);
        INSERT INTO member (id, code, phone, card_number, name, level, points, total_spent,
          currency, order_count, status)
        VALUES ('m2', 'M2', '138', '', 'B', 'bronze', 0, 0, 'CNY', 0, 'active'),
               ('m1', 'M1', '139', '', 'A', 'bronze', 0, 0, 'CNY', 0, 'active');
        INSERT INTO stock_level (store_id, product_id, total, available, locked, safety, version)
        VALUES ('s1', '7', 5, 5, 0, 0, 1);`);
      await migrate(db, through, () => 1);
      expect(await changes(db)).toEqual([
        ['members', '', 'm1', 1],
        ['members', '', 'm2', 2],
        ['stock', 's1', '7', 3],
      ]);

      // A lot written alone moves its member; the counter goes on from the backfill.
      await db.exec(`INSERT INTO points_lot (id, member_id, points, remaining, earned_at,
        expires_at, reference) VALUES ('m2/lot-1', 'm2', 10, 10, 0, 1, 'x')`);
      await db.exec("UPDATE stock_level SET available = 4, total = 4 WHERE product_id = '7'");
      expect(await changes(db)).toEqual([
        ['members', '', 'm1', 1],
        ['members', '', 'm2', 4],
        ['stock', 's1', '7', 5],
      ]);
      // An emptied counter (a test's TRUNCATE) starts again instead of failing every write.
      await db.exec('DELETE FROM pull_change_counter; DELETE FROM pull_change');
      await db.exec("UPDATE member SET name = 'C' WHERE id = 'm1'");
      expect(await changes(db)).toEqual([['members', '', 'm1', 1]]);
    } finally {
      await db.close();
    }
  });
});
