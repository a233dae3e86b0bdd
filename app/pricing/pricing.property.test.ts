// Properties of the engine over random carts and promotions: totals are the sum of their parts,
// cart discounts lose no minor unit, no line goes negative, promotions never raise the price,
// and the answer does not depend on the order promotions are listed in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MemberLevel } from '../catalog';
import { MEMBER_LEVELS } from '../catalog';
import { multiplyRatio } from '../money';
import { priceCart } from './price-cart';
import type { ManualDiscount, PricingInput, PricingLine } from './pricing-input';
import type { Promotion, PromotionRule, PromotionTargets } from './promotion';

const NOW = 1_700_000_000_000;
const PRODUCTS = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
const CATEGORIES = ['c0', 'c1', 'c2'];

const manualDiscount: fc.Arbitrary<ManualDiscount> = fc.oneof(
  fc.record({
    kind: fc.constant('percent' as const),
    basisPoints: fc.integer({ min: 0, max: 10_000 }),
  }),
  fc.record({ kind: fc.constant('amount' as const), amount: fc.integer({ min: 0, max: 50_000 }) }),
);

const memberPrices = fc.dictionary(
  fc.constantFrom(...MEMBER_LEVELS),
  fc.integer({ min: 0, max: 30_000 }),
  {
    maxKeys: 4,
  },
) as fc.Arbitrary<Partial<Record<MemberLevel, number>>>;

const lineShape = fc.record({
  productId: fc.constantFrom(...PRODUCTS),
  categoryId: fc.constantFrom(...CATEGORIES),
  weighed: fc.boolean(),
  units: fc.integer({ min: 1, max: 12 }),
  grams: fc.integer({ min: 1, max: 5000 }),
  unitPrice: fc.integer({ min: 0, max: 30_000 }),
  priceSource: fc.constantFrom<PricingLine['priceSource']>(
    'catalog',
    'catalog',
    'catalog',
    'override',
    'openPrice',
  ),
  taxRateBasisPoints: fc.constantFrom(0, 600, 900, 1300),
  memberPrices,
  manualDiscount: fc.option(manualDiscount, { nil: null }),
});

const lines: fc.Arbitrary<PricingLine[]> = fc.array(lineShape, { maxLength: 14 }).map((shapes) =>
  shapes.map((s, i) => ({
    lineId: `l${i}`,
    productId: s.productId,
    categoryId: s.categoryId,
    soldBy: s.weighed ? 'weight' : 'each',
    quantity: s.weighed ? s.grams : s.units,
    unitPrice: s.unitPrice,
    priceSource: s.priceSource,
    taxRateBasisPoints: s.taxRateBasisPoints,
    memberPrices: s.memberPrices,
    manualDiscount: s.manualDiscount,
  })),
);

const basisPoints = fc.integer({ min: 0, max: 10_000 });
const productList = fc.uniqueArray(fc.constantFrom(...PRODUCTS), { minLength: 1, maxLength: 3 });

