// Whether a member may buy flash-sale units now: the sale is active, units are left, and the
// member stays within the per-member limit.
import type { DomainError, Result } from '../result';
import { err, missingCase, ok } from '../result';
import type { FlashSale } from './flash-sale';
import { flashSaleStatus } from './flash-sale';

export type FlashPurchaseError = DomainError<
  | 'flashSale.quantityInvalid'
  | 'flashSale.limitExceeded'
  | 'flashSale.notStarted'
  | 'flashSale.ended'
  | 'flashSale.cancelled'
  | 'flashSale.soldOut'
>;

/**
 * `alreadyBought` is what the member holds in this sale: paid orders plus unpaid ones still within
 * their 15 minutes (an expired unpaid order gives its units back, to the member's limit too).
 * Returns how many more the member may buy after this purchase.
 */
export function checkMemberLimit(
  sale: Pick<FlashSale, 'perMemberLimit'>,
  alreadyBought: number,
  quantity: number,
): Result<{ readonly remaining: number }, FlashPurchaseError> {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    return err('flashSale.quantityInvalid', 'The quantity must be a whole number above zero.', {
      quantity,
    });
  }
  const left = Math.max(0, sale.perMemberLimit - alreadyBought);
  if (quantity > left) {
    return err(
      'flashSale.limitExceeded',
      left === 0
        ? `Each member may buy ${sale.perMemberLimit} in this sale; this member already has.`
        : `Each member may buy ${sale.perMemberLimit} in this sale; this member may buy ${left} more.`,
      { limit: sale.perMemberLimit, alreadyBought, requested: quantity },
    );
  }
  return ok({ remaining: left - quantity });
}

/** The full check before a flash order is created: status, units left, member limit. */
export function checkFlashPurchase(
  sale: FlashSale,
  input: {
    readonly now: number;
    /** Units sold (or held by unexpired unpaid orders) across the chain. */
    readonly sold: number;
    readonly alreadyBought: number;
    readonly quantity: number;
  },
): Result<{ readonly remaining: number }, FlashPurchaseError> {
  if (!Number.isSafeInteger(input.quantity) || input.quantity <= 0) {
    return err('flashSale.quantityInvalid', 'The quantity must be a whole number above zero.', {
      quantity: input.quantity,
    });
  }
  const status = flashSaleStatus(sale, input.now, input.sold);
  switch (status) {
    case 'cancelled':
      return err('flashSale.cancelled', 'This flash sale was cancelled.', { saleId: sale.id });
    case 'pending':
      return err('flashSale.notStarted', 'This flash sale has not started yet.', {
        saleId: sale.id,
        startsAt: sale.startsAt,
      });
    case 'completed':
      return input.now >= sale.endsAt
        ? err('flashSale.ended', 'This flash sale has ended.', { saleId: sale.id })
        : err('flashSale.soldOut', 'This flash sale is sold out.', { saleId: sale.id });
    case 'active':
      break;
    default:
      return missingCase(status);
  }
  const unitsLeft = sale.totalStock - input.sold;
  if (input.quantity > unitsLeft) {
    return err('flashSale.soldOut', `Only ${unitsLeft} left in this flash sale.`, {
      saleId: sale.id,
      unitsLeft,
      requested: input.quantity,
    });
  }
  return checkMemberLimit(sale, input.alreadyBought, input.quantity);
}
