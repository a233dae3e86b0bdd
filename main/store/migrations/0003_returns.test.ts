import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../migrate';
import { openRegisterDb } from '../open-register-store';
import type { RegisterDb } from '../register-db';
import { catalogMigration } from './0001_catalog';
import { counterMigration } from './0002_counter';
import { returnsMigration } from './0003_returns';

let dir: string;
let db: RegisterDb;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'migration-0003-'));
  db = openRegisterDb(path.join(dir, 'register.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('migration 0003 returns', () => {
  it('applies on top of version 2 and keeps its sales', () => {
    migrate(db, [catalogMigration, counterMigration]);
    db.prepare("UPDATE register_counter SET value = 7 WHERE name = 'receipt_no'").run();
    migrate(db, [catalogMigration, counterMigration, returnsMigration]);
    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'refund%'")
      .pluck()
      .all();
    expect(tables).toEqual(['refund', 'refund_line', 'refund_payment']);
    expect(
      db.prepare("SELECT value FROM register_counter WHERE name = 'receipt_no'").pluck().get(),
    ).toBe(7);
  });

  it('refuses a refund of nothing and a payment of an unknown kind', () => {
    migrate(db, [catalogMigration, counterMigration, returnsMigration]);
    const refund = db.prepare(
      `INSERT INTO refund (id, receipt_no, staff_id, reason, amount, cash_out, cash_rounding, restock, created_at)
       VALUES (?, ?, 'c1', 'r', ?, 0, 0, 1, 0)`,
    );
    expect(() => refund.run('a', 1, 0)).toThrow(/CHECK/);
    refund.run('b', 2, 100);
    expect(() => refund.run('c', 2, 100)).toThrow(/UNIQUE/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO refund_payment (refund_id, seq, kind, amount, details) VALUES ('b', 1, 'iou', 1, '{}')",
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});
