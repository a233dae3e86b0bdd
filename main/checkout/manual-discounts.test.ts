// Manual discounts through the register core on a real SQLite file: within the cashier's limit at
// once, above it only with a supervisor's approval (used once, kept unused by a refusal), on a line
// and on the whole sale, taken off again, audited, and paid and recorded at the discounted total.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CartView } from '../../app/commands';
import type { RegisterFixture } from '../../test-support/register-fixture';
import {
  FIXTURE_BARCODES,
  startRegisterFixture,
  valueOf as value,
} from '../../test-support/register-fixture';

/** The saved cart, header and lines: what a refused command must leave as it was. */
const CART_ROWS =
  'SELECT c.state AS cart, l.line_no, l.state AS line FROM cart c LEFT JOIN cart_line l USING (cart_id) ORDER BY c.cart_id, l.line_no';

const { MILK, PEN } = FIXTURE_BARCODES;
const REASON = 'loyal customer';

let f: RegisterFixture;

const totals = (view: CartView) => view.totals.priced.totals;

function audit(action: string): { subject: string; details: string }[] {
  return f.core.db
    .prepare<[string], { subject: string; details: string }>(
      'SELECT subject, details FROM audit_log WHERE action = ? ORDER BY id',
    )
    .all(action);
}

async function approval(): Promise<string> {
  const approved = await value(
    f.core.send('auth.approve', {
      approverId: 's1',
      pin: '2222',
      permission: 'sale.manualDiscount',
    }),
  );
  return approved.approvalId;
}

