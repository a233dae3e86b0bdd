// Reads and writes the register's stock rows through the pure rules of app/inventory: every change
// checks the version it read and writes its log row in the caller's transaction.
import type { StockLevel, StockMove } from '../../app/inventory';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';

interface StockRow {
  readonly available: number;
  readonly locked: number;
  readonly safety: number;
  readonly version: number;
}

export function readStockLevel(db: RegisterDb, storeId: string, productId: number): StockLevel {
  const row = statement<[number], StockRow>(
    db,
    'SELECT available, locked, safety, version FROM stock WHERE product_id = ?',
  ).get(productId);
  const level = row ?? { available: 0, locked: 0, safety: 0, version: 0 };
  return {
    storeId,
    productId: String(productId),
    total: level.available + level.locked,
    available: level.available,
    locked: level.locked,
    safety: level.safety,
    version: level.version,
  };
}

/** Saves `next` if the row is still at `read.version`; a stale write throws (and rolls back). */
export function writeStockChange(
  db: RegisterDb,
  read: StockLevel,
  next: StockLevel,
  move: StockMove,
  at: number,
): void {
  const productId = Number(read.productId);
  const updated = statement(
    db,
    `INSERT INTO stock (product_id, available, locked, safety, version) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (product_id) DO UPDATE SET available = excluded.available,
         locked = excluded.locked, version = excluded.version
       WHERE stock.version = ?`,
  ).run(productId, next.available, next.locked, next.safety, next.version, read.version);
  if (updated.changes !== 1) {
    throw new Error(`Stock of product ${productId} changed underneath (version ${read.version})`);
  }
  statement(
    db,
    `INSERT INTO stock_move (product_id, type, quantity, figure, before, after, order_id, reason, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    productId,
    move.type,
    move.quantity,
    move.figure,
    move.before,
    move.after,
    move.orderId ?? null,
    move.reason ?? null,
    at,
  );
}
