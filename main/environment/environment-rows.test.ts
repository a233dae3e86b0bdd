// The environment rows' reads on a real SQLite file holding many minutes: the dashboard's latest
// reading per sensor and kind, and the prune of sent minutes past keeping, each the right rows
// and done by index seeks (a month of minutes is kept here).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegisterStore } from '../store/open-register-store';
import { openRegisterStore } from '../store/open-register-store';
import { READING_KEY_SQL, latestReadings, pruneReadings } from './environment-service';

const MINUTE_MS = 60_000;
let dir: string;
let store: RegisterStore;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'latest-readings-'));
  store = openRegisterStore({ dataDir: dir });
});
afterEach(() => {
  store.db.close();
  rmSync(dir, { recursive: true, force: true });
});

function keep(sensorId: string, kind: string, minute: number, milli: number, sent = 0): void {
  store.db
    .prepare(
      'INSERT INTO environment_reading (sensor_id, kind, minute, milli, at, outboxed) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(sensorId, kind, minute, milli, minute * MINUTE_MS + 5_000, sent);
}

describe('latest environment readings', () => {
  it('nothing kept: no sensors', () => {
    expect(latestReadings(store.db)).toEqual([]);
  });

  it('finds each sensor and kind’s last minute among many, in sensor and kind order', () => {
    const start = 29_000_000;
    store.db.transaction(() => {
      for (let m = 0; m < 2_000; m += 1) {
        keep('chiller-2', 'temperature', start + m, 3_000 + m);
        keep('chiller-1', 'temperature', start + m, 4_000 + m);
        keep('chiller-1', 'humidity', start + m, 60_000 - m);
        // A sensor that stopped sending an hour ago still shows its last reading.
        if (m < 1_940) keep('floor', 'humidity', start + m, 50_000 + m);
      }
      keep('a', 'temperature', start + 7, 20_000);
    })();
    /** The row kept for `minute` (`keep` stamps each 5 s into its minute). */
    const row = (sensor_id: string, kind: string, milli: number, minute: number) => ({
      sensor_id,
      kind,
      milli,
      at: minute * MINUTE_MS + 5_000,
    });
    expect(latestReadings(store.db)).toEqual([
      row('a', 'temperature', 20_000, start + 7),
      row('chiller-1', 'humidity', 58_001, start + 1_999),
      row('chiller-1', 'temperature', 5_999, start + 1_999),
      row('chiller-2', 'temperature', 4_999, start + 1_999),
      row('floor', 'humidity', 51_939, start + 1_939),
    ]);
  });

  it('reads and prunes by seeks on the primary key, never a scan of the minutes', () => {
    for (const sql of Object.values(READING_KEY_SQL)) {
      const plan = store.db
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...Array.from(sql.matchAll(/\?/g), () => null))
        .map((row) => row.detail);
      expect(plan).toEqual([
        expect.stringMatching(/^SEARCH environment_reading USING PRIMARY KEY/),
      ]);
    }
    // The next key is sought past every minute of the last one, not stepped to through them.
    expect(
      store.db
        .prepare<[null, null], { detail: string }>(`EXPLAIN QUERY PLAN ${READING_KEY_SQL.nextKey}`)
        .get(null, null)?.detail,
    ).toContain('((sensor_id,kind,minute)>(?,?,?))');
  });

  it('prunes only sent minutes before the cut, of every sensor and kind', () => {
    for (let m = 100; m < 110; m += 1) {
      keep('chiller-1', 'temperature', m, m, 1);
      keep('chiller-1', 'humidity', m, m, 1);
      // Not sent yet (the register was off): kept whatever its age.
      keep('floor', 'humidity', m, m, m % 2);
    }
    pruneReadings(store.db, 105);
    const left = store.db
      .prepare<[], string>(
        "SELECT sensor_id || '/' || kind || '/' || minute FROM environment_reading ORDER BY 1",
      )
      .pluck()
      .all();
    const minutes = (key: string, from: number) =>
      Array.from({ length: 110 - from }, (_, i) => from + i)
        .filter((m) => m >= 105 || m % 2 === 0)
        .map((m) => `${key}/${m}`);
    expect(left).toEqual(
      [
        ...minutes('chiller-1/humidity', 105),
        ...minutes('chiller-1/temperature', 105),
        ...minutes('floor/humidity', 100),
      ].sort(),
    );
  });
});
