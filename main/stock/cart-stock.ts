// Stock held by carts at the counter (SPEC: locked when the order is created, deducted when it is
// paid, released when it is cancelled). A cart holds, per product, what its active lines need.
// The goods are in the customer's hands, so the counter never refuses a line for stock: what the
// books cannot hold is left unheld and, at payment, deducted as an offline sale flagged for
// reconciliation.
import type { LowStockAlert, StockReconciliation } from '../../app/inventory';
import { deductOffline, deductStock, lockStock, releaseStock } from '../../app/inventory';
import type { RegisterDb } from '../store/register-db';
import { readStockLevel, writeStockChange } from './stock-rows';
import { statement } from '../store/statement-cache';

function heldBy(db: RegisterDb, cartId: string, productId: number): number {
  const row = statement<[string, number], { quantity: number }>(
    db,
    'SELECT quantity FROM stock_lock WHERE cart_id = ? AND product_id = ?',
  ).get(cartId, productId);
  return row?.quantity ?? 0;
}

function setHeld(db: RegisterDb, cartId: string, productId: number, quantity: number): void {
  if (quantity === 0) {
    statement(db, 'DELETE FROM stock_lock WHERE cart_id = ? AND product_id = ?').run(
      cartId,
      productId,
    );
  } else {
    statement(
      db,
      `INSERT INTO stock_lock (cart_id, product_id, quantity) VALUES (?, ?, ?)
       ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = excluded.quantity`,
    ).run(cartId, productId, quantity);
  }
}

/** Makes the cart hold `wanted` units of a product (as far as free stock allows). */
export function holdForCart(
  db: RegisterDb,
  hold: Readonly<{
    storeId: string;
    cartId: string;
    productId: number;
    wanted: number;
    at: number;
  }>,
): void {
  const held = heldBy(db, hold.cartId, hold.productId);
  const level = readStockLevel(db, hold.storeId, hold.productId);
  const context = { orderId: hold.cartId };
  if (hold.wanted < held) {
    const released = releaseStock(level, held - hold.wanted, context);
    if (!released.ok) throw new Error(released.error.message);
    writeStockChange(db, level, released.value.state, released.value.log, hold.at);
    setHeld(db, hold.cartId, hold.productId, hold.wanted);
    return;
  }
  const lockable = Math.min(hold.wanted - held, Math.max(0, level.available));
  if (lockable === 0) return;
  const locked = lockStock(level, lockable, context);
  if (!locked.ok) throw new Error(locked.error.message);
  writeStockChange(db, level, locked.value.state, locked.value.log, hold.at);
  setHeld(db, hold.cartId, hold.productId, held + lockable);
}

/** Frees everything a cart holds: cancelled, or its locks timed out while parked. */
export function releaseCart(db: RegisterDb, storeId: string, cartId: string, at: number): void {
  const rows = statement<[string], { product_id: number; quantity: number }>(
    db,
    'SELECT product_id, quantity FROM stock_lock WHERE cart_id = ?',
  ).all(cartId);
  for (const row of rows) {
    const level = readStockLevel(db, storeId, row.product_id);
    const released = releaseStock(level, row.quantity, {
      orderId: cartId,
      reason: 'cart released',
    });
    if (!released.ok) throw new Error(released.error.message);
    writeStockChange(db, level, released.value.state, released.value.log, at);
  }
  statement(db, 'DELETE FROM stock_lock WHERE cart_id = ?').run(cartId);
}

export interface SaleStockOutcome {
  readonly alerts: readonly LowStockAlert[];
  readonly reconciliations: readonly StockReconciliation[];
}

/** At payment: held units leave the store; units sold beyond what was held go out offline. */
export function deductForSale(
  db: RegisterDb,
  sale: Readonly<{
    storeId: string;
    cartId: string;
    saleId: string;
    quantities: ReadonlyMap<number, number>;
    at: number;
  }>,
): SaleStockOutcome {
  const alerts: LowStockAlert[] = [];
  const reconciliations: StockReconciliation[] = [];
  const context = { orderId: sale.saleId };
  // The cart's holds, read once: a 20-line sale would otherwise read and rewrite them per line.
  const holds = new Map(
    statement<[string], { product_id: number; quantity: number }>(
      db,
      'SELECT product_id, quantity FROM stock_lock WHERE cart_id = ?',
    )
      .all(sale.cartId)
      .map((row) => [row.product_id, row.quantity]),
  );
  for (const [productId, quantity] of sale.quantities) {
    const heldNow = holds.get(productId) ?? 0;
    const held = Math.min(heldNow, quantity);
    let level = readStockLevel(db, sale.storeId, productId);
    if (held > 0) {
      const deducted = deductStock(level, held, context);
      if (!deducted.ok) throw new Error(deducted.error.message);
      writeStockChange(db, level, deducted.value.state, deducted.value.log, sale.at);
      if (deducted.value.alert) alerts.push(deducted.value.alert);
      level = deducted.value.state;
    }
    const unheld = quantity - held;
    if (unheld > 0) {
      const sold = deductOffline(level, unheld, context);
      if (!sold.ok) throw new Error(sold.error.message);
      writeStockChange(db, level, sold.value.state, sold.value.log, sale.at);
      if (sold.value.alert) alerts.push(sold.value.alert);
      if (sold.value.reconciliation) reconciliations.push(sold.value.reconciliation);
    }
    holds.set(productId, heldNow - held);
  }
  // Anything still held beyond what was sold goes back, then the cart holds nothing.
  for (const [productId, left] of holds) {
    if (left <= 0) continue;
    const level = readStockLevel(db, sale.storeId, productId);
    const released = releaseStock(level, left, { orderId: sale.cartId, reason: 'cart released' });
    if (!released.ok) throw new Error(released.error.message);
    writeStockChange(db, level, released.value.state, released.value.log, sale.at);
  }
  statement(db, 'DELETE FROM stock_lock WHERE cart_id = ?').run(sale.cartId);
  return { alerts, reconciliations };
}
