import { describe, expect, it } from 'vitest';
import {
  DEMO_PRICE_MAX_MINOR,
  DEMO_PRICE_MIN_MINOR,
  demoProductValues,
} from './demo-catalog-values';
import { STORE_CATEGORIES } from './store-categories';

function gtinFor(n: number): string {
  return String(6_900_000_000_000 + n * 7).padStart(14, '0');
}

describe('demo catalog values', () => {
  it('are the same for the same GTIN, every time', () => {
    expect(demoProductValues('03017620422003')).toEqual(demoProductValues('03017620422003'));
    // Pinned: a change here reprices every demo register, so it must be deliberate.
    expect(demoProductValues('03017620422003').priceMinor).toBe(459);
  });

  it('stay within the stated ranges, with a few weighed goods and member prices', () => {
    const values = Array.from({ length: 20_000 }, (_, i) => demoProductValues(gtinFor(i)));
    let weighed = 0;
    let withMemberPrice = 0;
    for (const v of values) {
      expect(v.priceMinor).toBeGreaterThanOrEqual(DEMO_PRICE_MIN_MINOR);
      expect(v.priceMinor).toBeLessThanOrEqual(DEMO_PRICE_MAX_MINOR);
      expect(Number.isSafeInteger(v.priceMinor)).toBe(true);
      const unit = v.soldBy === 'weight' ? 1000 : 1;
      expect(v.available % unit).toBe(0);
      expect(v.available / unit).toBeLessThanOrEqual(200);
      expect(v.available).toBeGreaterThanOrEqual(0);
      expect(v.safety).toBeGreaterThanOrEqual(0);
      if (v.soldBy === 'weight') {
        weighed += 1;
        expect(v.category.weighable).toBe(true);
      }
      if (v.memberPrices.length > 0) withMemberPrice += 1;
      for (const m of v.memberPrices) expect(m.priceMinor).toBeLessThan(v.priceMinor);
    }
    expect(weighed / values.length).toBeGreaterThan(0.01);
    expect(weighed / values.length).toBeLessThan(0.1);
    expect(withMemberPrice / values.length).toBeGreaterThan(0.1);
    const used = new Set(values.map((v) => v.category.id));
    expect(used.size).toBe(STORE_CATEGORIES.length);
  });
});
