// The outbox: every change the central server must learn of, appended in the same transaction as
// the rows it describes, in a contiguous sequence the sync client pushes in order.
import { newId } from '../core/ids';
import { takeNext } from '../store/register-counter';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';

/** Version of the payload shapes below; travels with every row so the server can upgrade old ones. */
export const OUTBOX_SCHEMA_VERSION = 1;

export type OutboxType =
  | 'sale.completed'
  | 'cart.cancelled'
  | 'refund.completed'
  | 'stock.reconcile'
  | 'stocktake.posted'
  | 'shift.closed'
  | 'flashSale.leaseSale'
  | 'points.offlineRedeemed'
  | 'environment.readings';

export interface OutboxEntry {
  readonly seq: number;
  readonly mutationId: string;
}

export function appendOutbox(
  db: RegisterDb,
  entry: Readonly<{
    registerId: string;
    type: OutboxType;
    payload: unknown;
    at: number;
    /** A completed sale's total, kept beside the payload for the pending figures. */
    saleTotal?: number;
  }>,
): OutboxEntry {
  const seq = takeNext(db, 'outbox_seq');
  const mutationId = newId();
  statement(
    db,
    `INSERT INTO outbox (seq, register_id, mutation_id, type, payload, schema_version, created_at,
       sale_total)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    seq,
    entry.registerId,
    mutationId,
    entry.type,
    JSON.stringify(entry.payload),
    OUTBOX_SCHEMA_VERSION,
    entry.at,
    entry.saleTotal ?? null,
  );
  return { seq, mutationId };
}

export interface OutboxStatus {
  readonly lastSeq: number;
  readonly unacked: number;
  readonly unackedSales: number;
  readonly unackedSalesValue: number;
}

export function outboxStatus(db: RegisterDb): OutboxStatus {
  // Counters the outbox's own triggers keep (migration 20): the same cost however many rows wait.
  const figures = new Map(
    statement<[], [string, number]>(
      db,
      `SELECT name, value FROM register_counter
       WHERE name IN ('outbox_seq', 'outbox_unacked', 'outbox_unacked_sales', 'outbox_unacked_value')`,
    )
      .raw()
      .all(),
  );
  return {
    lastSeq: figures.get('outbox_seq') ?? 0,
    unacked: figures.get('outbox_unacked') ?? 0,
    unackedSales: figures.get('outbox_unacked_sales') ?? 0,
    unackedSalesValue: figures.get('outbox_unacked_value') ?? 0,
  };
}
