import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CashRounding, Money } from '../money';
import { DROP_THE_FEN, NO_CASH_ROUNDING } from '../money';
import type { AuthCode, TerminalRef } from './card-details';
import { parseTerminalRef } from './card-details';
import type { MaskedPan } from './masked-pan';
import { parseMaskedPan } from './masked-pan';
import type { MaskedPaymentCode } from './payment-code';
import { parseMaskedPaymentCode } from './payment-code';
import type { RefundLine, RefundPlan, RefundRequest } from './refund-to-original';
import { planRefund } from './refund-to-original';
import type { AppliedTender } from './tender';

const cny = (amount: number): Money => ({ amount, currency: 'CNY' });
const PAN = ((): MaskedPan => {
  const parsed = parseMaskedPan('622848******5678');
  if (!parsed.ok) throw new Error('fixture');
  return parsed.value;
})();
const CODE = ((): MaskedPaymentCode => {
  const parsed = parseMaskedPaymentCode('28**********4567');
  if (!parsed.ok) throw new Error('fixture');
  return parsed.value;
})();

const TERMINAL_REF = ((): TerminalRef => {
  const parsed = parseTerminalRef('T-1');
  if (!parsed.ok) throw new Error('fixture');
  return parsed.value;
})();

const cash = (amount: number, rounding = 0): AppliedTender => ({
  kind: 'cash',
  amount: cny(amount),
  tendered: cny(amount + rounding),
  change: cny(0),
  rounding: cny(rounding),
});
const card = (amount: number): AppliedTender => ({
  kind: 'card',
  amount: cny(amount),
  pan: PAN,
  scheme: 'unionPay',
  authCode: 'A1B2C3' as AuthCode,
  terminalRef: TERMINAL_REF,
});
const wallet = (amount: number): AppliedTender => ({
  kind: 'wallet',
  provider: 'alipay',
  amount: cny(amount),
  paymentCode: CODE,
  providerTransactionId: '2013112011001004330000121536',
});
const points = (amount: number, count: number): AppliedTender => ({
  kind: 'points',
  amount: cny(amount),
  points: count,
});
const voucher = (amount: number): AppliedTender => ({
  kind: 'voucher',
  amount: cny(amount),
  code: 'GC-1',
  leftover: { kind: 'keptOnCard', amount: cny(0) },
});

function refund(
  paid: readonly AppliedTender[],
  amount: number,
  options: Partial<Omit<RefundRequest, 'paid' | 'amount'>> = {},
): RefundPlan {
  const planned = planRefund({
    paid,
    amount: cny(amount),
    previousRefunds: [],
    cashRounding: NO_CASH_ROUNDING,
    cashOverrideApproved: false,
    ...options,
  });
  if (!planned.ok) throw new Error(`${planned.error.code}: ${planned.error.message}`);
  return planned.value;
}
const summary = (plan: RefundPlan) =>
  plan.lines.map((l) => [l.kind, l.originalIndex, l.amount.amount]);

