// The register's side of the `stock` stream: the server's free units for a product become this
// register's available less what its own open carts hold (their locks stay as they are), once no
// row of this register moving that product is unacknowledged (conflict-policy.ts, `stock`).
import { missingCase } from '../../app/result';
import type { PullStreamTarget } from '../../sync/client';
import type { StockEntry } from '../../sync/protocol';
import { availableAfterPull } from '../../sync/protocol';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';
import { keyedPullTarget } from './keyed-pull-target';
import { productIdOf } from './pull-catalog-rows';
import type { HeldKeys } from './pull-holds';
import { isHeld, WAITS_FOR_OUTBOX } from './pull-holds';
import { parkEntry, unparkKey } from './pull-state';

export function stockPullTarget(
  db: RegisterDb,
  options: Readonly<{ now: () => number }>,
): PullStreamTarget<'stock'> {
  return keyedPullTarget(db, 'stock', options, (entry, held, at) =>
    applyStockEntry(db, entry, held, at),
  );
}

/** A register product id as the stock books may key it (what registers push: 1, 2, 3 …). */
const REGISTER_PRODUCT_ID = /^[1-9][0-9]{0,14}$/;

/** The product here the entry names, or why it cannot be applied now. */
function localProduct(
  db: RegisterDb,
  entry: StockEntry,
): { kind: 'product'; id: number } | { kind: 'waits'; for: string } | { kind: 'unknown' } {
  if (entry.gtin14 !== null) {
    const id = productIdOf(db, entry.gtin14);
    return id === undefined
      ? { kind: 'waits', for: `product:${entry.gtin14}` }
      : { kind: 'product', id };
  }
  if (!REGISTER_PRODUCT_ID.test(entry.productKey)) return { kind: 'unknown' };
  const id = Number(entry.productKey);
  const known = statement<[number], number>(
    db,
    'SELECT EXISTS (SELECT 1 FROM product WHERE id = ?)',
  )
    .pluck()
    .get(id);
  return known === 1 ? { kind: 'product', id } : { kind: 'unknown' };
}

/** One product's stock from the server, in the caller's transaction. */
export function applyStockEntry(
  db: RegisterDb,
  entry: StockEntry,
  held: HeldKeys,
  at: number,
): void {
  const product = localProduct(db, entry);
  switch (product.kind) {
    case 'waits':
      // Stock for a product the catalog stream has not brought yet: applied when it comes.
      parkEntry(db, 'stock', entry.productKey, product.for, entry);
      return;
    case 'unknown':
      // A key no product here answers to (another store's register ids, a test's): nothing to set.
      unparkKey(db, 'stock', entry.productKey);
      return;
    case 'product':
      break;
    default:
      return missingCase(product);
  }
  if (isHeld(held, String(product.id))) {
    parkEntry(db, 'stock', entry.productKey, WAITS_FOR_OUTBOX, entry);
    return;
  }
  unparkKey(db, 'stock', entry.productKey);
  const row = statement<[number], { available: number; locked: number }>(
    db,
    'SELECT available, locked FROM stock WHERE product_id = ?',
  ).get(product.id);
  const before = row?.available ?? 0;
  const available = availableAfterPull(entry.available, row?.locked ?? 0);
  statement(
    db,
    `INSERT INTO stock (product_id, available, locked, safety, version) VALUES (?, ?, 0, ?, 1)
     ON CONFLICT (product_id) DO UPDATE SET available = excluded.available,
       safety = excluded.safety, version = stock.version + 1`,
  ).run(product.id, available, entry.safety);
  if (available !== before) {
    statement(
      db,
      `INSERT INTO stock_move (product_id, type, quantity, figure, before, after, reason, at)
       VALUES (?, 'adjust', ?, 'available', ?, ?, 'stock from head office', ?)`,
    ).run(product.id, available - before, before, available, at);
  }
}
