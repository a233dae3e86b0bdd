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

interface ReadingRow {
  sensor_id: string;
  kind: 'temperature' | 'humidity';
  milli: number;
  at: number;
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
    statement(db, 'DELETE FROM environment_reading WHERE outboxed = 1 AND minute < ?').run(
      Math.floor((now - KEEP_MS) / MINUTE_MS),
    );
    return rows.length;
  });

  const flush = (): void => {
    try {
      // A backlog (a register that was off) goes 200 readings a row.
      while (sendFinished() === 200);
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
        const rows = statement<[], ReadingRow>(
          db,
          `SELECT sensor_id, kind, milli, at FROM environment_reading r
           WHERE at = (SELECT max(at) FROM environment_reading l
                       WHERE l.sensor_id = r.sensor_id AND l.kind = r.kind)
           ORDER BY sensor_id, kind`,
        ).all();
        return ok({ sensors: rows.map(view) });
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
