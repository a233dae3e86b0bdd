// Turns purchase counts into everything the recommender scores with — bought-together lists,
// popularity order, the neighbour index, feature vectors — and scores one member's candidates
// by each component, then mixes them into the hybrid "for you" list.
import type { ProductFeatures } from '../catalog';
import type { IndexedScore } from './bought-together';
import { boughtTogetherLists } from './bought-together';
import type { FeatureIndex } from './content-profile';
import { addContentScores, buildFeatureIndex, memberProfile } from './content-profile';
import type { SparseVector } from './cosine';
import type { NeighbourIndex } from './member-neighbours';
import { buildNeighbourIndex, createNeighbourSearch } from './member-neighbours';
import type { PurchaseCounts } from './purchase-counts';
import type { HybridWeights, RecsOptions } from './recs-options';

export interface TrainedRecs {
  readonly counts: PurchaseCounts;
  readonly options: RecsOptions;
  /** Per product index: its best partners, best first. */
  readonly boughtWith: readonly (readonly IndexedScore[])[];
  /** Every product index, most baskets first (ties by product id). */
  readonly popularOrder: readonly number[];
  readonly neighbourIndex: NeighbourIndex;
  readonly featureIndex: FeatureIndex;
  /** 1 for products in a repeat-purchase (consumable) category. */
  readonly repeatItem: Uint8Array;
  readonly memberIndex: ReadonlyMap<string, number>;
}

export function trainRecs(
  counts: PurchaseCounts,
  features: ReadonlyMap<string, ProductFeatures>,
  options: RecsOptions,
): TrainedRecs {
  const { productIds, productBaskets } = counts;
  const boughtWith = boughtTogetherLists(counts, {
    measure: options.boughtTogether.measure,
    minSupport: options.boughtTogether.minSupport,
    k: options.limits.boughtWithK,
  });
  const popularOrder = productIds
    .map((_, i) => i)
    .sort(
      (a, b) =>
        (productBaskets[b] ?? 0) - (productBaskets[a] ?? 0) ||
        compareIds(productIds[a] as string, productIds[b] as string),
    );
  const repeatCategories = new Set(options.repeatPurchase.categoryIds);
  const repeatItem = new Uint8Array(productIds.length);
  productIds.forEach((id, i) => {
    const f = features.get(id);
    if (f !== undefined && repeatCategories.has(f.categoryId)) repeatItem[i] = 1;
  });
  return {
    counts,
    options,
    boughtWith,
    popularOrder,
    neighbourIndex: buildNeighbourIndex(
      counts.memberStart,
      counts.memberItems,
      productIds.length,
      options.seed,
    ),
    featureIndex: buildFeatureIndex(productIds, features),
    repeatItem,
    memberIndex: new Map(counts.memberIds.map((id, m) => [id, m])),
  };
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One member's candidates and each component's score for them, each scaled to [0, 1] by the
 * component's best score among these candidates (0 everywhere when it has no signal). Products the
 * member bought are already removed, except consumables, which carry `repeat` = true.
 */
export interface MemberComponents {
  readonly candidates: readonly number[];
  readonly collaborative: Float64Array;
  readonly content: Float64Array;
  readonly popularity: Float64Array;
  readonly boughtTogether: Float64Array;
  readonly repeat: Uint8Array;
}

export type MemberScorer = (member: number) => MemberComponents;

/** A scorer with its own scratch space (one member at a time). */
export function createMemberScorer(trained: TrainedRecs): MemberScorer {
  const { counts, options, neighbourIndex, featureIndex } = trained;
  const n = counts.productIds.length;
  const search = createNeighbourSearch(neighbourIndex, options.maxCandidates);
  const cf = new Float64Array(n);
  const content = new Float64Array(n);
  const together = new Float64Array(n);
  const inPool = new Uint8Array(n);
  const bought = new Uint8Array(n);
  const popularPool = trained.popularOrder.slice(0, options.limits.popularK);
  const w = options.weights;

  return (member) => {
    const pool: number[] = [];
    const touch = (p: number): void => {
      if (inPool[p] === 0) {
        inPool[p] = 1;
        pool.push(p);
      }
    };
    const from = counts.memberStart[member] as number;
    const to = counts.memberStart[member + 1] as number;
    const history = counts.memberItems.subarray(from, to);
    for (const p of history) bought[p] = 1;

    if (w.collaborative !== 0) {
      for (const { member: v, similarity } of search(member, options.neighbours)) {
        const vTo = counts.memberStart[v + 1] as number;
        for (let i = counts.memberStart[v] as number; i < vTo; i += 1) {
          const p = counts.memberItems[i] as number;
          cf[p] = (cf[p] as number) + similarity;
          touch(p);
        }
      }
    }
    if (w.content !== 0) {
      const vectors: SparseVector[] = [];
      for (const p of history) {
        const v = featureIndex.vectors[p];
        if (v !== undefined) vectors.push(v);
      }
      const touched: number[] = [];
      addContentScores(featureIndex, memberProfile(vectors), content, touched);
      for (const p of touched) touch(p);
    }
    if (w.boughtTogether !== 0) {
      for (const p of history) {
        for (const { item, score } of trained.boughtWith[p] ?? []) {
          together[item] = (together[item] as number) + score;
          touch(item);
        }
      }
    }
    for (const p of popularPool) touch(p);

    const candidates = pool.filter((p) => bought[p] === 0 || trained.repeatItem[p] === 1);
    const size = candidates.length;
    const result: MemberComponents = {
      candidates,
      collaborative: new Float64Array(size),
      content: new Float64Array(size),
      popularity: new Float64Array(size),
      boughtTogether: new Float64Array(size),
      repeat: new Uint8Array(size),
    };
    candidates.forEach((p, i) => {
      result.collaborative[i] = cf[p] as number;
      result.content[i] = content[p] as number;
      result.popularity[i] = counts.productBaskets[p] ?? 0;
      result.boughtTogether[i] = together[p] as number;
      result.repeat[i] = bought[p] as number;
    });
    for (const scores of [
      result.collaborative,
      result.content,
      result.popularity,
      result.boughtTogether,
    ]) {
      scaleToUnit(scores);
    }

    for (const p of pool) {
      cf[p] = 0;
      content[p] = 0;
      together[p] = 0;
      inPool[p] = 0;
    }
    for (const p of history) bought[p] = 0;
    return result;
  };
}

/** Divides by the maximum so the best becomes 1; all zeros stay zeros. */
export function scaleToUnit(scores: Float64Array): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max === 0) return;
  for (let i = 0; i < scores.length; i += 1) scores[i] = (scores[i] as number) / max;
}

/**
 * The hybrid: Σ weight × component, times the repeat-purchase decay for consumables the member
 * already bought; candidates scoring 0 are dropped; top k, ties by product id.
 */
export function mixComponents(
  trained: TrainedRecs,
  components: MemberComponents,
  weights: HybridWeights,
  k: number,
): IndexedScore[] {
  const decay = trained.options.repeatPurchase.decay;
  const ids = trained.counts.productIds;
  const scored: IndexedScore[] = [];
  components.candidates.forEach((item, i) => {
    let score =
      weights.collaborative * (components.collaborative[i] as number) +
      weights.content * (components.content[i] as number) +
      weights.popularity * (components.popularity[i] as number) +
      weights.boughtTogether * (components.boughtTogether[i] as number);
    if (components.repeat[i] === 1) score *= decay;
    if (score > 0) scored.push({ item, score });
  });
  scored.sort(
    (a, b) => b.score - a.score || compareIds(ids[a.item] as string, ids[b.item] as string),
  );
  return scored.slice(0, k);
}
