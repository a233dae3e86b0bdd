// Stacking, exclusivity, the choice of the best combination, and the deterministic tie-breaks.
import { describe, expect, it } from 'vitest';
import { priceCart } from './price-cart';
import type { PricedCart } from './priced-cart';
import type { PricingInput, PricingLine } from './pricing-input';
import type { Promotion, PromotionRule } from './promotion';

const NOW = 1_700_000_000_000;

function line(lineId: string, productId: string, unitPrice: number, quantity = 1): PricingLine {
  return {
    lineId,
    productId,
    categoryId: 'grocery',
    soldBy: 'each',
    quantity,
    unitPrice,
    priceSource: 'catalog',
    taxRateBasisPoints: 1300,
    memberPrices: {},
    manualDiscount: null,
  };
}

function promo(id: string, rule: PromotionRule, extra: Partial<Promotion> = {}): Promotion {
  return {
    id,
    name: `Promotion ${id}`,
    priority: 10,
    startsAt: NOW - 1000,
    endsAt: NOW + 1000,
    stacking: 'stackable',
    stackingGroup: null,
    targets: { kind: 'cart' },
    rule,
    ...extra,
  };
}

function price(
  lines: PricingLine[],
  promotions: Promotion[],
  extra: Partial<PricingInput> = {},
): PricedCart {
  return priceCart({
    currency: 'CNY',
    taxMode: 'inclusive',
    now: NOW,
    lines,
    promotions,
    memberLevel: null,
    couponCodes: [],
    flashSaleAllowances: {},
    cartDiscount: null,
    ...extra,
  });
}

const applied = (cart: PricedCart): string[] =>
  cart.appliedPromotions.map((p) => p.promotionId).sort();
const on = (...productIds: string[]): Promotion['targets'] => ({ kind: 'products', productIds });
const percent = (basisPoints: number): PromotionRule => ({ kind: 'percentOff', basisPoints });
const amountOnce = (amount: number): PromotionRule => ({ kind: 'amountOff', amount, per: 'once' });

describe('exclusive promotions', () => {
  const lines = [line('a', 'tea', 1000), line('b', 'bread', 1000)];

  it('win when they save more than everything they shut out', () => {
    const cart = price(lines, [
      promo('ex', percent(5000), { stacking: 'exclusive', targets: on('tea') }),
      promo('s1', percent(1000), { targets: on('tea') }),
    ]);
    expect(applied(cart)).toEqual(['ex']);
    expect(cart.totals.total.amount).toBe(1500);
  });

  it('lose when the stackable ones together save more', () => {
    const cart = price(lines, [
      promo('ex', percent(2000), { stacking: 'exclusive', targets: on('tea') }),
      promo('s1', percent(1500), { targets: on('tea') }),
      promo('s2', amountOnce(100), { targets: on('tea') }),
    ]);
    expect(applied(cart)).toEqual(['s1', 's2']);
    expect(cart.totals.total.amount).toBe(1000 + 750);
  });

  it('keep their lines to themselves; a whole-cart coupon still reaches the other lines', () => {
    const cart = price(
      lines,
      [
        promo('ex', percent(5000), { stacking: 'exclusive', targets: on('tea') }),
        promo('cp', percent(1000), { couponCode: 'TEN' }),
      ],
      { couponCodes: ['TEN'] },
    );
    expect(applied(cart)).toEqual(['cp', 'ex']);
    expect(cart.appliedPromotions.find((p) => p.promotionId === 'cp')?.lineIds).toEqual(['b']);
    expect(cart.totals.total.amount).toBe(500 + 900);
  });

  it('two overlapping exclusive promotions never both apply', () => {
    const cart = price(lines, [
      promo('e1', percent(3000), { stacking: 'exclusive', targets: on('tea') }),
      promo('e2', percent(2000), { stacking: 'exclusive' }),
    ]);
    expect(applied(cart)).toEqual(['e2']); // 400 off the cart beats 300 off the tea
  });

  it('exclusive promotions on different lines both apply', () => {
    const cart = price(lines, [
      promo('e1', percent(3000), { stacking: 'exclusive', targets: on('tea') }),
      promo('e2', percent(2000), { stacking: 'exclusive', targets: on('bread') }),
    ]);
    expect(applied(cart)).toEqual(['e1', 'e2']);
    expect(cart.search.strategy).toBe('exhaustive');
  });
});

