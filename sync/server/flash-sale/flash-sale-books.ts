// Flash sales and their reservations in the database: definitions, the figures to pre-warm the
// fast store with, the order a reservation asks for (created once), payment and expiry.
import type { FlashSale } from '../../../app/flash-sale';
import { flashOrderExpiresAt } from '../../../app/flash-sale';
import { money, multiplyByQuantity } from '../../../app/money';
import type { SqlRunner } from '../db/db';
import { ApiError } from '../http/api-error';
import { unitsHeldByLeases } from '../leases/lease-books';
import { createOrderInTx, transitionOrderInTx } from '../orders/order-books';

export interface StoredFlashSale extends FlashSale {
  /** The store (warehouse) whose orders fulfil the sale. */
  readonly storeId: string;
}

interface SaleRow {
  id: string;
  product_id: string;
  store_id: string;
  price_amount: number;
  currency: string;
  total_stock: number;
  per_member_limit: number;
  starts_at: number;
  ends_at: number;
  status: FlashSale['status'];
}

function toSale(row: SaleRow): StoredFlashSale {
  return {
    id: row.id,
    productId: row.product_id,
    storeId: row.store_id,
    flashPrice: money(row.price_amount, row.currency),
    totalStock: row.total_stock,
    perMemberLimit: row.per_member_limit,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    status: row.status,
  };
}

export async function insertFlashSale(
  tx: SqlRunner,
  sale: StoredFlashSale,
  now: number,
): Promise<void> {
  const inserted = await tx.query(
    `INSERT INTO flash_sale (id, product_id, store_id, price_amount, currency, total_stock, per_member_limit, starts_at, ends_at, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING`,
    [
      sale.id,
      sale.productId,
      sale.storeId,
      sale.flashPrice.amount,
      sale.flashPrice.currency,
      sale.totalStock,
      sale.perMemberLimit,
      sale.startsAt,
      sale.endsAt,
      sale.status,
      now,
    ],
  );
  if (inserted.rowCount === 0)
    throw new ApiError(409, 'flashSale.exists', `Flash sale ${sale.id} already exists.`);
}

export async function loadFlashSale(
  tx: SqlRunner,
  saleId: string,
): Promise<StoredFlashSale | undefined> {
  const { rows } = await tx.query<SaleRow>('SELECT * FROM flash_sale WHERE id = $1', [saleId]);
  const row = rows[0];
  return row === undefined ? undefined : toSale(row);
}

export async function loadOpenFlashSales(
  tx: SqlRunner,
  now: number,
): Promise<readonly StoredFlashSale[]> {
  const { rows } = await tx.query<SaleRow>(
    "SELECT * FROM flash_sale WHERE ends_at > $1 AND status <> 'cancelled'",
    [now],
  );
  return rows.map(toSale);
}

/** Units not held by a live or paid reservation, and what each member holds: the warm-up figures. */
export async function prewarmFigures(
  tx: SqlRunner,
  sale: StoredFlashSale,
): Promise<{ readonly unitsLeft: number; readonly held: ReadonlyMap<string, number> }> {
  const { rows } = await tx.query<{ member_id: string; held: number }>(
    `SELECT member_id, sum(quantity)::int8 AS held FROM flash_reservation
     WHERE sale_id = $1 AND status IN ('reserved', 'paid') GROUP BY member_id`,
    [sale.id],
  );
  const held = new Map(rows.map((r) => [r.member_id, r.held]));
  // Units leased to registers are taken too (sync/server/leases): leases and reservations share
  // one counter, so together they never pass the sale's stock.
  const taken = rows.reduce((sum, r) => sum + r.held, 0) + (await unitsHeldByLeases(tx, sale.id));
  return { unitsLeft: Math.max(0, sale.totalStock - taken), held };
}

export interface AcceptedReservation {
  readonly id: string;
  readonly saleId: string;
  readonly memberId: string;
  readonly quantity: number;
  readonly createdAt: number;
}

