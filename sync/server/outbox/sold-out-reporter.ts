// Writes the flashSaleSoldOut event when a sale's last unit goes: the desk's sold-out refusal is
// the cue, the shared counter (0 units left) the proof — a refusal of 2 units with 1 left is not
// a sell-out. Off the hot path (the answer does not wait), and once per sale across instances: an
// advisory lock on the sale serialises the check-then-insert of two instances noticing together.
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/db';
import type { FlashStock } from '../flash-sale/flash-stock';
import type { ReserveAnswer } from '../flash-sale/reservation-desk';
import { enqueueEvent } from './outbox';

export interface SoldOutReporter {
  /** Hears every reservation answer; acts only on the first sold-out refusal of a sale. */
  readonly notice: (saleId: string, answer: ReserveAnswer) => void;
}

export function createSoldOutReporter(
  options: Readonly<{
    db: Db;
    stock: FlashStock;
    clock: () => number;
    log: FastifyBaseLogger;
    /** Called when this instance wrote the event (for the sold-out counter). */
    onReported?: (saleId: string) => void;
  }>,
): SoldOutReporter {
  const noticed = new Set<string>();

  async function report(saleId: string): Promise<void> {
    if ((await options.stock.unitsLeft(saleId)) !== 0) {
      noticed.delete(saleId);
      return;
    }
    const written = await options.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`flashSaleSoldOut:${saleId}`]);
      const { rows } = await tx.query(
        "SELECT 1 FROM outbox_event WHERE type = 'flashSaleSoldOut' AND key = $1 LIMIT 1",
        [saleId],
      );
      if (rows.length > 0) return false;
      const at = options.clock();
      await enqueueEvent(tx, {
        type: 'flashSaleSoldOut',
        key: saleId,
        payload: { saleId, at },
        at,
      });
      return true;
    });
    if (written) options.onReported?.(saleId);
  }

  return {
    notice(saleId, answer) {
      if (answer.ok || answer.layer !== 'soldOut' || noticed.has(saleId)) return;
      noticed.add(saleId);
      report(saleId).catch((error: unknown) => {
        noticed.delete(saleId);
        options.log.error({ err: error, saleId }, 'could not record the sell-out');
      });
    },
  };
}