beforeEach(async () => {
  f = await startRegisterFixture();
  await value(f.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
  await value(f.core.send('shift.open', { openingFloat: 0 }));
});

afterEach(async () => {
  const errors = f.internalErrors.splice(0);
  await f.dispose();
  expect(errors).toEqual([]);
});

describe('manual discounts', () => {
  it('a line discount within the cashier’s limit applies at once, audited; taken off again', async () => {
    await value(f.core.send('checkout.scan', { code: MILK }));
    const cart = await value(f.core.send('checkout.scan', { code: PEN }));
    const milk = cart.cart.lines[0];
    if (milk === undefined) throw new Error('no line');
    const before = totals(cart);

    const discounted = await value(
      f.core.send('checkout.discountLine', {
        lineId: milk.lineId,
        discount: { kind: 'percent', basisPoints: 1000 },
        reason: REASON,
      }),
    );
    const line = discounted.totals.priced.lines.find((l) => l.lineId === milk.lineId);
    const off = Math.round((line?.gross.amount ?? 0) / 10);
    expect(totals(discounted).discountTotal.amount).toBe(before.discountTotal.amount + off);
    expect(totals(discounted).total.amount).toBe(before.total.amount - off);
    expect(discounted.cart.lines[0]?.discount).toEqual({
      discount: { kind: 'percent', basisPoints: 1000 },
      approval: { kind: 'notRequired' },
    });
    expect(audit('sale.manualDiscount')).toEqual([
      {
        subject: milk.lineId,
        details: JSON.stringify({
          discount: { kind: 'percent', basisPoints: 1000 },
          reason: REASON,
          approverId: null,
        }),
      },
    ]);

    const removed = await value(f.core.send('checkout.removeDiscount', { lineId: milk.lineId }));
    expect(totals(removed).total.amount).toBe(before.total.amount);
    expect(await f.core.send('checkout.removeDiscount', { lineId: milk.lineId })).toMatchObject({
      ok: false,
      error: { code: 'cart.noDiscount' },
    });
    expect(audit('sale.removeDiscount')).toHaveLength(1);
  });

  it('a sale discount above the limit needs a supervisor’s approval, used once', async () => {
    const cart = await value(f.core.send('checkout.scan', { code: MILK }));
    const before = JSON.stringify(f.core.db.prepare(CART_ROWS).all());
    const twenty = { kind: 'percent', basisPoints: 2000 } as const;

    expect(
      await f.core.send('checkout.discountSale', { discount: twenty, reason: REASON }),
    ).toMatchObject({
      ok: false,
      error: { code: 'auth.approvalRequired', details: { permission: 'sale.manualDiscount' } },
    });
    // An approval for something else is refused, and leaves the cart as it was.
    const { approvalId: forPrice } = await value(
      f.core.send('auth.approve', {
        approverId: 's1',
        pin: '2222',
        permission: 'sale.priceOverride',
      }),
    );
    expect(
      await f.core.send('checkout.discountSale', {
        discount: twenty,
        reason: REASON,
        approvalId: forPrice,
      }),
    ).toMatchObject({ ok: false });
    expect(JSON.stringify(f.core.db.prepare(CART_ROWS).all())).toBe(before);

    const approvalId = await approval();
    const discounted = await value(
      f.core.send('checkout.discountSale', { discount: twenty, reason: REASON, approvalId }),
    );
    expect(discounted.cart.cartDiscount).toEqual({
      discount: twenty,
      approval: { kind: 'approved', approvalId },
    });
    expect(totals(discounted).discountTotal.amount).toBe(Math.round(totals(cart).total.amount / 5));
    // The same approval again is refused.
    expect(
      await f.core.send('checkout.discountSale', {
        discount: { kind: 'percent', basisPoints: 2500 },
        reason: REASON,
        approvalId,
      }),
    ).toMatchObject({ ok: false });
    expect(audit('sale.manualDiscount').map((a): unknown => JSON.parse(a.details))).toEqual([
      { discount: twenty, reason: REASON, approverId: 's1' },
    ]);

    // Paid at the discounted total and recorded with the discount.
    const due = totals(discounted).total.amount;
    const outcome = await value(f.core.send('checkout.tenderCash', { tendered: due + 1000 }));
    expect(outcome).toMatchObject({ status: 'completed', sale: { total: due } });
    const sale = f.core.db
      .prepare<[], { total: number; discount_total: number }>(
        'SELECT total, discount_total FROM sale ORDER BY completed_at DESC LIMIT 1',
      )
      .get();
    expect(sale).toEqual({ total: due, discount_total: totals(discounted).discountTotal.amount });
  });

  it('follows the limit a manager sets: at once, in the next command', async () => {
    await value(f.core.send('checkout.scan', { code: MILK }));
    const five = { kind: 'percent', basisPoints: 500 } as const;
    await value(f.core.send('auth.logout', {}));
    await value(f.core.send('auth.login', { staffId: 'm1', pin: '3333' }));
    await value(
      f.core.send('settings.update', { changes: { discountLimit: { basisPoints: 0, amount: 0 } } }),
    );
    await value(f.core.send('auth.logout', {}));
    await value(f.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    // Every discount now needs a supervisor, 5 % included.
    expect(
      await f.core.send('checkout.discountSale', { discount: five, reason: REASON }),
    ).toMatchObject({ ok: false, error: { code: 'auth.approvalRequired' } });
    const approvalId = await approval();
    const approved = await value(
      f.core.send('checkout.discountSale', { discount: five, reason: REASON, approvalId }),
    );
    expect(approved.cart.cartDiscount?.approval).toEqual({ kind: 'approved', approvalId });
  });

  it('an amount off within the limit needs nothing; bad amounts are refused and change nothing', async () => {
    const cart = await value(f.core.send('checkout.scan', { code: MILK }));
    const discounted = await value(
      f.core.send('checkout.discountSale', {
        discount: { kind: 'amount', amount: 100 },
        reason: REASON,
      }),
    );
    expect(totals(discounted).total.amount).toBe(totals(cart).total.amount - 100);
    const before = JSON.stringify(f.core.db.prepare(CART_ROWS).all());
    for (const discount of [
      { kind: 'percent', basisPoints: 0 },
      { kind: 'percent', basisPoints: 10_001 },
      { kind: 'amount', amount: -5 },
      { kind: 'amount', amount: 1.5 },
      { kind: 'fixed', amount: 5 },
    ]) {
      expect(
        await f.core.sendUntyped('checkout.discountSale', { discount, reason: REASON }),
      ).toMatchObject({ ok: false, error: { code: 'command.invalidArgs' } });
    }
    expect(
      await f.core.sendUntyped('checkout.discountSale', {
        discount: { kind: 'amount', amount: 5 },
        reason: '  ',
      }),
    ).toMatchObject({ ok: false, error: { code: 'command.invalidArgs' } });
    expect(
      await f.core.send('checkout.discountLine', {
        lineId: 'no-such-line',
        discount: { kind: 'amount', amount: 5 },
        reason: REASON,
      }),
    ).toMatchObject({ ok: false, error: { code: 'cart.lineNotFound' } });
    expect(JSON.stringify(f.core.db.prepare(CART_ROWS).all())).toBe(before);
  });
});
