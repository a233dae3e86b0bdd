import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvaluationOptions, MethodResult } from './evaluate-holdout';
import {
  evaluateRecommenders,
  hitRateAtK,
  leaveOneOut,
  parseBasketLines,
  weightGrid,
} from './evaluate-holdout';
import { featuresFromName } from './name-features';
import { collectPurchases } from './purchase-counts';
import { openRecsLookup } from './recs-lookup';
import { createMemberScorer, mixComponents, trainRecs } from './train-recs';
import { DEFAULT_RECS_OPTIONS, SPEC_HYBRID_WEIGHTS } from './recs-options';

const DATASET = path.resolve(import.meta.dirname, '../../../shared/datasets/groceries.csv');
const present = existsSync(DATASET);
if (!present) console.warn(`skipping the Groceries evaluation: ${DATASET} is missing`);

describe('leave-one-out', () => {
  const baskets = [['a'], ['a', 'b'], ['a', 'b', 'c'], ['c', 'd'], ['b', 'c', 'd', 'e']];

  it('hides one product of each basket of 2+, reproducibly for a seed', () => {
    const split = leaveOneOut(baskets, { seed: 5, validationShare: 0.5 });
    expect(split.training).toHaveLength(5);
    expect(split.cases).toHaveLength(4);
    split.cases.forEach((c) => {
      const i = Number(c.memberId.replace('basket-', ''));
      const original = baskets[i] ?? [];
      expect([...c.observed, c.heldOut].sort()).toEqual([...original].sort());
      expect(split.training[i]?.productIds).toEqual(c.observed);
    });
    expect(leaveOneOut(baskets, { seed: 5, validationShare: 0.5 })).toEqual(split);
    expect(
      leaveOneOut(baskets, { seed: 5, validationShare: 0 }).cases.every((c) => c.split === 'test'),
    ).toBe(true);
  });

  it('counts a hit when the hidden product is in the top k', () => {
    const cases = leaveOneOut(baskets, { seed: 5, validationShare: 0 }).cases;
    const perfect = hitRateAtK(cases, (c) => [c.heldOut], 10);
    expect(perfect).toEqual({ hitRate: 1, precision: 0.1, cases: 4 });
    expect(hitRateAtK(cases, (c) => ['x', 'y', c.heldOut], 2).hitRate).toBe(0);
  });

  it('tunes over weights that sum to 1', () => {
    const grid = weightGrid(0.25);
    expect(grid).toHaveLength(35);
    for (const w of grid) {
      expect(w.collaborative + w.content + w.popularity + w.boughtTogether).toBeCloseTo(1, 12);
    }
  });
});

describe.runIf(present || process.env['CI'] !== undefined)(
  'on 1,000 real Groceries baskets',
  () => {
    const baskets = parseBasketLines(readFileSync(DATASET, 'utf8')).slice(0, 1000);
    const features = new Map(baskets.flat().map((name) => [name, featuresFromName(name)]));
    const options: EvaluationOptions = {
      seed: 11,
      validationShare: 0.3,
      k: 10,
      gridStep: 0.25,
      recs: DEFAULT_RECS_OPTIONS,
      consumableCategoryIds: ['dairy'],
      builtAt: 0,
    };
    const evaluation = evaluateRecommenders(baskets, features, options);
    const row = (method: string): MethodResult => {
      const found = evaluation.rows.find((r) => r.method === method);
      if (found === undefined) throw new Error(`no row ${method}`);
      return found;
    };

    it('reports every method on the same test baskets, reproducibly', () => {
      expect(evaluation.rows.map((r) => r.method)).toEqual([
        'popularity',
        'bought-together',
        'collaborative',
        'content',
        'hybrid-spec',
        'hybrid-tuned',
        'hybrid-spec-consumables-kept',
        'ease-reference',
      ]);
      expect(evaluation.easeLambda).toBeGreaterThan(0);
      for (const r of evaluation.rows) {
        expect(r.cases).toBe(evaluation.testCases);
        expect(r.precision).toBeCloseTo(r.hitRate / 10, 12);
      }
      expect(evaluation.testCases + evaluation.validationCases).toBeGreaterThan(700);
      expect(evaluateRecommenders(baskets, features, options).rows).toEqual(evaluation.rows);
    });

    it('the shipped model lists exactly what mixing the components with SPEC weights ranks', () => {
      expect(evaluation.model.params.weights).toEqual(SPEC_HYBRID_WEIGHTS);
      const collector = collectPurchases(DEFAULT_RECS_OPTIONS.collect);
      for (const b of evaluation.split.training) collector.addBasket(b);
      const all = { collaborative: 1, content: 1, popularity: 1, boughtTogether: 1 };
      const trained = trainRecs(collector.finish(), features, {
        ...DEFAULT_RECS_OPTIONS,
        weights: all,
      });
      const score = createMemberScorer(trained);
      const lookup = openRecsLookup(evaluation.model);
      for (const c of evaluation.split.cases.slice(0, 200)) {
        const member = trained.memberIndex.get(c.memberId) ?? -1;
        const mixed = mixComponents(trained, score(member), SPEC_HYBRID_WEIGHTS, 10).map(
          (s) => trained.counts.productIds[s.item],
        );
        const served = lookup.forMember(c.memberId, { k: 10, fill: false }).map((s) => s.productId);
        expect(served).toEqual(mixed);
      }
    });

    it('finds the measured order: tuning helps, SPEC weights trail best sellers (see docs)', () => {
      // The finding docs/recommendations.md reports: on these baskets the SPEC mix loses to best
      // sellers and tuning on the validation share wins most of it back. The goal (1.3× best
      // sellers) is not met; if this ever flips, revisit the shipped weights and the docs.
      expect(row('hybrid-tuned').hitRate).toBeGreaterThan(row('hybrid-spec').hitRate);
      expect(row('hybrid-spec').hitRate).toBeLessThan(row('popularity').hitRate);
      expect(row('hybrid-tuned').hitRate).toBeGreaterThan(row('popularity').hitRate - 0.05);
      expect(row('content').hitRate).toBeLessThan(row('collaborative').hitRate);
      expect(row('popularity').hitRate).toBeGreaterThan(0.3);
    });
  },
);
