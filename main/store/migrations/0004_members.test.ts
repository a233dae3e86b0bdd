import { describe, expect, it } from 'vitest';
import { useTempRegisterDb } from '../../../test-support/temp-register-db';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';
import { membersMigration } from './0004_members';

const store = useTempRegisterDb('migration-0004');

const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(membersMigration));

describe('migration 0004 members', () => {
  it('applies on top of version 3', () => {
    expect(before.map((m) => m.id)).toEqual([1, 2, 3]);
    migrate(store.db, before);
    migrate(store.db, [...before, membersMigration]);
    const tables = store.db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'member%'")
      .pluck()
      .all();
    expect(tables).toEqual(['member', 'member_lot', 'member_points_entry']);
  });

  it('keeps member codes unique and allowances non-negative', () => {
    migrate(store.db, [...before, membersMigration]);
    const insert = store.db.prepare(
      `INSERT INTO member (id, code, name, level, status, points, offline_allowance, updated_at)
       VALUES (?, ?, 'A', 'bronze', 'active', 0, ?, 0)`,
    );
    insert.run('a', 'M1', 0);
    expect(() => insert.run('b', 'M1', 0)).toThrow(/UNIQUE/);
    expect(() => insert.run('c', 'M3', -1)).toThrow(/CHECK/);
    expect(() =>
      store.db
        .prepare(
          "INSERT INTO member (id, code, name, level, status, points, updated_at) VALUES ('d', 'M4', 'D', 'diamond', 'active', 0, 0)",
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});
