// Stock of one product in one store: what is there, what is free to sell, what is held for
// orders, the safety level, and a version for optimistic concurrency. Integers in the product's
// stock unit (pieces, or grams for weighed goods).

export interface StockLevel {
  readonly storeId: string;
  readonly productId: string;
  /** Units in the store: always `available + locked`. */
  readonly total: number;
  /** Units free to sell. */
  readonly available: number;
  /** Units held for orders created but not yet paid or cancelled. */
  readonly locked: number;
  /** At or below this many available units the store is warned (see `isLowStock`). */
  readonly safety: number;
  /** Increases by one on every change; a writer that read an older version must retry. */
  readonly version: number;
}

export type StockMoveType = 'in' | 'out' | 'lock' | 'unlock' | 'adjust';

/**
 * The figure a log row's `before` / `after` describe: `total` for moves that change what is in
 * the store (in, out, adjust), `available` for moves that only hold or free units (lock, unlock).
 */
export type StockFigure = 'total' | 'available';

export const FIGURE_OF_MOVE: Readonly<Record<StockMoveType, StockFigure>> = {
  in: 'total',
  out: 'total',
  adjust: 'total',
  lock: 'available',
  unlock: 'available',
};

/** One row of the stock log, written in the same transaction as the move. */
export interface StockMove {
  readonly type: StockMoveType;
  readonly storeId: string;
  readonly productId: string;
  /** Units moved: positive, except an adjust, which is the signed change of the total. */
  readonly quantity: number;
  readonly figure: StockFigure;
  readonly before: number;
  readonly after: number;
  readonly orderId?: string;
  readonly reason?: string;
}

export interface MoveContext {
  readonly orderId?: string;
  readonly reason?: string;
}

export interface StockChange {
  readonly state: StockLevel;
  readonly log: StockMove;
}

/** A new stock record; every figure must be a non-negative integer. */
export function stockLevel(input: {
  readonly storeId: string;
  readonly productId: string;
  readonly available?: number;
  readonly locked?: number;
  readonly safety?: number;
  readonly version?: number;
}): StockLevel {
  const available = input.available ?? 0;
  const locked = input.locked ?? 0;
  const safety = input.safety ?? 0;
  const version = input.version ?? 0;
  for (const [name, value] of Object.entries({ available, locked, safety, version })) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}`);
    }
  }
  return {
    storeId: input.storeId,
    productId: input.productId,
    total: available + locked,
    available,
    locked,
    safety,
    version,
  };
}

/** The invariants of an ordinary (online) stock record: total = available + locked, none < 0. */
export function isConsistent(state: StockLevel): boolean {
  return (
    state.total === state.available + state.locked &&
    state.available >= 0 &&
    state.locked >= 0 &&
    state.safety >= 0
  );
}
