import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  compare,
  isZero,
  money,
  multiplyByMeasure,
  multiplyByQuantity,
  negate,
  percentOf,
  subtract,
  sum,
  zero,
} from './money';
import { ROUNDING_MODES } from './rounding';

const cny = (amount: number) => money(amount, 'CNY');

describe('money', () => {
  it('builds integer amounts in a known currency', () => {
    expect(cny(1234)).toEqual({ amount: 1234, currency: 'CNY' });
    expect(money(0, 'JPY')).toEqual(zero('JPY'));
    expect(money(-5, 'KWD').amount).toBe(-5);
  });

  it('refuses fractions, unsafe integers and unknown currencies', () => {
    expect(() => cny(12.34)).toThrow(RangeError);
    expect(() => cny(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
    expect(() => cny(NaN)).toThrow(RangeError);
    expect(() => money(1, 'XXX')).toThrow(/Unknown currency/);
  });
});

describe('add, subtract, negate, sum, compare', () => {
  it('adds and subtracts in the same currency', () => {
    expect(add(cny(1999), cny(1))).toEqual(cny(2000));
    expect(subtract(cny(100), cny(250))).toEqual(cny(-150));
  });

  it('refuses to mix currencies', () => {
    expect(() => add(cny(1), money(1, 'JPY'))).toThrow(/Cannot mix currencies CNY and JPY/);
    expect(() => subtract(cny(1), money(1, 'USD'))).toThrow(RangeError);
    expect(() => compare(cny(1), money(1, 'KWD'))).toThrow(RangeError);
  });

  it('refuses a result beyond the safe integer range', () => {
    expect(() => add(cny(Number.MAX_SAFE_INTEGER), cny(1))).toThrow(/result/);
    expect(() => subtract(cny(-Number.MAX_SAFE_INTEGER), cny(1))).toThrow(RangeError);
    expect(add(cny(Number.MAX_SAFE_INTEGER - 1), cny(1)).amount).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('negates without producing negative zero', () => {
    expect(negate(cny(5))).toEqual(cny(-5));
    expect(Object.is(negate(cny(0)).amount, 0)).toBe(true);
  });

  it('sums a list, and an empty list to zero', () => {
    expect(sum([cny(1), cny(2), cny(-4)], 'CNY')).toEqual(cny(-1));
    expect(sum([], 'JPY')).toEqual(zero('JPY'));
    expect(() => sum([money(1, 'JPY')], 'CNY')).toThrow(RangeError);
  });

  it('compares and tests for zero', () => {
    expect(compare(cny(1), cny(2))).toBe(-1);
    expect(compare(cny(2), cny(2))).toBe(0);
    expect(compare(cny(3), cny(2))).toBe(1);
    expect(isZero(cny(0))).toBe(true);
    expect(isZero(cny(-1))).toBe(false);
  });

  it('subtract undoes add, and add is commutative (property)', () => {
    const amount = fc.integer({ min: -(2 ** 51), max: 2 ** 51 });
    fc.assert(
      fc.property(amount, amount, (a, b) => {
        expect(subtract(add(cny(a), cny(b)), cny(b))).toEqual(cny(a));
        expect(add(subtract(cny(a), cny(b)), cny(b))).toEqual(cny(a));
        expect(add(cny(a), cny(b))).toEqual(add(cny(b), cny(a)));
        expect(add(cny(a), negate(cny(a))).amount).toBe(0);
      }),
    );
  });
});

describe('multiplyByQuantity', () => {
  it('multiplies exactly and refuses fractional quantities or overflow', () => {
    expect(multiplyByQuantity(cny(1299), 3)).toEqual(cny(3897));
    expect(multiplyByQuantity(cny(1299), -1)).toEqual(cny(-1299));
    expect(multiplyByQuantity(cny(1299), 0)).toEqual(cny(0));
    expect(() => multiplyByQuantity(cny(1299), 1.5)).toThrow(/quantity/);
    expect(() => multiplyByQuantity(cny(2 ** 40), 2 ** 14)).toThrow(RangeError);
  });
});

describe('multiplyByMeasure', () => {
  it('prices ¥12.99/kg × 1235 g as ¥16.04 (16.04265 rounded)', () => {
    expect(multiplyByMeasure(cny(1299), 1235, 1000, 'halfUp')).toEqual(cny(1604));
    expect(multiplyByMeasure(cny(1299), 1235, 1000, 'up')).toEqual(cny(1605));
    expect(multiplyByMeasure(cny(1299), 1235, 1000, 'down')).toEqual(cny(1604));
  });

  it('rounds an exact half fen by the mode: ¥10.01/kg × 500 g = 500.5 fen', () => {
    expect(ROUNDING_MODES.map((m) => multiplyByMeasure(cny(1001), 500, 1000, m).amount)).toEqual([
      501, 500, 500, 501,
    ]);
    // ¥10.03/kg × 500 g = 501.5 fen: half-even goes up to the even 502.
    expect(multiplyByMeasure(cny(1003), 500, 1000, 'halfEven').amount).toBe(502);
  });

  it('handles zero and returned (negative) weights symmetrically', () => {
    expect(multiplyByMeasure(cny(1299), 0, 1000, 'up').amount).toBe(0);
    expect(multiplyByMeasure(cny(1299), -1235, 1000, 'halfUp')).toEqual(cny(-1604));
  });

  it('stays exact when price × weight passes 2^53', () => {
    // 1,000,000,499 fen/kg × 10,000,001 g = 10,000,005,990,000,499 (past 2^53) / 1000 → …0.499,
    // which rounds down. In floating point the product becomes …500 and would round up.
    expect(multiplyByMeasure(cny(1_000_000_499), 10_000_001, 1000, 'halfUp').amount).toBe(
      10_000_005_990_000,
    );
    expect(Math.round((1_000_000_499 * 10_000_001) / 1000)).toBe(10_000_005_990_001);
  });

  it('keeps the currency and refuses a zero per-unit', () => {
    expect(multiplyByMeasure(money(500, 'JPY'), 250, 100, 'down')).toEqual(money(1250, 'JPY'));
    expect(() => multiplyByMeasure(cny(1), 1, 0, 'down')).toThrow(RangeError);
    expect(() => multiplyByMeasure(cny(1), 1.5, 1000, 'down')).toThrow(RangeError);
  });
});

describe('percentOf', () => {
  it('takes basis points of an amount with the named rounding', () => {
    expect(percentOf(cny(1999), 1000, 'halfUp')).toEqual(cny(200)); // 199.9
    expect(percentOf(cny(1999), 1000, 'down')).toEqual(cny(199));
    expect(percentOf(cny(1999), 10_000, 'down')).toEqual(cny(1999));
    expect(percentOf(cny(1999), 0, 'up')).toEqual(cny(0));
    expect(percentOf(cny(1), 1, 'up')).toEqual(cny(1)); // 0.0001 fen rounds away from zero
    expect(percentOf(cny(1), 1, 'halfUp')).toEqual(cny(0));
  });

  it('rounds an exact half by the mode, for negative amounts too', () => {
    // 5% of 10 fen = 0.5 fen; 15% of 10 fen = 1.5 fen.
    expect(ROUNDING_MODES.map((m) => percentOf(cny(10), 500, m).amount)).toEqual([1, 0, 0, 1]);
    expect(ROUNDING_MODES.map((m) => percentOf(cny(10), 1500, m).amount)).toEqual([2, 2, 1, 2]);
    expect(ROUNDING_MODES.map((m) => percentOf(cny(-10), 2500, m).amount)).toEqual([
      -3, -2, -2, -3,
    ]);
  });

  it('computes VAT included in a price: 13% of a ¥113.00 gross base', () => {
    // Tax included = gross × rate / (1 + rate); here as percentOf of the net 10000 fen.
    expect(percentOf(cny(10_000), 1300, 'halfUp')).toEqual(cny(1300));
  });

  it('stays exact for large amounts', () => {
    expect(percentOf(cny(Number.MAX_SAFE_INTEGER), 10_000, 'down').amount).toBe(
      Number.MAX_SAFE_INTEGER,
    );
    expect(percentOf(cny(Number.MAX_SAFE_INTEGER), 5000, 'halfEven').amount).toBe(
      4_503_599_627_370_496, // 4,503,599,627,370,495.5 → even
    );
  });
});
