import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CashRounding, Money } from '../money';
import { DROP_THE_FEN, NO_CASH_ROUNDING } from '../money';
import type { AuthCode, TerminalRef } from './card-details';
import { parseAuthCode, parseTerminalRef } from './card-details';
import type { MaskedPan } from './masked-pan';
import { maskPan } from './masked-pan';
import type { MaskedPaymentCode } from './payment-code';
import { maskPaymentCode } from './payment-code';
import type { Payment, PaymentRules } from './split-tender';
import { applyTender, completePayment, payWith, startPayment } from './split-tender';
import type { CardTender, Tender, VoucherTender, WalletTender } from './tender';

const cny = (amount: number): Money => ({ amount, currency: 'CNY' });
const PAN = ((): MaskedPan => {
  const masked = maskPan('6228480012345678');
  if (!masked.ok) throw new Error('fixture');
  return masked.value;
})();
const WECHAT_CODE = ((): MaskedPaymentCode => {
  const masked = maskPaymentCode('134567890123456789');
  if (!masked.ok) throw new Error('fixture');
  return masked.value.code;
})();

function unwrap<T>(result: { ok: true; value: T } | { ok: false }): T {
  if (!result.ok) throw new Error('fixture');
  return result.value;
}
const AUTH = unwrap(parseAuthCode('A1B2C3'));
const REF = unwrap(parseTerminalRef('RRN-000123456789'));

const cash = (amount: number): Tender => ({ kind: 'cash', tendered: cny(amount) });
const card = (amount: number, extra: Partial<CardTender> = {}): Tender => ({
  kind: 'card',
  amount: cny(amount),
  pan: PAN,
  scheme: 'unionPay',
  authCode: AUTH,
  terminalRef: REF,
  ...extra,
});
const points = (count: number): Tender => ({ kind: 'points', points: count });
const voucher = (
  amount: number,
  balance: number,
  use: VoucherTender['use'] = 'storedValue',
): Tender => ({
  kind: 'voucher',
  code: 'GC-0001',
  use,
  amount: cny(amount),
  balance: cny(balance),
});
const wallet = (amount: number, extra: Partial<WalletTender> = {}): Tender => ({
  kind: 'wallet',
  provider: 'wechatPay',
  amount: cny(amount),
  paymentCode: WECHAT_CODE,
  providerTransactionId: '4200001234202301011234567890',
  ...extra,
});

const exact: PaymentRules = {
  cashRounding: NO_CASH_ROUNDING,
  points: { rate: { points: 100, value: 100 }, balance: 10_000 },
};
const dropFen: PaymentRules = { ...exact, cashRounding: DROP_THE_FEN };

function pay(due: number, tenders: readonly Tender[], rules: PaymentRules = exact): Payment {
  const paid = payWith(cny(due), tenders, rules);
  if (!paid.ok) throw new Error(`${paid.error.code}: ${paid.error.message}`);
  return paid.value;
}
function refusal(
  due: number,
  tenders: readonly Tender[],
  rules: PaymentRules = exact,
): string | undefined {
  const paid = payWith(cny(due), tenders, rules);
  return paid.ok ? undefined : paid.error.code;
}

describe('startPayment', () => {
  it('starts with everything remaining', () => {
    const started = startPayment(cny(1237));
    expect(started.ok && started.value).toMatchObject({
      remaining: cny(1237),
      paid: cny(0),
      tenders: [],
    });
  });

  it('allows a zero due, which completes without a tender', () => {
    const started = startPayment(cny(0));
    if (!started.ok) throw new Error('zero due must start');
    expect(completePayment(started.value)).toMatchObject({ ok: true, value: { tenders: [] } });
  });

  it('refuses a negative due: refunds go through planRefund', () => {
    const started = startPayment(cny(-1));
    expect(started.ok ? undefined : started.error.code).toBe('tender.invalidDue');
  });
});

