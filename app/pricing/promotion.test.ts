import { describe, expect, it } from 'vitest';
import type { Promotion } from './promotion';
import { isPromotionValidAt, normalizeCouponCode, promotionSchema } from './promotion';

const promotion: Promotion = {
  id: 'p1',
  name: 'Dairy week',
  priority: 10,
  startsAt: 1_000,
  endsAt: 2_000,
  stacking: 'stackable',
  stackingGroup: null,
  targets: { kind: 'categories', categoryIds: ['dairy'] },
  rule: { kind: 'percentOff', basisPoints: 1000 },
};

describe('isPromotionValidAt', () => {
  it('includes the start instant and excludes the end instant', () => {
    expect(isPromotionValidAt(promotion, 999)).toBe(false);
    expect(isPromotionValidAt(promotion, 1_000)).toBe(true);
    expect(isPromotionValidAt(promotion, 1_999)).toBe(true);
    expect(isPromotionValidAt(promotion, 2_000)).toBe(false);
  });
});

describe('promotionSchema', () => {
  it('accepts each kind of rule', () => {
    const rules = [
      { kind: 'percentOff', basisPoints: 10_000 },
      { kind: 'amountOff', amount: 500, per: 'once' },
      { kind: 'fixedPrice', unitPrice: 990 },
      {
        kind: 'buyXGetY',
        buyQuantity: 2,
        getQuantity: 1,
        get: { kind: 'sameTargets' },
        basisPoints: 10_000,
      },
      {
        kind: 'buyXGetY',
        buyQuantity: 1,
        getQuantity: 1,
        get: { kind: 'products', productIds: ['cup'] },
        basisPoints: 5000,
      },
      { kind: 'bundle', items: [{ productId: 'a', quantity: 1 }], price: 1000 },
      { kind: 'nthItemOff', n: 2, basisPoints: 5000 },
      { kind: 'memberPrice' },
      { kind: 'flashSale', flashPrice: 100, perMemberLimit: 2 },
    ];
    for (const rule of rules) {
      expect(promotionSchema.safeParse({ ...promotion, rule }).success, rule.kind).toBe(true);
    }
  });

  it.each([
    ['an end before the start', { startsAt: 2_000, endsAt: 2_000 }],
    ['more than 100 % off', { rule: { kind: 'percentOff', basisPoints: 10_001 } }],
    ['a fractional amount', { rule: { kind: 'amountOff', amount: 1.5, per: 'once' } }],
    ['an Nth item of 1', { rule: { kind: 'nthItemOff', n: 1, basisPoints: 5000 } }],
    ['an empty product target', { targets: { kind: 'products', productIds: [] } }],
    ['an unknown stacking', { stacking: 'sometimes' }],
    ['an unknown member level', { memberLevels: ['diamond'] }],
  ])('refuses %s', (_what, change) => {
    expect(promotionSchema.safeParse({ ...promotion, ...change }).success).toBe(false);
  });
});

describe('normalizeCouponCode', () => {
  it('trims and upper-cases', () => {
    expect(normalizeCouponCode('  save10 ')).toBe('SAVE10');
  });
});