describe('planRefund', () => {
  it('refunds the card first, up to what it paid, then cash', () => {
    const plan = refund([cash(3000), card(5000)], 6000);
    expect(summary(plan)).toEqual([
      ['card', 1, 5000],
      ['cash', 0, 1000],
    ]);
    expect(plan.lines[0]).toMatchObject({
      pan: '622848******5678',
      scheme: 'unionPay',
      terminalRef: 'T-1',
    });
    expect(plan.cashOut).toEqual(cny(1000));
  });

  it('keeps cash in the drawer when the card covers the refund', () => {
    expect(summary(refund([cash(3000), card(5000)], 5000))).toEqual([['card', 1, 5000]]);
  });

  it('goes back to the same wallet with its transaction id', () => {
    const plan = refund([wallet(2000), cash(1000)], 2500);
    expect(plan.lines[0]).toMatchObject({
      kind: 'wallet',
      provider: 'alipay',
      providerTransactionId: '2013112011001004330000121536',
      amount: cny(2000),
    });
    expect(summary(plan)[1]).toEqual(['cash', 1, 500]);
  });

  it('orders card and wallet, then points, then vouchers, then cash', () => {
    const paid = [cash(100), voucher(100), points(100, 100), wallet(100), card(100)];
    expect(summary(refund(paid, 500))).toEqual([
      ['wallet', 3, 100],
      ['card', 4, 100],
      ['points', 2, 100],
      ['voucher', 1, 100],
      ['cash', 0, 100],
    ]);
  });

  it('gives points back as points, in proportion, all of them on the last refund', () => {
    // 500 points paid ¥5.00; refunding ¥3.33 then ¥1.67.
    const paid = [points(500, 500), cash(1000)];
    const first = refund(paid, 333);
    expect(first.lines).toEqual([
      { kind: 'points', originalIndex: 0, amount: cny(333), points: 333 },
    ]);
    expect(first.pointsBack).toBe(333);
    const second = refund(paid, 167, { previousRefunds: first.lines });
    expect(second.pointsBack).toBe(167);
  });

  it('rounds points down on a partial refund at an uneven rate, never losing them overall', () => {
    // 3 points per 2 fen: 300 points paid 200 fen.
    const paid = [points(200, 300)];
    const first = refund(paid, 1);
    expect(first.pointsBack).toBe(1); // 1.5 → 1
    const second = refund(paid, 199, { previousRefunds: first.lines });
    expect(second.pointsBack).toBe(299);
  });

  it('never refunds a tender twice: earlier refunds are taken off', () => {
    const paid = [cash(3000), card(5000)];
    const first = refund(paid, 4000);
    expect(summary(first)).toEqual([['card', 1, 4000]]);
    const second = refund(paid, 4000, { previousRefunds: first.lines });
    expect(summary(second)).toEqual([
      ['card', 1, 1000],
      ['cash', 0, 3000],
    ]);
    const refused = planRefund({
      paid,
      amount: cny(1),
      previousRefunds: [...first.lines, ...second.lines],
      cashRounding: NO_CASH_ROUNDING,
      cashOverrideApproved: false,
    });
    expect(refused.ok ? undefined : refused.error).toMatchObject({
      code: 'refund.exceedsPaid',
      details: { refundable: 0 },
    });
  });

  it('refuses more than the sale took, zero, negative and another currency', () => {
    const paid = [cash(3000), card(5000)];
    const base = {
      paid,
      previousRefunds: [],
      cashRounding: NO_CASH_ROUNDING,
      cashOverrideApproved: false,
    };
    const codeOf = (amount: Money) => {
      const planned = planRefund({ ...base, amount });
      return planned.ok ? undefined : planned.error.code;
    };
    expect(codeOf(cny(8001))).toBe('refund.exceedsPaid');
    expect(codeOf(cny(8000))).toBeUndefined();
    expect(codeOf(cny(0))).toBe('refund.invalidAmount');
    expect(codeOf(cny(-100))).toBe('refund.invalidAmount');
    expect(codeOf({ amount: 100, currency: 'USD' })).toBe('refund.currencyMismatch');
  });

  it('refuses a card record that holds a full card number', () => {
    const damaged = { ...card(5000), terminalRef: '6228480012345678' as TerminalRef };
    const planned = planRefund({
      paid: [damaged],
      amount: cny(1),
      previousRefunds: [],
      cashRounding: NO_CASH_ROUNDING,
      cashOverrideApproved: false,
    });
    expect(planned.ok ? undefined : planned.error.code).toBe('refund.paymentRecordInvalid');
    expect(JSON.stringify(planned)).not.toContain('6228480012345678');
  });

  it('refuses a refund history that does not match the sale', () => {
    const paid = [cash(3000), card(5000)];
    const bad: RefundLine[][] = [
      [{ kind: 'cash', originalIndex: 5, amount: cny(1), insteadOf: 'cash' }],
      [{ kind: 'cash', originalIndex: 1, amount: cny(1), insteadOf: 'cash' }], // index 1 is the card
      [{ kind: 'cash', originalIndex: 0, amount: cny(3001), insteadOf: 'cash' }],
      [{ kind: 'voucher', originalIndex: 0, amount: cny(1), code: 'X' }],
    ];
    for (const previousRefunds of bad) {
      const planned = planRefund({
        paid,
        amount: cny(1),
        previousRefunds,
        cashRounding: NO_CASH_ROUNDING,
        cashOverrideApproved: false,
      });
      expect(planned.ok ? undefined : planned.error.code).toBe('refund.historyMismatch');
    }
  });

  it('pays the card and wallet part in cash under a manager override, within their caps', () => {
    const paid = [card(5000), wallet(2000), points(1000, 1000), cash(500)];
    const plan = refund(paid, 8000, { cashOverrideApproved: true });
    expect(plan.lines).toEqual([
      { kind: 'cash', originalIndex: 0, amount: cny(5000), insteadOf: 'card' },
      { kind: 'cash', originalIndex: 1, amount: cny(2000), insteadOf: 'wallet' },
      { kind: 'points', originalIndex: 2, amount: cny(1000), points: 1000 },
    ]);
    expect(plan.cashOut).toEqual(cny(7000));
    // An override line counts against the card it replaces.
    const again = refund(paid, 500, { cashOverrideApproved: true, previousRefunds: plan.lines });
    expect(summary(again)).toEqual([['cash', 3, 500]]);
  });

  it('rounds the cash handed back and records the adjustment; lines stay exact', () => {
    // The sale: 12.37 paid in cash with the fen dropped (12.30 taken).
    const paid = [cash(1237, -7)];
    const plan = refund(paid, 1237, { cashRounding: DROP_THE_FEN });
    expect(summary(plan)).toEqual([['cash', 0, 1237]]);
    expect(plan.cashOut).toEqual(cny(1230));
    expect(plan.cashRounding).toEqual(cny(-7));
    // A card refund is never rounded.
    const byCard = refund([card(1237)], 1237, { cashRounding: DROP_THE_FEN });
    expect(byCard.cashOut).toEqual(cny(0));
    expect(byCard.cashRounding).toEqual(cny(0));
  });
});

