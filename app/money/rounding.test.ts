import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RoundingMode } from './rounding';
import { assertInteger, multiplyRatio, ROUNDING_MODES, roundRatio } from './rounding';

/** Reference rounding of n/d, written independently: floor division plus an explicit case table. */
function referenceRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d < 0n) return referenceRound(-n, -d, mode);
  const floor = n >= 0n ? n / d : -((-n + d - 1n) / d);
  const rest = n - floor * d; // 0 ≤ rest < d
  if (rest === 0n) return floor;
  const ceil = floor + 1n;
  const towardZero = n >= 0n ? floor : ceil;
  const awayFromZero = n >= 0n ? ceil : floor;
  const nearest = 2n * rest < d ? floor : 2n * rest > d ? ceil : undefined;
  switch (mode) {
    case 'down':
      return towardZero;
    case 'up':
      return awayFromZero;
    case 'halfUp':
      return nearest ?? awayFromZero;
    case 'halfEven':
      return nearest ?? (floor % 2n === 0n ? floor : ceil);
  }
}

describe('roundRatio', () => {
  // Halves written as n/2 so they are exact.
  const halves: ReadonlyArray<[number, Record<RoundingMode, number>]> = [
    [1, { halfUp: 1, halfEven: 0, down: 0, up: 1 }], //    0.5
    [3, { halfUp: 2, halfEven: 2, down: 1, up: 2 }], //    1.5
    [5, { halfUp: 3, halfEven: 2, down: 2, up: 3 }], //    2.5
    [-1, { halfUp: -1, halfEven: 0, down: 0, up: -1 }], // −0.5
    [-3, { halfUp: -2, halfEven: -2, down: -1, up: -2 }], // −1.5
    [-5, { halfUp: -3, halfEven: -2, down: -2, up: -3 }], // −2.5
  ];
  for (const [twice, expected] of halves) {
    for (const mode of ROUNDING_MODES) {
      it(`${twice}/2 with ${mode} → ${expected[mode]}`, () => {
        expect(roundRatio(twice, 2, mode)).toBe(expected[mode]);
      });
    }
  }

  it('rounds values just off a half by the nearest rule in both half modes', () => {
    expect(roundRatio(2499, 1000, 'halfUp')).toBe(2);
    expect(roundRatio(2501, 1000, 'halfEven')).toBe(3);
    expect(roundRatio(-2501, 1000, 'halfEven')).toBe(-3);
    expect(roundRatio(-2499, 1000, 'halfUp')).toBe(-2);
    expect(roundRatio(1, 1000, 'up')).toBe(1);
    expect(roundRatio(-1, 1000, 'up')).toBe(-1);
    expect(roundRatio(999, 1000, 'down')).toBe(0);
    expect(roundRatio(-999, 1000, 'down')).toBe(0);
  });

  it('returns exact quotients unchanged in every mode', () => {
    for (const mode of ROUNDING_MODES) {
      expect(roundRatio(12, 4, mode)).toBe(3);
      expect(roundRatio(-12, 4, mode)).toBe(-3);
      expect(roundRatio(0, 7, mode)).toBe(0);
    }
  });

  it('never returns negative zero', () => {
    for (const mode of ROUNDING_MODES) {
      expect(Object.is(roundRatio(-1, 3, mode === 'up' ? 'down' : mode), 0)).toBe(true);
      expect(Object.is(roundRatio(0, -5, mode), 0)).toBe(true);
    }
  });

  it('treats a negative denominator as negating the numerator', () => {
    expect(roundRatio(5, -2, 'halfUp')).toBe(-3);
    expect(roundRatio(-5, -2, 'halfEven')).toBe(2);
    expect(roundRatio(7, -2, 'down')).toBe(-3);
  });

  it('refuses division by zero and results beyond the safe range', () => {
    expect(() => roundRatio(1, 0, 'halfUp')).toThrow(/Division by zero/);
    expect(() => roundRatio(0n, 0n, 'down')).toThrow(RangeError);
    expect(() => roundRatio(2n ** 60n, 1n, 'down')).toThrow(/safe integer/);
    expect(roundRatio(BigInt(Number.MAX_SAFE_INTEGER), 1, 'down')).toBe(Number.MAX_SAFE_INTEGER);
    expect(roundRatio(-BigInt(Number.MAX_SAFE_INTEGER), 1, 'up')).toBe(-Number.MAX_SAFE_INTEGER);
  });

  it('refuses a fractional numerator (programmer error)', () => {
    expect(() => roundRatio(1.5, 2, 'halfUp')).toThrow(RangeError);
  });

  it('agrees with an exact BigInt reference (property)', () => {
    const big = fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n });
    const den = fc.oneof(
      fc.bigInt({ min: 1n, max: 2n ** 40n }),
      fc.bigInt({ min: -(2n ** 40n), max: -1n }),
      fc.constantFrom(1n, 2n, 10n, 100n, 1000n, 10_000n),
    );
    fc.assert(
      fc.property(big, den, fc.constantFrom(...ROUNDING_MODES), (n, d, mode) => {
        const expected = referenceRound(n, d, mode);
        const safe =
          expected <= BigInt(Number.MAX_SAFE_INTEGER) &&
          -expected <= BigInt(Number.MAX_SAFE_INTEGER);
        if (safe) expect(roundRatio(n, d, mode)).toBe(Number(expected));
        else expect(() => roundRatio(n, d, mode)).toThrow(RangeError);
      }),
      { numRuns: 2000 },
    );
  });

  it('stays within one of the exact quotient and is monotone in the numerator (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 1, max: 1e6 }),
        fc.constantFrom(...ROUNDING_MODES),
        (n, d, mode) => {
          const r = roundRatio(n, d, mode);
          expect(Math.abs(r * d - n)).toBeLessThan(d);
          expect(roundRatio(n + 1, d, mode)).toBeGreaterThanOrEqual(r);
        },
      ),
    );
  });
});

