import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../money';
import { DEFAULT_REDEMPTION_RATE, pointsNeededFor, valueOfPoints } from './redemption-value';

const TEN_PER_YUAN = { points: 10, value: money(100, 'CNY') }; // 1 point = ¥0.10

describe('redemption value', () => {
  it('100 points = ¥1.00 by default, both ways', () => {
    expect(DEFAULT_REDEMPTION_RATE).toEqual({ points: 100, value: money(100, 'CNY') });
    expect(pointsNeededFor(money(1_250, 'CNY'))).toBe(1_250);
    expect(valueOfPoints(1_250)).toEqual(money(1_250, 'CNY'));
  });

  it('points needed round up, value rounds down', () => {
    expect(pointsNeededFor(money(15, 'CNY'), TEN_PER_YUAN)).toBe(2); // ¥0.15 → 1.5 → 2 points
    expect(pointsNeededFor(money(10, 'CNY'), TEN_PER_YUAN)).toBe(1);
    expect(valueOfPoints(3, { points: 1_000, value: money(100, 'CNY') })).toEqual(money(0, 'CNY'));
    expect(valueOfPoints(15, { points: 1_000, value: money(100, 'CNY') })).toEqual(money(1, 'CNY'));
  });

  it('nothing for nothing; refuses a mismatched currency and a bad rate', () => {
    expect(pointsNeededFor(money(0, 'CNY'))).toBe(0);
    expect(valueOfPoints(0)).toEqual(money(0, 'CNY'));
    expect(() => pointsNeededFor(money(100, 'USD'))).toThrow(RangeError);
    expect(() => valueOfPoints(1, { points: 0, value: money(100, 'CNY') })).toThrow(RangeError);
  });

  it('property: the points needed for an amount are always worth at least that amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 1, max: 1_000 }),
        (amount, points, value) => {
          const rate = { points, value: money(value, 'CNY') };
          const needed = pointsNeededFor(money(amount, 'CNY'), rate);
          expect(valueOfPoints(needed, rate).amount).toBeGreaterThanOrEqual(amount);
          // …and one point fewer would not be enough.
          if (needed > 0) expect(valueOfPoints(needed - 1, rate).amount).toBeLessThan(amount);
        },
      ),
    );
  });
});
