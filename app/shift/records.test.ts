import { describe, expect, it } from 'vitest';
import type { Money } from '../money';
import { DROP_THE_FEN } from '../money';
import { completePayment, payWith, planRefund } from '../tenders';
import { recordPaidIn, recordPaidOut, refundRecord, saleRecord } from './records';

const cny = (amount: number): Money => ({ amount, currency: 'CNY' });
const AT = 1_700_000_100_000;

describe('recordPaidIn / recordPaidOut', () => {
  it('records cash in and out with a trimmed reason', () => {
    expect(recordPaidIn(cny(10_000), ' change from the safe ', AT)).toEqual({
      ok: true,
      value: { kind: 'paidIn', at: AT, amount: cny(10_000), reason: 'change from the safe' },
    });
    expect(recordPaidOut(cny(1), 'milk delivery', AT)).toMatchObject({
      ok: true,
      value: { kind: 'paidOut' },
    });
  });

  it('refuses zero, negative and fractional amounts', () => {
    for (const amount of [0, -100, 1.5]) {
      const refused = recordPaidOut(cny(amount), 'x', AT);
      expect(refused.ok ? undefined : refused.error.code).toBe('shift.invalidAmount');
    }
  });

  it('refuses a missing reason', () => {
    for (const reason of ['', '   ']) {
      const refused = recordPaidIn(cny(100), reason, AT);
      expect(refused.ok ? undefined : refused.error.code).toBe('shift.reasonRequired');
    }
  });
});

describe('saleRecord and refundRecord', () => {
  it('records a paid sale with its tenders', () => {
    const paid = payWith(cny(1237), [{ kind: 'cash', tendered: cny(2000) }], {
      cashRounding: DROP_THE_FEN,
    });
    if (!paid.ok) throw new Error(paid.error.code);
    const payment = completePayment(paid.value);
    if (!payment.ok) throw new Error(payment.error.code);
    const tax = [{ rateBasisPoints: 1300, tax: cny(142) }];
    const sale = saleRecord({
      saleId: 'A1',
      at: AT,
      gross: cny(1337),
      discounts: cny(100),
      tax,
      payment: payment.value,
    });
    expect(sale).toMatchObject({
      ok: true,
      value: {
        kind: 'sale',
        saleId: 'A1',
        tenders: [{ kind: 'cash', change: cny(770), rounding: cny(-7) }],
      },
    });
    const mismatch = saleRecord({
      saleId: 'A1',
      at: AT,
      gross: cny(1337),
      discounts: cny(0),
      tax,
      payment: payment.value,
    });
    expect(mismatch.ok ? undefined : mismatch.error.code).toBe('shift.badRecord');
  });

  it('records a refund plan as it was paid out', () => {
    const plan = planRefund({
      paid: [
        { kind: 'cash', amount: cny(1237), tendered: cny(1230), change: cny(0), rounding: cny(-7) },
      ],
      previousRefunds: [],
      amount: cny(1237),
      cashRounding: DROP_THE_FEN,
      cashOverrideApproved: false,
    });
    if (!plan.ok) throw new Error(plan.error.code);
    expect(
      refundRecord({ refundId: 'F1', saleId: 'A1', at: AT, tax: [], plan: plan.value }),
    ).toEqual({
      kind: 'refund',
      refundId: 'F1',
      saleId: 'A1',
      at: AT,
      amount: cny(1237),
      tax: [],
      lines: [{ kind: 'cash', originalIndex: 0, amount: cny(1237), insteadOf: 'cash' }],
      cashRounding: cny(-7),
    });
  });
});
