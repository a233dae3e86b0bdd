import { describe, expect, it } from 'vitest';
import { priceCheckDigit } from './index';

describe('priceCheckDigit', () => {
  it.each([
    // GS1 General Specs worked examples.
    ['2875', 9],
    ['14685', 6],
    // By hand: 4 digits, weights 2-, 2-, 3, 5-: 0+0+0+0 → 0; 1,2,3,4 → 2+4+9+8 = 23, ×3 = 69 → 9.
    ['0000', 0],
    ['1234', 9],
    // 5 digits, weights 5+, 2-, 5-, 5+, 2-: 0,0,0,0,1 → 2 → need 5- product 8 → 4.
    ['00001', 4],
    ['00000', 0],
  ])('%s → %i', (value, check) => {
    expect(priceCheckDigit(value)).toBe(check);
  });

  it('changes when any one digit of a 4- or 5-digit price changes', () => {
    for (const base of ['2875', '14685']) {
      for (let i = 0; i < base.length; i += 1) {
        for (let d = 0; d <= 9; d += 1) {
          const changed = `${base.slice(0, i)}${d}${base.slice(i + 1)}`;
          if (changed !== base) expect(priceCheckDigit(changed)).not.toBe(priceCheckDigit(base));
        }
      }
    }
  });

  it('refuses other lengths as a programmer error', () => {
    expect(() => priceCheckDigit('123')).toThrow(RangeError);
    expect(() => priceCheckDigit('123456')).toThrow(RangeError);
    expect(() => priceCheckDigit('12a4')).toThrow(RangeError);
  });
});
