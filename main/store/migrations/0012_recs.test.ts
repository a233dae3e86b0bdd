import { describe, expect, it } from 'vitest';
import { useTempRegisterDb } from '../../../test-support/temp-register-db';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';
import { recsMigration } from './0012_recs';

const store = useTempRegisterDb('migration-0012');

const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(recsMigration));

describe('migration 0012 recs', () => {
  it('applies on top of version 11 and holds one readable model at most', () => {
    expect(before.map((m) => m.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    migrate(store.db, before);
    migrate(store.db, [...before, recsMigration]);
    const insert = store.db.prepare(
      `INSERT INTO recs_model (slot, store_id, version, built_at, applied_at, body)
       VALUES (?, 'store-1', ?, 0, 0, ?)`,
    );
    insert.run(1, 1, '{"format":"recs-model/1"}');
    expect(() => insert.run(1, 2, '{}')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run(2, 2, '{}')).toThrow(/CHECK/);
    store.db.prepare('DELETE FROM recs_model').run();
    expect(() => insert.run(1, 1, 'not json')).toThrow(/CHECK/);
    expect(() => insert.run(1, 0, '{}')).toThrow(/CHECK/);
  });
});
