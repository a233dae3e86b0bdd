import { describe, expect, it } from 'vitest';
import { easeRecommend, invertSpd, trainEase } from './ease';
import { seededRandom } from './seeded-random';

describe('invertSpd', () => {
  it('inverts a symmetric positive-definite matrix: A·A⁻¹ = I', () => {
    const n = 7;
    const random = seededRandom(3);
    // Mᵀ·M + I is symmetric positive definite.
    const m = Array.from({ length: n * n }, () => random() - 0.5);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i += 1)
      for (let j = 0; j < n; j += 1) {
        let s = i === j ? 1 : 0;
        for (let k = 0; k < n; k += 1) s += (m[k * n + i] as number) * (m[k * n + j] as number);
        a[i * n + j] = s;
      }
    const inverse = Float64Array.from(a);
    expect(invertSpd(inverse, n)).toBe(true);
    for (let i = 0; i < n; i += 1)
      for (let j = 0; j < n; j += 1) {
        let s = 0;
        for (let k = 0; k < n; k += 1)
          s += (a[i * n + k] as number) * (inverse[k * n + j] as number);
        expect(s).toBeCloseTo(i === j ? 1 : 0, 9);
      }
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(invertSpd(Float64Array.from([1, 2, 2, 1]), 2)).toBe(false);
  });
});

describe('trainEase', () => {
  const baskets = [
    ...Array.from({ length: 20 }, (_, i) => ({ memberId: `a${i}`, productIds: ['tea', 'lemon'] })),
    ...Array.from({ length: 30 }, (_, i) => ({ memberId: `b${i}`, productIds: ['milk', 'bread'] })),
    ...Array.from({ length: 40 }, (_, i) => ({ memberId: `c${i}`, productIds: ['milk'] })),
  ];

  it('suggests what goes with the basket, not merely what sells most', () => {
    const model = trainEase(baskets, 1);
    if (!model.ok) throw new Error(model.error.message);
    expect(easeRecommend(model.value, ['tea'], 1)).toEqual(['lemon']);
    expect(easeRecommend(model.value, ['bread'], 1)).toEqual(['milk']);
    // Never the basket's own products.
    expect(easeRecommend(model.value, ['tea', 'lemon'], 4)).not.toContain('tea');
    const n = model.value.productIds.length;
    for (let i = 0; i < n; i += 1) expect(model.value.weights[i * n + i]).toBe(0);
  });

  it('refuses a regularisation that is not positive', () => {
    expect(trainEase(baskets, 0)).toMatchObject({ ok: false, error: { code: 'recs.ease_lambda' } });
  });
});
