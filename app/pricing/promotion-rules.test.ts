// Each kind of promotion on its own, with the boundary values of its conditions.
import { describe, expect, it } from 'vitest';
import { priceCart } from './price-cart';
import type { PricedCart } from './priced-cart';
import type { PricingInput, PricingLine } from './pricing-input';
import type { Promotion, PromotionRule } from './promotion';

const NOW = 1_700_000_000_000;

function line(
  lineId: string,
  productId: string,
  unitPrice: number,
  quantity: number,
  extra: Partial<PricingLine> = {},
): PricingLine {
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
    ...extra,
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

function net(cart: PricedCart, lineId: string): number {
  return cart.lines.find((l) => l.lineId === lineId)?.net.amount ?? Number.NaN;
}

function saved(cart: PricedCart, promotionId: string): number {
  return cart.appliedPromotions.find((p) => p.promotionId === promotionId)?.saved.amount ?? 0;
}

const products = (...productIds: string[]): Promotion['targets'] => ({
  kind: 'products',
  productIds,
});

describe('percent off', () => {
  it('takes the percentage of the targeted lines once and spreads it by amount', () => {
    const cart = price(
      [line('a', 'tea', 999, 1), line('b', 'tea', 1, 1), line('c', 'rice', 500, 1)],
      [promo('p', { kind: 'percentOff', basisPoints: 1500 }, { targets: products('tea') })],
    );
    // 15 % of 10.00 = 1.50, spread 149.85 : 0.15 → 150 : 0.
    expect(saved(cart, 'p')).toBe(150);
    expect([net(cart, 'a'), net(cart, 'b'), net(cart, 'c')]).toEqual([849, 1, 500]);
  });

  it('rounds by the discount rounding mode', () => {
    const lines = [line('a', 'tea', 999, 1)];
    const rule: PromotionRule = { kind: 'percentOff', basisPoints: 1500 }; // 149.85
    expect(saved(price(lines, [promo('p', rule)]), 'p')).toBe(150);
    expect(
      saved(price(lines, [promo('p', rule)], { options: { discountRounding: 'down' } }), 'p'),
    ).toBe(149);
  });

  it('at 100 % makes the lines free, never negative', () => {
    const cart = price(
      [line('a', 'tea', 999, 3)],
      [promo('p', { kind: 'percentOff', basisPoints: 10_000 })],
    );
    expect(net(cart, 'a')).toBe(0);
  });
});

describe('amount off', () => {
  it("'once' takes the amount off the targeted lines together", () => {
    const cart = price(
      [line('a', 'tea', 600, 1), line('b', 'tea', 400, 1)],
      [promo('p', { kind: 'amountOff', amount: 100, per: 'once' }, { targets: products('tea') })],
    );
    expect([net(cart, 'a'), net(cart, 'b')]).toEqual([540, 360]);
  });

  it("'once' never takes more than the lines come to", () => {
    const cart = price(
      [line('a', 'tea', 60, 1)],
      [promo('p', { kind: 'amountOff', amount: 100, per: 'once' })],
    );
    expect(net(cart, 'a')).toBe(0);
    expect(saved(cart, 'p')).toBe(60);
  });

  it("'unit' takes the amount off each unit, down to zero, and ignores weighed lines", () => {
    const cart = price(
      [
        line('a', 'tea', 300, 3),
        line('b', 'gum', 50, 2),
        line('c', 'apple', 1000, 500, { soldBy: 'weight' }),
      ],
      [promo('p', { kind: 'amountOff', amount: 100, per: 'unit' })],
    );
    expect([net(cart, 'a'), net(cart, 'b'), net(cart, 'c')]).toEqual([600, 0, 500]);
  });
});

describe('fixed price', () => {
  it('prices each unit at the fixed price', () => {
    const cart = price(
      [line('a', 'cola', 350, 4)],
      [promo('p', { kind: 'fixedPrice', unitPrice: 250 }, { targets: products('cola') })],
    );
    expect(net(cart, 'a')).toBe(1000);
  });

  it('prices a weighed line per kilogram, rounding the weight once', () => {
    // ¥12.99/kg → ¥9.99/kg on 1.235 kg: 12.33765 → 12.34.
    const cart = price(
      [line('a', 'pork', 1299, 1235, { soldBy: 'weight' })],
      [promo('p', { kind: 'fixedPrice', unitPrice: 999 })],
    );
    expect(cart.lines[0]?.gross.amount).toBe(1604);
    expect(net(cart, 'a')).toBe(1234);
  });

  it('never raises a price that is already lower', () => {
    const cart = price(
      [line('a', 'cola', 200, 1)],
      [promo('p', { kind: 'fixedPrice', unitPrice: 250 })],
    );
    expect(net(cart, 'a')).toBe(200);
    expect(cart.appliedPromotions).toEqual([]);
  });
});

describe('buy X get Y', () => {
  const b2g1 = promo(
    'b2g1',
    {
      kind: 'buyXGetY',
      buyQuantity: 2,
      getQuantity: 1,
      get: { kind: 'sameTargets' },
      basisPoints: 10_000,
    },
    { targets: products('milk', 'yogurt') },
  );

  it.each([
    [2, 0],
    [3, 1],
    [5, 1],
    [6, 2],
  ])('with %i units gives %i free', (units, free) => {
    const cart = price([line('a', 'milk', 350, units)], [b2g1]);
    expect(saved(cart, 'b2g1')).toBe(free * 350);
  });

  it('gives the cheapest unit across lines', () => {
    const cart = price([line('a', 'milk', 350, 2), line('b', 'yogurt', 200, 1)], [b2g1]);
    expect([net(cart, 'a'), net(cart, 'b')]).toEqual([700, 0]);
  });

  it('can reward another product at a percentage, cheapest first, within the units on the cart', () => {
    const rule: PromotionRule = {
      kind: 'buyXGetY',
      buyQuantity: 1,
      getQuantity: 1,
      get: { kind: 'products', productIds: ['cup', 'mug'] },
      basisPoints: 5000,
    };
    const cart = price(
      [line('a', 'coffee', 3000, 2), line('b', 'mug', 1000, 1), line('c', 'cup', 400, 5)],
      [promo('p', rule, { targets: products('coffee') })],
    );
    // Two coffees earn two rewards: the two cheapest units are cups at half price.
    expect([net(cart, 'a'), net(cart, 'b'), net(cart, 'c')]).toEqual([6000, 1000, 1600]);
  });

  it('gives nothing without the purchase, or without a reward product on the cart', () => {
    const rule: PromotionRule = {
      kind: 'buyXGetY',
      buyQuantity: 2,
      getQuantity: 1,
      get: { kind: 'products', productIds: ['cup'] },
      basisPoints: 10_000,
    };
    const p = promo('p', rule, { targets: products('coffee') });
    expect(
      price([line('a', 'coffee', 3000, 1), line('b', 'cup', 400, 1)], [p]).appliedPromotions,
    ).toEqual([]);
    expect(price([line('a', 'coffee', 3000, 2)], [p]).appliedPromotions).toEqual([]);
  });
});

describe('bundle', () => {
  const combo = promo('combo', {
    kind: 'bundle',
    items: [
      { productId: 'burger', quantity: 1 },
      { productId: 'fries', quantity: 1 },
      { productId: 'cola', quantity: 2 },
    ],
    price: 2000,
  });

  it('prices each complete set at the bundle price, spreading the saving over the set', () => {
    const cart = price(
      [line('a', 'burger', 1500, 1), line('b', 'fries', 800, 1), line('c', 'cola', 350, 2)],
      [combo],
    );
    expect(saved(cart, 'combo')).toBe(1500 + 800 + 700 - 2000);
    expect(cart.totals.total.amount).toBe(2000);
  });

  it('gives nothing for an incomplete set, and only complete sets when there are extras', () => {
    expect(
      price(
        [line('a', 'burger', 1500, 1), line('c', 'cola', 350, 1), line('b', 'fries', 800, 1)],
        [combo],
      ).appliedPromotions,
    ).toEqual([]);
    const cart = price(
      [line('a', 'burger', 1500, 2), line('b', 'fries', 800, 2), line('c', 'cola', 350, 3)],
      [combo],
    );
    expect(cart.totals.total.amount).toBe(2000 + 1500 + 800 + 350);
  });

  it('gives nothing when the bundle price is not a saving', () => {
    const dear = promo('dear', {
      kind: 'bundle',
      items: [{ productId: 'cola', quantity: 2 }],
      price: 800,
    });
    expect(price([line('c', 'cola', 350, 2)], [dear]).appliedPromotions).toEqual([]);
  });
});

describe('Nth item off', () => {
  const second = promo(
    'second',
    { kind: 'nthItemOff', n: 2, basisPoints: 5000 },
    { targets: products('socks') },
  );

  it('gives nothing for one unit, half off one unit for two or three, two units for four', () => {
    expect(saved(price([line('a', 'socks', 1000, 1)], [second]), 'second')).toBe(0);
    expect(saved(price([line('a', 'socks', 1000, 2)], [second]), 'second')).toBe(500);
    expect(saved(price([line('a', 'socks', 1000, 3)], [second]), 'second')).toBe(500);
    expect(saved(price([line('a', 'socks', 1000, 4)], [second]), 'second')).toBe(1000);
  });

  it('discounts the cheaper unit', () => {
    const cart = price([line('a', 'socks', 1000, 1), line('b', 'socks', 600, 1)], [second]);
    expect([net(cart, 'a'), net(cart, 'b')]).toEqual([1000, 300]);
  });
});

describe('member price', () => {
  const memberPrice = promo('mp', { kind: 'memberPrice' });
  const lines = [
    line('a', 'oil', 5990, 2, { memberPrices: { silver: 5790, gold: 5490, platinum: 5490 } }),
  ];

  it('applies the price of the member level', () => {
    expect(net(price(lines, [memberPrice], { memberLevel: 'silver' }), 'a')).toBe(11_580);
    expect(net(price(lines, [memberPrice], { memberLevel: 'gold' }), 'a')).toBe(10_980);
  });

  it('gives nothing to a walk-in customer or to a level without a price', () => {
    expect(net(price(lines, [memberPrice]), 'a')).toBe(11_980);
    expect(net(price(lines, [memberPrice], { memberLevel: 'bronze' }), 'a')).toBe(11_980);
  });

  it('works per kilogram on weighed lines', () => {
    const beef = [line('b', 'beef', 8000, 500, { soldBy: 'weight', memberPrices: { gold: 7000 } })];
    expect(net(price(beef, [memberPrice], { memberLevel: 'gold' }), 'b')).toBe(3500);
  });
});

describe('members-only promotions', () => {
  const goldOnly = promo(
    'g',
    { kind: 'percentOff', basisPoints: 1000 },
    { memberLevels: ['gold', 'platinum'] },
  );
  const lines = [line('a', 'tea', 1000, 1)];

  it('apply only to the listed levels', () => {
    expect(saved(price(lines, [goldOnly], { memberLevel: 'gold' }), 'g')).toBe(100);
    expect(saved(price(lines, [goldOnly], { memberLevel: 'silver' }), 'g')).toBe(0);
    expect(saved(price(lines, [goldOnly]), 'g')).toBe(0);
  });
});

describe('coupon', () => {
  const coupon = promo(
    'c',
    { kind: 'amountOff', amount: 500, per: 'once' },
    { couponCode: 'SAVE5' },
  );
  const lines = [line('a', 'tea', 3000, 1)];

  it('applies only when its code is on the cart, whatever the case', () => {
    expect(saved(price(lines, [coupon]), 'c')).toBe(0);
    expect(saved(price(lines, [coupon], { couponCodes: ['OTHER'] }), 'c')).toBe(0);
    expect(saved(price(lines, [coupon], { couponCodes: ['SAVE5'] }), 'c')).toBe(500);
    expect(saved(price(lines, [coupon], { couponCodes: [' save5'] }), 'c')).toBe(500);
  });

  it('says it is a coupon on the line', () => {
    const cart = price(lines, [coupon], { couponCodes: ['SAVE5'] });
    expect(cart.lines[0]?.adjustments[0]?.text).toBe('Coupon SAVE5: ¥5.00 off −¥5.00');
  });
});

describe('flash sale', () => {
  const flash = promo(
    'f',
    { kind: 'flashSale', flashPrice: 990, perMemberLimit: 2 },
    { targets: products('eggs') },
  );
  const lines = [line('a', 'eggs', 1990, 3)];

  it('gives nothing when the allowance is missing or used up', () => {
    expect(saved(price(lines, [flash]), 'f')).toBe(0);
    expect(saved(price(lines, [flash], { flashSaleAllowances: { f: 0 } }), 'f')).toBe(0);
  });

  it('gives the flash price for at most the allowance, and reports what it used', () => {
    const one = price(lines, [flash], { flashSaleAllowances: { f: 1 } });
    expect(saved(one, 'f')).toBe(1000);
    expect(one.appliedPromotions[0]?.allowanceUsed).toBe(1);
    // An allowance above the per-member limit is capped by the limit.
    const capped = price(lines, [flash], { flashSaleAllowances: { f: 5 } });
    expect(saved(capped, 'f')).toBe(2000);
    expect(capped.appliedPromotions[0]?.allowanceUsed).toBe(2);
  });

  it('uses the allowance across lines in cart order', () => {
    const cart = price(
      [line('a', 'eggs', 1990, 1), line('b', 'eggs', 1990, 1), line('c', 'eggs', 1990, 1)],
      [flash],
      {
        flashSaleAllowances: { f: 2 },
      },
    );
    expect([net(cart, 'a'), net(cart, 'b'), net(cart, 'c')]).toEqual([990, 990, 1990]);
  });
});

describe('conditions', () => {
  const lines = [line('a', 'tea', 1000, 2), line('b', 'rice', 500, 1)];

  it('minimum spend: the exact amount qualifies, one fen less does not', () => {
    const rule: PromotionRule = { kind: 'amountOff', amount: 300, per: 'once' };
    expect(saved(price(lines, [promo('p', rule, { minSpend: 2500 })]), 'p')).toBe(300);
    expect(saved(price(lines, [promo('p', rule, { minSpend: 2501 })]), 'p')).toBe(0);
  });

  it('minimum quantity counts units of the targets; a weighed line counts one', () => {
    const rule: PromotionRule = { kind: 'percentOff', basisPoints: 1000 };
    expect(saved(price(lines, [promo('p', rule, { minQuantity: 3 })]), 'p')).toBe(250);
    expect(saved(price(lines, [promo('p', rule, { minQuantity: 4 })]), 'p')).toBe(0);
    const weighed = [...lines, line('c', 'apple', 1000, 2500, { soldBy: 'weight' })];
    expect(saved(price(weighed, [promo('p', rule, { minQuantity: 4 })]), 'p')).toBe(500);
  });

  it('validity: valid at the start instant, not at the end instant', () => {
    const rule: PromotionRule = { kind: 'percentOff', basisPoints: 1000 };
    const window = { startsAt: NOW, endsAt: NOW + 1 };
    expect(saved(price(lines, [promo('p', rule, window)], { now: NOW }), 'p')).toBe(250);
    expect(saved(price(lines, [promo('p', rule, window)], { now: NOW - 1 }), 'p')).toBe(0);
    expect(saved(price(lines, [promo('p', rule, window)], { now: NOW + 1 }), 'p')).toBe(0);
  });

  it('categories target the lines of those categories only', () => {
    const cart = price(
      [line('a', 'tea', 1000, 1, { categoryId: 'drinks' }), line('b', 'rice', 500, 1)],
      [
        promo(
          'p',
          { kind: 'percentOff', basisPoints: 1000 },
          { targets: { kind: 'categories', categoryIds: ['drinks'] } },
        ),
      ],
    );
    expect([net(cart, 'a'), net(cart, 'b')]).toEqual([900, 500]);
  });

  it('lines with an overridden or keyed price take no promotion', () => {
    const cart = price(
      [
        line('a', 'tea', 800, 1, { priceSource: 'override' }),
        line('b', 'misc', 500, 1, { priceSource: 'openPrice' }),
      ],
      [promo('p', { kind: 'percentOff', basisPoints: 1000 })],
    );
    expect(cart.appliedPromotions).toEqual([]);
  });
});
