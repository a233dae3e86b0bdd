// The register core end to end on a real SQLite file: login and lockout, scans, stock held per
// cart, approvals, split cash tender, the durable sale with its outbox row, parking, restarts.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CartView } from '../../app/commands';
import { importCatalog, readCatalogRows } from '../catalog';
import { seedStaff } from '../auth/staff-store';
import type { RegisterCore } from './create-register-core';
import { createRegisterCore } from './create-register-core';
import type { Clock, Logger } from './ports';

const CSV = [
  'gtin,name',
  '6901234567892,Yili milk 250ml',
  '4006381333931,Stabilo pen',
  '96385074,Small chocolate',
  '6920000000006,"Rice, 5 kg"',
].join('\n');
const MILK = '6901234567892';
const PEN = '4006381333931';

const cheapPins = { N: 1 << 10, r: 8, p: 1 };
// Internal errors are collected and must stay empty: a crash inside a command is a bug here.
const internalErrors: string[] = [];
const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: (message, fields) => internalErrors.push(`${message} ${JSON.stringify(fields)}`),
};

let dir: string;
let core: RegisterCore;
let now: number;
const clock: Clock = { now: () => now, monotonic: () => now };

function start(): RegisterCore {
  return createRegisterCore({
    dataDir: dir,
    storeId: 'store-1',
    registerId: 'reg-1',
    clock,
    logger: silentLogger,
  });
}

async function value<T>(
  answer: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>,
): Promise<T> {
  const a = await answer;
  if (!a.ok) throw new Error(`${a.error.code}: ${a.error.message}`);
  return a.value;
}

function stockOf(gtin14: string): { available: number; locked: number } {
  return (
    core.db
      .prepare<[string], { available: number; locked: number }>(
        'SELECT s.available, s.locked FROM stock s JOIN product p ON p.id = s.product_id WHERE p.gtin14 = ?',
      )
      .get(gtin14) ?? { available: 0, locked: 0 }
  );
}

