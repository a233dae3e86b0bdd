import { describe, expect, it } from 'vitest';
import type { StockLevel } from '../inventory';
import { deductStock, lockStock, receiveStock, releaseStock, stockLevel } from '../inventory';
import { clawBackPoints, earnPoints, emptyPointsLedger } from '../members';
import type { PointsLedger } from '../members';
import { money } from '../money';
import type { OrderEffect } from './order-effects';
import { createOrder } from './order';
import { transition } from './transition';
import { completeCounterSale } from './transition-chain';

/** Applies order effects the way the register's transaction does, failing on any refusal. */
function apply(
  effects: readonly OrderEffect[],
  stock: Map<string, StockLevel>,
  ledger: PointsLedger,
): PointsLedger {
  let points = ledger;
  for (const effect of effects) {
    switch (effect.type) {
      case 'lockStock':
      case 'deductStock':
      case 'releaseStock':
      case 'restock': {
        const level = stock.get(effect.productId);
        if (level === undefined) throw new Error(`no stock for ${effect.productId}`);
        const move =
          effect.type === 'lockStock'
            ? lockStock
            : effect.type === 'deductStock'
              ? deductStock
              : effect.type === 'releaseStock'
                ? releaseStock
                : receiveStock;
        const moved = move(level, effect.quantity, { orderId: effect.orderId });
        if (!moved.ok) throw new Error(moved.error.message);
        stock.set(effect.productId, moved.value.state);
        break;
      }
      case 'earnPoints': {
        const earned = earnPoints(points, {
          points: effect.points,
          at: 0,
          referenceId: effect.orderId,
        });
        if (!earned.ok) throw new Error(earned.error.message);
        points = earned.value.ledger;
        break;
      }
      case 'clawBackPoints':
        points = clawBackPoints(points, { referenceId: effect.orderId, at: 0 }).ledger;
        break;
      case 'orderStatusChanged':
        break;
    }
  }
  return points;
}

function setup() {
  const created = createOrder(
    {
      id: 'o-1',
      storeId: 's',
      channel: 'counter',
      memberId: 'm',
      lines: [{ productId: 'tea', quantity: 2 }],
      total: money(3_000, 'CNY'),
    },
    0,
  );
  if (!created.ok) throw new Error('fixture');
  const stock = new Map([['tea', stockLevel({ storeId: 's', productId: 'tea', available: 5 })]]);
  const ledger = apply(created.value.effects, stock, emptyPointsLedger('m'));
  return { order: created.value.order, stock, ledger };
}

describe('order effects applied to inventory and points', () => {
  it('create locks, cancel releases: stock is back where it started', () => {
    const { order, stock, ledger } = setup();
    expect(stock.get('tea')).toMatchObject({ available: 3, locked: 2, total: 5 });
    const cancelled = transition(order, 'cancelled', 1);
    if (!cancelled.ok) throw new Error('expected ok');
    apply(cancelled.value.effects, stock, ledger);
    expect(stock.get('tea')).toMatchObject({ available: 5, locked: 0, total: 5 });
  });

  it('a counter sale deducts and earns; its refund claws back and may restock', () => {
    const { order, stock, ledger } = setup();
    const sold = completeCounterSale(order, 1);
    if (!sold.ok) throw new Error('expected ok');
    const afterSale = apply(sold.value.effects, stock, ledger);
    expect(stock.get('tea')).toMatchObject({ available: 3, locked: 0, total: 3 });
    expect(afterSale.balance).toBe(300);

    const refunding = transition(sold.value.order, 'refunding', 2);
    if (!refunding.ok) throw new Error('expected ok');
    const refunded = transition(refunding.value.order, 'refunded', 3, { restock: true });
    if (!refunded.ok) throw new Error('expected ok');
    const afterRefund = apply(refunded.value.effects, stock, afterSale);
    expect(stock.get('tea')).toMatchObject({ available: 5, locked: 0, total: 5 });
    expect(afterRefund.balance).toBe(0);
  });
});
