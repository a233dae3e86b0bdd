// A reference recommender for the evaluation only: EASE (Steck, "Embarrassingly Shallow
// Autoencoders for Sparse Data", WWW 2019), a linear item-to-item model with a closed-form
// solution that is among the strongest published baselines for "what else goes in this basket".
// It needs an n × n matrix inverse, so it suits a catalog of hundreds of products (Groceries has
// 169), not a chain's; it is here to tell whether a better model would move the evaluation, not
// to ship.
import type { Result } from '../result';
import { err, ok } from '../result';
import type { Basket } from './purchase-counts';
import { compareIds } from './train-recs';

/** n² doubles: 3,000 products take 72 MB, the most this reference is meant for. */
export const EASE_MAX_PRODUCTS = 3000;

export interface EaseModel {
  readonly productIds: readonly string[];
  /** Row-major n × n weights, zero on the diagonal: score(j) = Σ over basket items i of B[i][j]. */
  readonly weights: Float64Array;
}

/** Inverts a symmetric positive-definite matrix (row-major, n × n) in place by Cholesky. */
export function invertSpd(a: Float64Array, n: number): boolean {
  // Lower-triangular L with A = L·Lᵀ, stored in the lower half of `a`.
  for (let j = 0; j < n; j += 1) {
    let d = a[j * n + j] as number;
    for (let k = 0; k < j; k += 1) d -= (a[j * n + k] as number) ** 2;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i += 1) {
      let s = a[i * n + j] as number;
      for (let k = 0; k < j; k += 1) s -= (a[i * n + k] as number) * (a[j * n + k] as number);
      a[i * n + j] = s / ljj;
    }
  }
  // L⁻¹, lower triangular, column by column (forward substitution on the unit vectors).
  const inv = new Float64Array(n * n);
  for (let c = 0; c < n; c += 1) {
    for (let i = c; i < n; i += 1) {
      let s = i === c ? 1 : 0;
      for (let k = c; k < i; k += 1) s -= (a[i * n + k] as number) * (inv[k * n + c] as number);
      inv[i * n + c] = s / (a[i * n + i] as number);
    }
  }
  // A⁻¹ = L⁻ᵀ·L⁻¹, symmetric.
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let s = 0;
      for (let k = i; k < n; k += 1) s += (inv[k * n + i] as number) * (inv[k * n + j] as number);
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
  return true;
}

/** Fits EASE on baskets: G = XᵀX + λI, P = G⁻¹, B[i][j] = −P[i][j] / P[j][j], B[j][j] = 0. */
export function trainEase(baskets: readonly Basket[], lambda: number): Result<EaseModel> {
  if (!(lambda > 0)) return err('recs.ease_lambda', 'EASE needs a positive regularisation');
  const index = new Map<string, number>();
  for (const b of baskets)
    for (const p of b.productIds) if (!index.has(p)) index.set(p, index.size);
  const n = index.size;
  if (n > EASE_MAX_PRODUCTS) {
    return err('recs.ease_too_large', `EASE is a reference for ≤ ${EASE_MAX_PRODUCTS} products`);
  }
  const g = new Float64Array(n * n);
  for (const b of baskets) {
    const items = [...new Set(b.productIds)].map((p) => index.get(p) as number);
    for (const i of items) for (const j of items) g[i * n + j] = (g[i * n + j] as number) + 1;
  }
  for (let i = 0; i < n; i += 1) g[i * n + i] = (g[i * n + i] as number) + lambda;
  if (!invertSpd(g, n)) return err('recs.ease_singular', 'The Gram matrix is not invertible');
  const weights = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j < n; j += 1) {
      if (i !== j) weights[i * n + j] = -(g[i * n + j] as number) / (g[j * n + j] as number);
    }
  }
  return ok({ productIds: [...index.keys()], weights });
}

/** The k best products for a basket, never one already in it; ties by product id. */
export function easeRecommend(
  model: EaseModel,
  basket: readonly string[],
  k: number,
  positions: ReadonlyMap<string, number> = new Map(model.productIds.map((p, i) => [p, i])),
): string[] {
  const n = model.productIds.length;
  const inBasket = basket.map((p) => positions.get(p)).filter((i) => i !== undefined);
  const scores = new Float64Array(n);
  for (const i of inBasket) {
    for (let j = 0; j < n; j += 1)
      scores[j] = (scores[j] as number) + (model.weights[i * n + j] as number);
  }
  const skip = new Set(inBasket);
  return [...Array(n).keys()]
    .filter((j) => !skip.has(j))
    .sort(
      (a, b) =>
        (scores[b] as number) - (scores[a] as number) ||
        compareIds(model.productIds[a] as string, model.productIds[b] as string),
    )
    .slice(0, k)
    .map((j) => model.productIds[j] as string);
}
