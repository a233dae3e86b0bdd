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
import { membersMigration } from './0004_members';
import { shiftStocktakeMigration } from './0005_shift_stocktake';

const BEFORE = [catalogMigration, counterMigration, returnsMigration, membersMigration];
const ALL = [...BEFORE, shiftStocktakeMigration];

let dir: string;
let db: RegisterDb;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'migration-0005-'));
  db = openRegisterDb(path.join(dir, 'register.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function seedProductAndStaff(): void {
  db.prepare(
    "INSERT INTO tax_class (id, name, rate_basis_points) VALUES ('vat-13', 'VAT 13%', 1300)",
  ).run();
  db.prepare(
    `INSERT INTO product (id, gtin14, name, tax_class_id, price_minor, currency, updated_at)
     VALUES (1, '06901234567892', 'Milk', 'vat-13', 350, 'CNY', '2026-01-01T00:00:00Z')`,
  ).run();
  db.prepare(
    "INSERT INTO staff (id, name, role, pin_hash) VALUES ('c1', 'Li Na', 'cashier', 'scrypt$')",
  ).run();
}

function insertSale(id: string, receiptNo: number): void {
  db.prepare(
    `INSERT INTO sale (id, receipt_no, register_id, store_id, status, cashier_id, currency, subtotal,
       discount_total, tax_total, total, paid, receipt, opened_at, completed_at)
     VALUES (?, ?, 'reg-1', 'store-1', 'completed', 'c1', 'CNY', 350, 0, 40, 350, 350, '{}', 0, 0)`,
  ).run(id, receiptNo);
}

describe('migration 0005 shift_stocktake', () => {
  it('applies on top of version 4, keeps old sales outside any shift and starts Z numbers at 0', () => {
    migrate(db, BEFORE);
    seedProductAndStaff();
    insertSale('old', 1);
    migrate(db, ALL);
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND (name LIKE 'shift%' OR name LIKE 'stocktake%') ORDER BY name",
      )
      .pluck()
      .all();
    expect(tables).toEqual([
      'shift',
      'shift_cash_movement',
      'stocktake',
      'stocktake_count',
      'stocktake_expected',
    ]);
    expect(db.prepare("SELECT value FROM register_counter WHERE name = 'z_no'").pluck().get()).toBe(
      0,
    );
    expect(db.prepare("SELECT shift_id FROM sale WHERE id = 'old'").pluck().get()).toBeNull();
  });

  it('puts a new sale in the open shift, allows one open shift and refuses rows that break its rules', () => {
    migrate(db, ALL);
    seedProductAndStaff();
    const open = db.prepare(
      `INSERT INTO shift (id, register_id, cashier_id, currency, opening_float, opened_at, status)
       VALUES (?, 'reg-1', 'c1', 'CNY', ?, 0, 'open')`,
    );
    open.run('s1', 10_000);
    expect(() => open.run('s2', 0)).toThrow(/UNIQUE/);
    expect(() => open.run('s3', -1)).toThrow(/CHECK/);
    insertSale('a', 1);
    expect(db.prepare("SELECT shift_id FROM sale WHERE id = 'a'").pluck().get()).toBe('s1');
    // Closed without a Z number: refused.
    expect(() => db.prepare("UPDATE shift SET status = 'closed' WHERE id = 's1'").run()).toThrow(
      /CHECK/,
    );
    db.prepare(
      "UPDATE shift SET status = 'closed', z_number = 1, closed_at = 5 WHERE id = 's1'",
    ).run();
    insertSale('b', 2);
    expect(db.prepare("SELECT shift_id FROM sale WHERE id = 'b'").pluck().get()).toBeNull();
    expect(() =>
      db
        .prepare(
          `INSERT INTO shift_cash_movement (id, shift_id, kind, amount, reason, staff_id, at)
           VALUES ('m', 's1', 'paidIn', 0, 'float top-up', 'c1', 0)`,
        )
        .run(),
    ).toThrow(/CHECK/);

    db.prepare(
      `INSERT INTO stocktake (id, store_id, status, opened_by, opened_at)
       VALUES ('t1', 'store-1', 'open', 'c1', 0)`,
    ).run();
    expect(() =>
      db
        .prepare(
          `INSERT INTO stocktake (id, store_id, status, opened_by, opened_at)
           VALUES ('t2', 'store-1', 'open', 'c1', 0)`,
        )
        .run(),
    ).toThrow(/UNIQUE/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO stocktake_count (stocktake_id, product_id, location, counted, updated_at)
           VALUES ('t1', 1, 'A1', -2, 0)`,
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});
