// A flash-sale order must be paid within 15 minutes, else it expires and its units go back to
// the sale (a delayed job ordered by the deadline). Same rule as any unpaid order.
import { PAYMENT_DEADLINE_MS } from '../orders/payment-deadline';

export const FLASH_PAYMENT_DEADLINE_MS = PAYMENT_DEADLINE_MS;

/** The first instant the unpaid flash order has expired: paid at deadline − 1 ms is in time. */
export function flashOrderExpiresAt(
  createdAt: number,
  deadlineMs: number = FLASH_PAYMENT_DEADLINE_MS,
): number {
  return createdAt + deadlineMs;
}

export function isFlashOrderExpired(
  createdAt: number,
  now: number,
  deadlineMs: number = FLASH_PAYMENT_DEADLINE_MS,
): boolean {
  return now >= flashOrderExpiresAt(createdAt, deadlineMs);
}
