// Offline evaluation by leave-one-out: hide one product of each basket, ask each method for its
// top k, and count how often the hidden product is among them (hit rate@k, precision@k). The
// split is seeded, so the figures reproduce; weights are tuned on a validation share of the
// baskets and reported on the rest, never tuned on the figures reported.
import type { ProductFeatures } from '../catalog';
import type { CoOccurrenceMeasure } from './bought-together';
import { CO_OCCURRENCE_MEASURES } from './bought-together';
import { buildRecsModel, toRecsModel } from './build-recs-model';
import type { Basket } from './purchase-counts';
import { collectPurchases } from './purchase-counts';
import { openRecsLookup } from './recs-lookup';
import { easeRecommend, trainEase } from './ease';
import type { RecsModel } from './recs-model';
import type { HybridWeights, RecsOptions } from './recs-options';
import { SPEC_HYBRID_WEIGHTS } from './recs-options';
import { randomIndex, seededRandom } from './seeded-random';
import type { MemberComponents, TrainedRecs } from './train-recs';
import { compareIds, createMemberScorer, trainRecs } from './train-recs';

/** One line per basket, products comma-separated; blanks trimmed, repeats and empty lines dropped. */
export function parseBasketLines(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .map((line) => [
      ...new Set(
        line
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item.length > 0),
      ),
    ])
    .filter((items) => items.length > 0);
}

export type HoldoutSplitName = 'validation' | 'test';

export interface HoldoutCase {
  readonly memberId: string;
  /** The basket without the hidden product: what the method may look at. */
  readonly observed: readonly string[];
  readonly heldOut: string;
  readonly split: HoldoutSplitName;
}

export interface LeaveOneOut {
  /** Every basket, its hidden product removed; basket i is member 'basket-i'. */
  readonly training: readonly Basket[];
  readonly cases: readonly HoldoutCase[];
}

/**
 * Hides one product (seeded) in every basket of 2 or more products and puts the basket in the
 * validation share or the test share (seeded). Each basket is its own member: the data set has
 * no customer ids, and grouping baskets at random would invent histories that say nothing.
 */
export function leaveOneOut(
  baskets: readonly (readonly string[])[],
  options: { readonly seed: number; readonly validationShare: number },
): LeaveOneOut {
  const random = seededRandom(options.seed);
  const training: Basket[] = [];
  const cases: HoldoutCase[] = [];
  baskets.forEach((items, i) => {
    const memberId = `basket-${i}`;
    if (items.length < 2) {
      training.push({ memberId, productIds: items });
      return;
    }
    const hidden = randomIndex(random, items.length);
    const split: HoldoutSplitName = random() < options.validationShare ? 'validation' : 'test';
    const observed = items.filter((_, j) => j !== hidden);
    training.push({ memberId, productIds: observed });
    cases.push({ memberId, observed, heldOut: items[hidden] as string, split });
  });
  return { training, cases };
}

export interface HitRate {
  readonly hitRate: number;
  /** Hits / k per case, averaged: with one hidden product it is hitRate / k. */
  readonly precision: number;
  readonly cases: number;
}

export function hitRateAtK(
  cases: readonly HoldoutCase[],
  recommend: (c: HoldoutCase) => readonly string[],
  k: number,
): HitRate {
  let hits = 0;
  for (const c of cases) if (recommend(c).slice(0, k).includes(c.heldOut)) hits += 1;
  const hitRate = cases.length === 0 ? 0 : hits / cases.length;
  return { hitRate, precision: hitRate / k, cases: cases.length };
}

/** Whether the hidden product would be in the top k of a hybrid mix, without sorting. */
function mixHits(
  trained: TrainedRecs,
  components: MemberComponents,
  heldOut: number,
  weights: HybridWeights,
  k: number,
): boolean {
  const at = components.candidates.indexOf(heldOut);
  if (at < 0) return false;
  const decay = trained.options.repeatPurchase.decay;
  const ids = trained.counts.productIds;
  const mixed = (i: number): number => {
    const s =
      weights.collaborative * (components.collaborative[i] as number) +
      weights.content * (components.content[i] as number) +
      weights.popularity * (components.popularity[i] as number) +
      weights.boughtTogether * (components.boughtTogether[i] as number);
    return components.repeat[i] === 1 ? s * decay : s;
  };
  const target = mixed(at);
  if (target <= 0) return false;
  const targetId = ids[heldOut] as string;
  let better = 0;
  for (let i = 0; i < components.candidates.length && better < k; i += 1) {
    if (i === at) continue;
    const s = mixed(i);
    if (
      s > target ||
      (s === target && compareIds(ids[components.candidates[i] as number] as string, targetId) < 0)
    ) {
      better += 1;
    }
  }
  return better < k;
}

