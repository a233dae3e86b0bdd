// The register core end to end on a real SQLite file: login and lockout, scans, stock held per
// cart, approvals, split cash tender, the durable sale with its outbox row, parking, restarts.
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

let f: RegisterFixture;

function stockOf(gtin14: string): { available: number; locked: number } {
  return (
    f.core.db
      .prepare<[string], { available: number; locked: number }>(
        'SELECT s.available, s.locked FROM stock s JOIN product p ON p.id = s.product_id WHERE p.gtin14 = ?',
      )
      .get(gtin14) ?? { available: 0, locked: 0 }
  );
}

function count(table: string): number {
  return (f.core.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

beforeEach(async () => {
  f = await startRegisterFixture();
  // Money is taken only while a shift is open (checkout answers shift.notOpen otherwise).
  await value(f.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
  await value(f.core.send('shift.open', { openingFloat: 0 }));
  await value(f.core.send('auth.logout', {}));
});

afterEach(async () => {
  // A crash inside a command is a bug here: the core's error log must stay empty.
  const errors = f.internalErrors.splice(0);
  await f.dispose();
  expect(errors).toEqual([]);
});

describe('register core', () => {
  it('refuses checkout before login, and locks a login after five wrong PINs', async () => {
    expect(await f.core.send('checkout.scan', { code: MILK })).toMatchObject({
      ok: false,
      error: { code: 'auth.required' },
    });
    for (let i = 0; i < 5; i += 1) {
      expect(await f.core.send('auth.login', { staffId: 'c1', pin: '9999' })).toMatchObject({
        ok: false,
        error: { code: 'auth.wrongPin' },
      });
    }
    expect(await f.core.send('auth.login', { staffId: 'c1', pin: '1111' })).toMatchObject({
      ok: false,
      error: { code: 'auth.locked' },
    });
    f.now += 5 * 60_000;
    expect(await f.core.send('auth.login', { staffId: 'c1', pin: '1111' })).toMatchObject({
      ok: true,
      value: { role: 'cashier' },
    });
    const audit = f.core.db.prepare('SELECT action FROM audit_log ORDER BY id').pluck().all();
    expect(audit).toContain('auth.lockout');
    expect(audit.at(-1)).toBe('auth.login');
  });

  it('sells: scans, holds stock, takes split cash, records the sale durably with its outbox row', async () => {
    await value(f.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    const updates: CartView[] = [];
    f.core.subscribe((event) => {
      if (event.type === 'cart.updated') updates.push(event.view);
    });

    await value(f.core.send('checkout.scan', { code: MILK }));
    const cart = await value(f.core.send('checkout.scan', { code: `]E0${PEN}\r\n` }));
    expect(cart.cart.lines).toHaveLength(2);
    expect(updates).toHaveLength(2);
    expect(stockOf(`0${MILK}`)).toEqual({ available: 9, locked: 1 });

    const milkLine = cart.cart.lines[0]?.lineId ?? '';
    const three = await value(
      f.core.send('checkout.setQuantity', { lineId: milkLine, quantity: 3 }),
    );
    expect(stockOf(`0${MILK}`)).toEqual({ available: 7, locked: 3 });
    const due = three.totals.priced.totals.total.amount;
    expect(three.remaining).toBe(due);
    expect(three.remainingInCash).toBe(due - (due % 10));

    const part = await value(f.core.send('checkout.tenderCash', { tendered: 100 }));
    expect(part.status).toBe('partial');
    // The screens (the customer display among them) learn what is still to pay.
    expect(updates.at(-1)?.remaining).toBe(due - 100);
    // The cart is frozen once money was taken.
    expect(await f.core.send('checkout.scan', { code: MILK })).toMatchObject({
      ok: false,
      error: { code: 'checkout.paymentStarted' },
    });

    const done = await value(f.core.send('checkout.tenderCash', { tendered: 100_000 }));
    if (done.status !== 'completed') throw new Error('expected a completed sale');
    expect(done.sale.receiptNo).toBe(1);
    expect(done.sale.openDrawer).toBe(true);
    // Paid is what the drawer keeps: the total after dropping the fen.
    expect(done.sale.paid - done.sale.cashRounding).toBe(done.sale.total);
    expect(done.sale.paid % 10).toBe(0);
    expect(done.sale.paid).toBe(100 + 100_000 - done.sale.change);

    expect(stockOf(`0${MILK}`)).toEqual({ available: 7, locked: 0 });
    expect(count('sale')).toBe(1);
    expect(count('sale_line')).toBe(2);
    expect(count('sale_payment')).toBe(2);
    expect(count('cart')).toBe(0);
    expect(count('stock_lock')).toBe(0);
    const moves = f.core.db.prepare("SELECT type FROM stock_move WHERE type = 'out'").pluck().all();
    expect(moves).toHaveLength(2);
    const outbox = f.core.db
      .prepare<[], { seq: number; type: string; payload: string }>(
        'SELECT seq, type, payload FROM outbox ORDER BY seq',
      )
      .all();
    expect(outbox.map((o) => o.seq)).toEqual([1]);
    expect(outbox[0]?.type).toBe('sale.completed');
    expect(JSON.parse(outbox[0]?.payload ?? '{}')).toMatchObject({
      receiptNo: 1,
      total: done.sale.total,
    });
    expect(await value(f.core.send('sync.status', {}))).toMatchObject({
      unsyncedSales: 1,
      unsyncedSalesValue: done.sale.total,
      lastSeq: 1,
    });
    expect(await value(f.core.send('receipts.get', { saleId: done.sale.saleId }))).toMatchObject({
      receiptNo: 1,
    });
  });

  it('answers bad input with clear errors and changes nothing', async () => {
    await value(f.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    await value(f.core.send('checkout.scan', { code: MILK }));
    const before = JSON.stringify(f.core.db.prepare(CART_ROWS).all());
    const moves = count('stock_move');
    for (const code of ['6901234567893', '12345', 'hello', '\u0000\u0001', '(17)250230']) {
      const answer = await f.core.send('checkout.scan', { code });
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.error.message.length).toBeGreaterThan(5);
    }
    expect(await f.core.send('checkout.scan', { code: '6920000000012' })).toMatchObject({
      ok: false,
      error: { code: 'checkout.unknownProduct' },
    });
    expect(
      await f.core.sendUntyped('checkout.setQuantity', { lineId: 'x', quantity: -1 }),
    ).toMatchObject({ ok: false, error: { code: 'command.invalidArgs' } });
    expect(
      await f.core.send('checkout.setQuantity', { lineId: 'nope', quantity: 2 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'cart.lineNotFound' },
    });
    expect(JSON.stringify(f.core.db.prepare(CART_ROWS).all())).toBe(before);
    expect(count('stock_move')).toBe(moves);
  });

  it('needs a supervisor approval for a price override, used once', async () => {
    await value(f.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    const cart = await value(f.core.send('checkout.scan', { code: MILK }));
    const lineId = cart.cart.lines[0]?.lineId ?? '';
    await value(
      f.core.send('checkout.overridePrice', { lineId, unitPrice: 100, reason: 'damaged box' }),
    );
    expect(await f.core.send('checkout.tenderCash', { tendered: 100 })).toMatchObject({
      ok: false,
      error: { code: 'cart.approvalMissing' },
    });

    expect(
      await f.core.send('auth.approve', {
        approverId: 'c1',
        pin: '1111',
        permission: 'sale.priceOverride',
      }),
    ).toMatchObject({ ok: false, error: { code: 'auth.notAllowed' } });
    const { approvalId } = await value(
      f.core.send('auth.approve', {
        approverId: 's1',
        pin: '2222',
        permission: 'sale.priceOverride',
      }),
    );
    await value(
      f.core.send('checkout.overridePrice', {
        lineId,
        unitPrice: 100,
        reason: 'damaged box',
        approvalId,
      }),
    );
    expect(
      await f.core.send('checkout.overridePrice', {
        lineId,
        unitPrice: 90,
        reason: 'again',
        approvalId,
      }),
    ).toMatchObject({ ok: false, error: { code: 'auth.approvalUsed' } });
    const done = await value(f.core.send('checkout.tenderCash', { tendered: 100 }));
    expect(done).toMatchObject({ status: 'completed', sale: { total: 100 } });
    const audit = f.core.db
      .prepare("SELECT details FROM audit_log WHERE action = 'sale.priceOverride'")
      .pluck()
      .all() as string[];
    expect(
      audit.some((d) => (JSON.parse(d) as { approverId: string | null }).approverId === 's1'),
    ).toBe(true);
  });

  it('cancels a cart and gives its stock back; parks and recalls', async () => {
    await value(f.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    await value(f.core.send('checkout.scan', { code: PEN }));
    expect(stockOf(`0${PEN}`)).toEqual({ available: 9, locked: 1 });
    await value(f.core.send('checkout.cancel', { reason: 'customer left' }));
    expect(stockOf(`0${PEN}`)).toEqual({ available: 10, locked: 0 });

    await value(f.core.send('checkout.scan', { code: PEN }));
    const parked = await value(f.core.send('checkout.park', {}));
    expect(await value(f.core.send('checkout.parked', {}))).toHaveLength(1);
    await value(f.core.send('checkout.scan', { code: MILK }));
    expect(await f.core.send('checkout.recall', { cartId: parked.cartId })).toMatchObject({
      ok: false,
      error: { code: 'checkout.cartOpen' },
    });
    await value(f.core.send('checkout.cancel', { reason: 'wrong item' }));
    const recalled = await value(f.core.send('checkout.recall', { cartId: parked.cartId }));
    expect(recalled.cart.lines).toHaveLength(1);
    expect(stockOf(`0${PEN}`)).toEqual({ available: 9, locked: 1 });
  });

  it('keeps the cart and any cash taken across a restart', async () => {
    await value(f.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    await value(f.core.send('checkout.scan', { code: MILK }));
    await value(f.core.send('checkout.tenderCash', { tendered: 50 }));
    f.restart();
    await value(f.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    const current = await value(f.core.send('checkout.current', {}));
    expect(current?.cart.lines).toHaveLength(1);
    expect(current?.tenders).toEqual([{ kind: 'cash', amount: 50, tendered: 50, change: 0 }]);
  });
});
