// Points changes as the member desk and order completion make them: status rules first, then the
// ledger, then the member's balance, level and totals, with the level-change event if any.
import type { Money } from '../money';
import { add, subtract } from '../money';
import type { Result } from '../result';
import { ok } from '../result';
import type { EarnRule } from './earn';
import { DEFAULT_EARN_RULE, pointsForPayment } from './earn';
import type { MemberLevelChanged } from './levels';
import { detectLevelChange, levelForPoints } from './levels';
import type { Member, MemberStatusError } from './member';
import { checkMayUsePoints } from './member';
import type { PointsChange, PointsEntry, PointsError, PointsLedger } from './points-ledger';
import { clawBackPoints, earnPoints, expirePoints, spendPoints } from './points-ledger';

export interface MemberPointsChange {
  readonly member: Member;
  readonly ledger: PointsLedger;
  readonly entries: readonly PointsEntry[];
  readonly events: readonly MemberLevelChanged[];
}

function settle(
  member: Member,
  change: PointsChange,
  at: number,
  totals: Partial<Pick<Member, 'totalSpent' | 'orderCount'>> = {},
): MemberPointsChange {
  const points = change.ledger.balance;
  const event = detectLevelChange(member.id, member.points, points, at);
  return {
    member: { ...member, ...totals, points, level: levelForPoints(points) },
    ledger: change.ledger,
    entries: change.entries,
    events: event === undefined ? [] : [event],
  };
}

/**
 * A completed order: counts towards total spent and order count, and earns points by the rule
 * (10 per yuan by default). A suspended member earns nothing: the whole update is refused with
 * `member.suspended` so the desk sees why, and the caller completes the order without points
 * (nor totals) for that member.
 */
export function earnForOrder(
  member: Member,
  ledger: PointsLedger,
  input: {
    readonly orderId: string;
    readonly paid: Money;
    readonly at: number;
    readonly rule?: EarnRule;
    readonly utcOffsetMinutes?: number;
  },
): Result<MemberPointsChange, MemberStatusError | PointsError> {
  const allowed = checkMayUsePoints(member, 'earn');
  if (!allowed.ok) return allowed;
  const totals = {
    totalSpent: add(member.totalSpent, input.paid),
    orderCount: member.orderCount + 1,
  };
  const points = pointsForPayment(
    input.paid.amount,
    input.paid.currency,
    input.rule ?? DEFAULT_EARN_RULE,
  );
  if (points === 0) return ok(settle(member, expirePoints(ledger, input.at), input.at, totals));
  const earned = earnPoints(ledger, {
    points,
    at: input.at,
    referenceId: input.orderId,
    ...(input.utcOffsetMinutes === undefined ? {} : { utcOffsetMinutes: input.utcOffsetMinutes }),
  });
  if (!earned.ok) return earned;
  return ok(settle(member, earned.value, input.at, totals));
}

/** Points paid at the till: refused for a suspended member or a short balance. */
export function redeemPoints(
  member: Member,
  ledger: PointsLedger,
  input: { readonly points: number; readonly at: number; readonly referenceId: string },
): Result<MemberPointsChange, MemberStatusError | PointsError> {
  const allowed = checkMayUsePoints(member, 'redeem');
  if (!allowed.ok) return allowed;
  const spent = spendPoints(ledger, input);
  if (!spent.ok) return spent;
  return ok(settle(member, spent.value, input.at));
}

/**
 * A refunded order: its points are taken back (whatever the member's status) and, when the
 * refunded amount is given, it comes off total spent. The order count is kept: the visit happened.
 */
export function refundOrderPoints(
  member: Member,
  ledger: PointsLedger,
  input: { readonly orderId: string; readonly at: number; readonly refunded?: Money },
): MemberPointsChange {
  const taken = clawBackPoints(ledger, { referenceId: input.orderId, at: input.at });
  return settle(
    member,
    taken,
    input.at,
    input.refunded === undefined ? {} : { totalSpent: subtract(member.totalSpent, input.refunded) },
  );
}

/** The expiry job for one member: writes off expired lots and re-levels the member. */
export function expireMemberPoints(
  member: Member,
  ledger: PointsLedger,
  now: number,
): MemberPointsChange {
  return settle(member, expirePoints(ledger, now), now);
}
