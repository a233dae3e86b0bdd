// Manual discounts a cashier keys in, on a line or on the whole cart: a percentage or an amount.
// Within the store's limit they apply at once; above it they wait for a supervisor's approval.
import type { ManualDiscount } from '../pricing';
import type { Result } from '../result';
import { ok } from '../result';
import type { Cart, DiscountApproval } from './cart';
import { updateActiveLine } from './cart';
import type { CartError } from './cart-errors';
import { refuse } from './cart-errors';
import type { CartPolicy } from './cart-policy';
import { DEFAULT_CART_POLICY } from './cart-policy';

function checkDiscount(discount: ManualDiscount): Result<ManualDiscount, CartError> {
  const valid =
    discount.kind === 'percent'
      ? Number.isSafeInteger(discount.basisPoints) &&
        discount.basisPoints > 0 &&
        discount.basisPoints <= 10_000
      : Number.isSafeInteger(discount.amount) && discount.amount > 0;
  if (!valid) {
    return refuse('cart.discountInvalid', 'A discount must be above zero and at most 100 %.');
  }
  return ok(discount);
}

/** Whether `discount` is within the cashier's own limit (equal to the limit is within it). */
export function discountApprovalFor(
  discount: ManualDiscount,
  policy: CartPolicy,
): DiscountApproval {
  const above =
    discount.kind === 'percent'
      ? discount.basisPoints > policy.discountApprovalAboveBasisPoints
      : discount.amount > policy.discountApprovalAboveAmount;
  return above ? { kind: 'pending' } : { kind: 'notRequired' };
}

/** Sets (or replaces) a line's manual discount. */
export function setLineDiscount(
  cart: Cart,
  lineId: string,
  discount: ManualDiscount,
  policy: CartPolicy = DEFAULT_CART_POLICY,
): Result<Cart, CartError> {
  const checked = checkDiscount(discount);
  if (!checked.ok) return checked;
  return updateActiveLine(cart, lineId, (line) =>
    ok({
      ...line,
      discount: { discount: checked.value, approval: discountApprovalFor(checked.value, policy) },
    }),
  );
}

export function removeLineDiscount(cart: Cart, lineId: string): Result<Cart, CartError> {
  return updateActiveLine(cart, lineId, (line) => {
    if (line.discount === null)
      return refuse('cart.noDiscount', 'This line has no discount to remove.', { lineId });
    return ok({ ...line, discount: null });
  });
}

/** Sets (or replaces) the manual discount on the whole cart. */
export function setCartDiscount(
  cart: Cart,
  discount: ManualDiscount,
  policy: CartPolicy = DEFAULT_CART_POLICY,
): Result<Cart, CartError> {
  const checked = checkDiscount(discount);
  if (!checked.ok) return checked;
  return ok({
    ...cart,
    cartDiscount: { discount: checked.value, approval: discountApprovalFor(checked.value, policy) },
  });
}

export function removeCartDiscount(cart: Cart): Result<Cart, CartError> {
  if (cart.cartDiscount === null)
    return refuse('cart.noDiscount', 'The cart has no discount to remove.');
  return ok({ ...cart, cartDiscount: null });
}

/**
 * A percentage as a cashier types it ("15", "12.5", "7,25 %") in basis points; undefined when it
 * is not one from 0.01 to 100.
 */
export function parsePercent(typed: string): number | undefined {
  const match = /^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(typed);
  if (match === null) return undefined;
  const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return basisPoints >= 1 && basisPoints <= 10_000 ? basisPoints : undefined;
}
