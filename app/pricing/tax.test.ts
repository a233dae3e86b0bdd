import { describe, expect, it } from 'vitest';
import { taxAdded, taxByRate, taxIncluded } from './tax';

describe('taxIncluded (shelf price includes VAT: gross × rate / (1 + rate))', () => {
  it('finds the VAT in a 13 % price', () => {
    expect(taxIncluded(1130, 1300, 'halfUp')).toBe(130); // exact
    expect(taxIncluded(1000, 1300, 'halfUp')).toBe(115); // 115.04
    expect(taxIncluded(999, 1300, 'halfUp')).toBe(115); // 114.93
    expect(taxIncluded(999, 1300, 'down')).toBe(114);
  });

  it('rounds an exact half by the mode named (100 % rate: 1 fen holds 0.5 fen of tax)', () => {
    expect(taxIncluded(1, 10_000, 'halfUp')).toBe(1);
    expect(taxIncluded(1, 10_000, 'halfEven')).toBe(0);
    expect(taxIncluded(3, 10_000, 'halfEven')).toBe(2);
    expect(taxIncluded(1, 10_000, 'down')).toBe(0);
    expect(taxIncluded(1, 10_000, 'up')).toBe(1);
  });

  it('is zero at a zero rate and on a zero amount', () => {
    expect(taxIncluded(1000, 0, 'up')).toBe(0);
    expect(taxIncluded(0, 1300, 'up')).toBe(0);
  });
});

describe('taxAdded (tax-exclusive: net × rate on top)', () => {
  it('rounds 6.5 fen by each mode', () => {
    expect(taxAdded(50, 1300, 'halfUp')).toBe(7);
    expect(taxAdded(50, 1300, 'halfEven')).toBe(6);
    expect(taxAdded(50, 1300, 'down')).toBe(6);
    expect(taxAdded(50, 1300, 'up')).toBe(7);
  });
});

describe('taxByRate', () => {
  it('sums the lines per rate, rounds once per rate, highest rate first', () => {
    // Ten 5-fen lines at 13 % exclusive: 0.65 fen each would round to 1 per line (10 fen);
    // once over the rate it is 6.5 → 7.
    const rates = Array.from({ length: 10 }, () => 1300);
    const result = taxByRate(
      rates,
      Array.from({ length: 10 }, () => 5),
      'exclusive',
      'halfUp',
    );
    expect(result.rates).toEqual([{ rateBasisPoints: 1300, base: 50, tax: 7 }]);
    expect(result.lineTax.reduce((a, b) => a + b, 0)).toBe(7);
  });

  it('keeps rates apart and spreads each rate over its own lines', () => {
    const result = taxByRate(
      [900, 1300, 0, 1300, 600],
      [1090, 1130, 500, 2260, 1060],
      'inclusive',
      'halfUp',
    );
    expect(result.rates).toEqual([
      { rateBasisPoints: 1300, base: 3390, tax: 390 },
      { rateBasisPoints: 900, base: 1090, tax: 90 },
      { rateBasisPoints: 600, base: 1060, tax: 60 },
      { rateBasisPoints: 0, base: 500, tax: 0 },
    ]);
    expect(result.lineTax).toEqual([90, 130, 0, 260, 60]);
  });

  it('answers nothing for no lines', () => {
    expect(taxByRate([], [], 'inclusive', 'halfUp')).toEqual({ rates: [], lineTax: [] });
  });
});