function count(table: string): number {
  return (core.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

beforeEach(async () => {
  now = Date.UTC(2026, 10, 24, 2, 0, 0);
  dir = mkdtempSync(path.join(os.tmpdir(), 'register-core-'));
  core = start();
  await importCatalog(core.db, readCatalogRows(Readable.from(CSV)));
  core.db.prepare('UPDATE stock SET available = 10, locked = 0, safety = 2').run();
  await seedStaff(
    core.db,
    [
      { id: 'c1', name: 'Li Na', role: 'cashier', pin: '1111' },
      { id: 's1', name: 'Wang Fang', role: 'supervisor', pin: '2222' },
    ],
    cheapPins,
  );
  // Money is taken only while a shift is open (checkout answers shift.notOpen otherwise).
  await value(core.send('auth.login', { staffId: 'c1', pin: '1111' }));
  await value(core.send('shift.open', { openingFloat: 0 }));
  await value(core.send('auth.logout', {}));
});

afterEach(() => {
  core.close();
  expect(internalErrors.splice(0)).toEqual([]);
  rmSync(dir, { recursive: true, force: true });
});

describe('register core', () => {
  it('refuses checkout before login, and locks a login after five wrong PINs', async () => {
    expect(await core.send('checkout.scan', { code: MILK })).toMatchObject({
      ok: false,
      error: { code: 'auth.required' },
    });
    for (let i = 0; i < 5; i += 1) {
      expect(await core.send('auth.login', { staffId: 'c1', pin: '9999' })).toMatchObject({
        ok: false,
        error: { code: 'auth.wrongPin' },
      });
    }
    expect(await core.send('auth.login', { staffId: 'c1', pin: '1111' })).toMatchObject({
      ok: false,
      error: { code: 'auth.locked' },
    });
    now += 5 * 60_000;
    expect(await core.send('auth.login', { staffId: 'c1', pin: '1111' })).toMatchObject({
      ok: true,
      value: { role: 'cashier' },
    });
    const audit = core.db.prepare('SELECT action FROM audit_log ORDER BY id').pluck().all();
    expect(audit).toContain('auth.lockout');
    expect(audit.at(-1)).toBe('auth.login');
  });

  it('sells: scans, holds stock, takes split cash, records the sale durably with its outbox row', async () => {
    await value(core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    const updates: CartView[] = [];
    core.subscribe((event) => updates.push(event.view));

    await value(core.send('checkout.scan', { code: MILK }));
    const cart = await value(core.send('checkout.scan', { code: `]E0${PEN}\r\n` }));
    expect(cart.cart.lines).toHaveLength(2);
    expect(updates).toHaveLength(2);
    expect(stockOf(`0${MILK}`)).toEqual({ available: 9, locked: 1 });

    const milkLine = cart.cart.lines[0]?.lineId ?? '';
    const three = await value(core.send('checkout.setQuantity', { lineId: milkLine, quantity: 3 }));
    expect(stockOf(`0${MILK}`)).toEqual({ available: 7, locked: 3 });
    const due = three.totals.priced.totals.total.amount;
    expect(three.remaining).toBe(due);
    expect(three.remainingInCash).toBe(due - (due % 10));

    const part = await value(core.send('checkout.tenderCash', { tendered: 100 }));
    expect(part.status).toBe('partial');
    // The cart is frozen once money was taken.
    expect(await core.send('checkout.scan', { code: MILK })).toMatchObject({
      ok: false,
      error: { code: 'checkout.paymentStarted' },
    });

    const done = await value(core.send('checkout.tenderCash', { tendered: 100_000 }));
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
    const moves = core.db.prepare("SELECT type FROM stock_move WHERE type = 'out'").pluck().all();
    expect(moves).toHaveLength(2);
    const outbox = core.db
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
    expect(await value(core.send('sync.status', {}))).toMatchObject({
      unsyncedSales: 1,
      unsyncedSalesValue: done.sale.total,
      lastSeq: 1,
    });
    expect(await value(core.send('receipts.get', { saleId: done.sale.saleId }))).toMatchObject({
      receiptNo: 1,
    });
  });

  it('answers bad input with clear errors and changes nothing', async () => {
    await value(core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    await value(core.send('checkout.scan', { code: MILK }));
    const before = JSON.stringify(core.db.prepare('SELECT state FROM cart').all());
    const moves = count('stock_move');
    for (const code of ['6901234567893', '12345', 'hello', '\u0000\u0001', '(17)250230']) {
      const answer = await core.send('checkout.scan', { code });
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.error.message.length).toBeGreaterThan(5);
    }
    expect(await core.send('checkout.scan', { code: '6920000000012' })).toMatchObject({
      ok: false,
      error: { code: 'checkout.unknownProduct' },
    });
    expect(
      await core.sendUntyped('checkout.setQuantity', { lineId: 'x', quantity: -1 }),
    ).toMatchObject({ ok: false, error: { code: 'command.invalidArgs' } });
    expect(await core.send('checkout.setQuantity', { lineId: 'nope', quantity: 2 })).toMatchObject({
      ok: false,
      error: { code: 'cart.lineNotFound' },
    });
    expect(JSON.stringify(core.db.prepare('SELECT state FROM cart').all())).toBe(before);
    expect(count('stock_move')).toBe(moves);
  });

  it('needs a supervisor approval for a price override, used once', async () => {
    await value(core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    const cart = await value(core.send('checkout.scan', { code: MILK }));
    const lineId = cart.cart.lines[0]?.lineId ?? '';
    await value(
      core.send('checkout.overridePrice', { lineId, unitPrice: 100, reason: 'damaged box' }),
    );
    expect(await core.send('checkout.tenderCash', { tendered: 100 })).toMatchObject({
      ok: false,
      error: { code: 'cart.approvalMissing' },
    });

    expect(
      await core.send('auth.approve', {
        approverId: 'c1',
        pin: '1111',
        permission: 'sale.priceOverride',
      }),
    ).toMatchObject({ ok: false, error: { code: 'auth.notAllowed' } });
    const { approvalId } = await value(
      core.send('auth.approve', {
        approverId: 's1',
        pin: '2222',
        permission: 'sale.priceOverride',
      }),
    );
    await value(
      core.send('checkout.overridePrice', {
        lineId,
        unitPrice: 100,
        reason: 'damaged box',
        approvalId,
      }),
    );
    expect(
      await core.send('checkout.overridePrice', {
        lineId,
        unitPrice: 90,
        reason: 'again',
        approvalId,
      }),
    ).toMatchObject({ ok: false, error: { code: 'auth.approvalUsed' } });
    const done = await value(core.send('checkout.tenderCash', { tendered: 100 }));
    expect(done).toMatchObject({ status: 'completed', sale: { total: 100 } });
    const audit = core.db
      .prepare("SELECT details FROM audit_log WHERE action = 'sale.priceOverride'")
      .pluck()
      .all() as string[];
    expect(
      audit.some((d) => (JSON.parse(d) as { approverId: string | null }).approverId === 's1'),
    ).toBe(true);
  });

  it('cancels a cart and gives its stock back; parks and recalls', async () => {
    await value(core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    await value(core.send('checkout.scan', { code: PEN }));
    expect(stockOf(`0${PEN}`)).toEqual({ available: 9, locked: 1 });
    await value(core.send('checkout.cancel', { reason: 'customer left' }));
    expect(stockOf(`0${PEN}`)).toEqual({ available: 10, locked: 0 });

    await value(core.send('checkout.scan', { code: PEN }));
    const parked = await value(core.send('checkout.park', {}));
    expect(await value(core.send('checkout.parked', {}))).toHaveLength(1);
    await value(core.send('checkout.scan', { code: MILK }));
    expect(await core.send('checkout.recall', { cartId: parked.cartId })).toMatchObject({
      ok: false,
      error: { code: 'checkout.cartOpen' },
    });
    await value(core.send('checkout.cancel', { reason: 'wrong item' }));
    const recalled = await value(core.send('checkout.recall', { cartId: parked.cartId }));
    expect(recalled.cart.lines).toHaveLength(1);
    expect(stockOf(`0${PEN}`)).toEqual({ available: 9, locked: 1 });
  });

  it('keeps the cart and any cash taken across a restart', async () => {
    await value(core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    await value(core.send('checkout.scan', { code: MILK }));
    await value(core.send('checkout.tenderCash', { tendered: 50 }));
    core.close();
    core = start();
    await value(core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    const current = await value(core.send('checkout.current', {}));
    expect(current?.cart.lines).toHaveLength(1);
    expect(current?.tenders).toEqual([{ kind: 'cash', amount: 50, tendered: 50, change: 0 }]);
  });
});
