// One handler per mutation type the register pushes, applied in the batch's transaction. Facts of
// money that changed hands (sales, refunds) are never refused: trouble becomes a flag with a
// reason a person can act on. The other types are records; a bad one is rejected and the queue
// moves on.
import { COUNTER_SALE_PATH } from '../../../app/orders';
import type { OrderStatus } from '../../../app/orders';
import { missingCase } from '../../../app/result';
import type {
  EnvironmentReadings,
  LeaseSale,
  MutationStatus,
  OfflineRedemption,
  RefundCompleted,
  SaleCompleted,
  StocktakePosted,
  TypedMutation,
} from '../../protocol';
import type { SqlRunner } from '../db/db';
import { bookOfflineRedemption } from '../allowances/allowance-books';
import { bookLeaseSale } from '../leases/lease-sale';
import { bookRefundPoints, bookSaleMemberPoints } from './sale-points';
import { applyStockDelta } from './stock-delta';

export interface MutationOutcome {
  readonly status: MutationStatus;
  readonly reason?: string;
}

export interface MutationContext {
  readonly tx: SqlRunner;
  /** The register's store, from its token: the books a register's facts land in. */
  readonly storeId: string;
  readonly registerId: string;
  readonly mutationId: string;
  readonly now: number;
}

export function outcome(flags: readonly string[]): MutationOutcome {
  return flags.length === 0
    ? { status: 'applied' }
    : { status: 'flagged', reason: flags.join('; ') };
}

export function storeFlag(context: MutationContext, storeId: string): string[] {
  return storeId === context.storeId
    ? []
    : [`store.mismatch: written for store ${storeId}, booked to ${context.storeId}`];
}

async function applySale(context: MutationContext, sale: SaleCompleted): Promise<MutationOutcome> {
  const { tx, now } = context;
  const storeId = context.storeId;
  const quantities = new Map<string, number>();
  for (const line of sale.lines) {
    quantities.set(line.productId, (quantities.get(line.productId) ?? 0) + line.quantity);
  }
  const times: Partial<Record<`${OrderStatus}At`, number>> = {};
  for (const status of COUNTER_SALE_PATH) times[`${status}At`] = sale.completedAt;
  const inserted = await tx.query(
    `INSERT INTO customer_order (id, store_id, channel, member_id, lines, total_amount, currency, status, created_at, points_earned, times)
     VALUES ($1, $2, 'counter', $3, $4, $5, $6, 'completed', $7, 0, $8) ON CONFLICT (id) DO NOTHING`,
    [
      sale.saleId,
      storeId,
      sale.memberId,
      JSON.stringify([...quantities].map(([productId, quantity]) => ({ productId, quantity }))),
      sale.total,
      sale.currency,
      sale.completedAt,
      JSON.stringify(times),
    ],
  );
  // The same sale already booked (under another mutation id): book nothing twice.
  if (inserted.rowCount === 0) {
    return { status: 'duplicate', reason: `sale ${sale.saleId} is already booked` };
  }
  let from: OrderStatus = 'pending';
  for (const to of COUNTER_SALE_PATH) {
    await tx.query(
      'INSERT INTO order_transition (order_id, from_status, to_status, at) VALUES ($1, $2, $3, $4)',
      [sale.saleId, from, to, sale.completedAt],
    );
    from = to;
  }
  const flags = storeFlag(context, sale.storeId);
  for (const [productId, quantity] of quantities) {
    if (quantity <= 0) {
      flags.push(`line.quantity: ${quantity} of ${productId} is not a sale`);
      continue;
    }
    const moved = await applyStockDelta(
      tx,
      {
        storeId,
        productId,
        delta: -quantity,
        type: 'out',
        orderId: sale.saleId,
        reason: 'register sale',
        mutationId: context.mutationId,
      },
      now,
    );
    if (moved.reconciliation === 'unknownProduct') flags.push(`product.unknown: ${productId}`);
    if (moved.reconciliation === 'negativeStock') {
      flags.push(`stock.negative: ${productId} at ${moved.state.available}`);
    }
  }
  flags.push(...(await bookSaleMemberPoints(tx, sale)));
  return outcome(flags);
}

