// Flash-sale leases in the database: the rows, the units they hold off a sale's counter (what the
// counter is pre-warmed without), and the claims the lease jobs make with FOR UPDATE SKIP LOCKED.
import type { EscrowLease } from '../../../app/flash-sale';
import { unitsLeft } from '../../../app/flash-sale';
import type { LeaseStatus, WireLease } from '../../protocol';
import type { SqlRunner } from '../db/db';

export interface LeaseRow {
  id: string;
  sale_id: string;
  register_id: string;
  store_id: string;
  product_id: string;
  granted: number;
  sold: number;
  returned: number;
  in_transit: number;
  status: LeaseStatus;
  expires_at: number;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
}

/** The counter's key for a register's lease: leases take units like a member, without a limit. */
export function leaseHolder(registerId: string): string {
  return `lease:${registerId}`;
}

/** The pure rules' view of a row (app/flash-sale). */
export function toEscrowLease(row: LeaseRow): EscrowLease {
  return {
    activityId: row.sale_id,
    registerId: row.register_id,
    granted: row.granted,
    sold: row.sold,
    // Units held back for sales in transit are not free, so they count as still leased.
    returned: row.returned,
    expiresAt: Number(row.expires_at),
  };
}

/** Units the register may still sell from an open lease. */
export function leaseUnitsLeft(row: LeaseRow): number {
  return row.status === 'open' ? unitsLeft(toEscrowLease(row)) : 0;
}

export function toWireLease(row: LeaseRow): WireLease {
  return {
    lease_id: row.id,
    flash_sale_id: row.sale_id,
    product_id: row.product_id,
    granted: row.granted,
    sold: row.sold,
    returned: row.returned,
    expires_at: Number(row.expires_at),
    status: row.status,
  };
}

export async function openLeaseFor(
  tx: SqlRunner,
  saleId: string,
  registerId: string,
): Promise<LeaseRow | undefined> {
  const { rows } = await tx.query<LeaseRow>(
    `SELECT * FROM flash_lease WHERE sale_id = $1 AND register_id = $2 AND status = 'open'
     FOR UPDATE`,
    [saleId, registerId],
  );
  return rows[0];
}

export async function lockLease(tx: SqlRunner, leaseId: string): Promise<LeaseRow | undefined> {
  const { rows } = await tx.query<LeaseRow>('SELECT * FROM flash_lease WHERE id = $1 FOR UPDATE', [
    leaseId,
  ]);
  return rows[0];
}

export async function insertLease(
  tx: SqlRunner,
  lease: Readonly<{
    id: string;
    saleId: string;
    registerId: string;
    storeId: string;
    productId: string;
    granted: number;
    expiresAt: number;
    now: number;
  }>,
): Promise<LeaseRow> {
  const { rows } = await tx.query<LeaseRow>(
    `INSERT INTO flash_lease (id, sale_id, register_id, store_id, product_id, granted, status, expires_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $8) RETURNING *`,
    [
      lease.id,
      lease.saleId,
      lease.registerId,
      lease.storeId,
      lease.productId,
      lease.granted,
      lease.expiresAt,
      lease.now,
    ],
  );
  const row = rows[0];
  if (row === undefined) throw new Error('lease not inserted');
  return row;
}

/** Writes a lease's figures and status back; the caller holds its row lock. */
export async function saveLease(tx: SqlRunner, row: LeaseRow): Promise<LeaseRow> {
  const { rows } = await tx.query<LeaseRow>(
    `UPDATE flash_lease SET granted = $2, sold = $3, returned = $4, in_transit = $5, status = $6,
       expires_at = $7, updated_at = $8, closed_at = $9
     WHERE id = $1 RETURNING *`,
    [
      row.id,
      row.granted,
      row.sold,
      row.returned,
      row.in_transit,
      row.status,
      row.expires_at,
      row.updated_at,
      row.closed_at,
    ],
  );
  const saved = rows[0];
  if (saved === undefined) throw new Error(`lease ${row.id} vanished`);
  return saved;
}

/**
 * Units the leases of a sale keep off its counter: everything granted and not returned (sold,
 * unsold, or held for sales in transit), plus late sales whose units were taken again.
 */
export async function unitsHeldByLeases(tx: SqlRunner, saleId: string): Promise<number> {
  const { rows } = await tx.query<{ held: string | number | null }>(
    `SELECT (SELECT coalesce(sum(granted - returned), 0) FROM flash_lease WHERE sale_id = $1)
          + (SELECT coalesce(sum(late_units), 0) FROM flash_lease_sale
             WHERE flash_sale_id = $1 AND settlement = 'covered') AS held`,
    [saleId],
  );
  return Number(rows[0]?.held ?? 0);
}

export async function leasesOfRegister(
  tx: SqlRunner,
  registerId: string,
): Promise<readonly LeaseRow[]> {
  const { rows } = await tx.query<LeaseRow>(
    "SELECT * FROM flash_lease WHERE register_id = $1 AND status = 'open' ORDER BY created_at, id",
    [registerId],
  );
  return rows;
}

/** Open leases past expiry (plus a grace for sales on their way), oldest first. */
export async function claimExpiredLeases(
  tx: SqlRunner,
  before: number,
  limit: number,
): Promise<readonly LeaseRow[]> {
  const { rows } = await tx.query<LeaseRow>(
    `SELECT * FROM flash_lease WHERE status = 'open' AND expires_at <= $1
     ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [before, limit],
  );
  return rows;
}

export interface LeaseSaleRow {
  lease_id: string;
  register_sale_id: string;
  flash_sale_id: string;
  register_id: string;
  quantity: number;
  late_units: number;
  settlement: 'leased' | 'waiting' | 'covered' | 'oversold';
  flag: string | null;
}

export async function claimWaitingLeaseSales(
  tx: SqlRunner,
  limit: number,
): Promise<readonly LeaseSaleRow[]> {
  const { rows } = await tx.query<LeaseSaleRow>(
    `SELECT lease_id, register_sale_id, flash_sale_id, register_id, quantity, late_units, settlement, flag
     FROM flash_lease_sale WHERE settlement = 'waiting'
     ORDER BY received_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows;
}

export async function settleLeaseSale(
  tx: SqlRunner,
  row: LeaseSaleRow,
  settlement: 'covered' | 'oversold',
  now: number,
): Promise<void> {
  await tx.query(
    `UPDATE flash_lease_sale SET settlement = $3, settled_at = $4
     WHERE lease_id = $1 AND register_sale_id = $2`,
    [row.lease_id, row.register_sale_id, settlement, now],
  );
}
