// The unpaid-order rule: a pending order not paid within 15 minutes is cancelled by the caller
// (a delayed job ordered by `overdueAt`), which releases its locked stock.
import type { Order } from './order';

/** SPEC: 15 minutes. Configurable per chain through the `deadlineMs` parameters below. */
export const PAYMENT_DEADLINE_MS = 15 * 60 * 1000;

/**
 * The instant the payment window closes. The window is [createdAt, createdAt + deadline): a
 * payment at 14:59.999 is in time, and at exactly 15:00 the order is overdue.
 */
export function overdueAt(
  order: Pick<Order, 'createdAt'>,
  deadlineMs: number = PAYMENT_DEADLINE_MS,
): number {
  return order.createdAt + deadlineMs;
}

/** Whether the order is still unpaid at `now` and its payment window has closed. */
export function isPaymentOverdue(
  order: Pick<Order, 'createdAt' | 'status'>,
  now: number,
  deadlineMs: number = PAYMENT_DEADLINE_MS,
): boolean {
  return order.status === 'pending' && now >= overdueAt(order, deadlineMs);
}
