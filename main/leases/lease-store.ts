// The leases this register holds, on its SQLite file: saved from the server's answers, read as
// units left, and taken from inside a sale's transaction — with the lease sale written to the
// outbox in the same transaction, so the server books exactly what was sold here.
import type { EscrowLease } from '../../app/flash-sale';
import {
  DEFAULT_LEASE_SAFETY_MARGIN_MS,
  isLeaseUsable,
  sellFromLease,
  unitsLeft,
} from '../../app/flash-sale';
import type { DomainError, Result } from '../../app/result';
import { err, ok } from '../../app/result';
import type { WireLease } from '../../sync/protocol';
import { appendOutbox } from '../outbox/outbox';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';
import type { ServerContact } from './server-contact';
import { writeTransaction } from '../store/write-transaction';

export interface HeldLease extends EscrowLease {
  readonly leaseId: string;
  readonly productId: string;
  readonly status: WireLease['status'];
}

interface LeaseRow {
  id: string;
  flash_sale_id: string;
  product_id: string;
  granted: number;
  sold: number;
  returned: number;
  expires_at: number;
  status: WireLease['status'];
}

function toHeld(row: LeaseRow, registerId: string): HeldLease {
  return {
    leaseId: row.id,
    activityId: row.flash_sale_id,
    registerId,
    productId: row.product_id,
    granted: row.granted,
    sold: row.sold,
    returned: row.returned,
    expiresAt: row.expires_at,
    status: row.status,
  };
}

/**
 * Keeps the server's figures for a lease: what it granted, returned and when it expires. The units
 * sold are the register's own count (the server's trails it by the outbox), so they stay.
 */
export function saveLease(db: RegisterDb, lease: WireLease, at: number): void {
  statement(
    db,
    `INSERT INTO flash_lease (id, flash_sale_id, product_id, granted, sold, returned, expires_at, status, updated_at)
     VALUES (@id, @flashSaleId, @productId, @granted, 0, @returned, @expiresAt, @status, @at)
     ON CONFLICT (id) DO UPDATE SET granted = excluded.granted,
       returned = min(excluded.returned, excluded.granted - flash_lease.sold),
       expires_at = excluded.expires_at, status = excluded.status, updated_at = excluded.updated_at`,
  ).run({
    id: lease.lease_id,
    flashSaleId: lease.flash_sale_id,
    productId: lease.product_id,
    granted: lease.granted,
    returned: lease.returned,
    expiresAt: lease.expires_at,
    status: lease.status,
    at,
  });
}

/**
 * Ends a lease for selling here before it is handed back: once the return is sent the server may
 * take the units back even if its answer never arrives, so selling on would oversell. The lease
 * stays open here (so the return is retried) with its expiry at 0, which no clock reaches; the
 * server's answer then records it as returned.
 */
export function stopSellingFromLease(db: RegisterDb, leaseId: string, at: number): void {
  statement(db, 'UPDATE flash_lease SET expires_at = 0, updated_at = ? WHERE id = ?').run(
    at,
    leaseId,
  );
}

export function openLeases(db: RegisterDb, registerId: string): readonly HeldLease[] {
  return statement<[], LeaseRow>(
    db,
    "SELECT * FROM flash_lease WHERE status = 'open' ORDER BY updated_at, id",
  )
    .all()
    .map((row) => toHeld(row, registerId));
}

function openLeaseFor(
  db: RegisterDb,
  productId: string,
  registerId: string,
): HeldLease | undefined {
  const row = statement<[string], LeaseRow>(
    db,
    "SELECT * FROM flash_lease WHERE product_id = ? AND status = 'open' ORDER BY expires_at DESC LIMIT 1",
  ).get(productId);
  return row === undefined ? undefined : toHeld(row, registerId);
}

/** Units this register may still sell of a product's flash sale now: 0 without a usable lease. */
export function leaseAvailable(
  db: RegisterDb,
  contact: ServerContact,
  productId: string,
  safetyMarginMs: number = DEFAULT_LEASE_SAFETY_MARGIN_MS,
): number {
  const lease = openLeaseFor(db, productId, '');
  if (lease === undefined || !isLeaseUsable(lease, contact.leaseClock(), safetyMarginMs)) return 0;
  return unitsLeft(lease);
}

/** Whether the product's open lease is still in time here (monotonic estimate); undefined: none. */
export function leaseInTime(
  db: RegisterDb,
  contact: ServerContact,
  productId: string,
  safetyMarginMs: number = DEFAULT_LEASE_SAFETY_MARGIN_MS,
): boolean | undefined {
  const lease = openLeaseFor(db, productId, '');
  return lease === undefined
    ? undefined
    : isLeaseUsable(lease, contact.leaseClock(), safetyMarginMs);
}

export type TakeFromLeaseError = DomainError<
  | 'flashSale.noLease'
  | 'flashSale.leaseExhausted'
  | 'flashSale.leaseExpired'
  | 'flashSale.quantityInvalid'
>;

export interface LeaseTake {
  readonly leaseId: string;
  readonly flashSaleId: string;
  /** Units of the lease still unsold after this sale. */
  readonly left: number;
}

/**
 * Takes `quantity` units of a product's flash sale from this register's lease, for the sale
 * `saleId`; call it inside the sale's transaction so a refused take rolls the sale back with it.
 * Refused without a lease, past its expiry (monotonic estimate less the margin) or beyond it.
 */
export function takeFromLease(
  db: RegisterDb,
  contact: ServerContact,
  input: Readonly<{
    registerId: string;
    saleId: string;
    productId: string;
    quantity: number;
    at: number;
    safetyMarginMs?: number;
  }>,
): Result<LeaseTake, TakeFromLeaseError> {
  const lease = openLeaseFor(db, input.productId, input.registerId);
  if (lease === undefined) {
    return err(
      'flashSale.noLease',
      'This register holds no flash-sale units for this product: connect to get a share.',
      { productId: input.productId },
    );
  }
  const clock = contact.leaseClock();
  const sold = sellFromLease(
    lease,
    input.quantity,
    clock,
    input.safetyMarginMs ?? DEFAULT_LEASE_SAFETY_MARGIN_MS,
  );
  if (!sold.ok) {
    const { code, message, details } = sold.error;
    const mapped =
      code === 'lease.expired'
        ? 'flashSale.leaseExpired'
        : code === 'lease.exhausted'
          ? 'flashSale.leaseExhausted'
          : 'flashSale.quantityInvalid';
    return err(mapped, message, details);
  }
  const estimated = clock.serverTimeAtContact + clock.elapsedSinceContactMs;
  writeTransaction(db, () => {
    statement(db, 'UPDATE flash_lease SET sold = sold + ?, updated_at = ? WHERE id = ?').run(
      input.quantity,
      input.at,
      lease.leaseId,
    );
    statement(
      db,
      'INSERT INTO flash_lease_sale (sale_id, lease_id, quantity, at) VALUES (?, ?, ?, ?)',
    ).run(input.saleId, lease.leaseId, input.quantity, input.at);
    appendOutbox(db, {
      registerId: input.registerId,
      type: 'flashSale.leaseSale',
      at: input.at,
      payload: {
        leaseId: lease.leaseId,
        flashSaleId: lease.activityId,
        saleId: input.saleId,
        productId: input.productId,
        quantity: input.quantity,
        soldAt: input.at,
        estimatedServerTime: estimated,
      },
    });
  })();
  return ok({
    leaseId: lease.leaseId,
    flashSaleId: lease.activityId,
    left: unitsLeft(sold.value),
  });
}
