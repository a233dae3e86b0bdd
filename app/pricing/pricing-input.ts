// What the pricing engine is given: the cart's lines with their prices already looked up, the
// promotions in force, the member, the coupons presented, and the rounding rules. Plain data, so
// the same input always prices the same way.
import type { MemberLevel, MemberPrices, SoldBy, TaxMode } from '../catalog';
import type { RoundingMode } from '../money';
import type { Promotion } from './promotion';

/**
 * Where a line's price came from. Only catalog-priced lines take automatic promotions: a price a
 * supervisor overrode or a cashier keyed in is already the price the store decided on.
 */
export type PriceSource = 'catalog' | 'override' | 'openPrice';

/** A discount a cashier keys in: a percentage (basis points) or an amount of minor units. */
export type ManualDiscount =
  | { readonly kind: 'percent'; readonly basisPoints: number }
  | { readonly kind: 'amount'; readonly amount: number };

export interface PricingLine {
  readonly lineId: string;
  readonly productId: string;
  readonly categoryId: string;
  readonly soldBy: SoldBy;
  /** Units for 'each', grams for 'weight'; a positive whole number. */
  readonly quantity: number;
  /** Minor units per unit, or per kilogram for 'weight'. */
  readonly unitPrice: number;
  readonly priceSource: PriceSource;
  readonly taxRateBasisPoints: number;
  readonly memberPrices: MemberPrices;
  /** Applied after promotions, on what the line comes to after them. */
  readonly manualDiscount: ManualDiscount | null;
}

export interface PricingOptions {
  /** Rounding of percentage discounts and proportional shares. */
  readonly discountRounding: RoundingMode;
  /** Rounding of the tax per rate (once per rate, over the whole cart). */
  readonly taxRounding: RoundingMode;
  /** Rounding of price-per-kilogram × grams. */
  readonly weightRounding: RoundingMode;
  /** Most full-cart evaluations the promotion search may spend before settling for greedy. */
  readonly maxEvaluations: number;
}

export const DEFAULT_PRICING_OPTIONS: PricingOptions = {
  discountRounding: 'halfUp',
  taxRounding: 'halfUp',
  weightRounding: 'halfUp',
  maxEvaluations: 64,
};

export interface PricingInput {
  readonly currency: string;
  readonly taxMode: TaxMode;
  /** Epoch ms: which promotions are valid. */
  readonly now: number;
  readonly lines: readonly PricingLine[];
  readonly promotions: readonly Promotion[];
  /** The attached member's level, or null for a walk-in customer. */
  readonly memberLevel: MemberLevel | null;
  /** Coupon codes presented on the cart. */
  readonly couponCodes: readonly string[];
  /**
   * Flash-sale allowance left for this member, by promotion id, in units (grams for weighed
   * products): the caller checks the per-member limit against its records. A flash sale with no
   * entry here gives nothing, because its limit could not be checked.
   */
  readonly flashSaleAllowances: Readonly<Record<string, number>>;
  /** A manual discount on the whole cart, spread over the lines after everything else. */
  readonly cartDiscount: ManualDiscount | null;
  readonly options?: Partial<PricingOptions>;
}
