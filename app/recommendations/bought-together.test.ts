import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boughtTogetherLists, coOccurrenceScore } from './bought-together';
import { collectPurchases, pairKey, pairOf } from './purchase-counts';

const countsOf = (
  baskets: readonly (readonly string[])[],
  maxBasketItemsForPairs = 30,
  maxPairs = 1000,
) => {
  const c = collectPurchases({ maxBasketItemsForPairs, maxPairs, seed: 1 });
  for (const productIds of baskets) c.addBasket({ memberId: null, productIds });
  return c.finish();
};
const named = (
  counts: ReturnType<typeof countsOf>,
  lists: ReturnType<typeof boughtTogetherLists>,
  id: string,
) => (lists[counts.productIds.indexOf(id)] ?? []).map((s) => [counts.productIds[s.item], s.score]);

describe('bought together', () => {
  const baskets = [['a', 'b'], ['a', 'b'], ['a', 'c'], ['a', 'b', 'c'], ['c', 'd'], ['b']];

  it('scores by cosine, confidence or lift', () => {
    expect(coOccurrenceScore('cosine', 3, 4, 4, 10)).toBe(0.75);
    expect(coOccurrenceScore('confidence', 3, 4, 6, 10)).toBe(0.75);
    expect(coOccurrenceScore('lift', 2, 4, 5, 10)).toBe(1);
    expect(coOccurrenceScore('cosine', 0, 0, 5, 10)).toBe(0);
  });

  it('keeps only pairs seen in at least the minimum support', () => {
    const counts = countsOf(baskets);
    const lists = boughtTogetherLists(counts, { measure: 'cosine', minSupport: 2, k: 10 });
    // a∧b in 3 baskets, a∧c in 2, b∧c in 1, c∧d in 1.
    expect(named(counts, lists, 'a').map(([id]) => id)).toEqual(['b', 'c']);
    expect(named(counts, lists, 'd')).toEqual([]);
    const support3 = boughtTogetherLists(counts, { measure: 'cosine', minSupport: 3, k: 10 });
    expect(named(counts, support3, 'a').map(([id]) => id)).toEqual(['b']);
  });

  it('is asymmetric under confidence: n(a∧b)/n(a) in a list, /n(b) in b list', () => {
    const counts = countsOf(baskets);
    const lists = boughtTogetherLists(counts, { measure: 'confidence', minSupport: 1, k: 10 });
    expect(named(counts, lists, 'a')[0]).toEqual(['b', 3 / 4]);
    expect(named(counts, lists, 'b')[0]).toEqual(['a', 3 / 4]);
    expect(named(counts, lists, 'd')).toEqual([['c', 1]]);
    expect(named(counts, lists, 'c').find(([id]) => id === 'd')).toEqual(['d', 1 / 3]);
  });

  it('counts at most n·(n−1)/2 pairs for a huge basket', () => {
    const huge = Array.from({ length: 200 }, (_, i) => `p${i}`);
    const counts = countsOf([huge], 10);
    expect(counts.pairCounts.size).toBe(45);
    expect(counts.productBaskets.every((n) => n === 1)).toBe(true);
    expect(counts.lines).toBe(200);
  });

  it('prunes the rarest pairs when the table is full, and says so', () => {
    const many = Array.from({ length: 60 }, (_, i) => [`x${i}`, `y${i}`]);
    const counts = countsOf([...many, ['a', 'b'], ['a', 'b'], ['a', 'b']], 30, 40);
    expect(counts.pairCounts.size).toBeLessThanOrEqual(40);
    expect(counts.pairFloor).toBeGreaterThan(0);
    expect(
      counts.pairCounts.get(
        pairKey(counts.productIds.indexOf('a'), counts.productIds.indexOf('b')),
      ),
    ).toBe(3);
  });

  it('numbers a pair the same whichever way round', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 21 - 1 }), fc.nat({ max: 2 ** 21 - 1 }), (a, b) => {
        fc.pre(a !== b);
        expect(pairKey(a, b)).toBe(pairKey(b, a));
        expect(pairOf(pairKey(a, b))).toEqual([Math.min(a, b), Math.max(a, b)]);
      }),
    );
  });
});
