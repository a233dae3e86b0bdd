// Member levels by points (SPEC §4) and the level-up / level-down event a change of points causes.
// The level names live with the catalog (products carry member-level prices); re-exported here so
// member code reads them from one place.
import { MEMBER_LEVELS } from '../catalog/member-level';
import type { MemberLevel } from '../catalog/member-level';

export { MEMBER_LEVELS };
export type { MemberLevel };

/** The lowest points of each level: bronze 0–999, silver 1,000–4,999, gold 5,000–19,999, platinum 20,000+. */
export const LEVEL_THRESHOLDS: Readonly<Record<MemberLevel, number>> = {
  bronze: 0,
  silver: 1_000,
  gold: 5_000,
  platinum: 20_000,
};

/**
 * The level for a points figure. The figure is the member's points balance (SPEC: "levels by
 * points"); a balance driven below zero by a refund claw-back is bronze.
 */
export function levelForPoints(points: number): MemberLevel {
  if (Number.isNaN(points)) throw new RangeError('points must be a number');
  if (points >= LEVEL_THRESHOLDS.platinum) return 'platinum';
  if (points >= LEVEL_THRESHOLDS.gold) return 'gold';
  if (points >= LEVEL_THRESHOLDS.silver) return 'silver';
  return 'bronze';
}

/** Rank of a level, bronze 0 to platinum 3, for comparing two levels. */
export function levelRank(level: MemberLevel): number {
  return MEMBER_LEVELS.indexOf(level);
}

export interface MemberLevelChanged {
  readonly type: 'memberLevelUp' | 'memberLevelDown';
  readonly memberId: string;
  readonly from: MemberLevel;
  readonly to: MemberLevel;
  readonly at: number;
}

/** The event for a move from `beforePoints` to `afterPoints`, or undefined if the level holds. */
export function detectLevelChange(
  memberId: string,
  beforePoints: number,
  afterPoints: number,
  at: number,
): MemberLevelChanged | undefined {
  const from = levelForPoints(beforePoints);
  const to = levelForPoints(afterPoints);
  if (from === to) return undefined;
  return {
    type: levelRank(to) > levelRank(from) ? 'memberLevelUp' : 'memberLevelDown',
    memberId,
    from,
    to,
    at,
  };
}