describe('stacking groups', () => {
  const lines = [line('a', 'tea', 1000)];

  it('let a line take one promotion of a group: the one saving more', () => {
    const cart = price(lines, [
      promo('fixed', { kind: 'fixedPrice', unitPrice: 800 }, { stackingGroup: 'price' }),
      promo('ten', percent(1000), { stackingGroup: 'price' }),
    ]);
    expect(applied(cart)).toEqual(['fixed']);
    expect(cart.totals.total.amount).toBe(800);
  });

  it('without a shared group, promotions stack in order: price first, then percentages', () => {
    const cart = price(lines, [
      promo('ten', percent(1000), { stackingGroup: 'item' }),
      promo('fixed', { kind: 'fixedPrice', unitPrice: 800 }, { stackingGroup: 'price' }),
    ]);
    expect(applied(cart)).toEqual(['fixed', 'ten']);
    expect(cart.totals.total.amount).toBe(720);
  });

  it('one coupon per line when coupons share a group', () => {
    const cart = price(
      [line('a', 'tea', 1000), line('b', 'rice', 2000)],
      [
        promo('c1', amountOnce(300), { couponCode: 'A', stackingGroup: 'coupon' }),
        promo('c2', amountOnce(200), { couponCode: 'B', stackingGroup: 'coupon' }),
      ],
      { couponCodes: ['A', 'B'] },
    );
    expect(applied(cart)).toEqual(['c1']);
  });
});

describe('the best combination', () => {
  it('gives up an item discount when it would lose a minimum-spend cart discount', () => {
    // ¥100 of goods; "spend ¥100 get ¥30 off" beats 5 % off the tea, which would take the spend
    // below ¥100.
    const lines = [line('a', 'tea', 2000), line('b', 'rice', 8000)];
    const cart = price(lines, [
      promo('tea5', percent(500), { targets: on('tea') }),
      promo('spend100', amountOnce(3000), { minSpend: 10_000 }),
    ]);
    expect(applied(cart)).toEqual(['spend100']);
    expect(cart.totals.total.amount).toBe(7000);
  });

  it('judges a minimum spend after item discounts when both can apply', () => {
    const lines = [line('a', 'tea', 2000), line('b', 'rice', 9000)];
    const cart = price(lines, [
      promo('tea5', percent(500), { targets: on('tea') }),
      promo('spend100', amountOnce(3000), { minSpend: 10_000 }),
    ]);
    expect(applied(cart)).toEqual(['spend100', 'tea5']);
    expect(cart.totals.total.amount).toBe(11_000 - 100 - 3000);
  });

  it('never charges more than the cart without promotions', () => {
    const lines = [line('a', 'tea', 2000, 3)];
    const cart = price(lines, [promo('dear', { kind: 'fixedPrice', unitPrice: 2500 })]);
    expect(cart.totals.total.amount).toBe(6000);
  });
});

