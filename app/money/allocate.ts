// Splits an amount across parts in proportion to weights without losing or inventing a minor unit
// (largest-remainder method). Used to spread a cart discount over its lines, or a tender over
// tax rates, so that the parts always add up to the whole.

/**
 * `total` (minor units, may be negative) split in proportion to `weights` (non-negative).
 * The result sums to `total` exactly. Leftover units go to the largest remainders, ties to the
 * earlier part, so the answer is deterministic. All-zero weights split evenly. A negative total
 * is split as its magnitude and negated, so −100 over [1, 1, 1] is [−34, −33, −33].
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total)) throw new RangeError(`total must be an integer, got ${total}`);
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new RangeError('Cannot allocate a non-zero amount over no parts');
  }
  for (const w of weights) {
    if (!Number.isFinite(w) || w < 0) throw new RangeError(`weights must be ≥ 0, got ${w}`);
  }
  const sign = total < 0 ? -1 : 1;
  const absTotal = Math.abs(total);
  // Integer weights (the usual case: line amounts) go through BigInt so the split is exact even
  // when the weights add up past 2^53; fractional weights fall back to floating shares.
  const parts = weights.every((w) => Number.isSafeInteger(w))
    ? allocateIntegral(absTotal, weights)
    : allocateFractional(absTotal, weights);
  return parts.map((p) => (p === 0 ? 0 : p * sign));
}

function allocateIntegral(absTotal: number, weights: readonly number[]): number[] {
  const big = weights.map((w) => BigInt(w));
  const weightSum = big.reduce((a, b) => a + b, 0n);
  const effective = weightSum === 0n ? big.map(() => 1n) : big;
  const den = weightSum === 0n ? BigInt(big.length) : weightSum;
  const total = BigInt(absTotal);
  const parts = effective.map((w) => (total * w) / den);
  const remainders = effective.map((w, index) => ({ index, remainder: (total * w) % den }));
  // Largest remainder first, ties to the earlier part. Fewer leftover units than parts remain,
  // so each part gets at most one and stays within one unit of its exact share.
  remainders.sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  let leftover = total - parts.reduce((a, b) => a + b, 0n);
  for (const { index } of remainders) {
    if (leftover === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    leftover -= 1n;
  }
  return parts.map((p) => Number(p));
}

function allocateFractional(absTotal: number, weights: readonly number[]): number[] {
  // Scaled by the largest weight first so that huge weights cannot overflow the sum to Infinity.
  const largest = weights.reduce((a, b) => Math.max(a, b), 0);
  const scaled = largest === 0 ? weights.map(() => 1) : weights.map((w) => w / largest);
  const weightSum = scaled.reduce((a, b) => a + b, 0);
  const shares = scaled.map((w, index) => {
    const exact = (absTotal * w) / weightSum;
    const base = Math.floor(exact);
    return { index, base, remainder: exact - base };
  });
  const parts = shares.map((s) => s.base);
  let leftover = absTotal - parts.reduce((a, b) => a + b, 0);
  const byRemainder = [...shares].sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  // Floating shares can be off by a unit either way; the sum is then put right here, so it is
  // still exact by construction.
  for (let i = 0; leftover > 0; i = (i + 1) % byRemainder.length) {
    const entry = byRemainder[i];
    if (entry === undefined) break;
    parts[entry.index] = (parts[entry.index] ?? 0) + 1;
    leftover -= 1;
  }
  for (let i = byRemainder.length - 1; leftover < 0; i = i === 0 ? byRemainder.length - 1 : i - 1) {
    const entry = byRemainder[i];
    if (entry === undefined) break;
    const part = parts[entry.index] ?? 0;
    if (part > 0) {
      parts[entry.index] = part - 1;
      leftover += 1;
    }
  }
  return parts;
}
