// Stocktake through the command map on a real SQLite file: counts in two locations add up, the
// variance is against the books at opening, posting needs a manager and writes adjust moves, an
// audit row and an outbox row, and a refused post leaves nothing behind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegisterFixture } from '../../test-support/register-fixture';
import {
  FIXTURE_BARCODES,
  startRegisterFixture,
  valueOf,
} from '../../test-support/register-fixture';

const { MILK, PEN, CHOCOLATE } = FIXTURE_BARCODES;
let f: RegisterFixture;

beforeEach(async () => {
  f = await startRegisterFixture();
  await valueOf(f.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
});
afterEach(async () => {
  const errors = f.internalErrors.splice(0);
  await f.dispose();
  expect(errors).toEqual([]);
});

interface Product {
  id: number;
  price: number;
}

function product(gtin: string): Product {
  return f.core.db
    .prepare<[string], Product>('SELECT id, price_minor AS price FROM product WHERE gtin14 = ?')
    .get(gtin.padStart(14, '0')) as Product;
}

function stock(gtin: string): { available: number; locked: number } {
  return f.core.db
    .prepare<[number], { available: number; locked: number }>(
      'SELECT available, locked FROM stock WHERE product_id = ?',
    )
    .get(product(gtin).id) as { available: number; locked: number };
}

function count(sql: string): number {
  return f.core.db.prepare(sql).pluck().get() as number;
}

async function managerApproval(): Promise<string> {
  const answer = await valueOf(
    f.core.send('auth.approve', { approverId: 'm1', pin: '3333', permission: 'stocktake.post' }),
  );
  return answer.approvalId;
}

describe('stocktake', () => {
  it('counts in two locations, reports variance against the books at opening, and posts with a manager', async () => {
    const opened = await valueOf(f.core.send('stocktake.open', { note: 'aisle 3' }));
    expect(opened).toMatchObject({ status: 'open', expectedProducts: 4, countedProducts: 0 });
    expect(await f.core.send('stocktake.open', {})).toMatchObject({
      ok: false,
      error: { code: 'stocktake.alreadyOpen' },
    });
    const { stocktakeId } = opened;

    // A sale during the count moves the books, not the snapshot.
    await valueOf(f.core.send('shift.open', { openingFloat: 0 }));
    await valueOf(f.core.send('checkout.scan', { code: MILK }));
    await valueOf(f.core.send('checkout.tenderCash', { tendered: 100_000 }));
    expect(stock(MILK)).toEqual({ available: 9, locked: 0 });

    await valueOf(
      f.core.send('stocktake.count', { stocktakeId, code: MILK, quantity: 6, location: 'A1' }),
    );
    const again = await valueOf(
      f.core.send('stocktake.count', {
        stocktakeId,
        code: `]E0${MILK}`,
        quantity: 2,
        location: 'A1',
      }),
    );
    expect(again).toMatchObject({ countedHere: 8, countedTotal: 8 });
    const backRoom = await valueOf(
      f.core.send('stocktake.count', {
        stocktakeId,
        code: MILK,
        quantity: 3,
        location: 'back room',
      }),
    );
    expect(backRoom).toMatchObject({ countedHere: 3, countedTotal: 11 });
    await valueOf(
      f.core.send('stocktake.count', {
        stocktakeId,
        productId: product(PEN).id,
        quantity: 7,
        location: 'A1',
      }),
    );
    await valueOf(
      f.core.send('stocktake.count', {
        stocktakeId,
        code: CHOCOLATE,
        quantity: 10,
        location: 'B2',
      }),
    );

    expect(
      await f.core.send('stocktake.count', {
        stocktakeId,
        code: '6920000000012',
        quantity: 1,
        location: 'A1',
      }),
    ).toMatchObject({ ok: false, error: { code: 'inventory.unknownProduct' } });
    for (const bad of [
      { stocktakeId, code: MILK, productId: 1, quantity: 1, location: 'A1' },
      { stocktakeId, quantity: 1, location: 'A1' },
      { stocktakeId, code: MILK, quantity: -1, location: 'A1' },
      { stocktakeId, code: MILK, quantity: 1, location: ' ' },
    ]) {
      expect(await f.core.sendUntyped('stocktake.count', bad)).toMatchObject({
        ok: false,
        error: { code: 'command.invalidArgs' },
      });
    }

    const milk = product(MILK);
    const pen = product(PEN);
    const variance = await valueOf(f.core.send('stocktake.variance', { stocktakeId }));
    expect(variance.lines.map((l) => [l.productId, l.expected, l.counted, l.variance])).toEqual(
      [
        [milk.id, 10, 11, 1],
        [pen.id, 10, 7, -3],
        [product(CHOCOLATE).id, 10, 10, 0],
      ].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)),
    );
    const milkLine = variance.lines.find((l) => l.productId === milk.id);
    expect(milkLine?.locations).toEqual([
      { location: 'A1', counted: 8 },
      { location: 'back room', counted: 3 },
    ]);
    expect(milkLine).toMatchObject({ kind: 'over', value: milk.price });
    expect(variance).toMatchObject({
      uncountedCount: 1,
      uncounted: [{ productId: product('6920000000006').id, expected: 10 }],
      overValue: milk.price,
      underValue: -3 * pen.price,
      netValue: milk.price - 3 * pen.price,
    });

    // Posting: a cashier needs a manager; a supervisor may not approve it.
    const moves = count('SELECT count(*) FROM stock_move');
    expect(await f.core.send('stocktake.post', { stocktakeId })).toMatchObject({
      ok: false,
      error: { code: 'auth.approvalRequired' },
    });
    expect(
      await f.core.send('auth.approve', {
        approverId: 's1',
        pin: '2222',
        permission: 'stocktake.post',
      }),
    ).toMatchObject({ ok: false, error: { code: 'auth.notAllowed' } });
    expect(count('SELECT count(*) FROM stock_move')).toBe(moves);
    expect(await valueOf(f.core.send('stocktake.current', {}))).toMatchObject({
      stocktakeId,
      countedProducts: 3,
    });

    const posted = await valueOf(
      f.core.send('stocktake.post', { stocktakeId, approvalId: await managerApproval() }),
    );
    expect(posted).toEqual({
      stocktakeId,
      adjustments: 2,
      netUnits: -2,
      netValue: milk.price - 3 * pen.price,
      approverId: 'm1',
    });
    // Adjusted from the books as they stand: milk 9 + 1, pen 10 − 3.
    expect(stock(MILK)).toEqual({ available: 10, locked: 0 });
    expect(stock(PEN)).toEqual({ available: 7, locked: 0 });
    const adjusts = f.core.db
      .prepare(
        "SELECT product_id, quantity, before, after, reason FROM stock_move WHERE type = 'adjust' ORDER BY product_id",
      )
      .all();
    expect(adjusts).toEqual(
      [
        {
          product_id: milk.id,
          quantity: 1,
          before: 9,
          after: 10,
          reason: `stocktake ${stocktakeId}`,
        },
        {
          product_id: pen.id,
          quantity: -3,
          before: 10,
          after: 7,
          reason: `stocktake ${stocktakeId}`,
        },
      ].sort((a, b) => a.product_id - b.product_id),
    );
    const outbox = f.core.db
      .prepare("SELECT payload FROM outbox WHERE type = 'stocktake.posted'")
      .pluck()
      .all() as string[];
    expect(outbox).toHaveLength(1);
    expect(JSON.parse(outbox[0] ?? '{}')).toMatchObject({
      stocktakeId,
      approverId: 'm1',
      adjustments: expect.arrayContaining([
        expect.objectContaining({ gtin14: `0${MILK}`, delta: 1 }),
        expect.objectContaining({ gtin14: `0${PEN}`, delta: -3 }),
      ]) as unknown,
    });
    expect(count("SELECT count(*) FROM audit_log WHERE action = 'stocktake.posted'")).toBe(1);

    expect(
      await f.core.send('stocktake.post', { stocktakeId, approvalId: await managerApproval() }),
    ).toMatchObject({ ok: false, error: { code: 'stocktake.closed' } });
    expect(
      await f.core.send('stocktake.count', {
        stocktakeId,
        code: MILK,
        quantity: 1,
        location: 'A1',
      }),
    ).toMatchObject({ ok: false, error: { code: 'stocktake.closed' } });
    expect(await valueOf(f.core.send('stocktake.current', {}))).toBeNull();
  });

  it('lets a manager post alone; refuses a count below the units held for a cart, keeping the approval', async () => {
    const { stocktakeId } = await valueOf(f.core.send('stocktake.open', {}));
    await valueOf(f.core.send('checkout.scan', { code: PEN }));
    expect(stock(PEN)).toEqual({ available: 9, locked: 1 });
    await valueOf(
      f.core.send('stocktake.count', { stocktakeId, code: PEN, quantity: 0, location: 'A1' }),
    );
    const approvalId = await managerApproval();
    expect(await f.core.send('stocktake.post', { stocktakeId, approvalId })).toMatchObject({
      ok: false,
      error: { code: 'stock.insufficient' },
    });
    expect(count("SELECT count(*) FROM stock_move WHERE type = 'adjust'")).toBe(0);

    // Once the cart lets go, the same approval still works.
    await valueOf(f.core.send('checkout.cancel', { reason: 'recount' }));
    await valueOf(f.core.send('stocktake.post', { stocktakeId, approvalId }));
    expect(stock(PEN)).toEqual({ available: 0, locked: 0 });

    await valueOf(f.core.send('auth.login', { staffId: 'm1', pin: '3333' }));
    const second = await valueOf(f.core.send('stocktake.open', {}));
    // The snapshot leaves out products with nothing on the books.
    expect(second.expectedProducts).toBe(3);
    await valueOf(
      f.core.send('stocktake.count', {
        stocktakeId: second.stocktakeId,
        code: PEN,
        quantity: 4,
        location: 'A1',
      }),
    );
    expect(
      await valueOf(f.core.send('stocktake.post', { stocktakeId: second.stocktakeId })),
    ).toMatchObject({ adjustments: 1, netUnits: 4, approverId: null });
    expect(stock(PEN)).toEqual({ available: 4, locked: 0 });
  });

  it('cancels a session without touching stock, and refuses an unknown category', async () => {
    expect(await f.core.send('stocktake.open', { categoryId: 'no-such-aisle' })).toMatchObject({
      ok: false,
      error: { code: 'stocktake.unknownCategory' },
    });
    const { stocktakeId } = await valueOf(f.core.send('stocktake.open', {}));
    await valueOf(
      f.core.send('stocktake.count', { stocktakeId, code: MILK, quantity: 1, location: 'A1' }),
    );
    await valueOf(f.core.send('stocktake.cancel', { stocktakeId, reason: 'wrong aisle' }));
    expect(stock(MILK)).toEqual({ available: 10, locked: 0 });
    expect(count("SELECT count(*) FROM outbox WHERE type = 'stocktake.posted'")).toBe(0);
    expect(await f.core.send('stocktake.cancel', { stocktakeId, reason: 'twice' })).toMatchObject({
      ok: false,
      error: { code: 'stocktake.closed' },
    });
    expect(await f.core.send('stocktake.variance', { stocktakeId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'stocktake.notFound' },
    });
    await valueOf(f.core.send('stocktake.open', {}));
  });
});
