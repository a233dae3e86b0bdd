// A flash-sale activity and its status, which follows from the clock and the units sold: a
// stored status is only trusted for "cancelled", the one state a person sets.
import type { Money } from '../money';
import type { DomainError, Result } from '../result';
import { err, ok } from '../result';

export type FlashSaleStatus = 'pending' | 'active' | 'completed' | 'cancelled';

export interface FlashSale {
  readonly id: string;
  readonly productId: string;
  readonly flashPrice: Money;
  /** Units offered in the whole sale (the chain pool), in the product's stock unit. */
  readonly totalStock: number;
  /** Units one member may buy over the whole sale. */
  readonly perMemberLimit: number;
  /** The sale runs over [startsAt, endsAt). */
  readonly startsAt: number;
  readonly endsAt: number;
  readonly status: FlashSaleStatus;
}

/**
 * cancelled once set; pending before `startsAt`; completed from `endsAt` on or while every unit is
 * sold; active otherwise. "Sold out" is not final: when an unpaid flash order expires its unit
 * returns, and the sale is active again until the window closes.
 */
export function flashSaleStatus(sale: FlashSale, now: number, sold: number): FlashSaleStatus {
  if (sale.status === 'cancelled') return 'cancelled';
  if (now < sale.startsAt) return 'pending';
  if (now >= sale.endsAt || sold >= sale.totalStock) return 'completed';
  return 'active';
}

/** The sale with its stored status brought up to date. */
export function refreshFlashSale(sale: FlashSale, now: number, sold: number): FlashSale {
  const status = flashSaleStatus(sale, now, sold);
  return status === sale.status ? sale : { ...sale, status };
}

export type CancelFlashSaleError = DomainError<'flashSale.alreadyEnded'>;

/** Head office calls a sale off; one whose window has closed stays completed. */
export function cancelFlashSale(
  sale: FlashSale,
  now: number,
): Result<FlashSale, CancelFlashSaleError> {
  if (sale.status !== 'cancelled' && now >= sale.endsAt) {
    return err('flashSale.alreadyEnded', 'This flash sale has already ended.', { saleId: sale.id });
  }
  return ok({ ...sale, status: 'cancelled' });
}

/** Checks a definition from head office: integers, a real window, a limit of at least one. */
export function isValidFlashSale(sale: FlashSale): boolean {
  return (
    Number.isSafeInteger(sale.totalStock) &&
    sale.totalStock > 0 &&
    Number.isSafeInteger(sale.perMemberLimit) &&
    sale.perMemberLimit > 0 &&
    Number.isSafeInteger(sale.flashPrice.amount) &&
    sale.flashPrice.amount >= 0 &&
    sale.startsAt < sale.endsAt
  );
}
