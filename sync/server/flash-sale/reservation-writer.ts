// Writes accepted reservations to the database behind the hot path, many per statement: the
// decrement answered the customer; this makes the reservation durable, and its row is the outbox
// entry the order dispatcher turns into an order. A batch that cannot be written gives its units
// back, so a failure after the decrement never loses stock.
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/db';
import type { AcceptedReservation } from './flash-sale-books';
import { insertReservations } from './flash-sale-books';
import type { FlashStock } from './flash-stock';

export interface ReservationWriter {
  accept(reservation: AcceptedReservation): void;
  /** Resolves once everything accepted so far is written (or given back). */
  readonly flush: () => Promise<void>;
  /** Whether the reservation was lost to a failed write (its units were given back). */
  failed(reservationId: string): boolean;
  close(): Promise<void>;
}

export function createReservationWriter(
  options: Readonly<{
    db: Db;
    stock: FlashStock;
    log: FastifyBaseLogger;
    /** A batch is written when it reaches this size, or after `delayMs`. */
    maxBatch?: number;
    delayMs?: number;
  }>,
): ReservationWriter {
  const maxBatch = options.maxBatch ?? 1000;
  const delayMs = options.delayMs ?? 5;
  let pending: AcceptedReservation[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const lost = new Set<string>();

  const writeBatch = async (batch: readonly AcceptedReservation[]): Promise<void> => {
    try {
      await options.db.transaction((tx) => insertReservations(tx, batch));
    } catch (error) {
      options.log.error(
        { err: error, reservations: batch.length },
        'reservation batch not written; units given back',
      );
      for (const r of batch) {
        lost.add(r.id);
        await options.stock
          .giveBack(r.saleId, r.memberId, r.quantity)
          .catch((giveBackError: unknown) => {
            options.log.error(
              { err: giveBackError, reservationId: r.id },
              'could not give units back',
            );
          });
      }
    }
  };

  const startWrite = (): Promise<void> => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (pending.length === 0) return writing;
    const batch = pending;
    pending = [];
    // One batch at a time, in order: the next waits for the previous to commit.
    writing = writing.then(() => writeBatch(batch));
    return writing;
  };

  return {
    accept(reservation) {
      pending.push(reservation);
      if (pending.length >= maxBatch) void startWrite();
      else timer ??= setTimeout(() => void startWrite(), delayMs);
    },
    flush: startWrite,
    failed: (id) => lost.has(id),
    close: startWrite,
  };
}
