// What redeemed points are worth at the till: a rate the chain sets (e.g. 100 points = ¥1.00).
import type { Result } from '../result';
import { err, ok } from '../result';

export interface PointsRate {
  /** This many points ... */
  readonly points: number;
  /** ... are worth this many minor units (100 points = 100 fen is { points: 100, value: 100 }). */
  readonly value: number;
}

function assertRate(rate: PointsRate): void {
  if (!Number.isSafeInteger(rate.points) || rate.points < 1) {
    throw new RangeError(`Points rate needs a positive whole number of points, got ${rate.points}`);
  }
  if (!Number.isSafeInteger(rate.value) || rate.value < 1) {
    throw new RangeError(`Points rate needs a positive value, got ${rate.value}`);
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Smallest number of points that is worth a whole minor unit (200 points = 1 fen → 200). */
export function pointsStep(rate: PointsRate): number {
  assertRate(rate);
  return rate.points / gcd(rate.points, rate.value);
}

/**
 * The value of `points` in minor units. Refused unless it is a whole number of minor units:
 * rounding would either give the customer a part-fen or take points for nothing.
 */
export function pointsValue(points: number, rate: PointsRate): Result<number> {
  assertRate(rate);
  if (!Number.isSafeInteger(points) || points < 1) {
    return err('tender.invalidAmount', 'Enter a whole number of points above zero.');
  }
  const product = BigInt(points) * BigInt(rate.value);
  const per = BigInt(rate.points);
  if (product % per !== 0n) {
    const step = pointsStep(rate);
    return err('tender.pointsStep', `Points are redeemed in steps of ${step}.`, { step });
  }
  return ok(Number(product / per));
}

/** The points needed to cover `amount` minor units exactly, rounded down to a usable step. */
export function pointsToCover(amount: number, rate: PointsRate): number {
  assertRate(rate);
  if (!Number.isSafeInteger(amount) || amount <= 0) return 0;
  const step = pointsStep(rate);
  const raw = (BigInt(amount) * BigInt(rate.points)) / BigInt(rate.value);
  return Number(raw - (raw % BigInt(step)));
}
