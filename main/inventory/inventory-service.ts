// The inventory view: available, locked and safety stock of a scanned product, and the products at
// or below their safety stock, a page at a time (the partial index stock_low keeps it cheap on a
// full catalog).
import type { StockView, inventoryCommands } from '../../app/commands';
import { isLowStock } from '../../app/inventory';
import { ok } from '../../app/result';
import type { AuthService } from '../auth/auth-service';
import type { Handlers } from '../core/dispatch';
import type { Clock } from '../core/ports';
import type { RegisterDb } from '../store/register-db';
import { productByCode } from './product-by-code';

export interface StockRow {
  product_id: number;
  gtin14: string;
  name: string;
  sold_by: 'each' | 'weight';
  available: number;
  locked: number;
  safety: number;
}

const DEFAULT_PAGE = 50;

export function stockView(row: StockRow): StockView {
  return {
    productId: row.product_id,
    gtin14: row.gtin14,
    name: row.name,
    soldBy: row.sold_by,
    available: row.available,
    locked: row.locked,
    total: row.available + row.locked,
    safety: row.safety,
    low: isLowStock(row),
  };
}

export function createInventoryService(
  options: Readonly<{ db: RegisterDb; clock: Clock; auth: AuthService }>,
): Handlers<typeof inventoryCommands> {
  const { db, clock, auth } = options;
  return {
    'inventory.product': ({ code }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      const product = productByCode(db, code, clock.now());
      if (!product.ok) return product;
      // A product never stocked here has no row: it reads as nothing on hand.
      const row = db
        .prepare<[number], Omit<StockRow, 'product_id' | 'gtin14' | 'name' | 'sold_by'>>(
          'SELECT available, locked, safety FROM stock WHERE product_id = ?',
        )
        .get(product.value.id) ?? { available: 0, locked: 0, safety: 0 };
      return ok(
        stockView({
          product_id: product.value.id,
          gtin14: product.value.gtin14,
          name: product.value.name,
          sold_by: product.value.soldBy,
          ...row,
        }),
      );
    },

    'inventory.lowStock': ({ after, limit }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      const size = limit ?? DEFAULT_PAGE;
      // One row more than the page says whether another page follows.
      const rows = db
        .prepare<[number, number], StockRow>(
          `SELECT s.product_id, p.gtin14, p.name, p.sold_by, s.available, s.locked, s.safety
           FROM stock s JOIN product p ON p.id = s.product_id
           WHERE s.available <= s.safety AND s.product_id > ? AND p.active = 1
           ORDER BY s.product_id LIMIT ?`,
        )
        .all(after ?? 0, size + 1);
      const items = rows.slice(0, size).map(stockView);
      return ok({
        items,
        next: rows.length > size ? (items.at(-1)?.productId ?? null) : null,
      });
    },
  };
}
