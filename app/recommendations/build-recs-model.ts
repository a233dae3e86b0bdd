// Builds a store's model from its order history in one streaming pass: counts first (bounded
// memory), then the top-k lists, one member at a time.
import type { ProductFeatures } from '../catalog';
import type { IndexedScore } from './bought-together';
import type { Basket } from './purchase-counts';
import { collectPurchases } from './purchase-counts';
import type { RecsModel, ScoredProduct } from './recs-model';
import { RECS_MODEL_FORMAT } from './recs-model';
import type { RecsOptions } from './recs-options';
import type { TrainedRecs } from './train-recs';
import { compareIds, createMemberScorer, mixComponents, trainRecs } from './train-recs';

export interface ModelStamp {
  readonly storeId: string;
  readonly version: number;
  readonly builtAt: number;
}

/** Scores are rounded to 4 decimals: plenty to rank by, and a smaller model to ship. */
function rounded(score: number): number {
  return Math.round(score * 10_000) / 10_000;
}

export function buildRecsModel(
  baskets: Iterable<Basket>,
  features: ReadonlyMap<string, ProductFeatures>,
  options: RecsOptions,
  stamp: ModelStamp,
): RecsModel {
  const collector = collectPurchases(options.collect);
  for (const basket of baskets) collector.addBasket(basket);
  return toRecsModel(trainRecs(collector.finish(), features, options), stamp);
}

export function toRecsModel(trained: TrainedRecs, stamp: ModelStamp): RecsModel {
  const { counts, options } = trained;
  const { limits } = options;
  const ids = counts.productIds;
  const named = (list: readonly IndexedScore[]): ScoredProduct[] =>
    list.map(({ item, score }) => [ids[item] as string, rounded(score)] as const);

  const top = counts.productBaskets[trained.popularOrder[0] ?? 0] ?? 0;
  const popular = trained.popularOrder
    .slice(0, limits.popularK)
    .map((p) => [ids[p] as string, rounded((counts.productBaskets[p] ?? 0) / top)] as const);

  const boughtWith = trained.popularOrder
    .slice(0, limits.maxProducts)
    .filter((p) => (trained.boughtWith[p]?.length ?? 0) > 0)
    .map((p) => [ids[p] as string, named(trained.boughtWith[p] ?? [])] as const)
    .sort((a, b) => compareIds(a[0], b[0]));

  const members = counts.memberIds
    .map((_, m) => m)
    .sort(
      (a, b) =>
        (counts.memberBaskets[b] ?? 0) - (counts.memberBaskets[a] ?? 0) ||
        compareIds(counts.memberIds[a] as string, counts.memberIds[b] as string),
    )
    .slice(0, limits.maxMembers);
  const score = createMemberScorer(trained);
  const forMember = members
    .map((m) => {
      const list = mixComponents(trained, score(m), options.weights, limits.forMemberK);
      return [counts.memberIds[m] as string, named(list)] as const;
    })
    .filter(([, list]) => list.length > 0)
    .sort((a, b) => compareIds(a[0], b[0]));

  return {
    format: RECS_MODEL_FORMAT,
    storeId: stamp.storeId,
    version: stamp.version,
    builtAt: stamp.builtAt,
    params: {
      weights: options.weights,
      neighbours: options.neighbours,
      measure: options.boughtTogether.measure,
      minSupport: options.boughtTogether.minSupport,
      limits,
      repeatCategoryIds: options.repeatPurchase.categoryIds,
      repeatDecay: options.repeatPurchase.decay,
    },
    stats: {
      baskets: counts.baskets,
      lines: counts.lines,
      products: ids.length,
      members: counts.memberIds.length,
      pairFloor: counts.pairFloor,
    },
    popular,
    boughtWith,
    forMember,
  };
}
