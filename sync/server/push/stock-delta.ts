// Ordinary stock as a ledger of deltas from the registers: a sale pushed after the fact takes its
// units whatever the books say (the goods left with a paying customer), so stock may go below
// zero; that, or a product the server never stocked, becomes a reconciliation item for a person.
import { deductOffline, isLowStock, stockLevel } from '../../../app/inventory';
import type { StockLevel, StockMove } from '../../../app/inventory';
import type { SqlRunner } from '../db/db';
import { raiseLowStockAlert, readStock, writeStockChange } from '../inventory/stock-books';

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

/** Applies one delta in `tx`; throws VersionConflict (from writeStockChange) on a lost race. */
export async function applyStockDelta(
  tx: SqlRunner,
  move: StockDelta,
  now: number,
): Promise<StockDeltaOutcome> {
  const stored = await readStock(tx, move.storeId, move.productId);
  const read = stored ?? stockLevel({ storeId: move.storeId, productId: move.productId });
  const { state, log } = nextState(read, move);
  await writeStockChange(tx, read, state, log, now);
  if (move.delta < 0 && isLowStock(state)) {
    await raiseLowStockAlert(
      tx,
      {
        type: 'lowStock',
        storeId: state.storeId,
        productId: state.productId,
        available: state.available,
        safety: state.safety,
      },
      now,
    );
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
