import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../money';
import { createOrder } from './order';
import type { Order } from './order';
import { ALLOWED_TRANSITIONS, ORDER_STATUSES, canTransition, isFinalStatus } from './order-status';
import type { OrderStatus } from './order-status';
import { transition } from './transition';

// The table of SPEC §3, written out independently of the code's own map.
const SPEC_ALLOWED = new Set([
  'pending>paid',
  'pending>cancelled',
  'paid>processing',
  'paid>refunding',
  'processing>shipped',
  'processing>refunding',
  'shipped>delivered',
  'shipped>refunding',
  'delivered>completed',
  'delivered>refunding',
  'completed>refunding',
  'refunding>refunded',
]);

function orderIn(status: OrderStatus): Order {
  const created = createOrder(
    {
      id: 'o-1',
      storeId: 's-1',
      channel: 'delivery',
      memberId: 'm-1',
      lines: [{ productId: 'p-1', quantity: 2 }],
      total: money(1999, 'CNY'),
    },
    0,
  );
  if (!created.ok) throw new Error('fixture');
  return { ...created.value.order, status };
}

describe('order statuses', () => {
  it('are exactly the nine of SPEC, in order', () => {
    expect(ORDER_STATUSES).toEqual([
      'pending',
      'paid',
      'processing',
      'shipped',
      'delivered',
      'completed',
      'cancelled',
      'refunding',
      'refunded',
    ]);
  });

  it('cancelled and refunded are final, nothing else is', () => {
    expect(ORDER_STATUSES.filter(isFinalStatus)).toEqual(['cancelled', 'refunded']);
  });

  it('the map has exactly the twelve allowed moves', () => {
    const moves = ORDER_STATUSES.flatMap((from) =>
      ALLOWED_TRANSITIONS[from].map((to) => `${from}>${to}`),
    );
    expect(new Set(moves)).toEqual(SPEC_ALLOWED);
    expect(moves).toHaveLength(12);
  });

  it('refuses names that are not statuses', () => {
    expect(canTransition('PENDING' as OrderStatus, 'paid')).toBe(false);
    expect(canTransition('pending', 'toString' as OrderStatus)).toBe(false);
  });
});

describe('all 81 pairs', () => {
  const pairs = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as const));

  it('covers 81 pairs', () => {
    expect(pairs).toHaveLength(81);
  });

  it.each(pairs)('%s → %s follows the SPEC table', (from, to) => {
    const allowed = SPEC_ALLOWED.has(`${from}>${to}`);
    expect(canTransition(from, to)).toBe(allowed);
    const moved = transition(orderIn(from), to, 1000);
    expect(moved.ok).toBe(allowed);
    if (moved.ok) {
      expect(moved.value.order.status).toBe(to);
    } else {
      expect(moved.error.code).toBe('order.illegalTransition');
      expect(moved.error.details).toMatchObject({ from, to });
      expect(moved.error.message).toContain(from);
      expect(moved.error.message).toContain(to);
    }
  });

  it('property: only the allowed transitions succeed, along any walk', () => {
    const status = fc.constantFrom(...ORDER_STATUSES);
    fc.assert(
      fc.property(fc.array(status, { maxLength: 20 }), (targets) => {
        let order = orderIn('pending');
        let at = 0;
        for (const to of targets) {
          at += 1;
          const allowed = SPEC_ALLOWED.has(`${order.status}>${to}`);
          const moved = transition(order, to, at);
          expect(moved.ok).toBe(allowed);
          if (moved.ok) {
            expect(moved.value.order.transitions.at(-1)).toEqual({ from: order.status, to, at });
            order = moved.value.order;
          }
        }
        // The log replays the walk: each entry starts where the previous one ended.
        let expectedFrom: OrderStatus = 'pending';
        for (const entry of order.transitions) {
          expect(entry.from).toBe(expectedFrom);
          expect(canTransition(entry.from, entry.to)).toBe(true);
          expectedFrom = entry.to;
        }
        expect(expectedFrom).toBe(order.status);
      }),
    );
  });
});
