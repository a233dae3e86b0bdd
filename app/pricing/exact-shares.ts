// The two sums the promotion search does thousands of times per cart — a ratio of an amount, and
// an amount shared out by weights — done in plain integer arithmetic when every intermediate
// value is below 2^53 (always, for real carts), and handed to app/money otherwise. The answers
// are identical to `multiplyRatio` and `allocate` (tests prove it); only the BigInt cost goes.
import type { RoundingMode } from '../money';
import { allocate, multiplyRatio } from '../money';

// A float product at or below 2^52 proves the exact product is below 2^53, so it is exact too.
const EXACT_LIMIT = 2 ** 52;

/** amount × numerator / denominator rounded by `mode`; the same answer as `multiplyRatio`. */
export function ratioOf(
  amount: number,
  numerator: number,
  denominator: number,
  mode: RoundingMode,
): number {
  const product = amount * numerator;
  if (
    !(Math.abs(product) <= EXACT_LIMIT) ||
    !Number.isSafeInteger(amount) ||
    !Number.isSafeInteger(numerator) ||
    !Number.isSafeInteger(denominator) ||
    denominator <= 0
  ) {
    return multiplyRatio(amount, numerator, denominator, mode);
  }
  const negative = product < 0;
  const absolute = negative ? -product : product;
  // Exact: for integers below 2^53 the float quotient never rounds across an integer.
  const quotient = Math.floor(absolute / denominator);
  const remainder = absolute - quotient * denominator;
  let rounded = quotient;
  if (remainder !== 0) {
    const twice = remainder * 2;
    switch (mode) {
      case 'down':
        break;
      case 'up':
        rounded += 1;
        break;
      case 'halfUp':
        if (twice >= denominator) rounded += 1;
        break;
      case 'halfEven':
        if (twice > denominator || (twice === denominator && quotient % 2 === 1)) rounded += 1;
        break;
      default:
        return multiplyRatio(amount, numerator, denominator, mode);
    }
  }
  if (rounded === 0) return 0; // never −0
  return negative ? -rounded : rounded;
}

/**
 * `total` (≥ 0) shared out in proportion to `weights` (integers ≥ 0) by largest remainder, ties
 * to the earlier part, all-zero weights evenly: the same answer as `allocate`.
 */
export function shareOut(total: number, weights: readonly number[]): number[] {
  const count = weights.length;
  let weightSum = 0;
  let integral = Number.isSafeInteger(total) && total >= 0 && count > 0;
  for (let i = 0; integral && i < count; i += 1) {
    const w = weights[i] ?? -1;
    if (!Number.isSafeInteger(w) || w < 0) integral = false;
    else weightSum += w;
  }
  const even = weightSum === 0;
  const denominator = even ? count : weightSum;
  if (!integral || !(total * denominator <= EXACT_LIMIT)) return allocate(total, weights);
  const parts: number[] = [];
  const remainders: number[] = [];
  let assigned = 0;
  for (let i = 0; i < count; i += 1) {
    const numerator = total * (even ? 1 : (weights[i] ?? 0));
    const part = Math.floor(numerator / denominator);
    parts.push(part);
    remainders.push(numerator - part * denominator);
    assigned += part;
  }
  let leftover = total - assigned;
  if (leftover === 0) return parts;
  // Fewer leftover units than parts: each goes to the next largest remainder, earlier part first.
  if (denominator * count <= EXACT_LIMIT) {
    // One exact, distinct number per part: remainder first, then the earlier index. The parts
    // whose keys are among the `leftover` largest each get one unit.
    const keys: number[] = [];
    for (let i = 0; i < count; i += 1) keys.push((remainders[i] ?? 0) * count + (count - 1 - i));
    const threshold = largestNth([...keys], leftover);
    for (let i = 0; i < count; i += 1)
      if ((keys[i] ?? 0) >= threshold) parts[i] = (parts[i] ?? 0) + 1;
    return parts;
  }
  const order: number[] = [];
  for (let i = 0; i < count; i += 1) if ((remainders[i] ?? 0) > 0) order.push(i);
  order.sort((a, b) => (remainders[b] ?? 0) - (remainders[a] ?? 0) || a - b);
  for (const index of order) {
    if (leftover === 0) break;
    parts[index] = (parts[index] ?? 0) + 1;
    leftover -= 1;
  }
  return parts;
}

/** The `n`th largest of distinct `values` (1 ≤ n ≤ length), by quickselect; reorders `values`. */
function largestNth(values: number[], n: number): number {
  let low = 0;
  let high = values.length - 1;
  const target = values.length - n; // index of the answer in ascending order
  while (low < high) {
    const pivot = values[(low + high) >>> 1] ?? 0;
    let i = low;
    let j = high;
    while (i <= j) {
      while ((values[i] ?? 0) < pivot) i += 1;
      while ((values[j] ?? 0) > pivot) j -= 1;
      if (i <= j) {
        const swap = values[i] ?? 0;
        values[i] = values[j] ?? 0;
        values[j] = swap;
        i += 1;
        j -= 1;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else break;
  }
  return values[target] ?? 0;
}
