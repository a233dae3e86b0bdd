// The `stock` pull stream: the register's store's stock levels changed after its cursor — free
// units (which may be below zero), safety stock and version — from the change log of migration 13
// (`pull_change`). A level is named by the key the stock books use, and by its GTIN-14 when that
// key is one the catalog knows.
import type { StockEntry } from '../../protocol';
import type { PullStreamHandler } from '../pull/pull-stream';
import { sliceOf } from '../pull/pull-stream';

interface StockChangeRow {
  change_cursor: number;
  product_id: string;
  gtin14: string | null;
  available: number;
  safety: number;
  version: number;
}

export const STOCK_STREAM: PullStreamHandler = {
  stream: 'stock',
  async read(db, { storeId, after, limit }) {
    const { rows } = await db.query<StockChangeRow>(
      `SELECT c.change_cursor, s.product_id, p.gtin14, s.available, s.safety, s.version
       FROM pull_change c
       JOIN stock_level s ON s.store_id = c.scope AND s.product_id = c.key
       LEFT JOIN product p ON p.gtin14 = s.product_id
       WHERE c.stream = 'stock' AND c.scope = $1 AND c.change_cursor > $2
       ORDER BY c.change_cursor LIMIT $3`,
      [storeId, after, limit + 1],
    );
    return sliceOf(
      rows.map((row): StockEntry => ({
        cursor: row.change_cursor,
        productKey: row.product_id,
        gtin14: row.gtin14,
        available: row.available,
        safety: row.safety,
        version: row.version,
      })),
      limit,
    );
  },
};
