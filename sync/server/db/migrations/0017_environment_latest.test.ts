import { describe, expect, it } from 'vitest';
import { useTestDatabases } from '../../testing/test-databases';
import type { Db } from '../db';
import { migrate } from '../migrate';
import { SERVER_MIGRATIONS } from './index';
import { environmentLatestMigration } from './0017_environment_latest';

const databases = useTestDatabases();

/** Readings as a push writes them: one multi-row statement. */
async function keep(
  db: Db,
  readings: readonly [store: string, sensor: string, kind: string, milli: number, at: number][],
): Promise<void> {
  await db.query(
    `INSERT INTO environment_reading (store_id, register_id, sensor_id, kind, milli, at, received_at)
     SELECT store_id, 'r1', sensor_id, kind, milli, at, 0
     FROM unnest($1::text[], $2::text[], $3::text[], $4::int4[], $5::int8[])
       AS r (store_id, sensor_id, kind, milli, at)`,
    [0, 1, 2, 3, 4].map((i) => readings.map((r) => r[i])),
  );
}

async function latest(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ line: string }>(
    `SELECT store_id || '/' || sensor_id || '/' || kind || '=' || milli || '@' || at AS line
     FROM environment_latest ORDER BY store_id, sensor_id, kind`,
  );
  return rows.map((r) => r.line);
}

describe.each(databases)('migration 17 environment latest on $engine', (database) => {
  it('fills the latest of every store, sensor and kind from the readings already kept', async (context) => {
    expect(SERVER_MIGRATIONS).toContain(environmentLatestMigration);
    const db = await database.open(context);
    await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    const before = SERVER_MIGRATIONS.indexOf(environmentLatestMigration);
    await migrate(db, SERVER_MIGRATIONS.slice(0, before), () => 0);
    await keep(db, [
      ['s1', 'chiller-1', 'temperature', 4_000, 300],
      ['s1', 'chiller-1', 'temperature', 5_000, 100],
      ['s1', 'chiller-1', 'humidity', 60_000, 200],
      ['s2', 'chiller-1', 'temperature', 2_000, 50],
    ]);
    // The same moment twice: the one written later is the latest.
    await keep(db, [['s1', 'chiller-1', 'temperature', 4_500, 300]]);
    await migrate(db, SERVER_MIGRATIONS, () => 0);
    expect(await latest(db)).toEqual([
      's1/chiller-1/humidity=60000@200',
      's1/chiller-1/temperature=4500@300',
      's2/chiller-1/temperature=2000@50',
    ]);
  });

  it('keeps the latest as readings arrive, never moved back by a late backlog', async (context) => {
    const db = await database.open(context);
    await keep(db, [
      ['s1', 'floor', 'humidity', 50_000, 1_000],
      ['s1', 'floor', 'humidity', 51_000, 1_060],
      ['s1', 'chiller-1', 'temperature', 3_000, 1_000],
    ]);
    expect(await latest(db)).toEqual([
      's1/chiller-1/temperature=3000@1000',
      's1/floor/humidity=51000@1060',
    ]);
    // Another register's backlog from before: older readings are kept, the latest stays.
    await keep(db, [
      ['s1', 'floor', 'humidity', 40_000, 500],
      ['s1', 'chiller-1', 'temperature', 9_000, 1_120],
    ]);
    expect(await latest(db)).toEqual([
      's1/chiller-1/temperature=9000@1120',
      's1/floor/humidity=51000@1060',
    ]);
    // A rolled-back insert leaves the latest as it was.
    await expect(
      db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO environment_reading (store_id, register_id, sensor_id, kind, milli, at, received_at)
           VALUES ('s1', 'r1', 'floor', 'humidity', 70000, 2000, 0)`,
        );
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await latest(db)).toEqual([
      's1/chiller-1/temperature=9000@1120',
      's1/floor/humidity=51000@1060',
    ]);
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int4 AS n FROM environment_reading',
    );
    expect(rows[0]?.n).toBe(5);
  });
});
