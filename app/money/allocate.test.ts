import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from './allocate';

const total = (parts: readonly number[]) => parts.reduce((a, b) => a + b, 0);

describe('allocate', () => {
  it('gives leftover units to the earlier part on ties: 100 over [1, 1, 1]', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(2, [1, 1, 1])).toEqual([1, 1, 0]);
  });

  it('gives leftover units to the largest remainders first', () => {
    // Exact shares 16.666…, 33.333…, 50: the 16.67 part has the larger remainder.
    expect(allocate(100, [1, 2, 3])).toEqual([17, 33, 50]);
    // 10 over [3, 3, 4]: 3, 3, 4 exactly.
    expect(allocate(10, [3, 3, 4])).toEqual([3, 3, 4]);
    // 7 over [1, 1, 5]: 1, 1, 5.
    expect(allocate(7, [1, 1, 5])).toEqual([1, 1, 5]);
  });

  it('mirrors a negative total (a refund or a discount)', () => {
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocate(-1, [1, 1])).toEqual([-1, 0]);
    expect(allocate(-1, [1, 1]).every((p) => !Object.is(p, -0))).toBe(true);
  });

  it('splits evenly when every weight is zero', () => {
    expect(allocate(10, [0, 0, 0])).toEqual([4, 3, 3]);
    expect(allocate(0, [0, 0])).toEqual([0, 0]);
  });

  it('gives nothing to a zero weight when others are positive', () => {
    expect(allocate(100, [0, 1, 0, 1])).toEqual([0, 50, 0, 50]);
    expect(allocate(101, [0, 1, 0, 1])).toEqual([0, 51, 0, 50]);
  });

  it('allocates zero over any parts and over no parts', () => {
    expect(allocate(0, [1, 2])).toEqual([0, 0]);
    expect(allocate(0, [])).toEqual([]);
  });

  it('refuses a non-zero total over no parts, bad weights and fractional totals', () => {
    expect(() => allocate(1, [])).toThrow(/no parts/);
    expect(() => allocate(1, [1, -1])).toThrow(RangeError);
    expect(() => allocate(1, [NaN])).toThrow(RangeError);
    expect(() => allocate(1, [Infinity])).toThrow(RangeError);
    expect(() => allocate(1.5, [1])).toThrow(RangeError);
    expect(() => allocate(Number.MAX_SAFE_INTEGER + 1, [1])).toThrow(RangeError);
  });

  it('stays exact for large totals and large weights', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(allocate(max, [1, 1])).toEqual([(max + 1) / 2, (max - 1) / 2]);
    expect(allocate(max, [max, max, max])).toEqual([
      3_002_399_751_580_331, 3_002_399_751_580_330, 3_002_399_751_580_330,
    ]);
    // Weights whose sum passes 2^53 (found by the property test below before the fix).
    const parts = allocate(7_205_759_403_792_797, [4, 9_007_199_254_740_989, 5]);
    expect(total(parts)).toBe(7_205_759_403_792_797);
    expect(parts).toEqual([3, 7_205_759_403_792_790, 4]);
  });

  it('accepts fractional weights (e.g. ratios) and still sums exactly', () => {
    expect(allocate(7, [0.1, 0.2, 0.7])).toEqual([1, 1, 5]);
    expect(allocate(100, [0.5, 0.5])).toEqual([50, 50]);
    expect(allocate(3, [1e308, 1e308, 1e308])).toEqual([1, 1, 1]);
  });

  const weight = fc.oneof(
    fc.nat(1000),
    fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    fc.constantFrom(0, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 2),
  );
  const amount = fc.oneof(
    fc.integer({ min: -100_000, max: 100_000 }),
    fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
  );

  it('always sums exactly to the total, each part within 1 of its exact share (property)', () => {
    fc.assert(
      fc.property(amount, fc.array(weight, { minLength: 1, maxLength: 8 }), (t, ws) => {
        const parts = allocate(t, ws);
        expect(parts).toHaveLength(ws.length);
        expect(total(parts)).toBe(t);
        const weightSum = ws.reduce((a, b) => a + BigInt(b), 0n);
        parts.forEach((part, i) => {
          expect(Number.isSafeInteger(part)).toBe(true);
          // |part − t·w/W| < 1  ⇔  |part·W − t·w| < W (exact, in BigInt).
          const w = weightSum === 0n ? 1n : BigInt(ws[i] ?? 0);
          const den = weightSum === 0n ? BigInt(ws.length) : weightSum;
          const gap = BigInt(part) * den - BigInt(t) * w;
          expect(gap < den && -gap < den).toBe(true);
          // Every part has the sign of the total (or is zero).
          expect(part === 0 || Math.sign(part) === Math.sign(t)).toBe(true);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('sums exactly with fractional weights too (property)', () => {
    const fractional = fc.oneof(
      fc.double({ min: 0, max: 1e6, noNaN: true }),
      fc.double({ min: 0, max: 1e300, noNaN: true }),
    );
    fc.assert(
      fc.property(amount, fc.array(fractional, { minLength: 1, maxLength: 8 }), (t, ws) => {
        expect(total(allocate(t, ws))).toBe(t);
      }),
      { numRuns: 2000 },
    );
  });

  it('is symmetric: allocating −t gives the negated parts (property)', () => {
    fc.assert(
      fc.property(amount, fc.array(fc.nat(1000), { minLength: 1, maxLength: 6 }), (t, ws) => {
        expect(allocate(-t, ws)).toEqual(allocate(t, ws).map((p) => (p === 0 ? 0 : -p)));
      }),
    );
  });
});
