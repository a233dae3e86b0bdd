import { describe, expect, it } from 'vitest';
import { useTempRegisterDb } from '../../../test-support/temp-register-db';
import { migrate } from '../migrate';
import { catalogMigration } from './0001_catalog';
import { counterMigration } from './0002_counter';

const store = useTempRegisterDb('migration-0002');

function tables(): string[] {
  return store.db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
}

describe('migration 0002 counter', () => {
  it('applies on top of a version-1 store that already has products', () => {
    migrate(store.db, [catalogMigration]);
    store.db
      .prepare(
        "INSERT INTO tax_class (id, name, rate_basis_points) VALUES ('vat-13', 'VAT 13%', 1300)",
      )
      .run();
    store.db
      .prepare(
        `INSERT INTO product (gtin14, name, tax_class_id, price_minor, currency, updated_at)
       VALUES ('06901234567892', 'Milk', 'vat-13', 350, 'CNY', '2026-01-01T00:00:00Z')`,
      )
      .run();
    migrate(store.db, [catalogMigration, counterMigration]);
    expect(tables()).toEqual(
      expect.arrayContaining([
        'register_counter',
        'staff',
        'approval',
        'audit_log',
        'cart',
        'stock_lock',
        'stock_move',
        'promotion',
        'sale',
        'sale_line',
        'sale_payment',
        'outbox',
      ]),
    );
    expect(
      store.db.prepare('SELECT name, value FROM register_counter ORDER BY name').all(),
    ).toEqual([
      { name: 'outbox_seq', value: 0 },
      { name: 'receipt_no', value: 0 },
    ]);
    expect(store.db.prepare('SELECT count(*) FROM product').pluck().get()).toBe(1);
  });

  it('refuses rows that break its rules', () => {
    migrate(store.db, [catalogMigration, counterMigration]);
    const outbox = store.db.prepare(
      `INSERT INTO outbox (seq, register_id, mutation_id, type, payload, schema_version, created_at)
       VALUES (?, 'r1', ?, 'sale.completed', ?, 1, 0)`,
    );
    outbox.run(1, 'm-1', '{}');
    expect(() => outbox.run(2, 'm-1', '{}')).toThrow(/UNIQUE/);
    expect(() => outbox.run(3, 'm-3', 'not json')).toThrow(/CHECK/);
    expect(() =>
      store.db
        .prepare(
          "INSERT INTO staff (id, name, role, pin_hash) VALUES ('x', 'X', 'owner', 'scrypt$')",
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      store.db
        .prepare(
          `INSERT INTO stock_move (product_id, type, quantity, figure, before, after, at)
           VALUES (1, 'teleport', 1, 'total', 0, 1, 0)`,
        )
        .run(),
    ).toThrow(/CHECK|FOREIGN KEY/);
  });
});