describe('multiplyRatio', () => {
  it('computes amount × num / den exactly when the product passes 2^53', () => {
    // 9,007,199,254,740,991 × 3 / 3: the float product would lose the last digit.
    expect(multiplyRatio(Number.MAX_SAFE_INTEGER, 3, 3, 'down')).toBe(Number.MAX_SAFE_INTEGER);
    // 1,000,000,499 × 10,000,001 / 1000 = …990,000.499: floats would see …990,000.5.
    expect(multiplyRatio(1_000_000_499, 10_000_001, 1000, 'halfUp')).toBe(10_000_005_990_000);
    expect(multiplyRatio(-1_000_000_499, 10_000_001, 1000, 'halfUp')).toBe(-10_000_005_990_000);
    // 2^52 + 1 times 10^6 over 10^6 rounds to itself, not to a neighbour.
    expect(multiplyRatio(2 ** 52 + 1, 1_000_000, 1_000_000, 'halfEven')).toBe(2 ** 52 + 1);
    // (2^53 − 1) × 7 / 2 = 31,525,197,391,593,468.5 is beyond the safe range: refused.
    expect(() => multiplyRatio(Number.MAX_SAFE_INTEGER, 7, 2, 'halfUp')).toThrow(RangeError);
    // A large price times a large weight, back into range: 123456789012 × 987654 / 1e6.
    expect(multiplyRatio(123_456_789_012, 987_654, 1_000_000, 'halfUp')).toBe(121_932_591_495);
    expect(multiplyRatio(-123_456_789_012, 987_654, 1_000_000, 'halfUp')).toBe(-121_932_591_495);
  });

  it('applies each mode to exact halves, including negative amounts', () => {
    // 25 × 1 / 10 = 2.5; −25 → −2.5.
    expect(ROUNDING_MODES.map((m) => multiplyRatio(25, 1, 10, m))).toEqual([3, 2, 2, 3]);
    expect(ROUNDING_MODES.map((m) => multiplyRatio(-25, 1, 10, m))).toEqual([-3, -2, -2, -3]);
    expect(ROUNDING_MODES.map((m) => multiplyRatio(15, 1, 10, m))).toEqual([2, 2, 1, 2]);
    expect(ROUNDING_MODES.map((m) => multiplyRatio(5, 1, 10, m))).toEqual([1, 0, 0, 1]);
    expect(ROUNDING_MODES.map((m) => multiplyRatio(-5, 1, 10, m))).toEqual([-1, 0, 0, -1]);
  });

  it('refuses fractional inputs and a zero denominator', () => {
    expect(() => multiplyRatio(1.5, 1, 1, 'down')).toThrow(/amount/);
    expect(() => multiplyRatio(1, 0.5, 1, 'down')).toThrow(/numerator/);
    expect(() => multiplyRatio(1, 1, 0.5, 'down')).toThrow(/denominator/);
    expect(() => multiplyRatio(1, 1, 0, 'down')).toThrow(/Division by zero/);
    expect(() => multiplyRatio(Number.MAX_SAFE_INTEGER + 1, 1, 1, 'down')).toThrow(RangeError);
  });
});

describe('assertInteger', () => {
  it('accepts safe integers and refuses everything else', () => {
    expect(() => assertInteger(0, 'x')).not.toThrow();
    expect(() => assertInteger(-Number.MAX_SAFE_INTEGER, 'x')).not.toThrow();
    for (const bad of [0.1, NaN, Infinity, -Infinity, 2 ** 53]) {
      expect(() => assertInteger(bad, 'x')).toThrow(RangeError);
    }
  });
});
