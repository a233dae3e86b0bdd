// Moving an order to its next state: checks the move, stamps the time, logs it, and returns the
// side effects (stock, points, event) as data for the caller to apply in one transaction.
import type { EarnRule } from '../members/earn';
import { DEFAULT_EARN_RULE, pointsForPayment } from '../members/earn';
import type { DomainError, Result } from '../result';
import { err, missingCase, ok } from '../result';
import type { Order, OrderChange, OrderTimeField } from './order';
import type { OrderEffect } from './order-effects';
import type { OrderStatus } from './order-status';
import { canTransition } from './order-status';

export interface TransitionOptions {
  /** Points rule used when the order completes; 10 points per yuan by default. */
  readonly earnRule?: EarnRule;
  /**
   * On `refunded` only: whether the goods came back saleable and go back into stock. The person
   * taking the return decides (a damaged or opened item does not), so the default adds nothing.
   */
  readonly restock?: boolean;
}

export type IllegalTransitionError = DomainError<'order.illegalTransition'>;

const TIME_FIELD: Readonly<Record<Exclude<OrderStatus, 'pending'>, OrderTimeField>> = {
  paid: 'paidAt',
  processing: 'processingAt',
  shipped: 'shippedAt',
  delivered: 'deliveredAt',
  completed: 'completedAt',
  cancelled: 'cancelledAt',
  refunding: 'refundingAt',
  refunded: 'refundedAt',
};

/** The order in state `to` at `at`, with the effects of entering that state. */
export function transition(
  order: Order,
  to: OrderStatus,
  at: number,
  options: TransitionOptions = {},
): Result<OrderChange, IllegalTransitionError> {
  const from = order.status;
  if (to === 'pending' || !canTransition(from, to)) {
    return err('order.illegalTransition', `An order that is ${from} cannot become ${to}.`, {
      orderId: order.id,
      from,
      to,
    });
  }
  const pointsEarned =
    to === 'completed' && order.memberId !== undefined
      ? pointsForPayment(
          order.total.amount,
          order.total.currency,
          options.earnRule ?? DEFAULT_EARN_RULE,
        )
      : order.pointsEarned;
  const next: Order = {
    ...order,
    status: to,
    [TIME_FIELD[to]]: at,
    pointsEarned,
    transitions: [...order.transitions, { from, to, at }],
  };
  const effects: OrderEffect[] = [
    ...effectsOfEntering(next, to, options),
    { type: 'orderStatusChanged', orderId: order.id, from, to, at },
  ];
  return ok({ order: next, effects });
}

function stockEffects(
  order: Order,
  type: 'deductStock' | 'releaseStock' | 'restock',
): OrderEffect[] {
  return order.lines.map((line) => ({
    type,
    orderId: order.id,
    storeId: order.storeId,
    productId: line.productId,
    quantity: line.quantity,
  }));
}

/** `order` is already in state `to`, with `pointsEarned` set if it just completed. */
function effectsOfEntering(
  order: Order,
  to: Exclude<OrderStatus, 'pending'>,
  options: TransitionOptions,
): OrderEffect[] {
  switch (to) {
    case 'paid':
      return stockEffects(order, 'deductStock');
    case 'cancelled':
      return stockEffects(order, 'releaseStock');
    case 'completed':
      return order.memberId !== undefined && order.pointsEarned > 0
        ? [
            {
              type: 'earnPoints',
              orderId: order.id,
              memberId: order.memberId,
              points: order.pointsEarned,
              paid: order.total,
            },
          ]
        : [];
    case 'refunded': {
      // Points are taken back only if the order had completed (and so earned them).
      const clawBack: OrderEffect[] =
        order.memberId !== undefined && order.pointsEarned > 0
          ? [
              {
                type: 'clawBackPoints',
                orderId: order.id,
                memberId: order.memberId,
                points: order.pointsEarned,
              },
            ]
          : [];
      return [...(options.restock === true ? stockEffects(order, 'restock') : []), ...clawBack];
    }
    case 'processing':
    case 'shipped':
    case 'delivered':
    case 'refunding':
      return [];
    default:
      return missingCase(to);
  }
}
