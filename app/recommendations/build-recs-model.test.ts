import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProductFeatures } from '../catalog';
import { buildRecsModel } from './build-recs-model';
import type { Basket } from './purchase-counts';
import { collectPurchases } from './purchase-counts';
import {
  parseRecsModel,
  recsModelEntryBound,
  recsModelEntryCount,
  serialiseRecsModel,
} from './recs-model';
import type { RecsOptions } from './recs-options';
import { DEFAULT_RECS_OPTIONS, SPEC_HYBRID_WEIGHTS, recsOptions } from './recs-options';
import { createMemberScorer, mixComponents, trainRecs } from './train-recs';

const STAMP = { storeId: 'store-1', version: 3, builtAt: 1_700_000_000_000 };

const feature = (categoryId: string, ...nameTokens: string[]): ProductFeatures => ({
  categoryId,
  brand: null,
  nameTokens,
});
const FEATURES = new Map<string, ProductFeatures>([
  ['milk', feature('dairy', 'milk')],
  ['yogurt', feature('dairy', 'yogurt')],
  ['bread', feature('bakery', 'bread')],
  ['butter', feature('dairy', 'butter')],
  ['beer', feature('drinks', 'beer')],
  ['chips', feature('snacks', 'chips')],
]);

const basket = (memberId: string | null, ...productIds: string[]): Basket => ({
  memberId,
  productIds,
});
const HISTORY: readonly Basket[] = [
  basket('alice', 'milk', 'bread'),
  basket('alice', 'milk', 'butter'),
  basket('bob', 'milk', 'bread', 'yogurt'),
  basket('carol', 'beer', 'chips'),
  basket('dave', 'beer', 'chips', 'bread'),
  basket(null, 'milk', 'bread', 'butter'),
  basket(null, 'milk', 'yogurt'),
  basket(null, 'beer', 'chips'),
];
const options = (overrides: Partial<RecsOptions> = {}): RecsOptions =>
  recsOptions({ boughtTogether: { measure: 'cosine', minSupport: 1 }, ...overrides });
const forMember = (model: ReturnType<typeof buildRecsModel>, memberId: string) =>
  (model.forMember.find(([id]) => id === memberId)?.[1] ?? []).map(([id]) => id);

