import { describe, expect, it } from 'vitest';
import { formatPercent, taxClassSchema } from './tax-class';

describe('tax classes', () => {
  it('accepts the mainland VAT rates and the 0 and 100 % bounds', () => {
    for (const rate of [1300, 900, 600, 0, 10_000]) {
      expect(
        taxClassSchema.safeParse({ id: `vat${rate}`, name: 'VAT', rateBasisPoints: rate }).success,
      ).toBe(true);
    }
  });

  it('refuses a negative rate, a rate above 100 % and a fractional basis point', () => {
    for (const rate of [-1, 10_001, 12.5]) {
      expect(
        taxClassSchema.safeParse({ id: 'x', name: 'VAT', rateBasisPoints: rate }).success,
      ).toBe(false);
    }
  });

  it('formats basis points as a percentage', () => {
    expect(formatPercent(1300)).toBe('13%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(650)).toBe('6.5%');
    expect(formatPercent(1225)).toBe('12.25%');
    expect(formatPercent(5)).toBe('0.05%');
  });
});
