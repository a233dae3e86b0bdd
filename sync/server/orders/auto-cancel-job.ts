// Cancels orders left unpaid past their 15-minute window: due-time rows are claimed oldest first
// with FOR UPDATE SKIP LOCKED (instances share the work, none cancels twice), and each cancel
// releases the order's locked stock through the state machine's effects.
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/db';
import { inVersionedTransaction } from '../db/version-retry';
import { transitionOrderInTx } from './order-books';

export interface AutoCancelJob {
  /** Cancels every order overdue at the clock's now; returns how many. */
  readonly runOnce: () => Promise<number>;
}

export function createAutoCancelJob(
  options: Readonly<{ db: Db; clock: () => number; log: FastifyBaseLogger; batchSize?: number }>,
): AutoCancelJob {
  const batchSize = options.batchSize ?? 100;
  return {
    async runOnce() {
      const now = options.clock();
      let cancelled = 0;
      for (;;) {
        const batch = await inVersionedTransaction(options.db, async (tx) => {
          const due = await tx.query<{ order_id: string }>(
            `SELECT order_id FROM order_payment_due WHERE due_at <= $1
             ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
            [now, batchSize],
          );
          for (const { order_id } of due.rows) {
            await transitionOrderInTx(tx, order_id, 'cancelled', now);
          }
          return due.rows.length;
        });
        cancelled += batch;
        if (batch < batchSize) break;
      }
      if (cancelled > 0) options.log.info({ orders: cancelled }, 'cancelled unpaid orders');
      return cancelled;
    },
  };
}
