import { describe, expect, it } from 'vitest';
import { money } from '../money';
import { createOrder } from './order';
import type { Order } from './order';
import { completeCounterSale, transitionChain } from './transition-chain';

function counterOrder(): Order {
  const created = createOrder(
    {
      id: 'c-1',
      storeId: 's-1',
      channel: 'counter',
      memberId: 'm-9',
      lines: [{ productId: 'milk', quantity: 2 }],
      total: money(2_580, 'CNY'),
    },
    100,
  );
  if (!created.ok) throw new Error('fixture');
  return created.value.order;
}

describe('completeCounterSale', () => {
  it('pays and completes in one go with the combined effects, in order', () => {
    const done = completeCounterSale(counterOrder(), 200);
    expect(done.ok).toBe(true);
    if (!done.ok) return;
    expect(done.value.order.status).toBe('completed');
    expect(done.value.order.paidAt).toBe(200);
    expect(done.value.order.completedAt).toBe(200);
    expect(done.value.order.pointsEarned).toBe(258);
    expect(done.value.effects).toEqual([
      { type: 'deductStock', orderId: 'c-1', storeId: 's-1', productId: 'milk', quantity: 2 },
      { type: 'orderStatusChanged', orderId: 'c-1', from: 'pending', to: 'paid', at: 200 },
      { type: 'orderStatusChanged', orderId: 'c-1', from: 'paid', to: 'processing', at: 200 },
      { type: 'orderStatusChanged', orderId: 'c-1', from: 'processing', to: 'shipped', at: 200 },
      { type: 'orderStatusChanged', orderId: 'c-1', from: 'shipped', to: 'delivered', at: 200 },
      {
        type: 'earnPoints',
        orderId: 'c-1',
        memberId: 'm-9',
        points: 258,
        paid: money(2_580, 'CNY'),
      },
      { type: 'orderStatusChanged', orderId: 'c-1', from: 'delivered', to: 'completed', at: 200 },
    ]);
  });

  it('refuses a counter sale that is not pending', () => {
    const cancelled = { ...counterOrder(), status: 'cancelled' as const };
    const done = completeCounterSale(cancelled, 200);
    expect(done.ok ? 'ok' : done.error.code).toBe('order.illegalTransition');
  });
});

describe('transitionChain', () => {
  it('is all or nothing and names the failing step', () => {
    const chained = transitionChain(counterOrder(), [
      { to: 'paid', at: 1 },
      { to: 'completed', at: 2 },
    ]);
    expect(chained.ok).toBe(false);
    if (chained.ok) return;
    expect(chained.error.details).toMatchObject({ from: 'paid', to: 'completed', step: 1 });
  });

  it('an empty chain changes nothing', () => {
    const order = counterOrder();
    const chained = transitionChain(order, []);
    expect(chained).toEqual({ ok: true, value: { order, effects: [] } });
  });

  it('a refund chain after a counter sale claws back and can restock', () => {
    const done = completeCounterSale(counterOrder(), 200);
    if (!done.ok) throw new Error('fixture');
    const refund = transitionChain(
      done.value.order,
      [
        { to: 'refunding', at: 300 },
        { to: 'refunded', at: 300 },
      ],
      { restock: true },
    );
    if (!refund.ok) throw new Error('expected ok');
    expect(refund.value.effects.map((e) => e.type)).toEqual([
      'orderStatusChanged',
      'restock',
      'clawBackPoints',
      'orderStatusChanged',
    ]);
  });
});
