import { describe, expect, it } from 'vitest';
import { useTestDatabases } from '../../testing/test-databases';
import { SERVER_MIGRATIONS } from './index';
import { environmentMigration } from './0014_environment';

const databases = useTestDatabases();

describe.each(databases)('migration 14 environment on $engine', (database) => {
  it('keeps readings per store and sensor and refuses a reading of no known kind', async (context) => {
    expect(SERVER_MIGRATIONS).toContain(environmentMigration);
    const db = await database.open(context);
    const insert = (sensor: string, kind: string) =>
      db.query(
        `INSERT INTO environment_reading (store_id, register_id, sensor_id, kind, milli, at, received_at)
         VALUES ('s1', 'r1', $1, $2, 4000, 1, 2)`,
        [sensor, kind],
      );
    await insert('chiller-1', 'temperature');
    await insert('chiller-1', 'temperature');
    await expect(insert('chiller-1', 'pressure')).rejects.toThrow(/check/i);
    await expect(insert('chiller 1', 'temperature')).rejects.toThrow(/check/i);
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int4 AS n FROM environment_reading',
    );
    expect(rows).toEqual([{ n: 2 }]);
  });
});
