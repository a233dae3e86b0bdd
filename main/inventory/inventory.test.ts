// The inventory view and the parked-cart lock timeout on a real SQLite file: a product's figures
// by barcode, the low-stock list a page at a time, and the stock of a cart parked for more than
// 15 minutes going back on sale (not before), by the core's own timer too.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RegisterFixture } from '../../test-support/register-fixture';
import {
  FIXTURE_BARCODES,
  startRegisterFixture,
  valueOf,
} from '../../test-support/register-fixture';
import { PARKED_LOCK_TTL_MS, releaseExpiredParkedLocks } from './parked-cart-locks';

const { MILK, PEN, CHOCOLATE } = FIXTURE_BARCODES;
let f: RegisterFixture | undefined;

async function start(): Promise<RegisterFixture> {
  f = await startRegisterFixture();
  await valueOf(f.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
  return f;
}

afterEach(async () => {
  vi.useRealTimers();
  if (f === undefined) return;
  const errors = f.internalErrors.splice(0);
  await f.dispose();
  f = undefined;
  expect(errors).toEqual([]);
});

function idOf(fx: RegisterFixture, gtin: string): number {
  return fx.core.db
    .prepare('SELECT id FROM product WHERE gtin14 = ?')
    .pluck()
    .get(gtin.padStart(14, '0')) as number;
}

function stock(fx: RegisterFixture, gtin: string): { available: number; locked: number } {
  return fx.core.db
    .prepare<[number], { available: number; locked: number }>(
      'SELECT available, locked FROM stock WHERE product_id = ?',
    )
    .get(idOf(fx, gtin)) as { available: number; locked: number };
}

describe('inventory view', () => {
  it('shows available, locked and safety stock of a scanned product', async () => {
    const fx = await start();
    await valueOf(fx.core.send('checkout.scan', { code: MILK }));
    expect(await valueOf(fx.core.send('inventory.product', { code: `]E0${MILK}` }))).toEqual({
      productId: idOf(fx, MILK),
      gtin14: `0${MILK}`,
      name: 'Yili milk 250ml',
      soldBy: 'each',
      available: 9,
      locked: 1,
      total: 10,
      safety: 2,
      low: false,
    });
    expect(await fx.core.send('inventory.product', { code: '6920000000012' })).toMatchObject({
      ok: false,
      error: { code: 'inventory.unknownProduct' },
    });
    expect(await fx.core.send('inventory.product', { code: 'hello' })).toMatchObject({
      ok: false,
    });
    await valueOf(fx.core.send('auth.logout', {}));
    expect(await fx.core.send('inventory.product', { code: MILK })).toMatchObject({
      ok: false,
      error: { code: 'auth.required' },
    });
  });

  it('lists products at or below safety stock, a page at a time', async () => {
    const fx = await start();
    expect(await valueOf(fx.core.send('inventory.lowStock', {}))).toEqual({
      items: [],
      next: null,
    });
    const set = fx.core.db.prepare('UPDATE stock SET available = ? WHERE product_id = ?');
    set.run(2, idOf(fx, MILK)); // at safety: low
    set.run(-1, idOf(fx, PEN)); // sold offline below zero: low
    set.run(3, idOf(fx, CHOCOLATE)); // one above safety: not low
    const low = [idOf(fx, MILK), idOf(fx, PEN)].sort((a, b) => a - b);

    const first = await valueOf(fx.core.send('inventory.lowStock', { limit: 1 }));
    expect(first.items.map((i) => i.productId)).toEqual([low[0]]);
    expect(first.next).toBe(low[0]);
    const second = await valueOf(
      fx.core.send('inventory.lowStock', { limit: 1, after: first.next ?? 0 }),
    );
    expect(second.items.map((i) => i.productId)).toEqual([low[1]]);
    // The page is full but nothing follows: the last page says so.
    expect(second.next).toBeNull();
    const all = await valueOf(fx.core.send('inventory.lowStock', {}));
    expect(all.items.map((i) => [i.productId, i.available, i.low])).toEqual(
      low.map((id) => [id, id === idOf(fx, PEN) ? -1 : 2, true]),
    );
    // The list reads the partial index, not the whole stock table.
    const plan = fx.core.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT s.product_id FROM stock s JOIN product p ON p.id = s.product_id
         WHERE s.available <= s.safety AND s.product_id > 0 AND p.active = 1
         ORDER BY s.product_id LIMIT 51`,
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/stock_low/);
    expect(await fx.core.sendUntyped('inventory.lowStock', { limit: 0 })).toMatchObject({
      ok: false,
      error: { code: 'command.invalidArgs' },
    });
  });
});

describe('parked cart locks', () => {
  it('releases the stock of a cart parked more than 15 minutes, not before; recall holds it again', async () => {
    const fx = await start();
    const cart = await valueOf(fx.core.send('checkout.scan', { code: PEN }));
    const lineId = cart.cart.lines[0]?.lineId ?? '';
    await valueOf(fx.core.send('checkout.setQuantity', { lineId, quantity: 2 }));
    const parkedAt = fx.now;
    const parked = await valueOf(fx.core.send('checkout.park', {}));
    expect(stock(fx, PEN)).toEqual({ available: 8, locked: 2 });

    const release = (now: number) =>
      releaseExpiredParkedLocks(fx.core.db, { storeId: 'store-1', now });
    expect(release(parkedAt + PARKED_LOCK_TTL_MS)).toEqual([]);
    expect(stock(fx, PEN)).toEqual({ available: 8, locked: 2 });

    expect(release(parkedAt + PARKED_LOCK_TTL_MS + 1)).toEqual([
      { cartId: parked.cartId, parkedAt, products: 1, units: 2 },
    ]);
    expect(stock(fx, PEN)).toEqual({ available: 10, locked: 0 });
    expect(release(parkedAt + PARKED_LOCK_TTL_MS + 60_000)).toEqual([]);
    const audit = fx.core.db
      .prepare("SELECT subject, details FROM audit_log WHERE action = 'stock.parkedLocksReleased'")
      .all() as { subject: string; details: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]?.subject).toBe(parked.cartId);
    expect(JSON.parse(audit[0]?.details ?? '{}')).toMatchObject({ units: 2 });

    // The parked cart is still there, and recalling it holds its stock again.
    expect(await valueOf(fx.core.send('checkout.parked', {}))).toHaveLength(1);
    const recalled = await valueOf(fx.core.send('checkout.recall', { cartId: parked.cartId }));
    expect(recalled.cart.lines).toHaveLength(1);
    expect(stock(fx, PEN)).toEqual({ available: 8, locked: 2 });
  });

  it('runs every minute inside the core, on the injected clock', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const fx = await start();
    await valueOf(fx.core.send('checkout.scan', { code: MILK }));
    await valueOf(fx.core.send('checkout.park', {}));
    expect(stock(fx, MILK)).toEqual({ available: 9, locked: 1 });

    fx.now += PARKED_LOCK_TTL_MS;
    vi.advanceTimersByTime(60_000);
    expect(stock(fx, MILK)).toEqual({ available: 9, locked: 1 });
    fx.now += 60_000;
    vi.advanceTimersByTime(60_000);
    expect(stock(fx, MILK)).toEqual({ available: 10, locked: 0 });
  });
});
