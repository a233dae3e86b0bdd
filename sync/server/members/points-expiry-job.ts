// The daily points-expiry job: members with lots past their expiry are claimed a batch at a time
// (FOR UPDATE SKIP LOCKED, so several server instances share the work without doubling it), their
// lots written off and their level recomputed, each member in its own transaction.
import { expireMemberPoints } from '../../../app/members';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/db';
import { inVersionedTransaction } from '../db/version-retry';
import { loadMember, saveMemberChange } from './member-books';

export interface PointsExpiryJob {
  /** Expires everything due at the clock's now; returns the members changed. */
  readonly runOnce: () => Promise<number>;
}

export function createPointsExpiryJob(
  options: Readonly<{ db: Db; clock: () => number; log: FastifyBaseLogger; batchSize?: number }>,
): PointsExpiryJob {
  const batchSize = options.batchSize ?? 100;
  const expireOneBatch = (now: number): Promise<number> =>
    inVersionedTransaction(options.db, async (tx) => {
      const due = await tx.query<{ member_id: string }>(
        `SELECT id, member_id FROM points_lot WHERE remaining > 0 AND expires_at <= $1
         ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now, batchSize],
      );
      const members = [...new Set(due.rows.map((r) => r.member_id))];
      for (const memberId of members) {
        const loaded = await loadMember(tx, memberId);
        if (loaded === undefined) continue;
        await saveMemberChange(tx, loaded, expireMemberPoints(loaded.member, loaded.ledger, now));
      }
      return members.length;
    });
  return {
    async runOnce() {
      const now = options.clock();
      let changed = 0;
      for (;;) {
        const batch = await expireOneBatch(now);
        changed += batch;
        if (batch === 0) break;
      }
      if (changed > 0) options.log.info({ members: changed }, 'expired points');
      return changed;
    },
  };
}
