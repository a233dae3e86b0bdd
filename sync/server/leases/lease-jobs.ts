// The lease jobs, on the injected clock: expiry takes the unsold units of leases past their time
// back to the sale's counter, and settlement takes the units of late lease sales (posted after
// their lease closed) off the counter again — covered, or recorded as oversold for a person.
// Rows are claimed with FOR UPDATE SKIP LOCKED, so server instances share the work.
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/db';
import type { FlashStock } from '../flash-sale/flash-stock';
import type { ReservationDesk } from '../flash-sale/reservation-desk';
import type { LeaseRow } from './lease-books';
import type { LeasePolicy } from './lease-desk';
import { DEFAULT_LEASE_POLICY } from './lease-desk';
import {
  claimExpiredLeases,
  claimWaitingLeaseSales,
  leaseHolder,
  leaseUnitsLeft,
  saveLease,
  settleLeaseSale,
} from './lease-books';

export interface LeaseJobs {
  /** Expires leases past their time and grace at the clock's now; returns how many. */
  readonly expireLeases: () => Promise<number>;
  /** Settles late lease sales; returns how many were settled (covered or oversold). */
  readonly settleLateSales: () => Promise<number>;
}

export function createLeaseJobs(
  options: Readonly<{
    db: Db;
    desk: ReservationDesk;
    stock: FlashStock;
    clock: () => number;
    log: FastifyBaseLogger;
    policy?: LeasePolicy;
    batchSize?: number;
  }>,
): LeaseJobs {
  const batchSize = options.batchSize ?? 200;
  const graceMs = (options.policy ?? DEFAULT_LEASE_POLICY).reclaimGraceMs;
  const { stock } = options;
  return {
    async expireLeases() {
      const now = options.clock();
      let expired = 0;
      for (;;) {
        const given = await options.db.transaction(async (tx) => {
          const rows = await claimExpiredLeases(tx, now - graceMs, batchSize);
          const back: { row: LeaseRow; unsold: number }[] = [];
          for (const row of rows) {
            const unsold = leaseUnitsLeft(row);
            const saved = await saveLease(tx, {
              ...row,
              returned: row.returned + unsold,
              status: 'expired',
              updated_at: now,
              closed_at: now,
            });
            back.push({ row: saved, unsold });
          }
          return back;
        });
        // After the commit, never before: a crash in between leaves units unsold.
        for (const { row, unsold } of given) {
          if (unsold === 0) continue;
          await stock.giveBack(row.sale_id, leaseHolder(row.register_id), unsold);
          options.desk.clearSoldOut(row.sale_id);
        }
        expired += given.length;
        if (given.length < batchSize) break;
      }
      if (expired > 0) options.log.info({ leases: expired }, 'expired flash-sale leases');
      return expired;
    },

    async settleLateSales() {
      const now = options.clock();
      let settled = 0;
      for (;;) {
        let claimed = 0;
        let waitForWarmUp = false;
        const taken: { saleId: string; registerId: string; units: number }[] = [];
        try {
          await options.db.transaction(async (tx) => {
            const rows = await claimWaitingLeaseSales(tx, batchSize);
            claimed = rows.length;
            for (const row of rows) {
              const sale = await options.desk.sale(row.flash_sale_id);
              if (sale === undefined) {
                await settleLeaseSale(tx, row, 'oversold', now);
                settled += 1;
                continue;
              }
              const outcome = await stock.reserve(
                row.flash_sale_id,
                leaseHolder(row.register_id),
                row.late_units,
                Number.MAX_SAFE_INTEGER,
              );
              // A counter that lost the sale (Redis restart) is warmed by the next desk call;
              // the row waits for the next run.
              if (outcome.kind === 'notWarmed') {
                waitForWarmUp = true;
                continue;
              }
              if (outcome.kind === 'reserved') {
                taken.push({
                  saleId: row.flash_sale_id,
                  registerId: row.register_id,
                  units: row.late_units,
                });
              } else {
                options.log.warn(
                  { leaseId: row.lease_id, sale: row.register_sale_id, units: row.late_units },
                  'late lease sale oversold the flash sale',
                );
              }
              await settleLeaseSale(
                tx,
                row,
                outcome.kind === 'reserved' ? 'covered' : 'oversold',
                now,
              );
              settled += 1;
            }
          });
        } catch (error) {
          for (const t of taken) await stock.giveBack(t.saleId, leaseHolder(t.registerId), t.units);
          throw error;
        }
        if (claimed < batchSize || waitForWarmUp) break;
      }
      return settled;
    },
  };
}