describe('planRefund (property)', () => {
  const tender = fc.oneof(
    fc.integer({ min: 1, max: 100_000 }).map(cash),
    fc.integer({ min: 1, max: 100_000 }).map(card),
    fc.integer({ min: 1, max: 100_000 }).map(wallet),
    fc.integer({ min: 1, max: 100_000 }).map(voucher),
    fc
      .tuple(fc.integer({ min: 1, max: 1000 }), fc.constantFrom(1, 2, 3))
      .map(([value, perFen]) => points(value * 2, value * 2 * perFen)),
  );
  const rounding = fc.constantFrom<CashRounding>(NO_CASH_ROUNDING, DROP_THE_FEN, {
    increment: 5,
    mode: 'halfUp',
  });

  it('sums to the refund amount and never exceeds what each tender paid, over repeated refunds', () => {
    fc.assert(
      fc.property(
        fc.array(tender, { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        rounding,
        (paid, shares, override, cashRounding) => {
          const total = paid.reduce((a, t) => a + t.amount.amount, 0);
          const history: RefundLine[] = [];
          let refunded = 0;
          for (const share of shares) {
            const left = total - refunded;
            if (left === 0) break;
            const amount = Math.max(1, Math.floor((left * share) / 100));
            const plan = refund(paid, amount, {
              previousRefunds: history,
              cashRounding,
              cashOverrideApproved: override,
            });
            expect(plan.lines.reduce((a, l) => a + l.amount.amount, 0)).toBe(amount);
            expect(plan.lines.every((l) => l.amount.amount > 0)).toBe(true);
            const cashLines = plan.lines.reduce(
              (a, l) => a + (l.kind === 'cash' ? l.amount.amount : 0),
              0,
            );
            expect(plan.cashOut.amount - plan.cashRounding.amount).toBe(cashLines);
            expect(Math.abs(plan.cashRounding.amount)).toBeLessThan(cashRounding.increment);
            history.push(...plan.lines);
            refunded += amount;
          }
          paid.forEach((t, index) => {
            const back = history.filter((l) => l.originalIndex === index);
            expect(back.reduce((a, l) => a + l.amount.amount, 0)).toBeLessThanOrEqual(
              t.amount.amount,
            );
            if (t.kind === 'points') {
              const pts = back.reduce((a, l) => a + (l.kind === 'points' ? l.points : 0), 0);
              expect(pts).toBeLessThanOrEqual(t.points);
            }
            // Points and vouchers never come back as cash, even under an override.
            if (t.kind === 'points' || t.kind === 'voucher')
              expect(back.every((l) => l.kind === t.kind)).toBe(true);
            if (!override && t.kind !== 'cash')
              expect(back.every((l) => l.kind === t.kind)).toBe(true);
          });
          // Refunding everything that is left returns every point.
          if (refunded < total) {
            const rest = refund(paid, total - refunded, { previousRefunds: history, cashRounding });
            history.push(...rest.lines);
          }
          paid.forEach((t, index) => {
            const back = history.filter((l) => l.originalIndex === index);
            expect(back.reduce((a, l) => a + l.amount.amount, 0)).toBe(t.amount.amount);
            if (t.kind === 'points') {
              expect(back.reduce((a, l) => a + (l.kind === 'points' ? l.points : 0), 0)).toBe(
                t.points,
              );
            }
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
