// A lot of points: what one earn granted, how much of it is left, and when it expires.

export interface PointsLot {
  readonly id: string;
  /** Points granted by the earn (or positive adjust) that created the lot. */
  readonly points: number;
  /** Points still spendable; 0 once spent, clawed back or expired. */
  readonly remaining: number;
  readonly earnedAt: number;
  /** The first instant the lot is expired: spendable at expiresAt − 1 ms, not at expiresAt. */
  readonly expiresAt: number;
  /** What earned it: the order id for an earn, the adjust's reference otherwise. */
  readonly reference: string;
}

/** China Standard Time (UTC+8, no daylight saving): the calendar the first stores keep. */
export const CHINA_UTC_OFFSET_MINUTES = 480;

const MINUTE_MS = 60_000;

/**
 * One year after `earnedAt`: the same wall-clock time on the same calendar date next year, in the
 * store's time zone (a fixed UTC offset). Points earned on 29 February expire on 28 February of
 * the next year (the last day of that month), so a lot never lives longer than a year.
 */
export function lotExpiresAt(
  earnedAt: number,
  utcOffsetMinutes: number = CHINA_UTC_OFFSET_MINUTES,
): number {
  const offsetMs = utcOffsetMinutes * MINUTE_MS;
  const local = new Date(earnedAt + offsetMs);
  const year = local.getUTCFullYear() + 1;
  const month = local.getUTCMonth();
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(local.getUTCDate(), lastDay);
  const sameTimeNextYear = Date.UTC(
    year,
    month,
    day,
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  );
  return sameTimeNextYear - offsetMs;
}

/** Lots in the order they are spent: soonest expiry first, then oldest earn, then id. */
export function bySpendOrder(a: PointsLot, b: PointsLot): number {
  return (
    a.expiresAt - b.expiresAt || a.earnedAt - b.earnedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
