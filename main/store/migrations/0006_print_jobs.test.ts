import { describe, expect, it } from 'vitest';
import { useTempRegisterDb } from '../../../test-support/temp-register-db';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';
import { printJobsMigration } from './0006_print_jobs';

const store = useTempRegisterDb('migration-0006');

const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(printJobsMigration));

describe('migration 0006 print jobs', () => {
  it('applies on top of version 5 and refuses unknown job states', () => {
    expect(before.map((m) => m.id)).toEqual([1, 2, 3, 4, 5]);
    migrate(store.db, before);
    migrate(store.db, [...before, printJobsMigration]);
    const insert = store.db.prepare(
      "INSERT INTO print_job (id, created_at, state, job) VALUES (?, 0, ?, '{}')",
    );
    insert.run('a', 'queued');
    expect(() => insert.run('b', 'lost')).toThrow(/CHECK/);
    expect(() => insert.run('a', 'queued')).toThrow(/UNIQUE/);
  });
});
