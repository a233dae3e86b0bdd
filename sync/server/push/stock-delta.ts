// Ordinary stock as a ledger of deltas from the registers: a sale pushed after the fact takes its
// units whatever the books say (the goods left with a paying customer), so stock may go below
// zero; that, or a product the server never stocked, becomes a reconciliation item for a person.
import { deductOffline, isLowStock, stockLevel } from '../../../app/inventory';
import type { StockLevel, StockMove } from '../../../app/inventory';
import type { SqlRunner } from '../db/db';
import { VersionConflict } from '../db/version-retry';
import { readStock } from '../inventory/stock-books';
import { enqueueEvent } from '../outbox/outbox';

export interface StockDelta {
  readonly storeId: string;
  readonly productId: string;
  /** Signed change of the total: −q for a sale, +q for a restocked return or a count. */
  readonly delta: number;
  /** `out`/`in` for goods leaving or coming back, `adjust` for a stocktake correction. */
  readonly type: 'out' | 'in' | 'adjust';
  readonly orderId?: string;
  readonly reason: string;
  /** The mutation that carried it, for the reconciliation item. */
  readonly mutationId: string;
}

export interface StockDeltaOutcome {
  readonly state: StockLevel;
  /** Why a person must look: the delta took stock below zero, or the product was unknown here. */
  readonly reconciliation?: 'negativeStock' | 'unknownProduct';
}

const COLUMNS = 'store_id, product_id, total, available, locked, safety, version';

function nextState(read: StockLevel, move: StockDelta): { state: StockLevel; log: StockMove } {
  const context = {
    ...(move.orderId === undefined ? {} : { orderId: move.orderId }),
    reason: move.reason,
  };
  if (move.type === 'out') {
    const deducted = deductOffline(read, -move.delta, context);
    if (!deducted.ok) throw new Error(deducted.error.message);
    return deducted.value;
  }
  const state: StockLevel = {
    ...read,
    total: read.total + move.delta,
    available: read.available + move.delta,
    version: read.version + 1,
  };
  return {
    state,
    log: {
      type: move.type,
      storeId: read.storeId,
      productId: read.productId,
      // A log row's quantity is positive except an adjust's, which is the signed change.
      quantity: move.type === 'adjust' ? move.delta : Math.abs(move.delta),
      figure: 'total',
      before: read.total,
      after: state.total,
      ...context,
    },
  };
}

/** Applies one delta in `tx`; throws VersionConflict when another writer got there first. */
export async function applyStockDelta(
  tx: SqlRunner,
  move: StockDelta,
  now: number,
): Promise<StockDeltaOutcome> {
  const stored = await readStock(tx, move.storeId, move.productId);
  const read = stored ?? stockLevel({ storeId: move.storeId, productId: move.productId });
  const { state, log } = nextState(read, move);
  const written =
    stored === undefined
      ? await tx.query(
          `INSERT INTO stock_level (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (store_id, product_id) DO NOTHING`,
          [
            state.storeId,
            state.productId,
            state.total,
            state.available,
            state.locked,
            state.safety,
            state.version,
          ],
        )
      : await tx.query(
          `UPDATE stock_level SET total = $3, available = $4, version = $5
           WHERE store_id = $1 AND product_id = $2 AND version = $6`,
          [
            state.storeId,
            state.productId,
            state.total,
            state.available,
            state.version,
            read.version,
          ],
        );
  if (written.rowCount !== 1) throw new VersionConflict(`stock ${move.storeId}/${move.productId}`);
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
  if (move.delta < 0 && isLowStock(state)) {
    const alert = {
      type: 'lowStock' as const,
      storeId: state.storeId,
      productId: state.productId,
      available: state.available,
      safety: state.safety,
    };
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
  const reconciliation =
    stored === undefined
      ? ('unknownProduct' as const)
      : move.delta < 0 && state.available < 0
        ? ('negativeStock' as const)
        : undefined;
  if (reconciliation !== undefined) {
    await tx.query(
      `INSERT INTO stock_reconciliation (store_id, product_id, kind, available, order_id, mutation_id, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        state.storeId,
        state.productId,
        reconciliation,
        state.available,
        move.orderId ?? null,
        move.mutationId,
        now,
      ],
    );
  }
  return reconciliation === undefined ? { state } : { state, reconciliation };
}