/** Regularisations tried for the reference model on the validation share. */
const EASE_LAMBDAS = [10, 30, 100, 300, 1000, 3000];

/** Every weighting on a grid of `step` whose weights sum to 1. */
export function weightGrid(step: number): HybridWeights[] {
  const n = Math.round(1 / step);
  const grid: HybridWeights[] = [];
  for (let a = 0; a <= n; a += 1) {
    for (let b = 0; a + b <= n; b += 1) {
      for (let c = 0; a + b + c <= n; c += 1) {
        const d = n - a - b - c;
        grid.push({
          collaborative: a / n,
          content: b / n,
          popularity: c / n,
          boughtTogether: d / n,
        });
      }
    }
  }
  return grid;
}

export interface MethodResult extends HitRate {
  readonly method: string;
  readonly weights?: HybridWeights;
  readonly measure?: CoOccurrenceMeasure;
}

/** What was tuned on the validation share, and the validation hit rate it reached. */
export interface TunedChoice {
  readonly weights: HybridWeights;
  readonly measure: CoOccurrenceMeasure;
  readonly validationHitRate: number;
}

export interface Evaluation {
  readonly k: number;
  readonly validationCases: number;
  readonly testCases: number;
  /** On the test share. */
  readonly rows: readonly MethodResult[];
  /** The bought-together measure that did best alone on the validation share. */
  readonly cartMeasure: TunedChoice;
  /** The hybrid weighting (and its bought-together measure) that did best on validation. */
  readonly tuned: TunedChoice;
  /** The reference model's regularisation chosen on validation (undefined when it could not run). */
  readonly easeLambda: number | undefined;
  /** The shipped model (SPEC weights, default options), built on the training baskets. */
  readonly model: RecsModel;
  readonly split: LeaveOneOut;
}

export interface EvaluationOptions {
  readonly seed: number;
  readonly validationShare: number;
  readonly k: number;
  /** Grid step for tuning the hybrid's weights on the validation share. */
  readonly gridStep: number;
  readonly recs: RecsOptions;
  /** Categories marked repeat-purchase for the extra "consumables kept" row. */
  readonly consumableCategoryIds: readonly string[];
  readonly builtAt: number;
}

const ALL_COMPONENTS: HybridWeights = {
  collaborative: 1,
  content: 1,
  popularity: 1,
  boughtTogether: 1,
};

const only = (component: keyof HybridWeights): HybridWeights => ({
  collaborative: 0,
  content: 0,
  popularity: 0,
  boughtTogether: 0,
  [component]: 1,
});

/**
 * Runs every method on the same split: popularity (the baseline), bought-together as the cart
 * add-ons the counter shows, collaborative filtering, content, the SPEC hybrid, the hybrid tuned
 * on the validation share (weights and bought-together measure), and the SPEC hybrid with
 * consumables kept. Cart add-ons and "for you" are both asked through a real model's lookup
 * where the row is a product path; single components are mixed directly (the same code).
 */
