// VAT per rate over the whole cart. Lines are summed per rate and the tax is computed once per
// rate, so rounding happens once per rate rather than once per line: the receipt's tax lines then
// match what the tax office recomputes from the rate totals, and 50 lines cannot drift by up to
// 50 fen. Each rate's tax is then spread over its lines (largest remainder) for refunds.
import type { TaxMode } from '../catalog';
import type { RoundingMode } from '../money';
import { allocate, multiplyRatio, roundRatio } from '../money';

/** The VAT included in a tax-inclusive gross amount: gross × rate / (1 + rate). */
export function taxIncluded(gross: number, rateBasisPoints: number, mode: RoundingMode): number {
  return roundRatio(BigInt(gross) * BigInt(rateBasisPoints), 10_000 + rateBasisPoints, mode);
}

/** The VAT added on top of a tax-exclusive net amount: net × rate. */
export function taxAdded(net: number, rateBasisPoints: number, mode: RoundingMode): number {
  return multiplyRatio(net, rateBasisPoints, 10_000, mode);
}

export interface RateTax {
  readonly rateBasisPoints: number;
  readonly base: number;
  readonly tax: number;
}

/**
 * Tax per rate for lines given as (rate, amount) pairs, highest rate first, and each line's share.
 * `amounts` are tax-inclusive gross amounts or tax-exclusive nets, as `mode` says.
 */
export function taxByRate(
  rates: readonly number[],
  amounts: readonly number[],
  taxMode: TaxMode,
  rounding: RoundingMode,
): { readonly rates: readonly RateTax[]; readonly lineTax: readonly number[] } {
  const byRate = new Map<number, number[]>();
  rates.forEach((rate, index) => {
    const members = byRate.get(rate);
    if (members === undefined) byRate.set(rate, [index]);
    else members.push(index);
  });
  const lineTax = amounts.map(() => 0);
  const result: RateTax[] = [];
  for (const rate of [...byRate.keys()].sort((a, b) => b - a)) {
    const members = byRate.get(rate) ?? [];
    const weights = members.map((i) => amounts[i] ?? 0);
    const base = weights.reduce((a, b) => a + b, 0);
    const tax =
      taxMode === 'inclusive' ? taxIncluded(base, rate, rounding) : taxAdded(base, rate, rounding);
    allocate(tax, weights).forEach((share, k) => {
      const index = members[k];
      if (index !== undefined) lineTax[index] = share;
    });
    result.push({ rateBasisPoints: rate, base, tax });
  }
  return { rates: result, lineTax };
}
