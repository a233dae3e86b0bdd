import { describe, expect, it } from 'vitest';
import { money } from '../money';
import type { Order } from './order';
import { createOrder } from './order';
import type { OrderStatus } from './order-status';
import { transition } from './transition';
import type { TransitionOptions } from './transition';

const LINES = [
  { productId: 'apple', quantity: 3 },
  { productId: 'rice-g', quantity: 2500 },
];

function newOrder(memberId: string | null = 'm-1', amount = 12_345): Order {
  const created = createOrder(
    {
      id: 'o-7',
      storeId: 's-1',
      channel: 'delivery',
      ...(memberId === null ? {} : { memberId }),
      lines: LINES,
      total: money(amount, 'CNY'),
    },
    1_000,
  );
  if (!created.ok) throw new Error(created.error.message);
  return created.value.order;
}

function walk(order: Order, path: readonly OrderStatus[], options: TransitionOptions = {}) {
  let current = order;
  let effects: unknown[] = [];
  path.forEach((to, i) => {
    const moved = transition(current, to, 2_000 + i, options);
    if (!moved.ok) throw new Error(moved.error.message);
    current = moved.value.order;
    effects = moved.value.effects as unknown[];
  });
  return { order: current, lastEffects: effects };
}

describe('createOrder', () => {
  it('is pending, stamped, and locks stock per line', () => {
    const created = createOrder(
      {
        id: 'o-1',
        storeId: 's-1',
        channel: 'counter',
        lines: LINES,
        total: money(500, 'CNY'),
      },
      1_000,
    );
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.value.order).toMatchObject({ status: 'pending', createdAt: 1_000 });
    expect(created.value.order.transitions).toEqual([]);
    expect(created.value.effects).toEqual([
      { type: 'lockStock', orderId: 'o-1', storeId: 's-1', productId: 'apple', quantity: 3 },
      { type: 'lockStock', orderId: 'o-1', storeId: 's-1', productId: 'rice-g', quantity: 2500 },
    ]);
  });

  it.each([
    [[], 'order.empty'],
    [[{ productId: 'a', quantity: 0 }], 'order.quantityInvalid'],
    [[{ productId: 'a', quantity: -1 }], 'order.quantityInvalid'],
    [[{ productId: 'a', quantity: 1.5 }], 'order.quantityInvalid'],
  ])('refuses lines %j with %s', (lines, code) => {
    const created = createOrder(
      { id: 'o', storeId: 's', channel: 'counter', lines, total: money(0, 'CNY') },
      0,
    );
    expect(created.ok ? 'ok' : created.error.code).toBe(code);
  });

  it('refuses a negative total', () => {
    const created = createOrder(
      { id: 'o', storeId: 's', channel: 'counter', lines: LINES, total: money(-1, 'CNY') },
      0,
    );
    expect(created.ok ? 'ok' : created.error.code).toBe('order.totalInvalid');
  });
});

describe('transition', () => {
  it('paid deducts the locked stock of every line and stamps paidAt', () => {
    const moved = transition(newOrder(), 'paid', 5_000);
    expect(moved.ok).toBe(true);
    if (!moved.ok) return;
    expect(moved.value.order.paidAt).toBe(5_000);
    expect(moved.value.order.transitions).toEqual([{ from: 'pending', to: 'paid', at: 5_000 }]);
    expect(moved.value.effects).toEqual([
      { type: 'deductStock', orderId: 'o-7', storeId: 's-1', productId: 'apple', quantity: 3 },
      { type: 'deductStock', orderId: 'o-7', storeId: 's-1', productId: 'rice-g', quantity: 2500 },
      { type: 'orderStatusChanged', orderId: 'o-7', from: 'pending', to: 'paid', at: 5_000 },
    ]);
  });

  it('cancelled releases the locked stock and stamps cancelledAt', () => {
    const moved = transition(newOrder(), 'cancelled', 6_000);
    if (!moved.ok) throw new Error('expected ok');
    expect(moved.value.order.cancelledAt).toBe(6_000);
    expect(moved.value.effects.map((e) => e.type)).toEqual([
      'releaseStock',
      'releaseStock',
      'orderStatusChanged',
    ]);
  });

  it('completed earns 10 points per yuan paid, rounded down', () => {
    const { order, lastEffects } = walk(newOrder('m-1', 12_399), [
      'paid',
      'processing',
      'shipped',
      'delivered',
      'completed',
    ]);
    expect(order.pointsEarned).toBe(1_239);
    expect(order.completedAt).toBe(2_004);
    expect(lastEffects[0]).toEqual({
      type: 'earnPoints',
      orderId: 'o-7',
      memberId: 'm-1',
      points: 1_239,
      paid: money(12_399, 'CNY'),
    });
  });

  it('completed earns by the rule passed in', () => {
    const { order } = walk(newOrder('m-1', 10_000), COMPLETE, {
      earnRule: { pointsPerMajorUnit: 1 },
    });
    expect(order.pointsEarned).toBe(100);
  });

  it('an order without a member earns nothing and claws back nothing', () => {
    const done = walk(newOrder(null), [...COMPLETE, 'refunding', 'refunded']);
    expect(done.order.pointsEarned).toBe(0);
    expect(done.lastEffects.map((e) => (e as { type: string }).type)).toEqual([
      'orderStatusChanged',
    ]);
  });

  it('refunded claws back exactly the points earned; restock is the caller’s choice', () => {
    const completed = walk(newOrder('m-1', 5_000), COMPLETE).order;
    const refunding = transition(completed, 'refunding', 9_000);
    if (!refunding.ok) throw new Error('expected ok');
    const kept = transition(refunding.value.order, 'refunded', 9_500);
    const restocked = transition(refunding.value.order, 'refunded', 9_500, { restock: true });
    if (!kept.ok || !restocked.ok) throw new Error('expected ok');
    expect(kept.value.order.refundedAt).toBe(9_500);
    expect(kept.value.effects).toEqual([
      { type: 'clawBackPoints', orderId: 'o-7', memberId: 'm-1', points: 500 },
      { type: 'orderStatusChanged', orderId: 'o-7', from: 'refunding', to: 'refunded', at: 9_500 },
    ]);
    expect(restocked.value.effects.map((e) => e.type)).toEqual([
      'restock',
      'restock',
      'clawBackPoints',
      'orderStatusChanged',
    ]);
  });

  it('a refund before completion claws back nothing', () => {
    const { lastEffects } = walk(newOrder(), ['paid', 'refunding', 'refunded']);
    expect(lastEffects.map((e) => (e as { type: string }).type)).toEqual(['orderStatusChanged']);
  });

  it('stamps each state’s own time field', () => {
    const { order } = walk(newOrder(), [...COMPLETE, 'refunding', 'refunded']);
    expect(order).toMatchObject({
      createdAt: 1_000,
      paidAt: 2_000,
      processingAt: 2_001,
      shippedAt: 2_002,
      deliveredAt: 2_003,
      completedAt: 2_004,
      refundingAt: 2_005,
      refundedAt: 2_006,
    });
    expect(order.transitions).toHaveLength(7);
  });

  it('refuses going back to pending and does not change the order', () => {
    const order = newOrder();
    const moved = transition(order, 'pending', 2_000);
    expect(moved.ok ? 'ok' : moved.error.code).toBe('order.illegalTransition');
    expect(order.status).toBe('pending');
    expect(order.transitions).toEqual([]);
  });
});

const COMPLETE: readonly OrderStatus[] = [
  'paid',
  'processing',
  'shipped',
  'delivered',
  'completed',
];
