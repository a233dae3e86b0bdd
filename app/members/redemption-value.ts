// What points are worth at the till: a chain setting such as 100 points = ¥1.00, converted both
// ways with the rounding always in the store's favour, so a redemption never gives away more
// value than the points paid for it.
import type { Money } from '../money';
import { money, roundRatio } from '../money';

export interface RedemptionRate {
  /** This many points… */
  readonly points: number;
  /** …are worth this much. */
  readonly value: Money;
}

/** 100 points = ¥1.00. */
export const DEFAULT_REDEMPTION_RATE: RedemptionRate = { points: 100, value: money(100, 'CNY') };

function checkRate(rate: RedemptionRate): void {
  if (!Number.isSafeInteger(rate.points) || rate.points <= 0) {
    throw new RangeError(
      `A redemption rate needs a positive whole number of points, got ${rate.points}`,
    );
  }
  if (!Number.isSafeInteger(rate.value.amount) || rate.value.amount <= 0) {
    throw new RangeError('A redemption rate needs a positive value');
  }
}

/** Points needed to pay `amount`, rounded up (¥0.015 at 100 pts = ¥1 needs 2 points, not 1). */
export function pointsNeededFor(
  amount: Money,
  rate: RedemptionRate = DEFAULT_REDEMPTION_RATE,
): number {
  checkRate(rate);
  if (amount.currency !== rate.value.currency) {
    throw new RangeError(
      `Cannot pay ${amount.currency} with points valued in ${rate.value.currency}`,
    );
  }
  if (amount.amount <= 0) return 0;
  return roundRatio(BigInt(amount.amount) * BigInt(rate.points), rate.value.amount, 'up');
}

/** What `points` are worth, rounded down to the minor unit (150 points at 100 = ¥1 → ¥1.50; 1 point at 1000 = ¥1 → ¥0.00). */
export function valueOfPoints(
  points: number,
  rate: RedemptionRate = DEFAULT_REDEMPTION_RATE,
): Money {
  checkRate(rate);
  if (!Number.isSafeInteger(points))
    throw new RangeError(`points must be a whole number, got ${points}`);
  if (points <= 0) return money(0, rate.value.currency);
  return money(
    roundRatio(BigInt(points) * BigInt(rate.value.amount), rate.points, 'down'),
    rate.value.currency,
  );
}
