// Stocktake: what was counted against what the books expected, per product, as a variance report
// for the manager and as the adjust moves that make the books match the shelves.
import type { Money } from '../money';
import { add, multiplyByMeasure, zero } from '../money';
import type { DomainError, Result } from '../result';
import { err, ok } from '../result';
import type { StockChange, StockLevel, StockMove } from './stock-level';
import { stockLevel } from './stock-level';
import type { StockError } from './stock-moves';
import { adjustStock } from './stock-moves';

/** One scan-and-count at one place: the same product may be counted on several shelves. */
export interface StocktakeCount {
  readonly productId: string;
  /** Shelf, bay or back-room place the units were counted in. */
  readonly location: string;
  /** Integer units in the product's stock unit. */
  readonly counted: number;
}

export interface StocktakeSession {
  readonly id: string;
  readonly storeId: string;
  readonly counts: readonly StocktakeCount[];
}

/** What one stock unit is worth for the report: cost or shelf price, as the caller chooses. */
export interface UnitValue {
  /** The value of `perUnits` stock units (e.g. ¥12.99 per 1000 g). */
  readonly value: Money;
  /** 1 by default; 1000 for a per-kilogram price of a product stocked in grams. */
  readonly perUnits?: number;
}

export type VarianceKind = 'over' | 'under' | 'match';

export interface VarianceLine {
  readonly productId: string;
  readonly expected: number;
  readonly counted: number;
  /** counted − expected: positive means more on the shelves than on the books. */
  readonly variance: number;
  readonly kind: VarianceKind;
  /** variance × unit value, rounded half up; absent when no unit value was passed. */
  readonly value?: Money;
  readonly locations: readonly { readonly location: string; readonly counted: number }[];
}

export interface VarianceReport {
  readonly sessionId: string;
  readonly storeId: string;
  /** Every counted product, sorted by product id. */
  readonly lines: readonly VarianceLine[];
  /**
   * Products on the books that nobody counted. Listed, never adjusted: a count of one aisle must
   * not write off the rest of the store; the manager recounts or accepts them as they are.
   */
  readonly uncounted: readonly { readonly productId: string; readonly expected: number }[];
  /** Counted products with a variance but no unit value: their value is missing from totals. */
  readonly unvalued: readonly string[];
  readonly overValue: Money;
  /** Negative or zero. */
  readonly underValue: Money;
  readonly netValue: Money;
}

export type StocktakeError = DomainError<'stocktake.countInvalid'>;

/**
 * The variance report of a count session. `expected` is the books at the start of the count
 * (a snapshot, so sales during the count do not show up as variance); a counted product missing
 * from it is expected at 0.
 */
export function stocktakeVariance(input: {
  readonly session: StocktakeSession;
  readonly expected: readonly Pick<StockLevel, 'productId' | 'total'>[];
  readonly unitValues: ReadonlyMap<string, UnitValue>;
  /** Currency of the report totals; every unit value must be in it. */
  readonly currency: string;
}): Result<VarianceReport, StocktakeError> {
  const byProduct = new Map<string, { counted: number; locations: Map<string, number> }>();
  for (const count of input.session.counts) {
    if (!Number.isSafeInteger(count.counted) || count.counted < 0) {
      return err(
        'stocktake.countInvalid',
        `The count of ${count.productId} at ${count.location} must be a whole number of zero or more.`,
        { productId: count.productId, location: count.location, counted: count.counted },
      );
    }
    const entry = byProduct.get(count.productId) ?? { counted: 0, locations: new Map() };
    entry.counted += count.counted;
    entry.locations.set(count.location, (entry.locations.get(count.location) ?? 0) + count.counted);
    byProduct.set(count.productId, entry);
  }
  const expected = new Map(input.expected.map((s) => [s.productId, s.total]));

  const lines: VarianceLine[] = [];
  const unvalued: string[] = [];
  let overValue = zero(input.currency);
  let underValue = zero(input.currency);
  for (const productId of [...byProduct.keys()].sort()) {
    const counted = byProduct.get(productId);
    if (counted === undefined) continue;
    const books = expected.get(productId) ?? 0;
    const variance = counted.counted - books;
    const unit = input.unitValues.get(productId);
    const value =
      unit === undefined
        ? undefined
        : multiplyByMeasure(unit.value, variance, unit.perUnits ?? 1, 'halfUp');
    if (value === undefined && variance !== 0) unvalued.push(productId);
    if (value !== undefined && value.amount > 0) overValue = add(overValue, value);
    if (value !== undefined && value.amount < 0) underValue = add(underValue, value);
    lines.push({
      productId,
      expected: books,
      counted: counted.counted,
      variance,
      kind: variance > 0 ? 'over' : variance < 0 ? 'under' : 'match',
      ...(value === undefined ? {} : { value }),
      locations: [...counted.locations].map(([location, n]) => ({ location, counted: n })),
    });
  }
  const uncounted = input.expected
    .filter((s) => !byProduct.has(s.productId))
    .map((s) => ({ productId: s.productId, expected: s.total }))
    .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
  return ok({
    sessionId: input.session.id,
    storeId: input.session.storeId,
    lines,
    uncounted,
    unvalued,
    overValue,
    underValue,
    netValue: add(overValue, underValue),
  });
}

export interface StocktakeAdjustment {
  readonly productId: string;
  /** The signed change of the total: the variance. */
  readonly delta: number;
  readonly reason: string;
}

/** One adjust move per counted product whose count differs from the books. */
export function stocktakeAdjustments(report: VarianceReport): readonly StocktakeAdjustment[] {
  return report.lines
    .filter((line) => line.variance !== 0)
    .map((line) => ({
      productId: line.productId,
      delta: line.variance,
      reason: `stocktake ${report.sessionId}`,
    }));
}

/**
 * Applies the adjustments to the current stock records, all or nothing. A product with no record
 * yet gets one. Refused (stock.insufficient) where the count is below the units held for orders:
 * those orders must be released or the product recounted first.
 */
export function postStocktake(
  report: VarianceReport,
  levels: ReadonlyMap<string, StockLevel>,
): Result<
  { readonly levels: ReadonlyMap<string, StockLevel>; readonly log: readonly StockMove[] },
  StockError
> {
  const next = new Map(levels);
  const log: StockMove[] = [];
  for (const adjustment of stocktakeAdjustments(report)) {
    const current =
      next.get(adjustment.productId) ??
      stockLevel({ storeId: report.storeId, productId: adjustment.productId });
    const moved: Result<StockChange, StockError> = adjustStock(current, adjustment.delta, {
      reason: adjustment.reason,
    });
    if (!moved.ok) return moved;
    next.set(adjustment.productId, moved.value.state);
    log.push(moved.value.log);
  }
  return ok({ levels: next, log });
}
