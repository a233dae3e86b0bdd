import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalised, purchaseSetCosine, setCosine, vectorCosine, vectorNorm } from './cosine';

const purchaseSet = fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 15 });
const vector = fc
  .dictionary(
    fc.constantFrom('a', 'b', 'c', 'd', 'e'),
    fc.double({ min: 0.01, max: 10, noNaN: true }),
  )
  .map((d) => new Map(Object.entries(d)));

describe('cosine of purchase sets', () => {
  it('is symmetric and within [0, 1]', () => {
    fc.assert(
      fc.property(purchaseSet, purchaseSet, (a, b) => {
        const ab = purchaseSetCosine(a, b);
        expect(ab).toBe(purchaseSetCosine(b, a));
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });

  it('is 1 for the same non-empty set and 0 for disjoint or empty sets', () => {
    fc.assert(
      fc.property(
        purchaseSet.filter((s) => s.length > 0),
        (a) => {
          expect(purchaseSetCosine(a, a)).toBeCloseTo(1, 12);
          expect(
            purchaseSetCosine(
              a,
              a.map((x) => x + 100),
            ),
          ).toBe(0);
          expect(purchaseSetCosine(a, [])).toBe(0);
        },
      ),
    );
  });

  it('is overlap / sqrt(|A|·|B|)', () => {
    expect(setCosine(2, 4, 4)).toBe(0.5);
    expect(purchaseSetCosine([1, 2, 3, 4], [3, 4, 5, 6])).toBe(0.5);
    expect(setCosine(1, 1, 4)).toBe(0.5);
  });
});

describe('cosine of sparse vectors', () => {
  it('ignores scale and agrees with the normalised dot product', () => {
    fc.assert(
      fc.property(vector, vector, fc.double({ min: 0.1, max: 100, noNaN: true }), (a, b, s) => {
        const scaled = new Map([...a].map(([k, w]) => [k, w * s]));
        expect(vectorCosine(scaled, b)).toBeCloseTo(vectorCosine(a, b), 9);
        const c = vectorCosine(a, b);
        expect(c).toBeGreaterThanOrEqual(0);
        expect(c).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });

  it('normalises to length 1, and the zero vector stays empty', () => {
    fc.assert(
      fc.property(
        vector.filter((v) => v.size > 0),
        (v) => {
          expect(vectorNorm(normalised(v))).toBeCloseTo(1, 12);
        },
      ),
    );
    expect(normalised(new Map()).size).toBe(0);
    expect(vectorCosine(new Map(), new Map([['a', 1]]))).toBe(0);
  });
});
