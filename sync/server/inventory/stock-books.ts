// The authoritative stock of each product in each store: reads a record, applies one of the
// app/inventory moves to it, and writes the new record (with a version check), its log row and
// any low-stock alert in the caller's transaction.
import type {
  DeductChange,
  LowStockAlert,
  StockChange,
  StockError,
  StockLevel,
  StockMove,
} from '../../../app/inventory';
import {
  adjustStock,
  deductStock,
  lockStock,
  receiveStock,
  releaseStock,
  stockLevel,
} from '../../../app/inventory';
import type { Result } from '../../../app/result';
import { missingCase, ok } from '../../../app/result';
import type { SqlRunner } from '../db/db';
import { VersionConflict } from '../db/version-retry';
import { enqueueEvent } from '../outbox/outbox';

export type StockMoveKind = 'lock' | 'deduct' | 'release' | 'receive' | 'adjust';

export interface StockMoveRequest {
  readonly storeId: string;
  readonly productId: string;
  readonly kind: StockMoveKind;
  /** Units moved; for an adjust, the signed change of the total. */
  readonly quantity: number;
  readonly orderId?: string;
  readonly reason?: string;
}

interface StockRow {
  store_id: string;
  product_id: string;
  total: number;
  available: number;
  locked: number;
  safety: number;
  version: number;
}

function toLevel(row: StockRow): StockLevel {
  return {
    storeId: row.store_id,
    productId: row.product_id,
    total: row.total,
    available: row.available,
    locked: row.locked,
    safety: row.safety,
    version: row.version,
  };
}

const STOCK_COLUMNS = 'store_id, product_id, total, available, locked, safety, version';

export async function readStock(
  tx: SqlRunner,
  storeId: string,
  productId: string,
): Promise<StockLevel | undefined> {
  const { rows } = await tx.query<StockRow>(
    `SELECT ${STOCK_COLUMNS} FROM stock_level WHERE store_id = $1 AND product_id = $2`,
    [storeId, productId],
  );
  const row = rows[0];
  return row === undefined ? undefined : toLevel(row);
}

export async function listStock(tx: SqlRunner, storeId: string): Promise<readonly StockLevel[]> {
  const { rows } = await tx.query<StockRow>(
    `SELECT ${STOCK_COLUMNS} FROM stock_level WHERE store_id = $1 ORDER BY product_id`,
    [storeId],
  );
  return rows.map(toLevel);
}

function computeMove(
  state: StockLevel,
  move: StockMoveRequest,
): Result<StockChange | DeductChange, StockError> {
  const context = {
    ...(move.orderId === undefined ? {} : { orderId: move.orderId }),
    ...(move.reason === undefined ? {} : { reason: move.reason }),
  };
  switch (move.kind) {
    case 'lock':
      return lockStock(state, move.quantity, context);
    case 'deduct':
      return deductStock(state, move.quantity, context);
    case 'release':
      return releaseStock(state, move.quantity, context);
    case 'receive':
      return receiveStock(state, move.quantity, context);
    case 'adjust':
      return adjustStock(state, move.quantity, context);
    default:
      return missingCase(move.kind);
  }
}

/**
 * Applies one move in `tx`. A product never stocked in the store starts at zero (so a first
 * delivery creates it). Throws VersionConflict when another writer got there first; run it inside
 * `inVersionedTransaction` so the whole transaction retries.
 */
export async function moveStock(
  tx: SqlRunner,
  move: StockMoveRequest,
  now: number,
): Promise<Result<StockLevel, StockError>> {
  const read =
    (await readStock(tx, move.storeId, move.productId)) ??
    stockLevel({ storeId: move.storeId, productId: move.productId });
  const moved = computeMove(read, move);
  if (!moved.ok) return moved;
  const { state, log } = moved.value;
  await writeStockChange(tx, read, state, log, now);
  if ('alert' in moved.value && moved.value.alert !== undefined) {
    await raiseLowStockAlert(tx, moved.value.alert, now);
  }
  return ok(state);
}

/**
 * Saves a stock level computed from `read`, with its log row, in `tx`. A product never stocked in
 * the store (version 0) is inserted. Throws VersionConflict when another writer got there first.
 */
export async function writeStockChange(
  tx: SqlRunner,
  read: StockLevel,
  state: StockLevel,
  log: StockMove,
  now: number,
): Promise<void> {
  const written =
    read.version === 0
      ? await tx.query(
          `INSERT INTO stock_level (${STOCK_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (store_id, product_id) DO UPDATE SET total = EXCLUDED.total,
             available = EXCLUDED.available, locked = EXCLUDED.locked, version = EXCLUDED.version
           WHERE stock_level.version = $8`,
          [
            state.storeId,
            state.productId,
            state.total,
            state.available,
            state.locked,
            state.safety,
            state.version,
            read.version,
          ],
        )
      : await tx.query(
          `UPDATE stock_level SET total = $3, available = $4, locked = $5, version = $6
           WHERE store_id = $1 AND product_id = $2 AND version = $7`,
          [
            state.storeId,
            state.productId,
            state.total,
            state.available,
            state.locked,
            state.version,
            read.version,
          ],
        );
  if (written.rowCount !== 1) throw new VersionConflict(`stock ${read.storeId}/${read.productId}`);
  await tx.query(
    `INSERT INTO stock_move (store_id, product_id, type, quantity, figure, before, after, order_id, reason, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      log.storeId,
      log.productId,
      log.type,
      log.quantity,
      log.figure,
      log.before,
      log.after,
      log.orderId ?? null,
      log.reason ?? null,
      now,
    ],
  );
}

/** A low-stock alert row and its event for the dispatcher. */
export async function raiseLowStockAlert(
  tx: SqlRunner,
  alert: LowStockAlert,
  now: number,
): Promise<void> {
  await tx.query(
    'INSERT INTO stock_alert (store_id, product_id, available, safety, at) VALUES ($1, $2, $3, $4, $5)',
    [alert.storeId, alert.productId, alert.available, alert.safety, now],
  );
  await enqueueEvent(tx, {
    type: 'lowStock',
    key: `${alert.storeId}/${alert.productId}`,
    payload: alert,
    at: now,
  });
}

/** Sets the safety stock; a setting, not a move, so it writes no log row but bumps the version. */
export async function setSafetyStock(
  tx: SqlRunner,
  storeId: string,
  productId: string,
  safety: number,
): Promise<StockLevel> {
  const { rows } = await tx.query<StockRow>(
    `INSERT INTO stock_level (${STOCK_COLUMNS}) VALUES ($1, $2, 0, 0, 0, $3, 1)
     ON CONFLICT (store_id, product_id) DO UPDATE SET safety = $3, version = stock_level.version + 1
     RETURNING ${STOCK_COLUMNS}`,
    [storeId, productId, safety],
  );
  const row = rows[0];
  if (row === undefined) throw new Error('safety stock upsert returned no row');
  return toLevel(row);
}