describe('cash', () => {
  it('gives change when cash overpays', () => {
    const payment = pay(1237, [cash(2000)]);
    expect(payment.remaining).toEqual(cny(0));
    expect(payment.change).toEqual(cny(763));
    expect(payment.tenders[0]).toEqual({
      kind: 'cash',
      amount: cny(1237),
      tendered: cny(2000),
      change: cny(763),
      rounding: cny(0),
    });
  });

  it('takes exact cash with no change', () => {
    expect(pay(1237, [cash(1237)]).change).toEqual(cny(0));
  });

  it('takes partial cash at face value and leaves the rest due', () => {
    const payment = pay(1237, [cash(1000)]);
    expect(payment.remaining).toEqual(cny(237));
    expect(payment.change).toEqual(cny(0));
  });

  it('drops the fen when cash pays what remains, recording the adjustment separately', () => {
    const payment = pay(1237, [cash(1230)], dropFen);
    expect(payment.remaining).toEqual(cny(0));
    expect(payment.cashRounding).toEqual(cny(-7));
    expect(payment.tenders[0]).toMatchObject({
      amount: cny(1237),
      change: cny(0),
      rounding: cny(-7),
    });
    const withChange = pay(1237, [cash(5000)], dropFen);
    expect(withChange.change).toEqual(cny(3770));
    expect(withChange.cashRounding).toEqual(cny(-7));
  });

  it('does not round a partial cash payment, only the cash that finishes the sale', () => {
    const partial = pay(1237, [cash(1000)], dropFen);
    expect(partial.cashRounding).toEqual(cny(0));
    expect(partial.remaining).toEqual(cny(237));
    const finished = pay(1237, [cash(1000), cash(230)], dropFen);
    expect(finished.cashRounding).toEqual(cny(-7));
    expect(finished.remaining).toEqual(cny(0));
  });

  it('does not round when a card pays the rest', () => {
    const payment = pay(1237, [cash(1000), card(237)], dropFen);
    expect(payment.cashRounding).toEqual(cny(0));
    expect(completePayment(payment).ok).toBe(true);
  });

  it('settles a due under one jiao with no cash at all when dropping the fen', () => {
    const payment = pay(1237, [card(1230), cash(0)], dropFen);
    expect(payment.remaining).toEqual(cny(0));
    expect(payment.cashRounding).toEqual(cny(-7));
  });

  it('refuses zero cash that does not settle, and negative cash', () => {
    expect(refusal(1237, [cash(0)])).toBe('tender.invalidAmount');
    expect(refusal(1237, [cash(-100)])).toBe('tender.invalidAmount');
  });

  it('refuses cash between the due and the rounded-up cash due (0.05 half up)', () => {
    const toFive: CashRounding = { increment: 5, mode: 'halfUp' };
    const rules = { ...exact, cashRounding: toFive };
    // 12.33 rounds up to 12.35 in cash.
    expect(refusal(1233, [cash(1234)], rules)).toBe('tender.cashBelowRounded');
    expect(pay(1233, [cash(1235)], rules).cashRounding).toEqual(cny(2));
    expect(pay(1233, [cash(1232)], rules).remaining).toEqual(cny(1));
  });
});

describe('non-cash tenders may not exceed the remaining due', () => {
  it.each([
    ['card', card(1238)],
    ['wallet', wallet(1238)],
    ['voucher', voucher(1238, 5000)],
    ['points', points(1238)],
  ])('%s over the due is refused with tender.exceedsDue', (_name, tender) => {
    expect(refusal(1237, [tender])).toBe('tender.exceedsDue');
  });

  it.each([
    ['card', card(1237)],
    ['wallet', wallet(1237)],
    ['voucher', voucher(1237, 5000)],
    ['points', points(1237)],
  ])('%s for exactly the due settles it', (_name, tender) => {
    const payment = pay(1237, [tender]);
    expect(payment.remaining).toEqual(cny(0));
    expect(payment.change).toEqual(cny(0));
  });

  it('measures "remaining" after earlier tenders', () => {
    expect(refusal(1237, [cash(1000), card(238)])).toBe('tender.exceedsDue');
    const refused = payWith(cny(1237), [cash(1000), card(238)], exact);
    expect(refused.ok ? undefined : refused.error.details).toMatchObject({
      tenderIndex: 1,
      remaining: 237,
    });
  });

  it('refuses zero and negative amounts', () => {
    expect(refusal(1237, [card(0)])).toBe('tender.invalidAmount');
    expect(refusal(1237, [wallet(-1)])).toBe('tender.invalidAmount');
    expect(refusal(1237, [voucher(0, 100)])).toBe('tender.invalidAmount');
  });

  it('refuses any tender once the sale is paid', () => {
    expect(refusal(1237, [cash(2000), card(1)])).toBe('tender.alreadyPaid');
    expect(refusal(1237, [card(1237), cash(100)])).toBe('tender.alreadyPaid');
    expect(refusal(0, [cash(100)])).toBe('tender.alreadyPaid');
  });

  it('refuses a tender in another currency', () => {
    const usd: Tender = { kind: 'cash', tendered: { amount: 100, currency: 'USD' } };
    expect(refusal(1237, [usd])).toBe('tender.currencyMismatch');
  });
});

