// The customer side of the cart: the member attached (whose level sets member prices and
// members-only promotions) and the coupon codes presented (a coupon promotion applies only when
// its code is on the cart).
import type { MemberLevel } from '../catalog';
import { normalizeCouponCode } from '../pricing';
import type { Result } from '../result';
import { ok } from '../result';
import type { Cart } from './cart';
import type { CartError } from './cart-errors';
import { refuse } from './cart-errors';

/** Attaches a member, replacing any member attached before (the last card scanned wins). */
export function attachMember(
  cart: Cart,
  memberId: string,
  level: MemberLevel,
): Result<Cart, CartError> {
  return ok({ ...cart, member: { memberId, level } });
}

export function detachMember(cart: Cart): Result<Cart, CartError> {
  if (cart.member === null) return refuse('cart.noMember', 'No member is attached to this cart.');
  return ok({ ...cart, member: null });
}

export function applyCoupon(cart: Cart, code: string): Result<Cart, CartError> {
  const normalized = normalizeCouponCode(code);
  if (normalized === '') return refuse('cart.couponInvalid', 'Scan or type the coupon code.');
  if (cart.couponCodes.includes(normalized)) {
    return refuse('cart.couponAlreadyApplied', 'This coupon is already on the cart.', {
      code: normalized,
    });
  }
  return ok({ ...cart, couponCodes: [...cart.couponCodes, normalized] });
}

export function removeCoupon(cart: Cart, code: string): Result<Cart, CartError> {
  const normalized = normalizeCouponCode(code);
  if (!cart.couponCodes.includes(normalized)) {
    return refuse('cart.couponNotApplied', 'This coupon is not on the cart.', { code: normalized });
  }
  return ok({ ...cart, couponCodes: cart.couponCodes.filter((c) => c !== normalized) });
}
