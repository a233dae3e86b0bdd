// Cosine similarity, the one measure the recommender compares purchase sets and feature vectors by.

/**
 * Cosine of two purchase sets: |A ∩ B| / √(|A|·|B|), 0 when either is empty. Sets rather than
 * counts, as SPEC §5 says: buying milk ten times says no more about taste than buying it once.
 */
export function setCosine(overlap: number, sizeA: number, sizeB: number): number {
  if (sizeA === 0 || sizeB === 0) return 0;
  return overlap / Math.sqrt(sizeA * sizeB);
}

/** Cosine of two sets given as arrays of distinct values. */
export function purchaseSetCosine(a: readonly number[], b: readonly number[]): number {
  const inA = new Set(a);
  let overlap = 0;
  for (const item of b) if (inA.has(item)) overlap += 1;
  return setCosine(overlap, a.length, b.length);
}

/** A sparse vector: feature → weight. */
export type SparseVector = ReadonlyMap<string, number>;

export function vectorNorm(v: SparseVector): number {
  let sum = 0;
  for (const w of v.values()) sum += w * w;
  return Math.sqrt(sum);
}

/** v scaled to length 1; the empty (or zero) vector stays empty. */
export function normalised(v: SparseVector): Map<string, number> {
  const norm = vectorNorm(v);
  const out = new Map<string, number>();
  if (norm === 0) return out;
  for (const [k, w] of v) if (w !== 0) out.set(k, w / norm);
  return out;
}

export function dot(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [k, w] of small) {
    const other = large.get(k);
    if (other !== undefined) sum += w * other;
  }
  return sum;
}

/** Cosine of two sparse vectors, 0 when either is zero. */
export function vectorCosine(a: SparseVector, b: SparseVector): number {
  const na = vectorNorm(a);
  const nb = vectorNorm(b);
  if (na === 0 || nb === 0) return 0;
  return dot(a, b) / (na * nb);
}
