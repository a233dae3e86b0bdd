import { describe, expect, it } from 'vitest';
import { money } from '../../../app/money';
import type { Db } from '../db/db';
import { inVersionedTransaction } from '../db/version-retry';
import { moveStock, readStock } from '../inventory/stock-books';
import { createMember, loadMember } from '../members/member-books';
import { createPointsExpiryJob } from '../members/points-expiry-job';
import { useTestDatabases } from '../testing/test-databases';
import { createAutoCancelJob } from './auto-cancel-job';
import { createOrderInTx, loadOrder, transitionOrderInTx } from './order-books';
import type { FastifyBaseLogger } from 'fastify';

const T0 = Date.UTC(2025, 0, 10, 2, 0, 0);
const MINUTE = 60_000;
const silent = { info: () => undefined } as unknown as FastifyBaseLogger;

async function seed(db: Db): Promise<void> {
  await db.query("INSERT INTO store (id, name, created_at) VALUES ('s1', 'One', 0)");
  await inVersionedTransaction(db, (tx) =>
    moveStock(tx, { storeId: 's1', productId: 'p1', kind: 'receive', quantity: 10 }, T0),
  );
  await createMember(db, {
    id: 'm1',
    code: 'M1',
    phone: '13800000000',
    cardNumber: '',
    name: 'Li',
    level: 'bronze',
    points: 0,
    totalSpent: money(0, 'CNY'),
    orderCount: 0,
    status: 'active',
  });
}

const newOrder = (id: string, quantity: number, amount: number) => ({
  id,
  storeId: 's1',
  channel: 'pickup' as const,
  memberId: 'm1',
  lines: [{ productId: 'p1', quantity }],
  total: money(amount, 'CNY'),
});

describe.each(useTestDatabases())('orders and points on $engine', (database) => {
  it('walks an order pending → completed → refunded with stock and points effects', async (context) => {
    const db = await database.open(context);
    await seed(db);
    const step = (to: Parameters<typeof transitionOrderInTx>[2], at: number) =>
      inVersionedTransaction(db, (tx) => transitionOrderInTx(tx, 'o1', to, at));
    await inVersionedTransaction(db, (tx) => createOrderInTx(tx, newOrder('o1', 3, 12_000), T0));
    expect(await readStock(db, 's1', 'p1')).toMatchObject({ available: 7, locked: 3 });
    await step('paid', T0 + MINUTE);
    expect(await readStock(db, 's1', 'p1')).toMatchObject({ total: 7, locked: 0 });
    for (const to of ['processing', 'shipped', 'delivered', 'completed'] as const)
      await step(to, T0 + 2 * MINUTE);
    // ¥120.00 at 10 points per yuan: 1,200 points, which makes a silver member.
    const earned = await loadMember(db, 'm1');
    expect(earned?.member).toMatchObject({ points: 1200, level: 'silver', orderCount: 1 });
    const levelEvents = await db.query<{ to_level: string }>('SELECT to_level FROM member_event');
    expect(levelEvents.rows).toEqual([{ to_level: 'silver' }]);
    await step('refunding', T0 + 3 * MINUTE);
    await step('refunded', T0 + 4 * MINUTE);
    expect((await loadMember(db, 'm1'))?.member).toMatchObject({ points: 0, level: 'bronze' });
    const stored = await loadOrder(db, 'o1');
    expect(stored?.order.transitions.map((t) => t.to)).toEqual([
      'paid',
      'processing',
      'shipped',
      'delivered',
      'completed',
      'refunding',
      'refunded',
    ]);
    await expect(step('paid', T0 + 5 * MINUTE)).rejects.toMatchObject({
      code: 'order.illegalTransition',
    });
    const events = await db.query<{ n: number }>(
      "SELECT count(*) AS n FROM outbox_event WHERE type = 'orderStatusChanged'",
    );
    expect(events.rows[0]?.n).toBe(7);
  });

  it('refuses an order whose stock is short and writes nothing', async (context) => {
    const db = await database.open(context);
    await seed(db);
    await expect(
      inVersionedTransaction(db, (tx) => createOrderInTx(tx, newOrder('o1', 11, 100), T0)),
    ).rejects.toMatchObject({ code: 'stock.insufficient' });
    expect(await loadOrder(db, 'o1')).toBeUndefined();
    expect(await readStock(db, 's1', 'p1')).toMatchObject({ available: 10, locked: 0 });
  });

  it('auto-cancels an unpaid order at 15 minutes, not before, and releases its stock', async (context) => {
    const db = await database.open(context);
    await seed(db);
    const clock = { now: T0 };
    const job = createAutoCancelJob({ db, clock: () => clock.now, log: silent });
    await inVersionedTransaction(db, (tx) => createOrderInTx(tx, newOrder('o1', 2, 100), T0));
    await inVersionedTransaction(db, (tx) => createOrderInTx(tx, newOrder('o2', 1, 100), T0));
    await inVersionedTransaction(db, (tx) => transitionOrderInTx(tx, 'o2', 'paid', T0 + MINUTE));
    clock.now = T0 + 15 * MINUTE - 1;
    expect(await job.runOnce()).toBe(0);
    clock.now = T0 + 15 * MINUTE;
    expect(await job.runOnce()).toBe(1);
    expect((await loadOrder(db, 'o1'))?.order.status).toBe('cancelled');
    expect((await loadOrder(db, 'o2'))?.order.status).toBe('paid');
    expect(await readStock(db, 's1', 'p1')).toMatchObject({ total: 9, available: 9, locked: 0 });
    expect(await job.runOnce()).toBe(0);
  });

  it('expires points a year after they were earned, with the daily job and its clock', async (context) => {
    const db = await database.open(context);
    await seed(db);
    await inVersionedTransaction(db, (tx) => createOrderInTx(tx, newOrder('o1', 1, 50_000), T0));
    for (const to of ['paid', 'processing', 'shipped', 'delivered', 'completed'] as const) {
      await inVersionedTransaction(db, (tx) => transitionOrderInTx(tx, 'o1', to, T0));
    }
    expect((await loadMember(db, 'm1'))?.member).toMatchObject({ points: 5000, level: 'gold' });
    const clock = { now: T0 + 364 * 24 * 60 * MINUTE };
    const job = createPointsExpiryJob({ db, clock: () => clock.now, log: silent });
    expect(await job.runOnce()).toBe(0);
    clock.now = T0 + 365 * 24 * 60 * MINUTE;
    expect(await job.runOnce()).toBe(1);
    expect((await loadMember(db, 'm1'))?.member).toMatchObject({ points: 0, level: 'bronze' });
    const entries = await db.query<{ type: string; points: number }>(
      'SELECT type, points FROM points_entry ORDER BY id',
    );
    expect(entries.rows).toEqual([
      { type: 'earn', points: 5000 },
      { type: 'expire', points: -5000 },
    ]);
  });
});