describe('deterministic tie-breaks', () => {
  const lines = [line('a', 'tea', 1000)];

  it('equal savings: the better priority (lower number) wins', () => {
    const cart = price(lines, [
      promo('z', percent(1000), { stacking: 'exclusive', priority: 1 }),
      promo('a', amountOnce(100), { stacking: 'exclusive', priority: 5 }),
    ]);
    expect(applied(cart)).toEqual(['z']);
  });

  it('equal savings and priority: the smaller id wins, whatever the input order', () => {
    const promotions = [
      promo('b', percent(1000), { stacking: 'exclusive' }),
      promo('a', amountOnce(100), { stacking: 'exclusive' }),
    ];
    expect(applied(price(lines, promotions))).toEqual(['a']);
    expect(applied(price(lines, [...promotions].reverse()))).toEqual(['a']);
  });

  it('gives the same answer for any order of the promotions', () => {
    const many = [
      promo('p1', percent(1000), { targets: on('tea'), stackingGroup: 'g' }),
      promo('p2', amountOnce(150), { targets: on('tea'), stackingGroup: 'g' }),
      promo('p3', percent(2500), { stacking: 'exclusive', targets: on('rice') }),
      promo('p4', { kind: 'nthItemOff', n: 2, basisPoints: 5000 }, { targets: on('rice') }),
      promo('p5', amountOnce(500), { minSpend: 3000 }),
    ];
    const cartLines = [line('a', 'tea', 1000, 2), line('b', 'rice', 1200, 2)];
    const first = price(cartLines, many);
    expect(price(cartLines, [...many].reverse())).toEqual(first);
    expect(
      price(
        cartLines,
        [many[2], many[4], many[0], many[3], many[1]].filter((p) => p !== undefined),
      ),
    ).toEqual(first);
  });
});

describe('search cap', () => {
  it('reports a capped search when there are too many exclusive combinations, and still picks well', () => {
    const lines = Array.from({ length: 8 }, (_, i) => line(`l${i}`, `p${i}`, 1000));
    const promotions = lines.map((l, i) =>
      promo(`e${i}`, percent(1000), { stacking: 'exclusive', targets: on(l.productId) }),
    );
    const cart = price(lines, promotions);
    expect(cart.search.strategy).toBe('capped');
    expect(cart.appliedPromotions).toHaveLength(8);
    expect(cart.totals.total.amount).toBe(8 * 900);
  });

  it('honours a smaller evaluation budget', () => {
    const lines = [line('a', 'tea', 1000), line('b', 'rice', 1000)];
    const promotions = [
      promo('e1', percent(1000), { stacking: 'exclusive', targets: on('tea') }),
      promo('e2', percent(1000), { stacking: 'exclusive', targets: on('rice') }),
    ];
    expect(price(lines, promotions).search).toEqual({ strategy: 'exhaustive', evaluations: 4 });
    expect(price(lines, promotions, { options: { maxEvaluations: 4 } }).search.strategy).toBe(
      'capped',
    );
  });
});

describe('explanations', () => {
  it('put every applied promotion on each line it touched, adding up to its saving', () => {
    const cart = price(
      [line('a', 'milk', 350, 3), line('b', 'bread', 1200)],
      [
        promo(
          'b2g1',
          {
            kind: 'buyXGetY',
            buyQuantity: 2,
            getQuantity: 1,
            get: { kind: 'sameTargets' },
            basisPoints: 10_000,
          },
          { targets: on('milk'), name: '牛奶买二送一' },
        ),
        promo('ten', percent(1000), { minSpend: 1500 }),
      ],
    );
    expect(applied(cart)).toEqual(['b2g1', 'ten']);
    for (const promotion of cart.appliedPromotions) {
      const onLines = cart.lines.flatMap((l) =>
        l.adjustments.filter(
          (a) => a.kind === 'promotion' && a.promotionId === promotion.promotionId,
        ),
      );
      expect(onLines.length).toBeGreaterThan(0);
      expect(onLines.reduce((s, a) => s + a.saved.amount, 0)).toBe(promotion.saved.amount);
    }
    const milk = cart.lines[0];
    expect(milk?.adjustments.map((a) => a.text)).toEqual([
      'Buy 2 get 1 free −¥3.50',
      '10% off −¥0.70',
    ]);
    expect(milk?.adjustments[0]).toMatchObject({
      kind: 'promotion',
      promotionId: 'b2g1',
      name: '牛奶买二送一',
    });
  });
});