describe('card', () => {
  it('keeps the masked number, scheme, approval code and terminal reference', () => {
    const payment = pay(1237, [card(1237)]);
    expect(payment.tenders[0]).toEqual({
      kind: 'card',
      amount: cny(1237),
      pan: '622848******5678',
      scheme: 'unionPay',
      authCode: 'A1B2C3',
      terminalRef: 'RRN-000123456789',
    });
  });

  // Rows read back from storage and cast to the type are checked again when applied.
  it('refuses card details that bypassed their parsers', () => {
    const cast = <T extends string>(text: string) => text as T;
    for (const authCode of ['', '1234567', 'AB-12']) {
      expect(refusal(1237, [card(1237, { authCode: cast<AuthCode>(authCode) })])).toBe(
        'tender.cardDetailsInvalid',
      );
    }
    for (const terminalRef of ['', '6228480012345678', 'ref:6228480012345678/1']) {
      expect(refusal(1237, [card(1237, { terminalRef: cast<TerminalRef>(terminalRef) })])).toBe(
        'tender.cardDetailsInvalid',
      );
    }
    expect(refusal(1237, [card(1237, { pan: cast<MaskedPan>('6228480012345678') })])).toBe(
      'tender.cardDetailsInvalid',
    );
    // A 12-digit retrieval reference number is fine.
    const rrn = unwrap(parseTerminalRef('123456789012'));
    expect(pay(1237, [card(1237, { terminalRef: rrn })]).remaining).toEqual(cny(0));
  });
});

describe('wallet', () => {
  it('keeps provider, masked code and the provider transaction id', () => {
    const payment = pay(1237, [wallet(1237)]);
    expect(payment.tenders[0]).toMatchObject({
      kind: 'wallet',
      provider: 'wechatPay',
      paymentCode: '13************6789',
      providerTransactionId: '4200001234202301011234567890',
    });
  });

  it('refuses a wallet payment without a transaction id', () => {
    expect(refusal(1237, [wallet(1237, { providerTransactionId: ' ' })])).toBe(
      'tender.walletDetailsInvalid',
    );
  });
});

describe('voucher and gift card', () => {
  it('keeps what is left on a gift card instead of giving change', () => {
    const payment = pay(1237, [voucher(1237, 5000)]);
    expect(payment.change).toEqual(cny(0));
    expect(payment.tenders[0]).toMatchObject({
      leftover: { kind: 'keptOnCard', amount: cny(3763) },
    });
  });

  it('records what a single-use voucher loses', () => {
    const payment = pay(1237, [voucher(1237, 2000, 'singleUse')]);
    expect(payment.tenders[0]).toMatchObject({ leftover: { kind: 'forfeited', amount: cny(763) } });
  });

  it('refuses taking more than the voucher holds', () => {
    expect(refusal(1237, [voucher(1001, 1000)])).toBe('tender.voucherOverBalance');
    expect(pay(1237, [voucher(1000, 1000)]).remaining).toEqual(cny(237));
  });
});

describe('points', () => {
  it('values points at the rate passed in: 100 points = ¥1', () => {
    const payment = pay(1237, [points(500), cash(737)]);
    expect(payment.tenders[0]).toEqual({ kind: 'points', amount: cny(500), points: 500 });
    expect(payment.pointsUsed).toBe(500);
  });

  it('refuses points without a member', () => {
    expect(refusal(1237, [points(100)], { cashRounding: NO_CASH_ROUNDING })).toBe(
      'tender.pointsNotAccepted',
    );
  });

  it('limits points to the balance, across several points tenders', () => {
    const rules: PaymentRules = {
      ...exact,
      points: { rate: { points: 100, value: 100 }, balance: 800 },
    };
    expect(pay(1237, [points(800)], rules).pointsUsed).toBe(800);
    expect(refusal(1237, [points(801)], rules)).toBe('tender.pointsOverBalance');
    const refused = payWith(cny(1237), [points(500), points(301)], rules);
    expect(refused.ok ? undefined : refused.error).toMatchObject({
      code: 'tender.pointsOverBalance',
      details: { available: 300, tenderIndex: 1 },
    });
  });

  it('limits points to the offline limit when one is given', () => {
    const rules: PaymentRules = {
      ...exact,
      points: { rate: { points: 100, value: 100 }, balance: 10_000, offlineLimit: 300 },
    };
    expect(pay(1237, [points(300)], rules).pointsUsed).toBe(300);
    expect(refusal(1237, [points(301)], rules)).toBe('tender.pointsOverOfflineLimit');
  });

  it('refuses points that are not a whole number of fen', () => {
    const rules: PaymentRules = {
      ...exact,
      points: { rate: { points: 200, value: 100 }, balance: 10_000 },
    };
    expect(refusal(1237, [points(201)], rules)).toBe('tender.pointsStep');
    expect(pay(1237, [points(202)], rules).paid).toEqual(cny(101));
  });
});

