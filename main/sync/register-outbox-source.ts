// The push client's view of this register's outbox table: rows in seq order, acknowledgement
// written as acked_at (with what it settles: an offline redemption no longer pending). Rows stay
// after acknowledgement, so a server restored from a backup can be sent them again.
import type { OutboxRow, OutboxSource } from '../../sync/client';
import { settleOfflineRedemption } from '../members/member-store';
import { outboxStatus } from '../outbox/outbox';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';
import { writeTransaction } from '../store/write-transaction';

interface Row {
  seq: number;
  mutation_id: string;
  type: string;
  payload: string;
  schema_version: number;
  created_at: number;
}

export function registerOutboxSource(db: RegisterDb): OutboxSource {
  function settleRedemption(payload: string, at: number): void {
    const redeemed = JSON.parse(payload) as { memberId?: unknown; points?: unknown };
    if (typeof redeemed.memberId === 'string' && typeof redeemed.points === 'number') {
      settleOfflineRedemption(db, redeemed.memberId, redeemed.points, at);
    }
  }
  return {
    readAfter(afterSeq, limit) {
      return statement<[number, number], Row>(
        db,
        `SELECT seq, mutation_id, type, payload, schema_version, created_at
         FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?`,
      )
        .all(afterSeq, limit)
        .map((r): OutboxRow => ({
          seq: r.seq,
          mutationId: r.mutation_id,
          type: r.type,
          payload: r.payload,
          schemaVersion: r.schema_version,
          createdAt: r.created_at,
        }));
    },
    ackedThrough() {
      const row = statement<[], { first: number | null }>(
        db,
        'SELECT min(seq) AS first FROM outbox WHERE acked_at IS NULL',
      ).get();
      const first = row?.first ?? null;
      return first === null ? outboxStatus(db).lastSeq : first - 1;
    },
    acknowledge(seqs, at) {
      if (seqs.length === 0) return;
      const ack = statement<[number, number], { type: string; payload: string }>(
        db,
        'UPDATE outbox SET acked_at = ? WHERE seq = ? AND acked_at IS NULL RETURNING type, payload',
      );
      // One transaction: a batch's acknowledgements land together or not at all, and what an
      // acknowledgement settles on the register (points no longer pending) lands with it, once:
      // a row acknowledged again (after a server restore) returns nothing.
      writeTransaction(db, () => {
        for (const seq of seqs) {
          const acked = ack.get(at, seq);
          if (acked?.type === 'points.offlineRedeemed') settleRedemption(acked.payload, at);
        }
      })();
    },
    pendingCount: () => outboxStatus(db).unacked,
    lastSeq: () => outboxStatus(db).lastSeq,
  };
}
