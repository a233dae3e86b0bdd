import { describe, expect, it } from 'vitest';
import { money } from '../money';
import type { FlashSale } from './flash-sale';
import { cancelFlashSale, flashSaleStatus, isValidFlashSale, refreshFlashSale } from './flash-sale';
import {
  FLASH_PAYMENT_DEADLINE_MS,
  flashOrderExpiresAt,
  isFlashOrderExpired,
} from './payment-deadline';
import { checkFlashPurchase, checkMemberLimit } from './purchase-check';

const START = Date.UTC(2025, 10, 11, 12);
const END = START + 3_600_000;

const sale: FlashSale = {
  id: 'fs-1',
  productId: 'tv',
  flashPrice: money(99_900, 'CNY'),
  totalStock: 100,
  perMemberLimit: 2,
  startsAt: START,
  endsAt: END,
  status: 'pending',
};

describe('flashSaleStatus', () => {
  it.each([
    [START - 1, 0, 'pending'],
    [START, 0, 'active'],
    [END - 1, 99, 'active'],
    [END - 1, 100, 'completed'],
    [END, 0, 'completed'],
  ])('at %i with %i sold is %s', (now, sold, status) => {
    expect(flashSaleStatus(sale, now, sold)).toBe(status);
  });

  it('cancelled stays cancelled whatever the time', () => {
    const cancelled = cancelFlashSale(sale, START);
    if (!cancelled.ok) throw new Error('expected ok');
    expect(flashSaleStatus(cancelled.value, START + 1, 0)).toBe('cancelled');
    expect(cancelFlashSale(sale, END).ok).toBe(false);
  });

  it('sold out becomes active again when a unit returns before the end', () => {
    const soldOut = refreshFlashSale(sale, START + 10, 100);
    expect(soldOut.status).toBe('completed');
    expect(refreshFlashSale(soldOut, START + 20, 99).status).toBe('active');
  });

  it('validates a definition', () => {
    expect(isValidFlashSale(sale)).toBe(true);
    expect(isValidFlashSale({ ...sale, endsAt: START })).toBe(false);
    expect(isValidFlashSale({ ...sale, perMemberLimit: 0 })).toBe(false);
  });
});

describe('checkMemberLimit', () => {
  it('allows up to the limit, refuses one more', () => {
    expect(checkMemberLimit(sale, 0, 2)).toEqual({ ok: true, value: { remaining: 0 } });
    expect(checkMemberLimit(sale, 1, 1)).toEqual({ ok: true, value: { remaining: 0 } });
    const over = checkMemberLimit(sale, 1, 2);
    expect(over.ok ? 'ok' : over.error.code).toBe('flashSale.limitExceeded');
    expect(checkMemberLimit(sale, 2, 1).ok).toBe(false);
    expect(checkMemberLimit(sale, 0, 0).ok).toBe(false);
  });
});

describe('checkFlashPurchase', () => {
  function code(now: number, sold: number, alreadyBought = 0, quantity = 1): string {
    const r = checkFlashPurchase(sale, { now, sold, alreadyBought, quantity });
    return r.ok ? 'ok' : r.error.code;
  }

  it('names why a purchase is refused', () => {
    expect(code(START - 1, 0)).toBe('flashSale.notStarted');
    expect(code(START, 0)).toBe('ok');
    expect(code(END, 0)).toBe('flashSale.ended');
    expect(code(START, 100)).toBe('flashSale.soldOut');
    expect(code(START, 99, 0, 2)).toBe('flashSale.soldOut');
    expect(code(START, 99, 0, 1)).toBe('ok');
    expect(code(START, 0, 2, 1)).toBe('flashSale.limitExceeded');
    expect(code(START, 0, 0, -1)).toBe('flashSale.quantityInvalid');
    expect(
      checkFlashPurchase(
        { ...sale, status: 'cancelled' },
        { now: START, sold: 0, alreadyBought: 0, quantity: 1 },
      ).ok,
    ).toBe(false);
  });
});

describe('flash order payment deadline', () => {
  it('15 minutes: in time 1 ms before, expired at exactly 15 minutes', () => {
    expect(FLASH_PAYMENT_DEADLINE_MS).toBe(900_000);
    expect(flashOrderExpiresAt(START)).toBe(START + 900_000);
    expect(isFlashOrderExpired(START, START + 899_999)).toBe(false);
    expect(isFlashOrderExpired(START, START + 900_000)).toBe(true);
  });
});
