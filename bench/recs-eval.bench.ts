// recs-eval: the recommender measured on real baskets (Groceries, 9,835 baskets) by
// leave-one-out: hit rate@10 per method against the popularity baseline, and how fast the
// register answers from the model (p99 of one lookup) against reading the best-seller list.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_RECS_OPTIONS,
  evaluateRecommenders,
  featuresFromName,
  openRecsLookup,
  parseBasketLines,
} from '../app/recommendations';
import type { Benchmark, Measurement } from './harness';
import { percentile } from './stats';

const DATASET = path.resolve(import.meta.dirname, '../../shared/datasets/groceries.csv');
export const RECS_EVAL_SEED = 20_240_601;
export const RECS_CONSUMABLES = ['dairy', 'bakery', 'produce', 'drinks'];

function microsecondsPerCall(work: () => unknown, samples: number[]): void {
  const start = performance.now();
  work();
  samples.push((performance.now() - start) * 1000);
}

export const recsEval: Benchmark = {
  name: 'recs-eval',
  description: 'Leave-one-out hit rate@10 per method on Groceries vs popularity; lookup p99',
  run(context) {
    const baskets = parseBasketLines(readFileSync(DATASET, 'utf8'));
    const features = new Map(baskets.flat().map((name) => [name, featuresFromName(name)]));
    const gridStep = context.quick ? 0.25 : 0.1;
    context.log(`recs-eval: ${baskets.length} baskets, weight grid step ${gridStep}`);
    const started = performance.now();
    const evaluation = evaluateRecommenders(baskets, features, {
      seed: RECS_EVAL_SEED,
      validationShare: 0.3,
      k: 10,
      gridStep,
      recs: DEFAULT_RECS_OPTIONS,
      consumableCategoryIds: RECS_CONSUMABLES,
      builtAt: 0,
    });
    const seconds = (performance.now() - started) / 1000;
    const baseline = evaluation.rows.find((r) => r.method === 'popularity');
    if (baseline === undefined) throw new Error('no popularity row');
    const common = {
      dataset: 'groceries.csv (Hahsler et al. 2006)',
      baskets: baskets.length,
      protocol: 'leave-one-out, one seeded product hidden per basket of >= 2; basket = member',
      seed: RECS_EVAL_SEED,
      validationCases: evaluation.validationCases,
      testCases: evaluation.testCases,
      k: evaluation.k,
      gridStep,
      quick: context.quick,
      evaluationSeconds: Math.round(seconds * 10) / 10,
    };
    const lines: Measurement[] = evaluation.rows.map((row) => ({
      metric: `hit_rate_at_10.${row.method}`,
      value: row.hitRate,
      unit: 'share of test baskets',
      baseline: 'popularity (best sellers not in the basket) hit rate@10',
      baselineValue: baseline.hitRate,
      params: {
        ...common,
        precisionAt10: row.precision,
        ...(row.weights === undefined ? {} : { weights: row.weights }),
        ...(row.measure === undefined ? {} : { measure: row.measure }),
        ...(row.method === 'hybrid-tuned'
          ? { tunedOn: 'validation share', validationHitRate: evaluation.tuned.validationHitRate }
          : {}),
        ...(row.method === 'ease-reference'
          ? {
              model: 'EASE (Steck 2019), reference only',
              lambdaTunedOnValidation: evaluation.easeLambda,
            }
          : {}),
        ...(row.method === 'hybrid-spec-consumables-kept'
          ? { consumableCategories: RECS_CONSUMABLES }
          : {}),
      },
    }));

    // Lookup latency: one answer per test basket, repeated; the baseline reads the best sellers.
    const lookup = openRecsLookup(evaluation.model);
    const test = evaluation.split.cases.filter((c) => c.split === 'test');
    const rounds = context.quick ? 2 : 5;
    const cart: number[] = [];
    const member: number[] = [];
    const popular: number[] = [];
    for (let r = 0; r < rounds; r += 1) {
      for (const c of test) {
        microsecondsPerCall(
          () => lookup.forCart(c.observed, { k: 10, memberId: c.memberId }),
          cart,
        );
        microsecondsPerCall(
          () => lookup.forMember(c.memberId, { k: 10, exclude: c.observed }),
          member,
        );
        microsecondsPerCall(() => lookup.popular(10, c.observed), popular);
      }
    }
    const lookupParams = {
      calls: cart.length,
      modelEntries: evaluation.model.forMember.length + evaluation.model.boughtWith.length,
      statistic: 'p99 of single calls (performance.now)',
    };
    lines.push(
      {
        metric: 'lookup_p99.for_cart',
        value: percentile(cart, 99),
        unit: 'µs',
        baseline: 'best-seller list lookup p99 (popular(10, cart))',
        baselineValue: percentile(popular, 99),
        params: lookupParams,
      },
      {
        metric: 'lookup_p99.for_member',
        value: percentile(member, 99),
        unit: 'µs',
        baseline: 'best-seller list lookup p99 (popular(10, cart))',
        baselineValue: percentile(popular, 99),
        params: lookupParams,
      },
    );
    return Promise.resolve(lines);
  },
};
