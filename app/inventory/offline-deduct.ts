// The one place stock may go negative: a register selling offline from its ordinary stock ledger.
// Two registers can each sell "the last unit" while offline; the goods are physically in the
// customer's hands and paid for, so the sale is never refused. The shortfall is recorded as it is
// and flagged for reconciliation (the server books a reconciliation item and a low-stock alert).
import type { DomainError, Result } from '../result';
import { err, ok } from '../result';
import type { LowStockAlert } from './low-stock';
import { isLowStock } from './low-stock';
import type { MoveContext, StockLevel, StockMove } from './stock-level';

/** Why an offline sale needs a person to look at it after sync. */
export interface StockReconciliation {
  readonly type: 'negativeStock';
  readonly storeId: string;
  readonly productId: string;
  /** The available figure after the sale: below zero. */
  readonly available: number;
  readonly orderId?: string;
}

export interface OfflineDeduct {
  readonly state: StockLevel;
  readonly log: StockMove;
  /** The signed change to push to the server's ledger of deltas (always −quantity). */
  readonly delta: number;
  readonly reconciliation?: StockReconciliation;
  readonly alert?: LowStockAlert;
}

/**
 * A paid sale taken offline without a lock: total and available −q. Never refused for want of
 * stock; if available goes below zero the result says so in `reconciliation`. Only a quantity that
 * is not a whole number above zero is refused (that is not a sale).
 */
export function deductOffline(
  state: StockLevel,
  quantity: number,
  context: MoveContext = {},
): Result<OfflineDeduct, DomainError<'stock.quantityInvalid'>> {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    return err('stock.quantityInvalid', 'The quantity sold must be a whole number above zero.', {
      quantity,
    });
  }
  const next: StockLevel = {
    ...state,
    total: state.total - quantity,
    available: state.available - quantity,
    version: state.version + 1,
  };
  const log: StockMove = {
    type: 'out',
    storeId: state.storeId,
    productId: state.productId,
    quantity,
    figure: 'total',
    before: state.total,
    after: next.total,
    ...(context.orderId === undefined ? {} : { orderId: context.orderId }),
    reason: context.reason ?? 'offline sale',
  };
  const reconciliation: StockReconciliation | undefined =
    next.available < 0
      ? {
          type: 'negativeStock',
          storeId: state.storeId,
          productId: state.productId,
          available: next.available,
          ...(context.orderId === undefined ? {} : { orderId: context.orderId }),
        }
      : undefined;
  const alert: LowStockAlert | undefined = isLowStock(next)
    ? {
        type: 'lowStock',
        storeId: state.storeId,
        productId: state.productId,
        available: next.available,
        safety: next.safety,
      }
    : undefined;
  return ok({
    state: next,
    log,
    delta: -quantity,
    ...(reconciliation === undefined ? {} : { reconciliation }),
    ...(alert === undefined ? {} : { alert }),
  });
}

/** Sum of offline deltas per product, for the push to the server (ledger of deltas). */
export function sumStockDeltas(
  deltas: readonly { readonly productId: string; readonly delta: number }[],
): ReadonlyMap<string, number> {
  const sums = new Map<string, number>();
  for (const { productId, delta } of deltas)
    sums.set(productId, (sums.get(productId) ?? 0) + delta);
  return sums;
}
