// What the pricing engine answers: every line with its gross amount, each adjustment explained,
// its net and its share of tax; the promotions applied; and totals that add up by construction.
import type { TaxMode } from '../catalog';
import type { Money } from '../money';
import type { ManualDiscount } from './pricing-input';
import type { PromotionKind } from './promotion';

export type LineAdjustment =
  | {
      readonly kind: 'promotion';
      readonly promotionId: string;
      readonly name: string;
      readonly promotionKind: PromotionKind;
      readonly saved: Money;
      /** Short text for the receipt and the screen, e.g. "Buy 2 get 1 free −¥3.50". */
      readonly text: string;
    }
  | {
      readonly kind: 'manualLineDiscount' | 'manualCartDiscount';
      readonly discount: ManualDiscount;
      readonly saved: Money;
      readonly text: string;
    };

export interface PricedLine {
  readonly lineId: string;
  /** Price × quantity (or × weight) before any discount. */
  readonly gross: Money;
  readonly adjustments: readonly LineAdjustment[];
  /** Sum of the adjustments' savings. */
  readonly discount: Money;
  /** gross − discount: what the line is charged (tax included in an inclusive store). */
  readonly net: Money;
  readonly taxRateBasisPoints: number;
  /** The line's share of its rate's tax (tax is computed per rate, then spread over lines). */
  readonly tax: Money;
}

export interface AppliedPromotion {
  readonly promotionId: string;
  readonly name: string;
  readonly kind: PromotionKind;
  readonly saved: Money;
  readonly lineIds: readonly string[];
  readonly text: string;
  /** Flash sales: the quantity sold at the flash price, to record against the member's limit. */
  readonly allowanceUsed: number;
}

export interface TaxByRate {
  readonly rateBasisPoints: number;
  /** Sum of the net amounts of the lines at this rate. */
  readonly base: Money;
  readonly tax: Money;
}

export interface PricingTotals {
  /** Sum of gross amounts. */
  readonly subtotal: Money;
  readonly promotionDiscount: Money;
  readonly manualLineDiscount: Money;
  readonly manualCartDiscount: Money;
  /** All discounts together: subtotal − discountTotal = net. */
  readonly discountTotal: Money;
  /** Sum of line nets. */
  readonly net: Money;
  /** Highest rate first. */
  readonly taxByRate: readonly TaxByRate[];
  readonly taxTotal: Money;
  /** What the customer pays: net when tax-inclusive, net + tax when tax-exclusive. */
  readonly total: Money;
}

/** How the promotion search went: 'exhaustive' when no cap cut it short. */
export interface SearchReport {
  readonly strategy: 'exhaustive' | 'capped';
  readonly evaluations: number;
}

export interface PricedCart {
  readonly currency: string;
  readonly taxMode: TaxMode;
  readonly lines: readonly PricedLine[];
  readonly appliedPromotions: readonly AppliedPromotion[];
  readonly totals: PricingTotals;
  readonly search: SearchReport;
}