export function evaluateRecommenders(
  baskets: readonly (readonly string[])[],
  features: ReadonlyMap<string, ProductFeatures>,
  options: EvaluationOptions,
): Evaluation {
  const split = leaveOneOut(baskets, options);
  const validation = split.cases.filter((c) => c.split === 'validation');
  const test = split.cases.filter((c) => c.split === 'test');
  const { k } = options;
  const stamp = { storeId: 'evaluation', version: 1, builtAt: options.builtAt };

  const collector = collectPurchases(options.recs.collect);
  for (const b of split.training) collector.addBasket(b);
  const counts = collector.finish();
  const productIndex = new Map(counts.productIds.map((id, i) => [id, i]));
  const withMeasure = (measure: CoOccurrenceMeasure): RecsOptions => ({
    ...options.recs,
    boughtTogether: { ...options.recs.boughtTogether, measure },
  });
  const trainedWith = (recs: RecsOptions): TrainedRecs =>
    trainRecs(counts, features, { ...recs, weights: ALL_COMPONENTS });
  /** Cart add-ons through a model that holds bought-with lists only. */
  const cartLookup = (measure: CoOccurrenceMeasure) =>
    openRecsLookup(
      toRecsModel(
        trainRecs(counts, features, {
          ...withMeasure(measure),
          limits: { ...options.recs.limits, maxMembers: 0 },
        }),
        stamp,
      ),
    );
  const cartHitRate = (measure: CoOccurrenceMeasure, cases: readonly HoldoutCase[]): HitRate => {
    const lookup = cartLookup(measure);
    return hitRateAtK(cases, (c) => lookup.forCart(c.observed, { k }).map((s) => s.productId), k);
  };

  const componentsOf = (t: TrainedRecs, cases: readonly HoldoutCase[]) => {
    const score = createMemberScorer(t);
    return new Map(cases.map((c) => [c, score(t.memberIndex.get(c.memberId) ?? -1)]));
  };
  const hitRateOfMix = (
    t: TrainedRecs,
    components: ReadonlyMap<HoldoutCase, MemberComponents>,
    weights: HybridWeights,
  ): HitRate => {
    let hits = 0;
    for (const [c, comp] of components) {
      const heldOut = productIndex.get(c.heldOut);
      if (heldOut !== undefined && mixHits(t, comp, heldOut, weights, k)) hits += 1;
    }
    const hitRate = components.size === 0 ? 0 : hits / components.size;
    return { hitRate, precision: hitRate / k, cases: components.size };
  };

  // Tuning, on the validation share only.
  let cartMeasure: TunedChoice = {
    weights: only('boughtTogether'),
    measure: options.recs.boughtTogether.measure,
    validationHitRate: -1,
  };
  let tuned: TunedChoice = {
    weights: SPEC_HYBRID_WEIGHTS,
    measure: options.recs.boughtTogether.measure,
    validationHitRate: -1,
  };
  const grid = weightGrid(options.gridStep);
  for (const measure of CO_OCCURRENCE_MEASURES) {
    const { hitRate: cartRate } = cartHitRate(measure, validation);
    if (cartRate > cartMeasure.validationHitRate) {
      cartMeasure = { ...cartMeasure, measure, validationHitRate: cartRate };
    }
    const trained = trainedWith(withMeasure(measure));
    const components = componentsOf(trained, validation);
    for (const weights of grid) {
      const { hitRate } = hitRateOfMix(trained, components, weights);
      if (hitRate > tuned.validationHitRate)
        tuned = { weights, measure, validationHitRate: hitRate };
    }
  }

  // The reference model (EASE): its regularisation chosen on validation, like the hybrid's weights.
  let ease:
    | { lambda: number; validationHitRate: number; recommend: (c: HoldoutCase) => string[] }
    | undefined;
  for (const lambda of EASE_LAMBDAS) {
    const trainedEase = trainEase(split.training, lambda);
    if (!trainedEase.ok) break;
    const positions = new Map(trainedEase.value.productIds.map((p, i) => [p, i]));
    const recommend = (c: HoldoutCase) =>
      easeRecommend(trainedEase.value, c.observed, k, positions);
    const { hitRate } = hitRateAtK(validation, recommend, k);
    if (ease === undefined || hitRate > ease.validationHitRate)
      ease = { lambda, validationHitRate: hitRate, recommend };
  }

  // Reporting, on the test share only.
  const model = buildRecsModel(split.training, features, options.recs, stamp);
  const shipped = openRecsLookup(model);
  const trained = trainedWith(options.recs);
  const testComponents = componentsOf(trained, test);
  const mixRow = (method: string, weights: HybridWeights): MethodResult => ({
    method,
    weights,
    ...hitRateOfMix(trained, testComponents, weights),
  });
  const tunedTrained = trainedWith(withMeasure(tuned.measure));
  const consumables = trainedWith({
    ...options.recs,
    repeatPurchase: { ...options.recs.repeatPurchase, categoryIds: options.consumableCategoryIds },
  });
  const rows: MethodResult[] = [
    {
      method: 'popularity',
      ...hitRateAtK(test, (c) => shipped.popular(k, c.observed).map((s) => s.productId), k),
    },
    {
      method: 'bought-together',
      measure: cartMeasure.measure,
      ...cartHitRate(cartMeasure.measure, test),
    },
    mixRow('collaborative', only('collaborative')),
    mixRow('content', only('content')),
    {
      method: 'hybrid-spec',
      weights: model.params.weights,
      ...hitRateAtK(
        test,
        (c) => shipped.forMember(c.memberId, { k, fill: false }).map((s) => s.productId),
        k,
      ),
    },
    {
      method: 'hybrid-tuned',
      weights: tuned.weights,
      measure: tuned.measure,
      ...hitRateOfMix(tunedTrained, componentsOf(tunedTrained, test), tuned.weights),
    },
    {
      method: 'hybrid-spec-consumables-kept',
      weights: SPEC_HYBRID_WEIGHTS,
      ...hitRateOfMix(consumables, componentsOf(consumables, test), SPEC_HYBRID_WEIGHTS),
    },
    ...(ease === undefined
      ? []
      : [{ method: 'ease-reference', ...hitRateAtK(test, ease.recommend, k) }]),
  ];
  return {
    k,
    validationCases: validation.length,
    testCases: test.length,
    rows,
    cartMeasure,
    tuned,
    easeLambda: ease?.lambda,
    model,
    split,
  };
}
