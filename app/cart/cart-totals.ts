// The cart's totals: priced by the pricing engine from the active, weighed lines, with the points
// the payment would earn. For the screen the totals are always shown; for tender they are refused
// while a line waits for its weight or an approval, or the cart is empty.
import type { EarnRule } from '../members/earn';
import { pointsForPayment } from '../members/earn';
import type { PricedCart, PricingLine, PricingOptions, Promotion } from '../pricing';
import { priceCart } from '../pricing';
import type { Result } from '../result';
import { ok } from '../result';
import type { PendingApproval } from './approvals';
import { pendingApprovals } from './approvals';
import type { Cart, CartLine } from './cart';
import type { CartError } from './cart-errors';
import { refuse } from './cart-errors';

export interface TotalsContext {
  readonly promotions: readonly Promotion[];
  /** Epoch ms: decides which promotions are valid. */
  readonly now: number;
  /** Flash-sale allowance left for the attached member, by promotion id (see PricingInput). */
  readonly flashSaleAllowances: Readonly<Record<string, number>>;
  readonly earnRule: EarnRule;
  readonly pricingOptions?: Partial<PricingOptions>;
}

export interface CartTotals {
  readonly priced: PricedCart;
  /** Voided lines, still listed on the screen and the journal, at no charge. */
  readonly voidedLineIds: readonly string[];
  /** Weighed products still waiting for the scale; not yet in the totals. */
  readonly unweighedLineIds: readonly string[];
  readonly pendingApprovals: readonly PendingApproval[];
  /** Points a member would earn paying the total (SPEC: 10 per yuan by default). */
  readonly pointsEarnable: number;
}

function pricingLine(line: CartLine, quantity: number): PricingLine {
  return {
    lineId: line.lineId,
    productId: line.product.id,
    categoryId: line.product.categoryId,
    soldBy: line.product.soldBy,
    quantity,
    unitPrice: line.price.unitPrice,
    priceSource: line.price.kind,
    taxRateBasisPoints: line.taxRateBasisPoints,
    memberPrices: line.product.memberPrices,
    manualDiscount: line.discount?.discount ?? null,
  };
}

/** Totals for the screen: always an answer, listing what still blocks tender. */
export function cartTotals(cart: Cart, context: TotalsContext): CartTotals {
  const lines: PricingLine[] = [];
  const voidedLineIds: string[] = [];
  const unweighedLineIds: string[] = [];
  for (const line of cart.lines) {
    if (line.status.kind === 'void') {
      voidedLineIds.push(line.lineId);
      continue;
    }
    const quantity = line.quantity.kind === 'each' ? line.quantity.units : line.quantity.grams;
    if (quantity === null) unweighedLineIds.push(line.lineId);
    else lines.push(pricingLine(line, quantity));
  }
  const priced = priceCart({
    currency: cart.currency,
    taxMode: cart.taxMode,
    now: context.now,
    lines,
    promotions: context.promotions,
    memberLevel: cart.member?.level ?? null,
    couponCodes: cart.couponCodes,
    flashSaleAllowances: context.flashSaleAllowances,
    cartDiscount: cart.cartDiscount?.discount ?? null,
    ...(context.pricingOptions === undefined ? {} : { options: context.pricingOptions }),
  });
  return {
    priced,
    voidedLineIds,
    unweighedLineIds,
    pendingApprovals: pendingApprovals(cart),
    pointsEarnable: pointsForPayment(priced.totals.total.amount, cart.currency, context.earnRule),
  };
}

/** Totals the customer can pay: refused while anything is unweighed, unapproved, or nothing is sold. */
export function totalForTender(cart: Cart, context: TotalsContext): Result<CartTotals, CartError> {
  const totals = cartTotals(cart, context);
  const firstUnweighed = totals.unweighedLineIds[0];
  if (firstUnweighed !== undefined) {
    return refuse('cart.weightRequired', 'An item sold by weight has not been weighed yet.', {
      lineId: firstUnweighed,
    });
  }
  const firstPending = totals.pendingApprovals[0];
  if (firstPending !== undefined) {
    const what: Readonly<Record<string, string>> =
      firstPending.kind === 'cartDiscount'
        ? { need: 'cartDiscount' }
        : { need: firstPending.need, lineId: firstPending.lineId };
    return refuse(
      'cart.approvalMissing',
      'A supervisor must approve a price or discount before payment.',
      what,
    );
  }
  if (totals.priced.lines.length === 0) {
    return refuse('cart.empty', 'There is nothing to pay for: scan an item first.');
  }
  return ok(totals);
}