async function applyRefund(
  context: MutationContext,
  refund: RefundCompleted,
): Promise<MutationOutcome> {
  const { tx, now } = context;
  const inserted = await tx.query(
    `INSERT INTO register_refund (id, store_id, register_id, sale_id, amount, restock, lines, created_at, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
    [
      refund.refundId,
      context.storeId,
      context.registerId,
      refund.saleId,
      refund.amount,
      refund.restock,
      JSON.stringify(refund.lines),
      refund.createdAt,
      now,
    ],
  );
  if (inserted.rowCount === 0) {
    return { status: 'duplicate', reason: `refund ${refund.refundId} is already booked` };
  }
  const flags = storeFlag(context, refund.storeId);
  let memberId: string | null = null;
  if (refund.saleId !== null) {
    const { rows } = await tx.query<{ member_id: string | null }>(
      'SELECT member_id FROM customer_order WHERE id = $1',
      [refund.saleId],
    );
    const order = rows[0];
    if (order === undefined) flags.push(`sale.unknown: ${refund.saleId}`);
    else memberId = order.member_id;
  }
  if (refund.restock) {
    for (const line of refund.lines) {
      if (line.quantity <= 0) continue;
      const moved = await applyStockDelta(
        tx,
        {
          storeId: context.storeId,
          productId: line.productId,
          delta: line.quantity,
          type: 'in',
          orderId: refund.refundId,
          reason: 'customer return',
          mutationId: context.mutationId,
        },
        now,
      );
      if (moved.reconciliation === 'unknownProduct')
        flags.push(`product.unknown: ${line.productId}`);
    }
  }
  if (memberId !== null && refund.pointsClawedBack > 0) {
    const points = await bookRefundPoints(tx, {
      memberId,
      refundId: refund.refundId,
      points: refund.pointsClawedBack,
      at: refund.createdAt,
    });
    if (points.kind === 'unknownMember') flags.push(`member.unknown: ${memberId}`);
    else if (points.negativeBalance) flags.push(`points.negativeBalance: ${memberId}`);
  }
  return outcome(flags);
}

async function applyStocktake(
  context: MutationContext,
  stocktake: StocktakePosted,
): Promise<MutationOutcome> {
  const flags = storeFlag(context, stocktake.storeId);
  for (const line of stocktake.adjustments) {
    if (line.delta === 0) continue;
    const moved = await applyStockDelta(
      context.tx,
      {
        storeId: context.storeId,
        productId: line.productId,
        delta: line.delta,
        type: 'adjust',
        orderId: stocktake.stocktakeId,
        reason: 'stocktake',
        mutationId: context.mutationId,
      },
      context.now,
    );
    if (moved.reconciliation !== undefined) {
      flags.push(`${moved.reconciliation}: ${line.productId} at ${moved.state.available}`);
    }
  }
  return outcome(flags);
}

/** Units sold from a lease (the escrowLease rule): booked always, late or past the lease flagged. */
async function applyLeaseSale(context: MutationContext, sale: LeaseSale): Promise<MutationOutcome> {
  const booked = await bookLeaseSale(context.tx, context, sale);
  if (booked.duplicate) {
    return { status: 'duplicate', reason: `lease sale ${sale.saleId} is already booked` };
  }
  return outcome(booked.flags);
}

/** Points redeemed against an allowance (the offlineAllowance rule): hold debited, residue repaired. */
async function applyOfflineRedemption(
  context: MutationContext,
  redemption: OfflineRedemption,
): Promise<MutationOutcome> {
  const booked = await bookOfflineRedemption(context.tx, context, redemption);
  if (booked.duplicate) {
    return {
      status: 'duplicate',
      reason: `redemption of sale ${redemption.saleId} is already booked`,
    };
  }
  return outcome(booked.flags);
}

/** Keeps a minute of sensor readings under the register's store (a reading names no other). */
async function applyEnvironmentReadings(
  context: MutationContext,
  readings: EnvironmentReadings,
): Promise<MutationOutcome> {
  const { tx, now } = context;
  const rows = readings.readings;
  await tx.query(
    `INSERT INTO environment_reading (store_id, register_id, sensor_id, kind, milli, at, received_at)
     SELECT $1, $2, sensor_id, kind, milli, at, $3
     FROM unnest($4::text[], $5::text[], $6::int4[], $7::int8[]) AS r (sensor_id, kind, milli, at)`,
    [
      context.storeId,
      context.registerId,
      now,
      rows.map((r) => r.sensorId),
      rows.map((r) => r.kind),
      rows.map((r) => r.milli),
      rows.map((r) => r.at),
    ],
  );
  return outcome(storeFlag(context, readings.storeId));
}

/** Books one mutation; the record of it (with this outcome) is written by the caller. */
export async function applyMutation(
  context: MutationContext,
  mutation: TypedMutation,
): Promise<MutationOutcome> {
  switch (mutation.type) {
    case 'sale.completed':
      return applySale(context, mutation.payload);
    case 'refund.completed':
      return applyRefund(context, mutation.payload);
    case 'stocktake.posted':
      return applyStocktake(context, mutation.payload);
    case 'flashSale.leaseSale':
      return applyLeaseSale(context, mutation.payload);
    case 'points.offlineRedeemed':
      return applyOfflineRedemption(context, mutation.payload);
    case 'environment.readings':
      return applyEnvironmentReadings(context, mutation.payload);
    // Records only: the mutation row itself keeps them (a cancelled cart held no server stock;
    // the Z report is kept whole for head office).
    case 'cart.cancelled':
    case 'shift.closed':
      return { status: 'applied' };
    default:
      return missingCase(mutation);
  }
}
