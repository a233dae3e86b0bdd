// The store's limits for what a cashier may do alone: the largest quantity and weight on a line,
// and how big a manual discount may be before a supervisor must approve it.
export interface CartPolicy {
  /** Largest unit count on one line; more is almost always a keying slip. */
  readonly maxQuantity: number;
  /** Largest weight on one line, in grams. */
  readonly maxGrams: number;
  /** A percentage discount above this (basis points) needs approval; equal to it does not. */
  readonly discountApprovalAboveBasisPoints: number;
  /** An amount discount above this (minor units) needs approval; equal to it does not. */
  readonly discountApprovalAboveAmount: number;
}

export const DEFAULT_CART_POLICY: CartPolicy = {
  maxQuantity: 9999,
  maxGrams: 100_000,
  discountApprovalAboveBasisPoints: 1000,
  discountApprovalAboveAmount: 2000,
};
