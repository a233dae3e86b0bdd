// A paid sale's effect on the attached member, written in the sale's own transaction: points
// redeemed (counted against the offline allowance until the server accepts them), points earned
// as a new lot, and the member's totals.
import { earnPoints, recordOfflineRedemption } from '../../app/members';
import { newId } from '../core/ids';
import { appendOutbox } from '../outbox/outbox';
import type { RegisterDb } from '../store/register-db';
import type { MemberRecord } from './member-store';
import { loadLedger, saveLedgerChange } from './member-store';
import { statement } from '../store/statement-cache';

export function updateMemberPoints(
  db: RegisterDb,
  member: MemberRecord,
  sale: Readonly<{
    saleId: string;
    pointsUsed: number;
    pointsEarned: number;
    total: number;
    at: number;
  }>,
): void {
  let ledger = loadLedger(db, member);
  if (sale.pointsUsed > 0) {
    // The limit was checked when the points were tendered; a paid sale is never refused here.
    const spent = recordOfflineRedemption(ledger, {
      points: sale.pointsUsed,
      at: sale.at,
      referenceId: sale.saleId,
      reason: 'redeemed at the till',
    });
    if (!spent.ok) throw new Error(spent.error.message);
    saveLedgerChange(db, spent.value, sale.at);
    ledger = spent.value.ledger;
    statement(db, 'UPDATE member SET pending_redeemed = pending_redeemed + ? WHERE id = ?').run(
      sale.pointsUsed,
      member.id,
    );
    // The server debits this from the allowance it holds for this register (the sale's own).
    const registerId = statement<[string], string>(db, 'SELECT register_id FROM sale WHERE id = ?')
      .pluck()
      .get(sale.saleId);
    appendOutbox(db, {
      registerId: registerId ?? '',
      type: 'points.offlineRedeemed',
      at: sale.at,
      payload: {
        memberId: member.id,
        saleId: sale.saleId,
        points: sale.pointsUsed,
        redeemedAt: sale.at,
      },
    });
  }
  if (sale.pointsEarned > 0) {
    const earned = earnPoints(ledger, {
      points: sale.pointsEarned,
      at: sale.at,
      referenceId: sale.saleId,
      lotId: newId(),
    });
    if (!earned.ok) throw new Error(earned.error.message);
    saveLedgerChange(db, earned.value, sale.at);
  }
  statement(
    db,
    'UPDATE member SET total_spent = total_spent + ?, order_count = order_count + 1, updated_at = ? WHERE id = ?',
  ).run(sale.total, sale.at, member.id);
}
