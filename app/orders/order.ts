// An order as the register and the server keep it, and how one is created (with its stock locks).
import type { Money } from '../money';
import type { DomainError, Result } from '../result';
import { err, ok } from '../result';
import type { OrderEffect } from './order-effects';
import type { OrderStatus } from './order-status';

/** Where the order is fulfilled: at the counter, picked up later, or delivered. */
export type OrderChannel = 'counter' | 'pickup' | 'delivery';

export interface OrderLine {
  readonly productId: string;
  /** Integer quantity in the product's stock unit (pieces, or grams for weighed goods). */
  readonly quantity: number;
}

/** One row of the order's transition log (SPEC: from, to, time). */
export interface OrderTransitionLogEntry {
  readonly from: OrderStatus;
  readonly to: OrderStatus;
  readonly at: number;
}

/** The field stamped when an order enters a state; `pending` is stamped by `createdAt`. */
export type OrderTimeField = `${Exclude<OrderStatus, 'pending'>}At`;

export type OrderTimes = { readonly [K in OrderTimeField]?: number };

export interface Order extends OrderTimes {
  readonly id: string;
  readonly storeId: string;
  readonly channel: OrderChannel;
  /** The member the order earns points for, if one was identified. */
  readonly memberId?: string;
  readonly lines: readonly OrderLine[];
  /** What the customer pays (after discounts); the basis of points earned. */
  readonly total: Money;
  readonly status: OrderStatus;
  readonly createdAt: number;
  /** Points earned at completion (0 before); a refund takes back exactly this. */
  readonly pointsEarned: number;
  readonly transitions: readonly OrderTransitionLogEntry[];
}

export interface NewOrder {
  readonly id: string;
  readonly storeId: string;
  readonly channel: OrderChannel;
  readonly memberId?: string;
  readonly lines: readonly OrderLine[];
  readonly total: Money;
}

export interface OrderChange {
  readonly order: Order;
  /** To apply in the same transaction as the order, in this order. */
  readonly effects: readonly OrderEffect[];
}

export type CreateOrderError = DomainError<
  'order.empty' | 'order.quantityInvalid' | 'order.totalInvalid'
>;

/**
 * A new pending order and one `lockStock` effect per line. Refuses an order with no lines, a line
 * whose quantity is not a positive integer, or a negative total.
 */
export function createOrder(input: NewOrder, at: number): Result<OrderChange, CreateOrderError> {
  if (input.lines.length === 0) {
    return err('order.empty', 'The order has no lines: scan at least one item.');
  }
  for (const line of input.lines) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
      return err(
        'order.quantityInvalid',
        `The quantity of ${line.productId} must be a whole number above zero.`,
        { productId: line.productId, quantity: line.quantity },
      );
    }
  }
  if (!Number.isSafeInteger(input.total.amount) || input.total.amount < 0) {
    return err('order.totalInvalid', 'The order total must be zero or more.', {
      amount: input.total.amount,
    });
  }
  const order: Order = {
    id: input.id,
    storeId: input.storeId,
    channel: input.channel,
    ...(input.memberId === undefined ? {} : { memberId: input.memberId }),
    lines: input.lines,
    total: input.total,
    status: 'pending',
    createdAt: at,
    pointsEarned: 0,
    transitions: [],
  };
  const effects: OrderEffect[] = input.lines.map((line) => ({
    type: 'lockStock',
    orderId: order.id,
    storeId: order.storeId,
    productId: line.productId,
    quantity: line.quantity,
  }));
  return ok({ order, effects });
}
