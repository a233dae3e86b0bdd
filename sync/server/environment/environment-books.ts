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

const DAY_MS = 24 * 60 * 60 * 1000;

/** Every sensor of `storeId` (every store's when undefined), latest first per sensor. */
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
    `WITH latest AS (
       SELECT DISTINCT ON (store_id, sensor_id, kind) store_id, sensor_id, kind, milli, at, register_id
       FROM environment_reading
       WHERE $1::text IS NULL OR store_id = $1
       ORDER BY store_id, sensor_id, kind, at DESC, id DESC
     )
     SELECT l.store_id, l.sensor_id, l.kind, l.milli, l.at, l.register_id,
            min(r.milli)::int4 AS min_milli, max(r.milli)::int4 AS max_milli
     FROM latest l
     JOIN environment_reading r
       ON r.store_id = l.store_id AND r.sensor_id = l.sensor_id AND r.kind = l.kind
      AND r.at > l.at - $2
     GROUP BY l.store_id, l.sensor_id, l.kind, l.milli, l.at, l.register_id
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
