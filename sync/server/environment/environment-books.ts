// What the server knows of each store's sensors: the latest reading of every sensor, with the
// lowest and highest of the last day (a chiller that warmed overnight shows in its high).
import type { SqlRunner } from '../db/db';

export interface SensorSummary {
  readonly storeId: string;
  readonly sensorId: string;
  readonly kind: 'temperature' | 'humidity';
  /** The latest reading, milli-units, and when it was taken (the register's clock). */
  readonly milli: number;
  readonly at: number;
  readonly registerId: string;
  /** Over the 24 hours before the latest reading. */
  readonly minMilli: number;
  readonly maxMilli: number;
}

/** A sensor's latest reading alone. */
export type SensorReadingNow = Pick<SensorSummary, 'storeId' | 'sensorId' | 'kind' | 'milli'>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Every sensor's latest reading, every store's: what /metrics exports, one row per sensor read. */
export async function latestSensorReadings(db: SqlRunner): Promise<readonly SensorReadingNow[]> {
  const { rows } = await db.query<{
    store_id: string;
    sensor_id: string;
    kind: 'temperature' | 'humidity';
    milli: number;
  }>(
    `SELECT store_id, sensor_id, kind, milli FROM environment_latest
     ORDER BY store_id, sensor_id, kind`,
  );
  return rows.map((r) => ({
    storeId: r.store_id,
    sensorId: r.sensor_id,
    kind: r.kind,
    milli: r.milli,
  }));
}

/**
 * Every sensor of `storeId` (every store's when undefined), in sensor and kind order: the latest
 * reading (migration 17 keeps it) and one day of that sensor and kind for its low and high.
 */
export async function sensorSummaries(
  db: SqlRunner,
  storeId?: string,
): Promise<readonly SensorSummary[]> {
  const { rows } = await db.query<{
    store_id: string;
    sensor_id: string;
    kind: 'temperature' | 'humidity';
    milli: number;
    at: number;
    register_id: string;
    min_milli: number;
    max_milli: number;
  }>(
    `SELECT l.store_id, l.sensor_id, l.kind, l.milli, l.at, l.register_id, d.min_milli, d.max_milli
     FROM environment_latest l
     CROSS JOIN LATERAL (
       SELECT min(r.milli)::int4 AS min_milli, max(r.milli)::int4 AS max_milli
       FROM environment_reading r
       WHERE r.store_id = l.store_id AND r.sensor_id = l.sensor_id AND r.kind = l.kind
         AND r.at > l.at - $2 AND r.at <= l.at
     ) d
     WHERE $1::text IS NULL OR l.store_id = $1
     ORDER BY l.store_id, l.sensor_id, l.kind`,
    [storeId ?? null, DAY_MS],
  );
  return rows.map((r) => ({
    storeId: r.store_id,
    sensorId: r.sensor_id,
    kind: r.kind,
    milli: r.milli,
    at: Number(r.at),
    registerId: r.register_id,
    minMilli: r.min_milli,
    maxMilli: r.max_milli,
  }));
}
