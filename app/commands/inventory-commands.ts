// The inventory view: what a product has free to sell, held for carts and kept as safety stock,
// and the list of products at or below their safety stock.
import { z } from 'zod';
import { command } from './command';

export interface StockView {
  readonly productId: number;
  readonly gtin14: string;
  readonly name: string;
  readonly soldBy: 'each' | 'weight';
  /** Units (grams when sold by weight); may be negative after offline sales of the last units. */
  readonly available: number;
  readonly locked: number;
  readonly total: number;
  readonly safety: number;
  readonly low: boolean;
}

export interface LowStockPage {
  readonly items: readonly StockView[];
  /** Pass as `after` for the next page; null on the last page. */
  readonly next: number | null;
}

export const inventoryCommands = {
  'inventory.product': command(z.object({ code: z.string().min(1).max(256) })).returns<StockView>(),
  /** Products whose available stock is at or below safety, by product id, a page at a time. */
  'inventory.lowStock': command(
    z.object({
      after: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(200).optional(),
    }),
  ).returns<LowStockPage>(),
};
