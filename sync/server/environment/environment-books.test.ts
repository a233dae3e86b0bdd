// The server's sensor summaries on both engines: each sensor and kind's latest reading with the
// low and high of the day before it, per store or every store's, and the latest alone (/metrics).
import { describe, expect, it } from 'vitest';
import { useTestDatabases } from '../testing/test-databases';
import { latestSensorReadings, sensorSummaries } from './environment-books';

const databases = useTestDatabases();
const DAY_MS = 24 * 60 * 60 * 1000;
const T = 100 * DAY_MS;

describe.each(databases)('environment books on $engine', (database) => {
  it('sums up each sensor: latest, and the low and high of the day before it', async (context) => {
    const db = await database.open(context);
    const readings: [string, string, string, string, number, number][] = [
      // Older than a day before the latest: not in the low.
      ['s1', 'r1', 'chiller-1', 'temperature', -5_000, T - DAY_MS - 1],
      ['s1', 'r1', 'chiller-1', 'temperature', 1_000, T - DAY_MS + 1],
      ['s1', 'r2', 'chiller-1', 'temperature', 9_000, T - 3_600_000],
      ['s1', 'r1', 'chiller-1', 'temperature', 4_000, T],
      // The other kind of the same sensor is summed up apart.
      ['s1', 'r1', 'chiller-1', 'humidity', 80_000, T - 60_000],
      ['s2', 'r9', 'floor', 'humidity', 50_000, T - 120_000],
    ];
    await db.query(
      `INSERT INTO environment_reading (store_id, register_id, sensor_id, kind, milli, at, received_at)
       SELECT *, 0 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int4[], $6::int8[])`,
      [0, 1, 2, 3, 4, 5].map((i) => readings.map((r) => r[i])),
    );
    expect(await sensorSummaries(db, 's1')).toEqual([
      {
        storeId: 's1',
        sensorId: 'chiller-1',
        kind: 'humidity',
        milli: 80_000,
        at: T - 60_000,
        registerId: 'r1',
        minMilli: 80_000,
        maxMilli: 80_000,
      },
      {
        storeId: 's1',
        sensorId: 'chiller-1',
        kind: 'temperature',
        milli: 4_000,
        at: T,
        registerId: 'r1',
        minMilli: 1_000,
        maxMilli: 9_000,
      },
    ]);
    expect((await sensorSummaries(db)).map((s) => `${s.storeId}/${s.sensorId}/${s.kind}`)).toEqual([
      's1/chiller-1/humidity',
      's1/chiller-1/temperature',
      's2/floor/humidity',
    ]);
    expect(await sensorSummaries(db, 's3')).toEqual([]);
    expect(await latestSensorReadings(db)).toEqual([
      { storeId: 's1', sensorId: 'chiller-1', kind: 'humidity', milli: 80_000 },
      { storeId: 's1', sensorId: 'chiller-1', kind: 'temperature', milli: 4_000 },
      { storeId: 's2', sensorId: 'floor', kind: 'humidity', milli: 50_000 },
    ]);
  });
});
