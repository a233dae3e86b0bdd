import { describe, expect, it } from 'vitest';
import { useTempRegisterDb } from '../../../test-support/temp-register-db';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';
import { environmentMigration } from './0016_environment';

const store = useTempRegisterDb('migration-0016');

const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(environmentMigration));

describe('migration 0016 environment', () => {
  it('keeps one reading per sensor, kind and minute, and refuses readings no sensor sends', () => {
    expect(before.map((m) => m.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    migrate(store.db, before);
    migrate(store.db, [...before, environmentMigration]);
    const insert = store.db.prepare(
      'INSERT INTO environment_reading (sensor_id, kind, minute, milli, at) VALUES (?, ?, ?, ?, ?)',
    );
    insert.run('chiller-1', 'temperature', 100, 4_000, 6_000_000);
    insert.run('chiller-1', 'humidity', 100, 50_000, 6_000_000);
    expect(() => insert.run('chiller-1', 'temperature', 100, 4_100, 6_001_000)).toThrow(
      /UNIQUE|PRIMARY/,
    );
    expect(() => insert.run('chiller 1', 'temperature', 101, 4_000, 0)).toThrow(/CHECK/);
    expect(() => insert.run('chiller-1', 'pressure', 101, 4_000, 0)).toThrow(/CHECK/);
    expect(store.db.prepare('SELECT outboxed FROM environment_reading').pluck().all()).toEqual([
      0, 0,
    ]);
  });
});
