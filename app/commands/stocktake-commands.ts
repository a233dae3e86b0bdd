// Stocktake: the manager opens a count session (the books are snapshot then), staff scan shelves
// and count per location, the variance report shows what differs, and posting it (manager)
// writes the adjust moves that make the books match the shelves.
import { z } from 'zod';
import type { VarianceKind } from '../inventory';
import { command } from './command';

const id = z.string().min(1).max(64);
const reason = z.string().trim().min(1).max(200);

export interface StocktakeView {
  readonly stocktakeId: string;
  readonly status: 'open' | 'posted' | 'cancelled';
  /** The count covers one category, or the whole store when null. */
  readonly categoryId: string | null;
  readonly openedAt: number;
  readonly openedBy: string;
  /** Products with a book figure in the snapshot taken at opening. */
  readonly expectedProducts: number;
  readonly countedProducts: number;
}

export interface StocktakeCountView {
  readonly stocktakeId: string;
  readonly productId: number;
  readonly name: string;
  readonly location: string;
  /** Units counted at this location so far, this count included. */
  readonly countedHere: number;
  /** Units counted at every location. */
  readonly countedTotal: number;
}

export interface VarianceLineView {
  readonly productId: number;
  readonly gtin14: string;
  readonly name: string;
  readonly expected: number;
  readonly counted: number;
  /** counted − expected: positive means more on the shelves than on the books. */
  readonly variance: number;
  readonly kind: VarianceKind;
  /** variance at the shelf price, minor units; null when the product has no price to use. */
  readonly value: number | null;
  readonly locations: readonly { readonly location: string; readonly counted: number }[];
}

export interface StocktakeVarianceView {
  readonly stocktakeId: string;
  readonly currency: string;
  readonly lines: readonly VarianceLineView[];
  /** Products on the books that nobody counted: listed, never adjusted. */
  readonly uncountedCount: number;
  /** The first of them, by product id. */
  readonly uncounted: readonly {
    readonly productId: number;
    readonly name: string;
    readonly expected: number;
  }[];
  readonly overValue: number;
  readonly underValue: number;
  readonly netValue: number;
}

export interface StocktakePostedView {
  readonly stocktakeId: string;
  /** Adjust moves written: one per counted product whose count differs from the books. */
  readonly adjustments: number;
  readonly netUnits: number;
  readonly netValue: number;
  readonly approverId: string | null;
}

export const stocktakeCommands = {
  'stocktake.open': command(
    z.object({ categoryId: id.optional(), note: z.string().trim().max(200).optional() }),
  ).returns<StocktakeView>(),
  'stocktake.current': command(z.object({})).returns<StocktakeView | null>(),
  /** A scanned barcode (or a product id) counted at a location; repeated counts add up. */
  'stocktake.count': command(
    z
      .object({
        stocktakeId: id,
        code: z.string().min(1).max(256).optional(),
        productId: z.number().int().positive().optional(),
        quantity: z.number().int().min(0).max(100_000_000),
        location: z.string().trim().min(1).max(64),
      })
      .refine((a) => (a.code === undefined) !== (a.productId === undefined), {
        message: 'Give either a barcode or a product id',
      }),
  ).returns<StocktakeCountView>(),
  'stocktake.variance': command(
    z.object({ stocktakeId: id, uncountedLimit: z.number().int().min(0).max(500).optional() }),
  ).returns<StocktakeVarianceView>(),
  'stocktake.post': command(
    z.object({ stocktakeId: id, approvalId: id.optional() }),
  ).returns<StocktakePostedView>(),
  'stocktake.cancel': command(z.object({ stocktakeId: id, reason })).returns<null>(),
};
