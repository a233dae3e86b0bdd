import { describe, expect, it } from 'vitest';
import { useTempRegisterDb } from '../../../test-support/temp-register-db';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';
import { syncPullMigration } from './0009_sync_pull';

const store = useTempRegisterDb('migration-0009');

const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(syncPullMigration));

describe('migration 0009 sync pull', () => {
  it('applies on top of version 8 and refuses a negative cursor', () => {
    expect(before.map((m) => m.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    migrate(store.db, before);
    migrate(store.db, [...before, syncPullMigration]);
    const insert = store.db.prepare(
      'INSERT INTO sync_pull_cursor (stream, cursor, updated_at) VALUES (?, ?, 0)',
    );
    insert.run('catalog', 5);
    expect(() => insert.run('prices', -1)).toThrow(/CHECK/);
    expect(() => insert.run('catalog', 6)).toThrow(/UNIQUE/);
    expect(() =>
      store.db
        .prepare(
          "INSERT INTO sync_parked_entry (stream, key, waits_for, entry) VALUES ('p', 'k', 'w', 'x')",
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});
