// A pushed `flashSale.leaseSale`: units a register sold from its lease. Booked against the lease
// when it still holds them; otherwise (the lease expired or was returned before the sale arrived,
// or the register sold past it) the sale is still booked — it was paid — flagged, and left
// waiting for the lease job to take its units from the sale's counter again.
import type { LeaseSale } from '../../protocol';
import type { SqlRunner } from '../db/db';
import type { LeaseRow } from './lease-books';
import { leaseUnitsLeft, lockLease, saveLease } from './lease-books';

export interface LeaseSaleOutcome {
  readonly duplicate: boolean;
  readonly flags: readonly string[];
}

interface Split {
  readonly lease: LeaseRow | undefined;
  /** Units the lease (or its held-back in-transit units) covered. */
  readonly covered: number;
  readonly flags: string[];
}

function splitAgainst(
  row: LeaseRow | undefined,
  registerId: string,
  sale: LeaseSale,
  now: number,
): Split {
  if (row === undefined || row.register_id !== registerId || row.sale_id !== sale.flashSaleId) {
    return {
      lease: undefined,
      covered: 0,
      flags: [`flashSale.leaseUnknown: ${sale.leaseId} is not a lease of this register`],
    };
  }
  const flags: string[] = [];
  // The register stops selling a margin before expiry by its monotonic clock; a sale it dates
  // at or after the expiry means its clock lied (or a bug): booked, but a person looks.
  if (sale.estimatedServerTime >= Number(row.expires_at)) {
    flags.push(`flashSale.soldAfterExpiry: sale ${sale.saleId} on lease ${row.id}`);
  }
  if (row.status === 'open') {
    const covered = Math.min(sale.quantity, leaseUnitsLeft(row));
    if (covered < sale.quantity) {
      flags.push(
        `flashSale.leaseExceeded: ${sale.quantity - covered} units past lease ${row.id} at ${now}`,
      );
    }
    return {
      lease: { ...row, sold: row.sold + covered, updated_at: now },
      covered,
      flags,
    };
  }
  const covered = Math.min(sale.quantity, row.in_transit);
  if (covered < sale.quantity) {
    flags.push(
      `flashSale.leaseExpired: lease ${row.id} was ${row.status} before ${sale.quantity - covered} units of sale ${sale.saleId} arrived`,
    );
  }
  return {
    lease: {
      ...row,
      sold: row.sold + covered,
      in_transit: row.in_transit - covered,
      updated_at: now,
    },
    covered,
    flags,
  };
}

export async function bookLeaseSale(
  tx: SqlRunner,
  context: Readonly<{ registerId: string; mutationId: string; now: number }>,
  sale: LeaseSale,
): Promise<LeaseSaleOutcome> {
  // The row first: a second mutation for the same sale on the same lease books nothing twice.
  const inserted = await tx.query(
    `INSERT INTO flash_lease_sale (lease_id, register_sale_id, flash_sale_id, register_id, quantity, settlement, mutation_id, sold_at, received_at)
     VALUES ($1, $2, $3, $4, $5, 'leased', $6, $7, $8) ON CONFLICT DO NOTHING`,
    [
      sale.leaseId,
      sale.saleId,
      sale.flashSaleId,
      context.registerId,
      sale.quantity,
      context.mutationId,
      sale.soldAt,
      context.now,
    ],
  );
  if (inserted.rowCount === 0) return { duplicate: true, flags: [] };
  const row = await lockLease(tx, sale.leaseId);
  const split = splitAgainst(row, context.registerId, sale, context.now);
  if (split.lease !== undefined && split.covered > 0) await saveLease(tx, split.lease);
  const late = sale.quantity - split.covered;
  if (late > 0 || split.flags.length > 0) {
    await tx.query(
      `UPDATE flash_lease_sale SET late_units = $3, settlement = $4, flag = $5
       WHERE lease_id = $1 AND register_sale_id = $2`,
      [
        sale.leaseId,
        sale.saleId,
        late,
        late > 0 ? 'waiting' : 'leased',
        split.flags.join('; ') || null,
      ],
    );
  }
  return { duplicate: false, flags: split.flags };
}
