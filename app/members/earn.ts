// How many points a payment earns: SPEC says 10 points per 1 unit of currency paid, configurable
// per chain. Fractions of a currency unit earn nothing (points are whole numbers, rounded down).
import { minorPerMajor } from '../money';

export interface EarnRule {
  /** Points per one major unit of currency paid (10 per yuan by default). */
  readonly pointsPerMajorUnit: number;
}

export const DEFAULT_EARN_RULE: EarnRule = { pointsPerMajorUnit: 10 };

/** Points earned for `paidMinor` minor units of `currencyCode` paid; never negative. */
export function pointsForPayment(paidMinor: number, currencyCode: string, rule: EarnRule): number {
  if (!Number.isSafeInteger(paidMinor)) throw new RangeError('paid amount must be an integer');
  if (paidMinor <= 0) return 0;
  return Math.floor((paidMinor * rule.pointsPerMajorUnit) / minorPerMajor(currencyCode));
}
