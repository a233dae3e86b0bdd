import { describe, expect, it } from 'vitest';
import { useTempRegisterDb } from '../../../test-support/temp-register-db';
import { migrate } from '../migrate';
import { catalogMigration } from './0001_catalog';
import { counterMigration } from './0002_counter';
import { returnsMigration } from './0003_returns';

const store = useTempRegisterDb('migration-0003');

describe('migration 0003 returns', () => {
  it('applies on top of version 2 and keeps its sales', () => {
    migrate(store.db, [catalogMigration, counterMigration]);
    store.db.prepare("UPDATE register_counter SET value = 7 WHERE name = 'receipt_no'").run();
    migrate(store.db, [catalogMigration, counterMigration, returnsMigration]);
    const tables = store.db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'refund%'")
      .pluck()
      .all();
    expect(tables).toEqual(['refund', 'refund_line', 'refund_payment']);
    expect(
      store.db
        .prepare("SELECT value FROM register_counter WHERE name = 'receipt_no'")
        .pluck()
        .get(),
    ).toBe(7);
  });

  it('refuses a refund of nothing and a payment of an unknown kind', () => {
    migrate(store.db, [catalogMigration, counterMigration, returnsMigration]);
    const refund = store.db.prepare(
      `INSERT INTO refund (id, receipt_no, staff_id, reason, amount, cash_out, cash_rounding, restock, created_at)
       VALUES (?, ?, 'c1', 'r', ?, 0, 0, 1, 0)`,
    );
    expect(() => refund.run('a', 1, 0)).toThrow(/CHECK/);
    refund.run('b', 2, 100);
    expect(() => refund.run('c', 2, 100)).toThrow(/UNIQUE/);
    expect(() =>
      store.db
        .prepare(
          "INSERT INTO refund_payment (refund_id, seq, kind, amount, details) VALUES ('b', 1, 'iou', 1, '{}')",
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});
