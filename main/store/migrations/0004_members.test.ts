import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../migrate';
import { openRegisterDb } from '../open-register-store';
import type { RegisterDb } from '../register-db';
import { MIGRATIONS } from './index';
import { membersMigration } from './0004_members';

let dir: string;
let db: RegisterDb;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'migration-0004-'));
  db = openRegisterDb(path.join(dir, 'register.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(membersMigration));

describe('migration 0004 members', () => {
  it('applies on top of version 3', () => {
    expect(before.map((m) => m.id)).toEqual([1, 2, 3]);
    migrate(db, before);
    migrate(db, [...before, membersMigration]);
    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'member%'")
      .pluck()
      .all();
    expect(tables).toEqual(['member', 'member_lot', 'member_points_entry']);
  });

  it('keeps member codes unique and allowances non-negative', () => {
    migrate(db, [...before, membersMigration]);
    const insert = db.prepare(
      `INSERT INTO member (id, code, name, level, status, points, offline_allowance, updated_at)
       VALUES (?, ?, 'A', 'bronze', 'active', 0, ?, 0)`,
    );
    insert.run('a', 'M1', 0);
    expect(() => insert.run('b', 'M1', 0)).toThrow(/UNIQUE/);
    expect(() => insert.run('c', 'M3', -1)).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO member (id, code, name, level, status, points, updated_at) VALUES ('d', 'M4', 'D', 'diamond', 'active', 0, 0)",
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});
