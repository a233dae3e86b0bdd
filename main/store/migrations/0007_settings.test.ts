import { describe, expect, it } from 'vitest';
import { useTempRegisterDb } from '../../../test-support/temp-register-db';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';
import { settingsMigration } from './0007_settings';

const store = useTempRegisterDb('migration-0007');

const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(settingsMigration));

describe('migration 0007 settings', () => {
  it('applies on top of version 6 and holds one settings document, a JSON object', () => {
    expect(before.map((m) => m.id)).toEqual([1, 2, 3, 4, 5, 6]);
    migrate(store.db, before);
    migrate(store.db, [...before, settingsMigration]);
    const insert = store.db.prepare(
      'INSERT INTO store_settings (id, settings, version, updated_at) VALUES (?, ?, 0, 0)',
    );
    expect(() => insert.run(1, 'not json')).toThrow(/CHECK/);
    expect(() => insert.run(1, '[1, 2]')).toThrow(/CHECK/);
    expect(() => insert.run(2, '{}')).toThrow(/CHECK/);
    insert.run(1, '{"storeName": "Store"}');
    expect(() => insert.run(1, '{}')).toThrow(/UNIQUE|PRIMARY/);
    expect(store.db.prepare('SELECT count(*) FROM store_settings').pluck().get()).toBe(1);
  });
});