describe('buildRecsModel', () => {
  it('removes what the member bought, as SPEC §5 says', () => {
    const model = buildRecsModel(HISTORY, FEATURES, options(), STAMP);
    const alice = forMember(model, 'alice');
    expect(alice.length).toBeGreaterThan(0);
    for (const bought of ['milk', 'bread', 'butter']) expect(alice).not.toContain(bought);
  });

  it('keeps consumables the member bought, scored down by the decay', () => {
    const kept = buildRecsModel(
      HISTORY,
      FEATURES,
      options({ repeatPurchase: { categoryIds: ['dairy'], decay: 0.5 } }),
      STAMP,
    );
    const alice = forMember(kept, 'alice');
    expect(alice).toContain('milk');
    expect(alice).toContain('butter');
    expect(alice).not.toContain('bread');

    const counts = collectPurchases();
    for (const b of HISTORY) counts.addBasket(b);
    const finished = counts.finish();
    const full = trainRecs(
      finished,
      FEATURES,
      options({ repeatPurchase: { categoryIds: ['dairy'], decay: 1 } }),
    );
    const half = trainRecs(
      finished,
      FEATURES,
      options({ repeatPurchase: { categoryIds: ['dairy'], decay: 0.5 } }),
    );
    const alicesIndex = full.memberIndex.get('alice') ?? -1;
    const score = (t: typeof full, id: string) =>
      mixComponents(t, createMemberScorer(t)(alicesIndex), SPEC_HYBRID_WEIGHTS, 10).find(
        (s) => finished.productIds[s.item] === id,
      )?.score ?? 0;
    expect(score(half, 'milk')).toBeCloseTo(score(full, 'milk') * 0.5, 12);
    expect(score(half, 'yogurt')).toBeCloseTo(score(full, 'yogurt'), 12);
  });

  it('applies the hybrid weights: popularity alone ranks by best sellers', () => {
    const popular = buildRecsModel(
      HISTORY,
      FEATURES,
      options({ weights: { collaborative: 0, content: 0, popularity: 1, boughtTogether: 0 } }),
      STAMP,
    );
    // carol bought beer and chips; the best sellers left are milk (5), bread (4), then ties.
    expect(forMember(popular, 'carol').slice(0, 2)).toEqual(['milk', 'bread']);
    const content = buildRecsModel(
      HISTORY,
      FEATURES,
      options({ weights: { collaborative: 0, content: 1, popularity: 0, boughtTogether: 0 } }),
      STAMP,
    );
    // alice's profile is dairy and bakery: yogurt (dairy) is her only content match left.
    expect(forMember(content, 'alice')).toEqual(['yogurt']);
    const mixed = buildRecsModel(
      HISTORY,
      FEATURES,
      options({ weights: { collaborative: 0, content: 1, popularity: 0.5, boughtTogether: 0 } }),
      STAMP,
    );
    const carol = mixed.forMember.find(([id]) => id === 'carol')?.[1] ?? [];
    // carol has no content match left: scores are 0.5 × popularity / the best popularity.
    expect(carol[0]).toEqual(['milk', 0.5]);
    expect(carol[1]).toEqual(['bread', 0.4]);
  });

  it('is the same value for the same history and seed', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            memberId: fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: null }),
            productIds: fc.array(fc.constantFrom(...FEATURES.keys()), {
              minLength: 1,
              maxLength: 5,
            }),
          }),
          { maxLength: 30 },
        ),
        (history) => {
          const once = serialiseRecsModel(buildRecsModel(history, FEATURES, options(), STAMP));
          const twice = serialiseRecsModel(buildRecsModel(history, FEATURES, options(), STAMP));
          expect(twice).toBe(once);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('stays within the size bound its limits set', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            memberId: fc.option(fc.integer({ min: 0, max: 30 }).map(String), { nil: null }),
            productIds: fc.array(
              fc.integer({ min: 0, max: 40 }).map((n) => `p${n}`),
              {
                minLength: 1,
                maxLength: 8,
              },
            ),
          }),
          { maxLength: 80 },
        ),
        fc.record({
          boughtWithK: fc.integer({ min: 0, max: 5 }),
          forMemberK: fc.integer({ min: 0, max: 5 }),
          popularK: fc.integer({ min: 0, max: 5 }),
          maxProducts: fc.integer({ min: 0, max: 10 }),
          maxMembers: fc.integer({ min: 0, max: 10 }),
        }),
        (history, limits) => {
          const model = buildRecsModel(history, new Map(), options({ limits }), STAMP);
          expect(recsModelEntryCount(model)).toBeLessThanOrEqual(recsModelEntryBound(limits));
          expect(model.popular.length).toBeLessThanOrEqual(limits.popularK);
          expect(model.boughtWith.length).toBeLessThanOrEqual(limits.maxProducts);
          expect(model.forMember.length).toBeLessThanOrEqual(limits.maxMembers);
          for (const [, list] of model.boughtWith)
            expect(list.length).toBeLessThanOrEqual(limits.boughtWithK);
          for (const [, list] of model.forMember)
            expect(list.length).toBeLessThanOrEqual(limits.forMemberK);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('records what it was built from and with', () => {
    const model = buildRecsModel(HISTORY, FEATURES, DEFAULT_RECS_OPTIONS, STAMP);
    expect(model.stats).toEqual({ baskets: 8, lines: 19, products: 6, members: 4, pairFloor: 0 });
    expect(model.version).toBe(3);
    expect(model.params.weights).toEqual(SPEC_HYBRID_WEIGHTS);
    expect(model.params.neighbours).toBe(50);
    expect(model.popular[0]).toEqual(['milk', 1]);
  });
});

describe('the model as JSON', () => {
  it('round-trips through serialise and parse', () => {
    const model = buildRecsModel(HISTORY, FEATURES, options(), STAMP);
    const parsed = parseRecsModel(serialiseRecsModel(model));
    expect(parsed).toEqual({ ok: true, value: model });
  });

  it('refuses damaged text, an unknown format and a malformed model', () => {
    const model = buildRecsModel(HISTORY, FEATURES, options(), STAMP);
    const text = serialiseRecsModel(model);
    const code = (t: string) => {
      const r = parseRecsModel(t);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(code(text.slice(0, 40))).toBe('recs.model_unreadable');
    expect(code(JSON.stringify({ ...model, format: 'recs-model/2' }))).toBe('recs.model_format');
    expect(code(JSON.stringify({ ...model, popular: [['milk', 'high']] }))).toBe(
      'recs.model_invalid',
    );
    expect(code(JSON.stringify({ ...model, version: -1 }))).toBe('recs.model_invalid');
  });
});
