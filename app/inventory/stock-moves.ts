// The stock moves of SPEC §2 as pure functions: each returns the new record and its log row, or
// a refusal the caller shows; the caller writes both in one transaction with a version check.
import type { DomainError, Result } from '../result';
import { err, ok } from '../result';
import { isLowStock } from './low-stock';
import type { LowStockAlert } from './low-stock';
import type { MoveContext, StockChange, StockLevel, StockMoveType } from './stock-level';
import { FIGURE_OF_MOVE } from './stock-level';

export type StockError = DomainError<
  'stock.insufficient' | 'stock.notLocked' | 'stock.quantityInvalid'
>;

function quantityInvalid(quantity: number, what: string): Result<never, StockError> {
  return err('stock.quantityInvalid', `${what} must be a whole number above zero.`, { quantity });
}

function isPositiveInteger(quantity: number): boolean {
  return Number.isSafeInteger(quantity) && quantity > 0;
}

function change(
  before: StockLevel,
  after: Omit<StockLevel, 'version' | 'storeId' | 'productId' | 'safety'>,
  type: StockMoveType,
  quantity: number,
  context: MoveContext,
): StockChange {
  const state: StockLevel = { ...before, ...after, version: before.version + 1 };
  const figure = FIGURE_OF_MOVE[type];
  return {
    state,
    log: {
      type,
      storeId: before.storeId,
      productId: before.productId,
      quantity,
      figure,
      before: before[figure],
      after: state[figure],
      ...(context.orderId === undefined ? {} : { orderId: context.orderId }),
      ...(context.reason === undefined ? {} : { reason: context.reason }),
    },
  };
}

/** At order creation: available −q, locked +q. Refused when fewer than q units are free. */
export function lockStock(
  state: StockLevel,
  quantity: number,
  context: MoveContext = {},
): Result<StockChange, StockError> {
  if (!isPositiveInteger(quantity)) return quantityInvalid(quantity, 'The quantity to hold');
  if (state.available < quantity) {
    return err(
      'stock.insufficient',
      `Only ${state.available} of ${state.productId} are free to sell; ${quantity} were asked for.`,
      { productId: state.productId, available: state.available, requested: quantity },
    );
  }
  return ok(
    change(
      state,
      {
        total: state.total,
        available: state.available - quantity,
        locked: state.locked + quantity,
      },
      'lock',
      quantity,
      context,
    ),
  );
}

export interface DeductChange extends StockChange {
  /** Present when the store is at or below its safety stock after the deduct. */
  readonly alert?: LowStockAlert;
}

/**
 * At payment: the held units leave the store (locked −q, total −q). Refused when fewer than q
 * units are held. Raises a low-stock alert when, after it, the store is at or below safety stock.
 */
export function deductStock(
  state: StockLevel,
  quantity: number,
  context: MoveContext = {},
): Result<DeductChange, StockError> {
  if (!isPositiveInteger(quantity)) return quantityInvalid(quantity, 'The quantity sold');
  if (state.locked < quantity) return notLocked(state, quantity);
  const moved = change(
    state,
    { total: state.total - quantity, available: state.available, locked: state.locked - quantity },
    'out',
    quantity,
    context,
  );
  return ok(withAlert(moved));
}

/** At cancellation: the held units are free again (locked −q, available +q). */
export function releaseStock(
  state: StockLevel,
  quantity: number,
  context: MoveContext = {},
): Result<StockChange, StockError> {
  if (!isPositiveInteger(quantity)) return quantityInvalid(quantity, 'The quantity to release');
  if (state.locked < quantity) return notLocked(state, quantity);
  return ok(
    change(
      state,
      {
        total: state.total,
        available: state.available + quantity,
        locked: state.locked - quantity,
      },
      'unlock',
      quantity,
      context,
    ),
  );
}

/** Goods received (delivery, transfer in, a saleable return): total +q, available +q. */
export function receiveStock(
  state: StockLevel,
  quantity: number,
  context: MoveContext = {},
): Result<StockChange, StockError> {
  if (!isPositiveInteger(quantity)) return quantityInvalid(quantity, 'The quantity received');
  return ok(
    change(
      state,
      {
        total: state.total + quantity,
        available: state.available + quantity,
        locked: state.locked,
      },
      'in',
      quantity,
      context,
    ),
  );
}

/**
 * A correction by `delta` units (a stocktake variance, breakage): total and available change
 * together; held units are never touched. Refused when it would take available below zero — units
 * held for an order must be released first. A zero delta is not a move.
 */
export function adjustStock(
  state: StockLevel,
  delta: number,
  context: MoveContext = {},
): Result<StockChange, StockError> {
  if (!Number.isSafeInteger(delta) || delta === 0) {
    return err('stock.quantityInvalid', 'An adjustment must be a whole number other than zero.', {
      quantity: delta,
    });
  }
  if (state.available + delta < 0) {
    return err(
      'stock.insufficient',
      `Only ${state.available} of ${state.productId} are free; ${-delta} cannot be written off. Release held units first.`,
      { productId: state.productId, available: state.available, requested: -delta },
    );
  }
  return ok(
    change(
      state,
      { total: state.total + delta, available: state.available + delta, locked: state.locked },
      'adjust',
      delta,
      context,
    ),
  );
}

function notLocked(state: StockLevel, quantity: number): Result<never, StockError> {
  return err(
    'stock.notLocked',
    `Only ${state.locked} of ${state.productId} are held for orders; ${quantity} cannot be taken from them.`,
    { productId: state.productId, locked: state.locked, requested: quantity },
  );
}

function withAlert(moved: StockChange): DeductChange {
  return isLowStock(moved.state)
    ? {
        ...moved,
        alert: {
          type: 'lowStock',
          storeId: moved.state.storeId,
          productId: moved.state.productId,
          available: moved.state.available,
          safety: moved.state.safety,
        },
      }
    : moved;
}
