import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, multiplyRatio, ROUNDING_MODES } from '../money';
import { ratioOf, shareOut } from './exact-shares';

const mode = fc.constantFrom(...ROUNDING_MODES);

describe('ratioOf', () => {
  it('answers exactly as multiplyRatio, small and huge', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -1_000_000, max: 1_000_000 }),
          fc.maxSafeInteger(),
          fc.integer(),
        ),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 1, max: 20_000 }),
        mode,
        (amount, numerator, denominator, m) => {
          let expected: number | 'throws';
          try {
            expected = multiplyRatio(amount, numerator, denominator, m);
          } catch {
            expected = 'throws';
          }
          if (expected === 'throws')
            expect(() => ratioOf(amount, numerator, denominator, m)).toThrow(RangeError);
          else expect(ratioOf(amount, numerator, denominator, m)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rounds exact halves by the mode', () => {
    expect([
      ratioOf(5, 1, 2, 'halfUp'),
      ratioOf(5, 1, 2, 'halfEven'),
      ratioOf(5, 1, 2, 'down'),
      ratioOf(5, 1, 2, 'up'),
    ]).toEqual([3, 2, 2, 3]);
    expect(ratioOf(-5, 1, 2, 'halfUp')).toBe(-3);
  });
});

describe('shareOut', () => {
  it('answers exactly as allocate, including ties, zero weights and huge totals', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.maxSafeInteger()),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 100_000 })), {
          minLength: 1,
          maxLength: 30,
        }),
        (total, weights) => {
          expect(shareOut(total, weights)).toEqual(allocate(total, weights));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('answers as allocate when the weights are too large for the fast ordering', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.array(fc.integer({ min: 2 ** 48, max: 2 ** 49 }), { minLength: 2, maxLength: 6 }),
        (total, weights) => {
          expect(shareOut(total, weights)).toEqual(allocate(total, weights));
        },
      ),
    );
    expect(shareOut(2, [2 ** 49, 2 ** 49 + 1, 2 ** 49 - 1])).toEqual([1, 1, 0]);
  });

  it('never loses a minor unit', () => {
    expect(shareOut(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(shareOut(2, [0, 0, 0])).toEqual([1, 1, 0]);
    expect(shareOut(0, [])).toEqual([]);
  });
});
