import { describe, expect, it } from 'vitest';
import { currency, findCurrency, minorPerMajor } from './currency';

describe('currency', () => {
  it.each([
    ['CNY', 2, 100],
    ['JPY', 0, 1],
    ['KWD', 3, 1000],
    ['USD', 2, 100],
    ['KRW', 0, 1],
    ['BHD', 3, 1000],
  ])('%s has %i decimals (%i minor units per major)', (code, exponent, perMajor) => {
    expect(currency(code)).toEqual({ code, exponent });
    expect(minorPerMajor(code)).toBe(perMajor);
  });

  it('refuses an unknown code rather than guessing its exponent', () => {
    expect(findCurrency('XXX')).toBeUndefined();
    expect(() => currency('XXX')).toThrow(RangeError);
    expect(() => minorPerMajor('XXX')).toThrow(/Unknown currency 'XXX'/);
  });

  it('is case-sensitive and does not trim: codes are ISO upper case', () => {
    expect(findCurrency('cny')).toBeUndefined();
    expect(findCurrency(' CNY')).toBeUndefined();
    expect(findCurrency('')).toBeUndefined();
  });

  it('does not find members of Object.prototype', () => {
    for (const code of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf']) {
      expect(findCurrency(code)).toBeUndefined();
      expect(() => currency(code)).toThrow(RangeError);
    }
  });
});
