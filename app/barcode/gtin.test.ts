import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fromGtin14,
  gtinCheckDigit,
  hasValidCheckDigit,
  isValidGtin,
  shortestGtin,
  toGtin14,
} from './index';

describe('gtinCheckDigit', () => {
  it.each([
    ['9501234', 6], // GTIN-8 example, GS1 General Specs
    ['950110153000', 3], // GTIN-13 9501101530003, GS1 General Specs
    ['400638133393', 1], // EAN-13 4006381333931 (a real product)
    ['03600029145', 2], // UPC-A 036000291452
    ['0950110153000', 3], // GTIN-14 with indicator 0
    ['1950110153000', 0], // GTIN-14 with indicator 1
    ['37610425002123456', 9], // SSCC example, GS1 General Specs
    ['10614141234567890', 8], // SSCC 106141412345678908
    ['000000000001', 7],
    ['000000000000', 0],
  ])('%s → %i', (digits, check) => {
    expect(gtinCheckDigit(digits)).toBe(check);
  });

  it('refuses non-digits as a programmer error', () => {
    expect(() => gtinCheckDigit('12a4567')).toThrow(RangeError);
    expect(() => gtinCheckDigit('')).toThrow(RangeError);
  });
});

describe('isValidGtin', () => {
  it.each(['95012346', '036000291452', '4006381333931', '9501101530003', '19501101530000'])(
    'accepts %s',
    (code) => {
      expect(isValidGtin(code)).toBe(true);
    },
  );

  it.each([
    ['wrong check digit', '4006381333932'],
    ['GTIN-13 with a wrong check digit', '9501101530004'],
    ['7 digits', '9501234'],
    ['9 digits', '950123460'],
    ['10 digits', '0950123460'],
    ['11 digits', '03600029145'],
    ['15 digits', '019501101530003'],
    ['18 digits (SSCC, not a GTIN)', '106141412345678908'],
    ['letters', '40063813339X1'],
    ['spaces', ' 4006381333931'],
    ['a sign', '+4006381333931'],
    ['full-width digits', '４００６３８１３３３９３１'],
    ['empty', ''],
  ])('refuses %s', (_why, code) => {
    expect(isValidGtin(code)).toBe(false);
  });

  it('hasValidCheckDigit needs at least two digits', () => {
    expect(hasValidCheckDigit('0')).toBe(false);
    expect(hasValidCheckDigit('00')).toBe(true);
  });
});

describe('GTIN-14 normalisation', () => {
  it('pads every GTIN to 14 digits', () => {
    expect(toGtin14('95012346')).toBe('00000095012346');
    expect(toGtin14('036000291452')).toBe('00036000291452');
    expect(toGtin14('4006381333931')).toBe('04006381333931');
    expect(toGtin14('19501101530000')).toBe('19501101530000');
  });

  it('refuses to pad an invalid GTIN', () => {
    expect(() => toGtin14('4006381333932')).toThrow(RangeError);
  });

  it('writes a GTIN-14 back at a shorter length only when the dropped digits are zeros', () => {
    expect(fromGtin14('04006381333931', 13)).toBe('4006381333931');
    expect(fromGtin14('04006381333931', 12)).toBeUndefined();
    expect(fromGtin14('00036000291452', 12)).toBe('036000291452');
    expect(fromGtin14('19501101530000', 13)).toBeUndefined();
    expect(fromGtin14('19501101530000', 14)).toBe('19501101530000');
    expect(() => fromGtin14('4006381333931', 13)).toThrow(RangeError);
  });

  it('finds the shortest form', () => {
    expect(shortestGtin('00000095012346')).toBe('95012346');
    expect(shortestGtin('00036000291452')).toBe('036000291452');
    expect(shortestGtin('04006381333931')).toBe('4006381333931');
    expect(shortestGtin('19501101530000')).toBe('19501101530000');
  });
});

const GTIN_LENGTHS = [8, 12, 13, 14] as const;

/** A valid GTIN of the given length: random body, computed check digit. */
function gtinOfLength(length: number): fc.Arbitrary<string> {
  return fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: length - 1, maxLength: length - 1 })
    .map((digits) => {
      const body = digits.join('');
      return `${body}${gtinCheckDigit(body)}`;
    });
}

const anyGtin = fc.constantFrom(...GTIN_LENGTHS).chain(gtinOfLength);

describe('GTIN properties', () => {
  it('compute then verify: a body with its computed check digit is a valid GTIN', () => {
    fc.assert(
      fc.property(anyGtin, (gtin) => {
        expect(isValidGtin(gtin)).toBe(true);
      }),
    );
  });

  it('any single-digit change to a valid GTIN is refused', () => {
    fc.assert(
      fc.property(
        anyGtin,
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (gtin, positionSeed, delta) => {
          const position = positionSeed % gtin.length;
          const changed = (Number(gtin[position]) + delta) % 10;
          const mutated = `${gtin.slice(0, position)}${changed}${gtin.slice(position + 1)}`;
          expect(isValidGtin(mutated)).toBe(false);
        },
      ),
    );
  });

  it('GTIN-14 and back round-trips at the original length', () => {
    fc.assert(
      fc.property(anyGtin, (gtin) => {
        const gtin14 = toGtin14(gtin);
        expect(gtin14).toHaveLength(14);
        expect(isValidGtin(gtin14)).toBe(true);
        expect(fromGtin14(gtin14, gtin.length as 8 | 12 | 13 | 14)).toBe(gtin);
      }),
    );
  });
});