/** Many accepted reservations in one statement: the write behind the hot path. */
export async function insertReservations(
  tx: SqlRunner,
  batch: readonly AcceptedReservation[],
): Promise<void> {
  await tx.query(
    `INSERT INTO flash_reservation (id, sale_id, member_id, quantity, status, created_at, expires_at)
     SELECT id, sale_id, member_id, quantity, 'reserved', created_at, created_at + $6::int8
     FROM unnest($1::text[], $2::text[], $3::text[], $4::int4[], $5::int8[])
       AS r (id, sale_id, member_id, quantity, created_at)`,
    [
      batch.map((r) => r.id),
      batch.map((r) => r.saleId),
      batch.map((r) => r.memberId),
      batch.map((r) => r.quantity),
      batch.map((r) => r.createdAt),
      flashOrderExpiresAt(0),
    ],
  );
}

interface ReservationRow {
  id: string;
  sale_id: string;
  member_id: string;
  quantity: number;
  status: 'reserved' | 'paid' | 'expired';
  created_at: number;
  expires_at: number;
  order_id: string | null;
}

/** The pending order for a reservation (its id is the reservation's), created once. */
export async function createFlashOrder(
  tx: SqlRunner,
  reservation: ReservationRow,
  sale: StoredFlashSale,
): Promise<string> {
  if (reservation.order_id !== null) return reservation.order_id;
  await createOrderInTx(
    tx,
    {
      id: reservation.id,
      storeId: sale.storeId,
      channel: 'delivery',
      memberId: reservation.member_id,
      lines: [{ productId: sale.productId, quantity: reservation.quantity }],
      total: multiplyByQuantity(sale.flashPrice, reservation.quantity),
    },
    reservation.created_at,
    { flashSaleId: sale.id },
  );
  await tx.query('UPDATE flash_reservation SET order_id = $1 WHERE id = $1', [reservation.id]);
  return reservation.id;
}

/** Claims reservations still waiting for their order (the outbox), oldest first, skipping claimed ones. */
export async function claimUnorderedReservations(
  tx: SqlRunner,
  limit: number,
): Promise<readonly ReservationRow[]> {
  const { rows } = await tx.query<ReservationRow>(
    `SELECT * FROM flash_reservation WHERE order_id IS NULL AND status <> 'expired'
     ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows;
}

/** Claims unpaid reservations past their 15 minutes, in due order, skipping claimed ones. */
export async function claimExpiredReservations(
  tx: SqlRunner,
  now: number,
  limit: number,
): Promise<readonly ReservationRow[]> {
  const { rows } = await tx.query<ReservationRow>(
    `SELECT * FROM flash_reservation WHERE status = 'reserved' AND expires_at <= $1
     ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now, limit],
  );
  return rows;
}

export async function expireReservation(
  tx: SqlRunner,
  reservation: ReservationRow,
  now: number,
): Promise<void> {
  await tx.query("UPDATE flash_reservation SET status = 'expired' WHERE id = $1", [reservation.id]);
  if (reservation.order_id !== null) {
    await transitionOrderInTx(tx, reservation.order_id, 'cancelled', now);
  }
}

export type PayOutcome =
  | { readonly kind: 'paid'; readonly orderId: string }
  | { readonly kind: 'notFound' }
  | { readonly kind: 'expired' };

/** Pays a reservation within its 15 minutes: its order is created if need be and moves to paid. */
export async function payReservation(
  tx: SqlRunner,
  sale: StoredFlashSale,
  reservationId: string,
  now: number,
): Promise<PayOutcome> {
  const { rows } = await tx.query<ReservationRow>(
    'SELECT * FROM flash_reservation WHERE id = $1 AND sale_id = $2 FOR UPDATE',
    [reservationId, sale.id],
  );
  const reservation = rows[0];
  if (reservation === undefined) return { kind: 'notFound' };
  if (reservation.status === 'paid')
    return { kind: 'paid', orderId: reservation.order_id ?? reservation.id };
  if (reservation.status === 'expired' || now >= reservation.expires_at) return { kind: 'expired' };
  const orderId = await createFlashOrder(tx, reservation, sale);
  await transitionOrderInTx(tx, orderId, 'paid', now);
  await tx.query("UPDATE flash_reservation SET status = 'paid', paid_at = $2 WHERE id = $1", [
    reservation.id,
    now,
  ]);
  return { kind: 'paid', orderId };
}
