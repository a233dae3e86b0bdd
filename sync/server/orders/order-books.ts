// Orders from any channel through the nine-state machine of app/orders: created with their stock
// locks, moved with their side effects, each change in one transaction with its log rows; a
// pending order gets a due-time row for the 15-minute auto-cancel job.
import type { NewOrder, Order, OrderStatus, TransitionOptions } from '../../../app/orders';
import { createOrder, overdueAt, transition } from '../../../app/orders';
import { money } from '../../../app/money';
import type { SqlRunner } from '../db/db';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../db/db';
import { VersionConflict } from '../db/version-retry';
import { ApiError, fromDomainError } from '../http/api-error';
import { enqueueEvent } from '../outbox/outbox';
import { applyOrderEffects } from './order-effects';

interface OrderRow {
  id: string;
  store_id: string;
  channel: Order['channel'];
  member_id: string | null;
  lines: Order['lines'];
  total_amount: number;
  currency: string;
  status: OrderStatus;
  created_at: number;
  points_earned: number;
  times: Record<string, number>;
  flash_sale_id: string | null;
  version: number;
}

export interface StoredOrder {
  readonly order: Order;
  readonly flashSaleId?: string;
  readonly version: number;
}

export async function loadOrder(tx: SqlRunner, orderId: string): Promise<StoredOrder | undefined> {
  const { rows } = await tx.query<OrderRow>('SELECT * FROM customer_order WHERE id = $1', [
    orderId,
  ]);
  const row = rows[0];
  if (row === undefined) return undefined;
  const transitions = await tx.query<{
    from_status: OrderStatus;
    to_status: OrderStatus;
    at: number;
  }>('SELECT from_status, to_status, at FROM order_transition WHERE order_id = $1 ORDER BY id', [
    orderId,
  ]);
  const order: Order = {
    ...row.times,
    id: row.id,
    storeId: row.store_id,
    channel: row.channel,
    ...(row.member_id === null ? {} : { memberId: row.member_id }),
    lines: row.lines,
    total: money(row.total_amount, row.currency),
    status: row.status,
    createdAt: row.created_at,
    pointsEarned: row.points_earned,
    transitions: transitions.rows.map((t) => ({ from: t.from_status, to: t.to_status, at: t.at })),
  };
  return {
    order,
    version: row.version,
    ...(row.flash_sale_id === null ? {} : { flashSaleId: row.flash_sale_id }),
  };
}

function timesOf(order: Order): Record<string, number> {
  const times: Record<string, number> = {};
  for (const [key, value] of Object.entries(order)) {
    if (key.endsWith('At') && key !== 'createdAt' && typeof value === 'number') times[key] = value;
  }
  return times;
}

/**
 * A new pending order with its stock locked. `flashSaleId` marks an order whose unit is held by
 * a flash-sale reservation: no store stock is locked and the reservation's own expiry applies.
 * Creating the same id twice answers the stored order (idempotent for retried requests).
 */
export async function createOrderInTx(
  tx: SqlRunner,
  input: NewOrder,
  now: number,
  options: Readonly<{ flashSaleId?: string }> = {},
): Promise<Order> {
  const created = createOrder(input, now);
  if (!created.ok) throw fromDomainError(created.error);
  const { order, effects } = created.value;
  const inserted = await tx.query(
    `INSERT INTO customer_order (id, store_id, channel, member_id, lines, total_amount, currency, status, created_at, points_earned, times, flash_sale_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '{}', $11) ON CONFLICT (id) DO NOTHING`,
    [
      order.id,
      order.storeId,
      order.channel,
      order.memberId ?? null,
      JSON.stringify(order.lines),
      order.total.amount,
      order.total.currency,
      order.status,
      order.createdAt,
      order.pointsEarned,
      options.flashSaleId ?? null,
    ],
  );
  if (inserted.rowCount === 0) {
    const existing = await loadOrder(tx, order.id);
    if (existing === undefined) throw new VersionConflict(`order ${order.id}`);
    return existing.order;
  }
  const flashSale = options.flashSaleId !== undefined;
  await applyOrderEffects(tx, effects, now, { flashSale });
  if (!flashSale) {
    await tx.query('INSERT INTO order_payment_due (order_id, due_at) VALUES ($1, $2)', [
      order.id,
      overdueAt(order),
    ]);
  }
  await enqueueEvent(tx, {
    type: 'orderCreated',
    key: order.id,
    payload: { orderId: order.id },
    at: now,
  });
  return order;
}

/** Moves a stored order to `to` with its effects, in `tx`; a stale version throws VersionConflict. */
export async function transitionOrderInTx(
  tx: SqlRunner,
  orderId: string,
  to: OrderStatus,
  now: number,
  options: TransitionOptions = {},
): Promise<Order> {
  const stored = await loadOrder(tx, orderId);
  if (stored === undefined)
    throw new ApiError(404, 'order.notFound', `There is no order ${orderId}.`);
  const moved = transition(stored.order, to, now, options);
  if (!moved.ok) throw fromDomainError(moved.error);
  const { order, effects } = moved.value;
  const updated = await tx.query(
    `UPDATE customer_order SET status = $2, points_earned = $3, times = $4, version = version + 1
     WHERE id = $1 AND version = $5`,
    [order.id, order.status, order.pointsEarned, JSON.stringify(timesOf(order)), stored.version],
  );
  if (updated.rowCount !== 1) throw new VersionConflict(`order ${orderId}`);
  await tx.query(
    'INSERT INTO order_transition (order_id, from_status, to_status, at) VALUES ($1, $2, $3, $4)',
    [order.id, stored.order.status, to, now],
  );
  if (stored.order.status === 'pending') {
    await tx.query('DELETE FROM order_payment_due WHERE order_id = $1', [order.id]);
  }
  await applyOrderEffects(tx, effects, now, { flashSale: stored.flashSaleId !== undefined });
  return order;
}

export function isUniqueViolation(error: unknown): boolean {
  return pgErrorCode(error) === PG_UNIQUE_VIOLATION;
}
