// Cash rounding: many stores round the cash amount due to the jiao (0.10 CNY), "dropping the fen";
// others round to 0.05 or not at all. A store setting; only cash tenders are rounded.
import type { RoundingMode } from './rounding';
import { assertInteger, roundRatio } from './rounding';

export interface CashRounding {
  /** Smallest cash step in minor units: 1 = none, 10 = to the jiao, 5 = to 0.05. */
  readonly increment: number;
  readonly mode: RoundingMode;
}

export const NO_CASH_ROUNDING: CashRounding = { increment: 1, mode: 'halfUp' };
/** The common mainland practice: the fen part of a cash amount due is dropped. */
export const DROP_THE_FEN: CashRounding = { increment: 10, mode: 'down' };

/** The cash amount due after rounding; the difference is a rounding adjustment on the receipt. */
export function roundCash(amountDue: number, rule: CashRounding): number {
  assertInteger(amountDue, 'amount due');
  if (!Number.isSafeInteger(rule.increment) || rule.increment < 1) {
    throw new RangeError(
      `Cash rounding increment must be a positive integer, got ${rule.increment}`,
    );
  }
  if (rule.increment === 1) return amountDue;
  return roundRatio(amountDue, rule.increment, rule.mode) * rule.increment;
}
