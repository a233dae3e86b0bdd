// When a store is short of a product: at or below its safety stock of units free to sell.
import type { StockLevel } from './stock-level';

export interface LowStockAlert {
  readonly type: 'lowStock';
  readonly storeId: string;
  readonly productId: string;
  readonly available: number;
  readonly safety: number;
}

/**
 * Low when the units free to sell are at or below the safety stock ("at the reorder point"
 * counts, so a safety of 5 warns with 5 left). `available` rather than `total`, because units held
 * for orders are already promised. A deduct does not move `available` (the units were taken from
 * it when they were locked), but it is where SPEC raises the alert: that is when a sale is final.
 */
export function isLowStock(state: Pick<StockLevel, 'available' | 'safety'>): boolean {
  return state.available <= state.safety;
}
