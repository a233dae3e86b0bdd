// The two background jobs of flash sales: the dispatcher that turns written reservations (the
// outbox) into pending orders, and the expiry that ends reservations unpaid after 15 minutes and
// gives their units back. Both claim rows with FOR UPDATE SKIP LOCKED, so instances share them.
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/db';
import { inVersionedTransaction } from '../db/version-retry';
import {
  claimExpiredReservations,
  claimUnorderedReservations,
  createFlashOrder,
  expireReservation,
} from './flash-sale-books';
import type { ReservationDesk } from './reservation-desk';
import type { FlashStock } from './flash-stock';

export interface FlashSaleJobs {
  /** Creates the orders of written reservations; returns how many. */
  readonly dispatchOrders: () => Promise<number>;
  /** Expires reservations unpaid at the clock's now and gives their units back; returns how many. */
  readonly expireReservations: () => Promise<number>;
}

export function createFlashSaleJobs(
  options: Readonly<{
    db: Db;
    desk: ReservationDesk;
    stock: FlashStock;
    clock: () => number;
    log: FastifyBaseLogger;
    batchSize?: number;
  }>,
): FlashSaleJobs {
  const batchSize = options.batchSize ?? 500;
  return {
    async dispatchOrders() {
      let created = 0;
      for (;;) {
        const batch = await inVersionedTransaction(options.db, async (tx) => {
          const rows = await claimUnorderedReservations(tx, batchSize);
          for (const reservation of rows) {
            const sale = await options.desk.sale(reservation.sale_id);
            if (sale === undefined) continue;
            await createFlashOrder(tx, reservation, sale);
          }
          return rows.length;
        });
        created += batch;
        if (batch < batchSize) break;
      }
      return created;
    },
    async expireReservations() {
      const now = options.clock();
      let expired = 0;
      for (;;) {
        const given = await inVersionedTransaction(options.db, async (tx) => {
          const rows = await claimExpiredReservations(tx, now, batchSize);
          for (const reservation of rows) await expireReservation(tx, reservation, now);
          return rows;
        });
        // After the commit, never before: a crash in between leaves units unsold (found by a
        // recount), whereas giving back first and then failing to commit would sell them twice.
        for (const r of given) {
          await options.stock.giveBack(r.sale_id, r.member_id, r.quantity);
          options.desk.clearSoldOut(r.sale_id);
        }
        expired += given.length;
        if (given.length < batchSize) break;
      }
      if (expired > 0)
        options.log.info({ reservations: expired }, 'expired unpaid flash-sale reservations');
      return expired;
    },
  };
}
