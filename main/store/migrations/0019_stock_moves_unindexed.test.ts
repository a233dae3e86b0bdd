import { describe, expect, it } from 'vitest';
import { useTempRegisterDb } from '../../../test-support/temp-register-db';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';
import { stockMovesUnindexedMigration } from './0019_stock_moves_unindexed';

const store = useTempRegisterDb('migration-0019');

const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(stockMovesUnindexedMigration));

const indexesOnMoves = () =>
  store.db
    .prepare<[], string>(
      "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'stock_move' ORDER BY name",
    )
    .pluck()
    .all();

describe('migration 0019 stock moves unindexed', () => {
  it('drops both indexes of the move log and keeps every move', () => {
    expect(before.map((m) => m.id)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
    ]);
    migrate(store.db, before);
    expect(indexesOnMoves()).toEqual(['stock_move_order', 'stock_move_product']);
    store.db.exec(
      "INSERT INTO tax_class (id, name, rate_basis_points) VALUES ('vat-13', 'VAT 13%', 1300)",
    );
    const productId = Number(
      store.db
        .prepare(
          `INSERT INTO product (gtin14, name, tax_class_id, price_minor, currency, updated_at)
           VALUES ('00000000000017', 'Milk', 'vat-13', 990, 'CNY', '2025-01-01T00:00:00Z')`,
        )
        .run().lastInsertRowid,
    );
    const move = store.db.prepare(
      `INSERT INTO stock_move (product_id, type, quantity, figure, before, after, order_id, at)
       VALUES (?, 'out', 1, 'total', ?, ?, 'sale-1', 1)`,
    );
    move.run(productId, 10, 9);
    move.run(productId, 9, 8);

    migrate(store.db, [...before, stockMovesUnindexedMigration]);

    expect(indexesOnMoves()).toEqual([]);
    expect(
      store.db.prepare('SELECT before, after FROM stock_move ORDER BY id').raw().all(),
    ).toEqual([
      [10, 9],
      [9, 8],
    ]);
    // The log still refuses a move of a product the catalog does not have.
    expect(() => move.run(productId + 1, 8, 7)).toThrow(/FOREIGN KEY/);
  });
});
