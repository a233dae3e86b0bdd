// A pushed sale's points on the member's authoritative ledger: points the register let the
// member redeem are booked even if the balance is now short (flagged, never failing the sale), then
// the money part of the payment earns by the chain's rule.
import type { MemberPointsChange } from '../../../app/members';
import {
  adjustPoints,
  detectLevelChange,
  earnForOrder,
  levelForPoints,
  recordOfflineRedemption,
} from '../../../app/members';
import type { PointsChange } from '../../../app/members';
import { money } from '../../../app/money';
import type { SqlRunner } from '../db/db';
import type { SaleCompleted } from '../../protocol';
import type { LoadedMember } from '../members/member-books';
import { loadMember, saveMemberChange } from '../members/member-books';

export type PointsOutcome =
  | { readonly kind: 'booked'; readonly earned: number; readonly negativeBalance: boolean }
  | { readonly kind: 'unknownMember' };

export function settled(
  loaded: LoadedMember,
  change: PointsChange,
  at: number,
): MemberPointsChange {
  const points = change.ledger.balance;
  const event = detectLevelChange(loaded.member.id, loaded.member.points, points, at);
  return {
    member: { ...loaded.member, points, level: levelForPoints(points) },
    ledger: change.ledger,
    entries: change.entries,
    events: event === undefined ? [] : [event],
  };
}

function chained(first: MemberPointsChange, second: MemberPointsChange): MemberPointsChange {
  return {
    member: second.member,
    ledger: second.ledger,
    entries: [...first.entries, ...second.entries],
    events: [...first.events, ...second.events],
  };
}

const NOTHING = (loaded: LoadedMember): MemberPointsChange => ({
  member: loaded.member,
  ledger: loaded.ledger,
  entries: [],
  events: [],
});

export async function bookSalePoints(
  tx: SqlRunner,
  sale: Readonly<{
    memberId: string;
    saleId: string;
    pointsUsed: number;
    /** The part of the total paid with money: only that earns. */
    paid: number;
    currency: string;
    at: number;
  }>,
): Promise<PointsOutcome> {
  const loaded = await loadMember(tx, sale.memberId);
  if (loaded === undefined) return { kind: 'unknownMember' };
  let change = NOTHING(loaded);
  if (sale.pointsUsed > 0) {
    const spent = recordOfflineRedemption(loaded.ledger, {
      points: sale.pointsUsed,
      at: sale.at,
      referenceId: sale.saleId,
      reason: 'redeemed at the register',
    });
    if (!spent.ok) throw new Error(spent.error.message);
    change = settled(loaded, spent.value, sale.at);
  }
  const afterSpend: LoadedMember = {
    member: change.member,
    ledger: change.ledger,
    version: loaded.version,
  };
  const earned = earnForOrder(afterSpend.member, afterSpend.ledger, {
    orderId: sale.saleId,
    paid: money(Math.max(0, sale.paid), sale.currency),
    at: sale.at,
  });
  // A suspended member earns nothing; the sale stands (app/members' rule).
  if (earned.ok) change = chained(change, earned.value);
  if (change.entries.length > 0 || change.member !== loaded.member) {
    await saveMemberChange(tx, loaded, change);
  }
  const earnedPoints = change.entries
    .filter((e) => e.type === 'earn')
    .reduce((sum, e) => sum + e.points, 0);
  return {
    kind: 'booked',
    earned: earnedPoints,
    negativeBalance: change.entries.some((e) => e.flag === 'negativeBalance'),
  };
}

/** A refund takes back the points its register says it took back: an adjust entry, never refused. */
export async function bookRefundPoints(
  tx: SqlRunner,
  refund: Readonly<{ memberId: string; refundId: string; points: number; at: number }>,
): Promise<PointsOutcome> {
  const loaded = await loadMember(tx, refund.memberId);
  if (loaded === undefined) return { kind: 'unknownMember' };
  if (refund.points === 0) return { kind: 'booked', earned: 0, negativeBalance: false };
  const taken = adjustPoints(loaded.ledger, {
    points: -refund.points,
    at: refund.at,
    referenceId: refund.refundId,
    reason: 'points of a refunded sale',
  });
  if (!taken.ok) throw new Error(taken.error.message);
  const change = settled(loaded, taken.value, refund.at);
  await saveMemberChange(tx, loaded, change);
  return {
    kind: 'booked',
    earned: 0,
    negativeBalance: change.entries.some((e) => e.flag === 'negativeBalance'),
  };
}

/**
 * The points side of a pushed sale: earned on what the member paid other than in points, the
 * redemption booked, the order marked with what was earned. Answers the flags a person should
 * look at (an unknown member, a balance gone negative); never refuses a paid sale.
 */
export async function bookSaleMemberPoints(
  tx: SqlRunner,
  sale: Pick<
    SaleCompleted,
    'memberId' | 'saleId' | 'payments' | 'pointsUsed' | 'total' | 'currency' | 'completedAt'
  >,
): Promise<string[]> {
  if (sale.memberId === null) return [];
  const pointsPaid = sale.payments
    .filter((p) => p.kind === 'points')
    .reduce((sum, p) => sum + p.amount.amount, 0);
  const points = await bookSalePoints(tx, {
    memberId: sale.memberId,
    saleId: sale.saleId,
    pointsUsed: sale.pointsUsed,
    paid: sale.total - pointsPaid,
    currency: sale.currency,
    at: sale.completedAt,
  });
  if (points.kind === 'unknownMember') return [`member.unknown: ${sale.memberId}`];
  await tx.query('UPDATE customer_order SET points_earned = $2 WHERE id = $1', [
    sale.saleId,
    points.earned,
  ]);
  return points.negativeBalance ? [`points.negativeBalance: ${sale.memberId}`] : [];
}
