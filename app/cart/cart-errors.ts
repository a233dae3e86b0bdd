// The refusals a cart operation can answer with: stable codes the UI translates, and English
// messages a cashier can act on.
import type { DomainError, Err } from '../result';
import { err } from '../result';

export type CartErrorCode =
  | 'cart.lineNotFound'
  | 'cart.lineIdTaken'
  | 'cart.lineVoided'
  | 'cart.quantityInvalid'
  | 'cart.soldByWeight'
  | 'cart.notSoldByWeight'
  | 'cart.weightInvalid'
  | 'cart.weightRequired'
  | 'cart.productInactive'
  | 'cart.currencyMismatch'
  | 'cart.taxClassMismatch'
  | 'cart.priceInvalid'
  | 'cart.reasonRequired'
  | 'cart.discountInvalid'
  | 'cart.noDiscount'
  | 'cart.approvalMissing'
  | 'cart.approvalInvalid'
  | 'cart.nothingToApprove'
  | 'cart.noMember'
  | 'cart.couponInvalid'
  | 'cart.couponAlreadyApplied'
  | 'cart.couponNotApplied'
  | 'cart.empty';

export type CartError = DomainError<CartErrorCode>;

export function refuse(
  code: CartErrorCode,
  message: string,
  details?: CartError['details'],
): Err<CartError> {
  return err(code, message, details);
}