const rule: fc.Arbitrary<PromotionRule> = fc.oneof(
  fc.record({ kind: fc.constant('percentOff' as const), basisPoints }),
  fc.record({
    kind: fc.constant('amountOff' as const),
    amount: fc.integer({ min: 0, max: 5000 }),
    per: fc.constantFrom('unit' as const, 'once' as const),
  }),
  fc.record({
    kind: fc.constant('fixedPrice' as const),
    unitPrice: fc.integer({ min: 0, max: 30_000 }),
  }),
  fc.record({
    kind: fc.constant('buyXGetY' as const),
    buyQuantity: fc.integer({ min: 1, max: 3 }),
    getQuantity: fc.integer({ min: 1, max: 2 }),
    get: fc.oneof(
      fc.constant({ kind: 'sameTargets' as const }),
      productList.map((productIds) => ({ kind: 'products' as const, productIds })),
    ),
    basisPoints,
  }),
  fc.record({
    kind: fc.constant('bundle' as const),
    items: fc.array(
      fc.record({
        productId: fc.constantFrom(...PRODUCTS),
        quantity: fc.integer({ min: 1, max: 3 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    price: fc.integer({ min: 0, max: 40_000 }),
  }),
  fc.record({
    kind: fc.constant('nthItemOff' as const),
    n: fc.integer({ min: 2, max: 4 }),
    basisPoints,
  }),
  fc.constant({ kind: 'memberPrice' as const }),
  fc.record({
    kind: fc.constant('flashSale' as const),
    flashPrice: fc.integer({ min: 0, max: 30_000 }),
    perMemberLimit: fc.integer({ min: 1, max: 5 }),
  }),
);

const targets: fc.Arbitrary<PromotionTargets> = fc.oneof(
  fc.constant({ kind: 'cart' as const }),
  productList.map((productIds) => ({ kind: 'products' as const, productIds })),
  fc
    .uniqueArray(fc.constantFrom(...CATEGORIES), { minLength: 1, maxLength: 2 })
    .map((categoryIds) => ({ kind: 'categories' as const, categoryIds })),
);

const promotionShape = fc.record({
  priority: fc.integer({ min: 1, max: 5 }),
  startOffset: fc.integer({ min: -3, max: 1 }),
  length: fc.integer({ min: 1, max: 4 }),
  stacking: fc.constantFrom('exclusive' as const, 'stackable' as const, 'stackable' as const),
  stackingGroup: fc.constantFrom(null, null, 'g1', 'g2'),
  targets,
  minQuantity: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
  minSpend: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
  couponCode: fc.option(fc.constantFrom('A', 'B'), { nil: undefined }),
  memberLevels: fc.option(fc.uniqueArray(fc.constantFrom(...MEMBER_LEVELS), { minLength: 1 }), {
    nil: undefined,
  }),
  rule,
});

const promotions: fc.Arbitrary<Promotion[]> = fc
  .array(promotionShape, { maxLength: 8 })
  .map((shapes) =>
    shapes.map((s, i) => ({
      id: `promo-${i}`,
      name: `Promotion ${i}`,
      priority: s.priority,
      startsAt: NOW + s.startOffset,
      endsAt: NOW + s.startOffset + s.length,
      stacking: s.stacking,
      stackingGroup: s.stackingGroup,
      targets: s.targets,
      minQuantity: s.minQuantity,
      minSpend: s.minSpend,
      couponCode: s.couponCode,
      memberLevels: s.memberLevels,
      rule: s.rule,
    })),
  );

const rounding = fc.constantFrom(
  'halfUp' as const,
  'halfEven' as const,
  'down' as const,
  'up' as const,
);

const input: fc.Arbitrary<PricingInput> = fc.record({
  currency: fc.constant('CNY'),
  taxMode: fc.constantFrom('inclusive' as const, 'exclusive' as const),
  now: fc.constant(NOW),
  lines,
  promotions,
  memberLevel: fc.option(fc.constantFrom(...MEMBER_LEVELS), { nil: null }),
  couponCodes: fc.subarray(['A', 'B']),
  flashSaleAllowances: fc.dictionary(
    fc.constantFrom('promo-0', 'promo-1', 'promo-2', 'promo-3'),
    fc.integer({ min: 0, max: 4000 }),
  ),
  cartDiscount: fc.option(manualDiscount, { nil: null }),
  options: fc.record({
    discountRounding: rounding,
    taxRounding: rounding,
    weightRounding: rounding,
    maxEvaluations: fc.integer({ min: 2, max: 64 }),
  }),
});

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

describe('pricing properties', () => {
  it('the totals are the sum of their parts', () => {
    fc.assert(
      fc.property(input, (data) => {
        const cart = priceCart(data);
        const t = cart.totals;
        expect(sum(cart.lines.map((l) => l.net.amount))).toBe(t.net.amount);
        expect(sum(cart.lines.map((l) => l.gross.amount))).toBe(t.subtotal.amount);
        expect(
          t.promotionDiscount.amount + t.manualLineDiscount.amount + t.manualCartDiscount.amount,
        ).toBe(t.discountTotal.amount);
        expect(t.subtotal.amount - t.discountTotal.amount).toBe(t.net.amount);
        expect(sum(t.taxByRate.map((r) => r.tax.amount))).toBe(t.taxTotal.amount);
        expect(sum(t.taxByRate.map((r) => r.base.amount))).toBe(t.net.amount);
        expect(sum(cart.lines.map((l) => l.tax.amount))).toBe(t.taxTotal.amount);
        expect(t.total.amount).toBe(
          data.taxMode === 'inclusive' ? t.net.amount : t.net.amount + t.taxTotal.amount,
        );
        for (const l of cart.lines) {
          expect(sum(l.adjustments.map((a) => a.saved.amount))).toBe(l.discount.amount);
          expect(l.gross.amount - l.discount.amount).toBe(l.net.amount);
        }
        for (const p of cart.appliedPromotions) {
          const onLines = cart.lines.flatMap((l) =>
            l.adjustments.filter((a) => a.kind === 'promotion' && a.promotionId === p.promotionId),
          );
          expect(sum(onLines.map((a) => a.saved.amount))).toBe(p.saved.amount);
          expect(p.saved.amount).toBeGreaterThan(0);
          expect(p.text).not.toBe('');
        }
        expect(sum(cart.appliedPromotions.map((p) => p.saved.amount))).toBe(
          t.promotionDiscount.amount,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('a cart discount is spread over the lines without losing or inventing a minor unit', () => {
    fc.assert(
      fc.property(input, (data) => {
        const cart = priceCart(data);
        const base = cart.totals.net.amount + cart.totals.manualCartDiscount.amount;
        const discount = data.cartDiscount;
        const expected =
          discount === null
            ? 0
            : discount.kind === 'percent'
              ? multiplyRatio(
                  base,
                  discount.basisPoints,
                  10_000,
                  data.options?.discountRounding ?? 'halfUp',
                )
              : Math.min(discount.amount, base);
        expect(cart.totals.manualCartDiscount.amount).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('never makes a line negative, and never charges more than without promotions', () => {
    fc.assert(
      fc.property(input, (data) => {
        const cart = priceCart(data);
        const without = priceCart({ ...data, promotions: [] });
        for (const l of cart.lines) {
          expect(l.net.amount).toBeGreaterThanOrEqual(0);
          expect(l.net.amount).toBeLessThanOrEqual(l.gross.amount);
          expect(l.tax.amount).toBeGreaterThanOrEqual(0);
        }
        expect(cart.totals.total.amount).toBeLessThanOrEqual(without.totals.total.amount);
      }),
      { numRuns: 300 },
    );
  });

  it('applies only promotions that are valid now, with their coupon and member level', () => {
    fc.assert(
      fc.property(input, (data) => {
        const cart = priceCart(data);
        for (const applied of cart.appliedPromotions) {
          const p = data.promotions.find((x) => x.id === applied.promotionId);
          expect(p).toBeDefined();
          if (p === undefined) continue;
          expect(p.startsAt <= NOW && NOW < p.endsAt).toBe(true);
          if (p.couponCode !== undefined) expect(data.couponCodes).toContain(p.couponCode);
          if (p.memberLevels !== undefined) expect(p.memberLevels).toContain(data.memberLevel);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order the promotions are listed in', () => {
    fc.assert(
      fc.property(input, (data) => {
        expect(priceCart({ ...data, promotions: [...data.promotions].reverse() })).toEqual(
          priceCart(data),
        );
      }),
      { numRuns: 200 },
    );
  });
});
