// Parking a cart (the customer went back for something) and recalling it later. A parked cart is
// a plain value with the time it was parked, so it can be stored and listed like any other record.
import type { Result } from '../result';
import { ok } from '../result';
import type { Cart } from './cart';
import { activeLines } from './cart';
import type { CartError } from './cart-errors';
import { refuse } from './cart-errors';

export interface ParkedCart {
  readonly cart: Cart;
  readonly parkedAt: number;
  readonly parkedBy: string;
  /** Optional words to find it again ("lady in red coat"). */
  readonly note: string;
}

export function parkCart(
  cart: Cart,
  parkedAt: number,
  parkedBy: string,
  note = '',
): Result<ParkedCart, CartError> {
  if (activeLines(cart).length === 0) {
    return refuse('cart.empty', 'An empty cart cannot be parked.');
  }
  return ok({ cart, parkedAt, parkedBy, note });
}

/** The parked cart, exactly as it was; approvals and coupons given before parking still stand. */
export function recallCart(parked: ParkedCart): Cart {
  return parked.cart;
}
