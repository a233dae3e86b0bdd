import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal, toDecimalString } from './decimal';

describe('toDecimalString', () => {
  it('prints per exponent: CNY 2, JPY 0, KWD 3', () => {
    expect(toDecimalString(1234, 'CNY')).toBe('12.34');
    expect(toDecimalString(5, 'CNY')).toBe('0.05');
    expect(toDecimalString(-5, 'CNY')).toBe('-0.05');
    expect(toDecimalString(0, 'CNY')).toBe('0.00');
    expect(toDecimalString(1234, 'JPY')).toBe('1234');
    expect(toDecimalString(-1234, 'JPY')).toBe('-1234');
    expect(toDecimalString(1234, 'KWD')).toBe('1.234');
    expect(toDecimalString(7, 'KWD')).toBe('0.007');
    expect(toDecimalString(Number.MAX_SAFE_INTEGER, 'CNY')).toBe('90071992547409.91');
    expect(toDecimalString(-Number.MAX_SAFE_INTEGER, 'KWD')).toBe('-9007199254740.991');
  });

  it('refuses fractional amounts and unknown currencies', () => {
    expect(() => toDecimalString(12.5, 'CNY')).toThrow(RangeError);
    expect(() => toDecimalString(1, 'XXX')).toThrow(RangeError);
  });
});

describe('parseDecimal', () => {
  it('reads typed amounts per exponent', () => {
    expect(parseDecimal('12.5', 'CNY')).toEqual({ ok: true, value: 1250 });
    expect(parseDecimal('12.', 'CNY')).toEqual({ ok: true, value: 1200 });
    expect(parseDecimal(' 0.05 ', 'CNY')).toEqual({ ok: true, value: 5 });
    expect(parseDecimal('-0.05', 'CNY')).toEqual({ ok: true, value: -5 });
    expect(parseDecimal('007', 'CNY')).toEqual({ ok: true, value: 700 });
    expect(parseDecimal('1234', 'JPY')).toEqual({ ok: true, value: 1234 });
    expect(parseDecimal('1.234', 'KWD')).toEqual({ ok: true, value: 1234 });
    expect(parseDecimal('1.2', 'KWD')).toEqual({ ok: true, value: 1200 });
  });

  it('reads −0 as plain zero', () => {
    const parsed = parseDecimal('-0.00', 'CNY');
    expect(parsed.ok && Object.is(parsed.value, 0)).toBe(true);
  });

  it('refuses more decimals than the currency has instead of rounding', () => {
    const expectCode = (text: string, code: string, cur = 'CNY') => {
      const parsed = parseDecimal(text, cur);
      expect(parsed.ok ? undefined : parsed.error.code).toBe(code);
    };
    expectCode('12.345', 'money.tooManyDecimals');
    expectCode('12.500', 'money.tooManyDecimals');
    expectCode('12.0', 'money.tooManyDecimals', 'JPY');
    expectCode('1.2345', 'money.tooManyDecimals', 'KWD');
  });

  it('refuses text that is not a plain amount', () => {
    for (const text of [
      '',
      ' ',
      'abc',
      '.5',
      '+1',
      '1e3',
      '1,000.00',
      '¥12',
      '12.3.4',
      '--1',
      '0x10',
    ]) {
      const parsed = parseDecimal(text, 'CNY');
      expect(parsed.ok ? undefined : parsed.error.code).toBe('money.notANumber');
    }
  });

  it('refuses amounts beyond the safe integer range', () => {
    expect(parseDecimal('90071992547409.91', 'CNY')).toEqual({
      ok: true,
      value: Number.MAX_SAFE_INTEGER,
    });
    const over = parseDecimal('90071992547409.92', 'CNY');
    expect(over.ok ? undefined : over.error.code).toBe('money.tooLarge');
    const way = parseDecimal('9'.repeat(40), 'JPY');
    expect(way.ok ? undefined : way.error.code).toBe('money.tooLarge');
  });

  for (const code of ['CNY', 'JPY', 'KWD']) {
    it(`round-trips every safe amount through text in ${code} (property)`, () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.integer({ min: -100_000, max: 100_000 }),
            fc.maxSafeInteger(),
            fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
          ),
          (amount) => {
            const text = toDecimalString(amount, code);
            expect(parseDecimal(text, code)).toEqual({
              ok: true,
              value: amount === 0 ? 0 : amount,
            });
          },
        ),
      );
    });
  }

  it('normalises typed text: parse then print gives the canonical form', () => {
    const canonical = (text: string) => {
      const parsed = parseDecimal(text, 'CNY');
      return parsed.ok ? toDecimalString(parsed.value, 'CNY') : parsed.error.code;
    };
    expect(canonical('12.5')).toBe('12.50');
    expect(canonical('007.1')).toBe('7.10');
    expect(canonical('-0')).toBe('0.00');
  });
});
