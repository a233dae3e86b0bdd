import { describe, expect, it } from 'vitest';
import { PAYMENT_DEADLINE_MS, isPaymentOverdue, overdueAt } from './payment-deadline';

const MINUTE = 60_000;
const created = { createdAt: 1_700_000_000_000, status: 'pending' as const };

describe('15-minute unpaid rule', () => {
  it('the deadline is 15 minutes', () => {
    expect(PAYMENT_DEADLINE_MS).toBe(15 * MINUTE);
    expect(overdueAt(created)).toBe(created.createdAt + 15 * MINUTE);
  });

  it('is in time 1 ms before 15 minutes, overdue at exactly 15 minutes', () => {
    expect(isPaymentOverdue(created, created.createdAt + 15 * MINUTE - 1)).toBe(false);
    expect(isPaymentOverdue(created, created.createdAt + 15 * MINUTE)).toBe(true);
    expect(isPaymentOverdue(created, created.createdAt + 15 * MINUTE + 1)).toBe(true);
  });

  it('a paid or cancelled order is never overdue', () => {
    const late = created.createdAt + 60 * MINUTE;
    expect(isPaymentOverdue({ ...created, status: 'paid' }, late)).toBe(false);
    expect(isPaymentOverdue({ ...created, status: 'cancelled' }, late)).toBe(false);
  });

  it('the deadline is configurable', () => {
    expect(overdueAt(created, 5 * MINUTE)).toBe(created.createdAt + 5 * MINUTE);
    expect(isPaymentOverdue(created, created.createdAt + 5 * MINUTE, 5 * MINUTE)).toBe(true);
    expect(isPaymentOverdue(created, created.createdAt + 5 * MINUTE - 1, 5 * MINUTE)).toBe(false);
  });
});
