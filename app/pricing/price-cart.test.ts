// Manual discounts, tax in both modes, totals, and the engine's refusal of malformed input.
import { describe, expect, it } from 'vitest';
import { priceCart } from './price-cart';
import type { PricedCart } from './priced-cart';
import type { PricingInput, PricingLine } from './pricing-input';
import type { Promotion } from './promotion';

const NOW = 1_700_000_000_000;

function line(
  lineId: string,
  unitPrice: number,
  quantity = 1,
  extra: Partial<PricingLine> = {},
): PricingLine {
  return {
    lineId,
    productId: `product-${lineId}`,
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

function price(lines: PricingLine[], extra: Partial<PricingInput> = {}): PricedCart {
  return priceCart({
    currency: 'CNY',
    taxMode: 'inclusive',
    now: NOW,
    lines,
    promotions: [],
    memberLevel: null,
    couponCodes: [],
    flashSaleAllowances: {},
    cartDiscount: null,
    ...extra,
  });
}

describe('manual line discounts', () => {
  it('apply after promotions, on what the line then comes to', () => {
    const tenOff: Promotion = {
      id: 'ten',
      name: '10% off',
      priority: 1,
      startsAt: 0,
      endsAt: NOW + 1,
      stacking: 'stackable',
      stackingGroup: null,
      targets: { kind: 'cart' },
      rule: { kind: 'percentOff', basisPoints: 1000 },
    };
    const cart = price(
      [line('a', 1000, 1, { manualDiscount: { kind: 'percent', basisPoints: 5000 } })],
      {
        promotions: [tenOff],
      },
    );
    expect(cart.lines[0]?.net.amount).toBe(450);
    expect(cart.lines[0]?.adjustments.map((a) => a.kind)).toEqual([
      'promotion',
      'manualLineDiscount',
    ]);
    expect(cart.totals.manualLineDiscount.amount).toBe(450);
  });

  it('an amount never takes a line below zero', () => {
    const cart = price([line('a', 300, 1, { manualDiscount: { kind: 'amount', amount: 500 } })]);
    expect(cart.lines[0]?.net.amount).toBe(0);
    expect(cart.lines[0]?.adjustments[0]?.text).toBe('Line discount ¥5.00 −¥3.00');
  });
});

describe('manual cart discount', () => {
  it('is spread over the lines without losing a fen', () => {
    const cart = price([line('a', 333), line('b', 333), line('c', 334)], {
      cartDiscount: { kind: 'amount', amount: 100 },
    });
    expect(cart.lines.map((l) => l.net.amount)).toEqual([300, 300, 300]);
    expect(cart.totals.manualCartDiscount.amount).toBe(100);
  });

  it('a percentage is taken once over the cart', () => {
    const cart = price([line('a', 5), line('b', 5), line('c', 5)], {
      cartDiscount: { kind: 'percent', basisPoints: 1000 },
    });
    // 10 % of 15 fen = 1.5 → 2, not 0.5 → 1 per line.
    expect(cart.totals.manualCartDiscount.amount).toBe(2);
    expect(cart.lines.map((l) => l.adjustments.length)).toEqual([1, 1, 0]);
  });
});

describe('tax-inclusive totals', () => {
  it('show the tax included per rate; the total is what the lines come to', () => {
    const cart = price([
      line('a', 1130),
      line('b', 1090, 1, { taxRateBasisPoints: 900 }),
      line('c', 500, 1, { taxRateBasisPoints: 0 }),
    ]);
    expect(cart.totals.total.amount).toBe(2720);
    expect(cart.totals.taxByRate.map((r) => [r.rateBasisPoints, r.tax.amount])).toEqual([
      [1300, 130],
      [900, 90],
      [0, 0],
    ]);
    expect(cart.totals.taxTotal.amount).toBe(220);
    expect(cart.lines.map((l) => l.tax.amount)).toEqual([130, 90, 0]);
  });
});

describe('tax-exclusive totals', () => {
  it('add the tax on top, rounded once per rate', () => {
    const cart = price(
      [line('a', 1000), line('b', 1000, 1, { taxRateBasisPoints: 600 }), line('c', 25, 2)],
      {
        taxMode: 'exclusive',
      },
    );
    // 13 %: (1000 + 50) × 0.13 = 136.5 → 137; 6 %: 60.
    expect(cart.totals.taxTotal.amount).toBe(197);
    expect(cart.totals.total.amount).toBe(2050 + 197);
  });

  it('round the tax by the tax rounding option', () => {
    const cart = price([line('a', 50)], {
      taxMode: 'exclusive',
      options: { taxRounding: 'halfEven' },
    });
    expect(cart.totals.taxTotal.amount).toBe(6);
  });
});

describe('weighed lines', () => {
  it('are priced per kilogram, rounded once by the weight rounding option', () => {
    const pork = line('a', 1299, 1235, { soldBy: 'weight' });
    expect(price([pork]).lines[0]?.gross.amount).toBe(1604);
    expect(price([pork], { options: { weightRounding: 'down' } }).lines[0]?.gross.amount).toBe(
      1604,
    );
    const half = line('b', 1, 500, { soldBy: 'weight' }); // 0.5 fen
    expect(price([half]).lines[0]?.gross.amount).toBe(1);
    expect(price([half], { options: { weightRounding: 'halfEven' } }).lines[0]?.gross.amount).toBe(
      0,
    );
  });
});

describe('an empty cart', () => {
  it('prices to zero with no tax lines', () => {
    const cart = price([], { cartDiscount: { kind: 'amount', amount: 100 } });
    expect(cart.totals.total.amount).toBe(0);
    expect(cart.totals.taxByRate).toEqual([]);
  });
});

describe('malformed input is a programmer error', () => {
  it.each([
    ['a zero quantity', line('a', 100, 0)],
    ['a fractional quantity', line('a', 100, 1.5)],
    ['a negative price', line('a', -1)],
    ['a tax rate above 100 %', line('a', 100, 1, { taxRateBasisPoints: 10_001 })],
    [
      'a discount above 100 %',
      line('a', 100, 1, { manualDiscount: { kind: 'percent', basisPoints: 10_001 } }),
    ],
  ])('throws for %s', (_what, bad) => {
    expect(() => price([bad])).toThrow(RangeError);
  });

  it('throws for a line id used twice', () => {
    expect(() => price([line('a', 100), line('a', 200)])).toThrow(/twice/);
  });
});
