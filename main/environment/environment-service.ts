// The store's environment sensors at this register: every reading kept as its minute's latest,
// the sensors shown on the dashboard (out of range said as an alert), and each finished minute
// sent to head office as one `environment.readings` outbox row. A sensor that sends garbage is
// logged by its driver and changes nothing here.
import type { SensorView, reportsCommands } from '../../app/commands';
import { ok } from '../../app/result';
import type { SensorReading } from '../../hardware';
import type { AuthService } from '../auth/auth-service';
import type { Handlers } from '../core/dispatch';
import type { Clock, Logger } from '../core/ports';
import type { RegisterDevices } from '../devices/register-devices';
import { appendOutbox } from '../outbox/outbox';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';
import { writeTransaction } from '../store/write-transaction';

/** The range a sensor is kept in, milli-units (a chiller: 0 to 8 °C is 0 to 8,000). */
export interface SensorRange {
  readonly min: number;
  readonly max: number;
}

export interface EnvironmentService {
  readonly handlers: Handlers<Pick<typeof reportsCommands, 'reports.environment'>>;
  /** Sends every finished minute not sent yet (the timer does this; tests and close call it). */
  flush(): void;
  close(): void;
}

const MINUTE_MS = 60_000;
/** Readings older than this are dropped here (head office keeps them). */
const KEEP_MS = 30 * 24 * 60 * MINUTE_MS;

export interface ReadingRow {
  sensor_id: string;
  kind: 'temperature' | 'humidity';
  milli: number;
  at: number;
}

/** The reads below repeat per sensor and kind (exported for the test of their plans). */
export const READING_KEY_SQL = {
  // Past the key's last possible minute: a seek on (sensor_id, kind) alone lands on the key's
  // first minute and steps through all of them (3.6 ms a key for a month).
  nextKey: `SELECT sensor_id, kind FROM environment_reading
    WHERE (sensor_id, kind, minute) > (?, ?, 9223372036854775807)
    ORDER BY sensor_id, kind, minute LIMIT 1`,
  lastOf: `SELECT sensor_id, kind, milli, at FROM environment_reading WHERE sensor_id = ? AND kind = ?
    ORDER BY minute DESC LIMIT 1`,
  pruneOf: `DELETE FROM environment_reading
    WHERE sensor_id = ? AND kind = ? AND minute < ? AND outboxed = 1`,
} as const;

type ReadingKey = Pick<ReadingRow, 'sensor_id' | 'kind'>;

/**
 * Every sensor and kind kept, in order: the key after the last one found, read off the primary
 * key, so a few index seeks per sensor however many minutes are kept.
 *
 * Why not a query over the rows: a month of minutes is 43,200 rows per sensor and kind. Reading
 * each one's latest row by row grew with their square (0.6 s for three sensors' day, 5 s for
 * three days), and the prune scanned them all (10 ms a month), on the thread that answers scans.
 */
function readingKeys(db: RegisterDb): ReadingKey[] {
  const nextKey = statement<[string, string], ReadingKey>(db, READING_KEY_SQL.nextKey);
  const keys: ReadingKey[] = [];
  // Sensor ids are never empty (the table's check), so ('', '') comes before every key.
  let after: ReadingKey | undefined;
  for (;;) {
    const key = nextKey.get(after?.sensor_id ?? '', after?.kind ?? '');
    if (key === undefined) return keys;
    keys.push(key);
    after = key;
  }
}

/** Each sensor and kind's latest reading, in sensor and kind order. */
export function latestReadings(db: RegisterDb): ReadingRow[] {
  const lastOf = statement<[string, string], ReadingRow>(db, READING_KEY_SQL.lastOf);
  return readingKeys(db).flatMap((key) => lastOf.get(key.sensor_id, key.kind) ?? []);
}

/** Drops the sent readings of minutes before `beforeMinute`, sensor by sensor. */
export function pruneReadings(db: RegisterDb, beforeMinute: number): void {
  const prune = statement(db, READING_KEY_SQL.pruneOf);
  for (const key of readingKeys(db)) prune.run(key.sensor_id, key.kind, beforeMinute);
}

export function createEnvironmentService(
  options: Readonly<{
    db: RegisterDb;
    clock: Clock;
    logger: Logger;
    auth: AuthService;
    storeId: string;
    registerId: string;
    sensor?: RegisterDevices['sensor'];
    ranges?: Readonly<Record<string, SensorRange>>;
    /** How often finished minutes are sent (15 s). */
    flushEveryMs?: number;
  }>,
): EnvironmentService {
  const { db, clock, logger } = options;
  const ranges = options.ranges ?? {};

  const keep = (reading: SensorReading): void => {
    const at = clock.now();
    statement(
      db,
      `INSERT INTO environment_reading (sensor_id, kind, minute, milli, at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (sensor_id, kind, minute) DO UPDATE SET milli = excluded.milli, at = excluded.at`,
    ).run(reading.sensorId, reading.kind, Math.floor(at / MINUTE_MS), reading.milli, at);
  };

  const sendFinished = writeTransaction(db, (): number => {
    const now = clock.now();
    const current = Math.floor(now / MINUTE_MS);
    const rows = statement<[number], ReadingRow>(
      db,
      `SELECT sensor_id, kind, milli, at FROM environment_reading
       WHERE outboxed = 0 AND minute < ? ORDER BY minute, sensor_id, kind LIMIT 200`,
    ).all(current);
    if (rows.length > 0) {
      appendOutbox(db, {
        registerId: options.registerId,
        type: 'environment.readings',
        at: now,
        payload: {
          storeId: options.storeId,
          readings: rows.map((r) => ({
            sensorId: r.sensor_id,
            kind: r.kind,
            milli: r.milli,
            at: r.at,
          })),
        },
      });
      const mark = statement(
        db,
        'UPDATE environment_reading SET outboxed = 1 WHERE sensor_id = ? AND kind = ? AND at = ?',
      );
      for (const r of rows) mark.run(r.sensor_id, r.kind, r.at);
    }
    return rows.length;
  });
  const prune = writeTransaction(db, () =>
    pruneReadings(db, Math.floor((clock.now() - KEEP_MS) / MINUTE_MS)),
  );

  const flush = (): void => {
    try {
      // A backlog (a register that was off) goes 200 readings a row.
      while (sendFinished() === 200);
      prune();
    } catch (error) {
      logger.error('environment readings not sent', { error: String(error) });
    }
  };

  const off = options.sensor?.on((event) => {
    if (event.type !== 'data') return;
    try {
      keep(event.data);
    } catch (error) {
      logger.error('environment reading not kept', { error: String(error) });
    }
  });
  const timer = setInterval(flush, options.flushEveryMs ?? 15_000);
  timer.unref();

  const view = (row: ReadingRow): SensorView => {
    const range = ranges[row.sensor_id] ?? null;
    return {
      sensorId: row.sensor_id,
      kind: row.kind,
      milli: row.milli,
      at: row.at,
      range,
      alert: range !== null && (row.milli < range.min || row.milli > range.max),
    };
  };

  return {
    handlers: {
      'reports.environment': () => {
        const session = options.auth.requireSession();
        if (!session.ok) return session;
        return ok({ sensors: latestReadings(db).map(view) });
      },
    },
    flush,
    close() {
      clearInterval(timer);
      off?.();
      flush();
    },
  };
}
