import { describe, expect, it } from 'vitest';
import type { RecsModel } from './recs-model';
import { RECS_MODEL_FORMAT } from './recs-model';
import { openRecsLookup } from './recs-lookup';
import { DEFAULT_RECS_LIMITS, SPEC_HYBRID_WEIGHTS } from './recs-options';

const MODEL: RecsModel = {
  format: RECS_MODEL_FORMAT,
  storeId: 'store-1',
  version: 7,
  builtAt: 0,
  params: {
    weights: SPEC_HYBRID_WEIGHTS,
    neighbours: 50,
    measure: 'cosine',
    minSupport: 3,
    limits: DEFAULT_RECS_LIMITS,
    repeatCategoryIds: [],
    repeatDecay: 0.5,
  },
  stats: { baskets: 10, lines: 30, products: 6, members: 1, pairFloor: 0 },
  popular: [
    ['milk', 1],
    ['bread', 0.8],
    ['beer', 0.5],
    ['chips', 0.4],
  ],
  boughtWith: [
    [
      'bread',
      [
        ['butter', 0.6],
        ['milk', 0.5],
        ['jam', 0.2],
      ],
    ],
    [
      'milk',
      [
        ['bread', 0.5],
        ['jam', 0.3],
      ],
    ],
    ['beer', [['chips', 0.9]]],
  ],
  forMember: [
    [
      'alice',
      [
        ['jam', 0.7],
        ['beer', 0.3],
      ],
    ],
  ],
};

const ids = (list: readonly { productId: string }[]) => list.map((s) => s.productId);

describe('openRecsLookup', () => {
  const lookup = openRecsLookup(MODEL);

  it('answers "frequently bought with" top k, and nothing for an unknown product', () => {
    expect(lookup.boughtWith('bread', 2)).toEqual([
      ['butter', 0.6],
      ['milk', 0.5],
    ]);
    expect(lookup.boughtWith('caviar', 5)).toEqual([]);
    expect(lookup.version).toBe(7);
  });

  it('sums bought-with over the cart, never suggests what is in it, then tops up', () => {
    const add = lookup.forCart(['bread', 'milk'], { k: 4 });
    // jam collects 0.2 (from bread) + 0.3 (from milk); milk and bread are in the cart.
    expect(add.slice(0, 2)).toEqual([
      { productId: 'butter', score: 0.6, reason: 'bought-with' },
      { productId: 'jam', score: 0.5, reason: 'bought-with' },
    ]);
    expect(ids(add)).toEqual(['butter', 'jam', 'beer', 'chips']);
    expect(add[2]?.reason).toBe('popular');
    expect(ids(lookup.forCart(['beer'], { k: 3, memberId: 'alice' }))).toEqual([
      'chips',
      'jam',
      'milk',
    ]);
    expect(lookup.forCart(['bread'], { k: 5, fill: false })).toHaveLength(3);
  });

  it('answers "for you" without the cart, and best sellers for someone unknown', () => {
    expect(ids(lookup.forMember('alice', { k: 3, exclude: ['beer'] }))).toEqual([
      'jam',
      'milk',
      'bread',
    ]);
    expect(ids(lookup.forMember('alice', { k: 3, fill: false }))).toEqual(['jam', 'beer']);
    expect(ids(lookup.forMember('zed', { k: 2 }))).toEqual(['milk', 'bread']);
    expect(lookup.popular(2, ['milk'])).toEqual([
      { productId: 'bread', score: 0.8, reason: 'popular' },
      { productId: 'beer', score: 0.5, reason: 'popular' },
    ]);
  });
});
