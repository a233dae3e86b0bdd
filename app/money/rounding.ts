// Exact rounding of a rational amount to an integer, with the mode stated by the caller. Works in
// BigInt when the product would pass 2^53, so a large weight times a large price stays exact.

export type RoundingMode =
  /** Half away from zero: 0.5 → 1, −0.5 → −1 (the usual shop rule). */
  | 'halfUp'
  /** Half to even (banker's): 0.5 → 0, 1.5 → 2; no drift over many roundings. */
  | 'halfEven'
  /** Toward zero: drops the fraction (e.g. "drop the fen"). */
  | 'down'
  /** Away from zero. */
  | 'up';

export const ROUNDING_MODES: readonly RoundingMode[] = ['halfUp', 'halfEven', 'down', 'up'];

/** numerator / denominator rounded to an integer by `mode`. The denominator must be non-zero. */
export function roundRatio(
  numerator: number | bigint,
  denominator: number | bigint,
  mode: RoundingMode,
): number {
  let n = BigInt(numerator);
  let d = BigInt(denominator);
  if (d === 0n) throw new RangeError('Division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const negative = n < 0n;
  const absN = negative ? -n : n;
  const quotient = absN / d;
  const remainder = absN % d;
  let rounded = quotient;
  if (remainder !== 0n) {
    const twice = remainder * 2n;
    switch (mode) {
      case 'down':
        break;
      case 'up':
        rounded += 1n;
        break;
      case 'halfUp':
        if (twice >= d) rounded += 1n;
        break;
      case 'halfEven':
        if (twice > d || (twice === d && quotient % 2n === 1n)) rounded += 1n;
        break;
      default: {
        const unreachable: never = mode;
        throw new Error(`Unknown rounding mode ${String(unreachable)}`);
      }
    }
  }
  const result = Number(negative ? -rounded : rounded);
  if (!Number.isSafeInteger(result)) throw new RangeError('Amount out of the safe integer range');
  return result;
}

/** amount × numerator / denominator, rounded: a price times a weight, a rate applied to a base. */
export function multiplyRatio(
  amount: number,
  numerator: number,
  denominator: number,
  mode: RoundingMode,
): number {
  assertInteger(amount, 'amount');
  assertInteger(numerator, 'numerator');
  assertInteger(denominator, 'denominator');
  return roundRatio(BigInt(amount) * BigInt(numerator), denominator, mode);
}

export function assertInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what} must be a whole number of minor units, got ${value}`);
  }
}