describe('completePayment', () => {
  it('refuses an underpaid payment with what remains', () => {
    const payment = pay(1237, [card(1000)]);
    const completed = completePayment(payment);
    expect(completed.ok ? undefined : completed.error).toMatchObject({
      code: 'tender.underpaid',
      details: { remaining: 237 },
    });
  });

  it('completes a mixed payment: points, voucher, card, wallet and cash', () => {
    const payment = pay(10_000, [
      points(1000),
      voucher(2000, 2000),
      card(3000),
      wallet(2000),
      cash(5000),
    ]);
    const completed = completePayment(payment);
    if (!completed.ok) throw new Error(completed.error.code);
    expect(completed.value.change).toEqual(cny(3000));
    expect(completed.value.tenders.map((t) => t.kind)).toEqual([
      'points',
      'voucher',
      'card',
      'wallet',
      'cash',
    ]);
  });

  it('is stepwise the same as payWith', () => {
    const started = startPayment(cny(1237));
    if (!started.ok) throw new Error('start');
    const one = applyTender(started.value, card(1000), exact);
    if (!one.ok) throw new Error('card');
    const two = applyTender(one.value, cash(500), exact);
    expect(two).toEqual(payWith(cny(1237), [card(1000), cash(500)], exact));
  });
});

describe('split tender (property)', () => {
  // Tender sizes are drawn as fractions of what remains so most plans are valid; refused plans
  // are still checked to leave nothing half-applied.
  const step = fc.record({
    kind: fc.constantFrom('cash', 'card', 'points', 'voucher', 'wallet'),
    share: fc.integer({ min: 1, max: 120 }),
  });

  for (const [name, rules] of [
    ['no cash rounding', exact],
    ['dropping the fen', dropFen],
    ['0.05 half up', { ...exact, cashRounding: { increment: 5, mode: 'halfUp' } }],
  ] as const) {
    it(`tendered − change − rounding equals the due, ${name}`, () => {
      let completed = 0;
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 10_000_000 }),
          fc.array(step, { maxLength: 6 }),
          fc.option(fc.record({ byCash: fc.boolean(), extra: fc.nat(5000) })),
          (due, steps, finish) => {
            const started = startPayment(cny(due));
            if (!started.ok) throw new Error('start');
            let payment = started.value;
            for (const { kind, share } of steps) {
              const amount = Math.max(1, Math.floor((payment.remaining.amount * share) / 100));
              const tender: Tender =
                kind === 'cash'
                  ? cash(amount)
                  : kind === 'card'
                    ? card(amount)
                    : kind === 'points'
                      ? points(amount)
                      : kind === 'voucher'
                        ? voucher(amount, amount + share)
                        : wallet(amount);
              const next = applyTender(payment, tender, {
                ...rules,
                points: { rate: { points: 100, value: 100 }, balance: 1e12 },
              });
              if (next.ok) payment = next.value;
            }
            if (finish !== null && payment.remaining.amount > 0) {
              const last = finish.byCash
                ? cash(payment.remaining.amount + finish.extra)
                : card(payment.remaining.amount);
              const next = applyTender(payment, last, rules);
              if (next.ok) payment = next.value;
            }
            const tendered = payment.tenders.reduce(
              (a, t) => a + (t.kind === 'cash' ? t.tendered.amount : t.amount.amount),
              0,
            );
            expect(payment.paid.amount + payment.remaining.amount).toBe(due);
            expect(payment.remaining.amount).toBeGreaterThanOrEqual(0);
            expect(payment.tenders.reduce((a, t) => a + t.amount.amount, 0)).toBe(
              payment.paid.amount,
            );
            if (payment.remaining.amount === 0) {
              completed += 1;
              expect(tendered - payment.change.amount - payment.cashRounding.amount).toBe(due);
              if (rules.cashRounding.increment === 1)
                expect(tendered - payment.change.amount).toBe(due);
              expect(completePayment(payment).ok).toBe(true);
            } else {
              expect(completePayment(payment).ok).toBe(false);
            }
            // Only cash gives change; only the cash that finishes the sale is rounded.
            payment.tenders.forEach((t, i) => {
              if (t.kind !== 'cash') return;
              if (t.change.amount !== 0 || t.rounding.amount !== 0)
                expect(i).toBe(payment.tenders.length - 1);
              expect(Math.abs(t.rounding.amount)).toBeLessThan(rules.cashRounding.increment);
            });
          },
        ),
        { numRuns: 500 },
      );
      // The generator must reach completed payments often, or the main check is idle.
      expect(completed).toBeGreaterThan(100);
    });
  }
});
