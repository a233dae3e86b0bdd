// Content-based scoring (SPEC §5): each product is a vector of its features — category, brand,
// name tokens — and a member's profile is the normalised sum of the vectors of what they bought;
// a candidate scores the cosine between the profile and its own vector.
import type { ProductFeatures } from '../catalog';
import type { SparseVector } from './cosine';
import { normalised } from './cosine';

/**
 * How much each kind of feature counts before the vector is normalised. The category carries the
 * most; a brand is a weaker hint; name tokens share one unit between them, so a long name does
 * not outweigh the category.
 */
export const FEATURE_WEIGHTS = { category: 1, brand: 0.5, nameTokens: 1 } as const;

/** The product's unit feature vector, keyed 'c:…' (category), 'b:…' (brand), 't:…' (token). */
export function productVector(features: ProductFeatures): Map<string, number> {
  const v = new Map<string, number>();
  v.set(`c:${features.categoryId}`, FEATURE_WEIGHTS.category);
  if (features.brand !== null) v.set(`b:${features.brand}`, FEATURE_WEIGHTS.brand);
  const tokens = [...new Set(features.nameTokens)];
  for (const token of tokens) {
    v.set(`t:${token}`, FEATURE_WEIGHTS.nameTokens / Math.sqrt(tokens.length));
  }
  return normalised(v);
}

/** The member's profile: the sum of the vectors of products they bought, normalised. */
export function memberProfile(bought: Iterable<SparseVector>): Map<string, number> {
  const sum = new Map<string, number>();
  for (const v of bought) for (const [f, w] of v) sum.set(f, (sum.get(f) ?? 0) + w);
  return normalised(sum);
}

/** Feature → the products that carry it and its weight in each; for scoring by overlap only. */
export interface FeatureIndex {
  readonly vectors: readonly (SparseVector | undefined)[];
  readonly byFeature: ReadonlyMap<string, readonly { item: number; weight: number }[]>;
}

export function buildFeatureIndex(
  productIds: readonly string[],
  features: ReadonlyMap<string, ProductFeatures>,
): FeatureIndex {
  const vectors: (SparseVector | undefined)[] = [];
  const byFeature = new Map<string, { item: number; weight: number }[]>();
  productIds.forEach((id, item) => {
    const f = features.get(id);
    const v = f === undefined ? undefined : productVector(f);
    vectors.push(v);
    if (v === undefined) return;
    for (const [feature, weight] of v) {
      let list = byFeature.get(feature);
      if (list === undefined) byFeature.set(feature, (list = []));
      list.push({ item, weight });
    }
  });
  return { vectors, byFeature };
}

/**
 * Adds profile · vector(p) into `scores[p]` for every product sharing a feature with the
 * profile (the others score 0 and are never touched). Returns the products touched.
 */
export function addContentScores(
  index: FeatureIndex,
  profile: SparseVector,
  scores: Float64Array,
  touched: number[],
): void {
  for (const [feature, pw] of profile) {
    const list = index.byFeature.get(feature);
    if (list === undefined) continue;
    for (const { item, weight } of list) {
      if (scores[item] === 0) touched.push(item);
      scores[item] = (scores[item] as number) + pw * weight;
    }
  }
}
