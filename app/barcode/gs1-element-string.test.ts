import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Gs1Element, Gs1Field, Gs1Value } from './index';
import {
  GS,
  gtinCheckDigit,
  knownAis,
  parseGs1ElementString,
  parseHumanReadable,
  parseRawElementString,
  toHumanReadable,
  toRawElementString,
} from './index';

function valueOf(text: string): Gs1Value | undefined {
  const result = parseGs1ElementString(text);
  expect(result.ok, JSON.stringify(result)).toBe(true);
  return result.ok ? result.value[0]?.value : undefined;
}

function errorOf(text: string): string | undefined {
  const result = parseGs1ElementString(text);
  return result.ok ? undefined : result.error.code;
}

describe('GS1 General Specifications examples', () => {
  it('reads (01)(17)(10) in the human-readable form', () => {
    const result = parseGs1ElementString('(01)09501101530003(17)140704(10)AB-123');
    expect(result).toEqual({
      ok: true,
      value: [
        {
          ai: '01',
          title: 'GTIN',
          raw: '09501101530003',
          value: { type: 'gtin', gtin14: '09501101530003' },
        },
        {
          ai: '17',
          title: 'USE BY OR EXPIRY',
          raw: '140704',
          value: { type: 'date', date: { year: 2014, month: 7, day: 4 } },
        },
        { ai: '10', title: 'BATCH/LOT', raw: 'AB-123', value: { type: 'text', text: 'AB-123' } },
      ],
    });
  });

  it('reads the same string raw, with a leading FNC1 and with the ]C1 prefix', () => {
    const human = parseGs1ElementString('(01)09501101530003(17)140704(10)AB-123');
    expect(parseGs1ElementString('01095011015300031714070410AB-123')).toEqual(human);
    expect(parseGs1ElementString(`${GS}01095011015300031714070410AB-123`)).toEqual(human);
    expect(parseGs1ElementString(']C101095011015300031714070410AB-123')).toEqual(human);
  });

  it('ends a variable-length field at GS and reads what follows', () => {
    const result = parseRawElementString(`10AB-123${GS}17140704`);
    expect(result.ok && result.value.map((e) => [e.ai, e.raw])).toEqual([
      ['10', 'AB-123'],
      ['17', '140704'],
    ]);
  });

  it('tolerates a GS after a fixed-length field and a trailing GS', () => {
    const result = parseRawElementString(`0109501101530003${GS}17140704${GS}`);
    expect(result.ok && result.value.map((e) => e.ai)).toEqual(['01', '17']);
  });
});

describe('each application identifier', () => {
  it('00 SSCC: 18 digits with a check digit', () => {
    expect(valueOf('00106141412345678908')).toEqual({ type: 'sscc', sscc: '106141412345678908' });
    expect(errorOf('00106141412345678909')).toBe('barcode.badCheckDigit');
    expect(errorOf('0010614141234567890')).toBe('barcode.badLength');
  });

  it('01 GTIN and 02 CONTENT: 14 digits with a check digit', () => {
    expect(valueOf('0109501101530003')).toEqual({ type: 'gtin', gtin14: '09501101530003' });
    expect(valueOf('0219501101530000')).toEqual({ type: 'gtin', gtin14: '19501101530000' });
    expect(errorOf('0109501101530004')).toBe('barcode.badCheckDigit');
    expect(errorOf('010950110153000')).toBe('barcode.badLength');
    expect(errorOf('(01)0950110153000A')).toBe('barcode.notDigits');
  });

  it('10 BATCH/LOT and 21 SERIAL: up to 20 characters of set 82', () => {
    expect(valueOf('10ABC')).toEqual({ type: 'text', text: 'ABC' });
    expect(valueOf(`21${'S'.repeat(20)}`)).toEqual({ type: 'text', text: 'S'.repeat(20) });
    expect(errorOf(`21${'S'.repeat(21)}`)).toBe('barcode.badLength');
    expect(errorOf('10AB C')).toBe('barcode.badCharacter');
    expect(errorOf('10批号')).toBe('barcode.badCharacter');
  });

  it.each([
    ['11', 'PROD DATE'],
    ['13', 'PACK DATE'],
    ['15', 'BEST BEFORE or BEST BY'],
    ['17', 'USE BY OR EXPIRY'],
  ])('%s %s: YYMMDD', (ai, title) => {
    const result = parseGs1ElementString(`${ai}250100`);
    expect(result.ok && result.value[0]).toEqual({
      ai,
      title,
      raw: '250100',
      value: { type: 'date', date: { year: 2025, month: 1, day: 31 } },
    });
    expect(errorOf(`${ai}251301`)).toBe('barcode.impossibleDate');
    expect(errorOf(`${ai}250229`)).toBe('barcode.impossibleDate');
    expect(errorOf(`${ai}2402`)).toBe('barcode.badLength');
  });

  it('applies the century rule from the reference date', () => {
    const result = parseGs1ElementString('17760101', { referenceAt: Date.UTC(2025, 0, 1) });
    expect(result.ok && result.value[0]?.value).toEqual({
      type: 'date',
      date: { year: 1976, month: 1, day: 1 },
    });
  });

  it('30 VAR. COUNT and 37 COUNT: up to 8 digits', () => {
    expect(valueOf('3012')).toEqual({ type: 'count', count: 12 });
    expect(valueOf('3799999999')).toEqual({ type: 'count', count: 99_999_999 });
    expect(errorOf('37123456789')).toBe('barcode.badLength');
    expect(errorOf('301A')).toBe('barcode.notDigits');
    expect(errorOf(`30${GS}`)).toBe('barcode.badLength');
  });

  it.each([
    ['3103', 'kg', 3],
    ['3100', 'kg', 0],
    ['3105', 'kg', 5],
    ['3112', 'm', 2],
    ['3121', 'm', 1],
    ['3133', 'm', 3],
    ['3142', 'm2', 2],
    ['3151', 'l', 1],
    ['3164', 'm3', 4],
    ['3202', 'lb', 2],
  ])('%s measure in %s with %i decimals', (ai, unit, decimals) => {
    expect(valueOf(`${ai}001250`)).toEqual({
      type: 'measure',
      unit,
      quantity: { value: 1250, decimals },
    });
  });

  it('measures are exactly 6 digits and 310n stops at n = 5', () => {
    expect(errorOf('310312345')).toBe('barcode.badLength');
    expect(errorOf('3106001250')).toBe('barcode.unknownAi');
  });

  it('390n AMOUNT and 392n PRICE: up to 15 digits, n decimals', () => {
    expect(valueOf('39021299')).toEqual({ type: 'amount', amount: { value: 1299, decimals: 2 } });
    expect(valueOf('3920500')).toEqual({ type: 'amount', amount: { value: 500, decimals: 0 } });
    expect(valueOf(`3929${'9'.repeat(15)}`)).toEqual({
      type: 'amount',
      amount: { value: 999_999_999_999_999, decimals: 9 },
    });
    expect(errorOf(`3922${'1'.repeat(16)}`)).toBe('barcode.badLength');
  });

  it('393n: ISO 4217 numeric currency then the amount', () => {
    expect(valueOf('39321561299')).toEqual({
      type: 'amount',
      amount: { value: 1299, decimals: 2 },
      currency: '156',
    });
    expect(errorOf('3932156')).toBe('barcode.badLength');
  });

  it('400 ORDER NUMBER: up to 30 characters', () => {
    expect(valueOf('400PO-2025/0001')).toEqual({ type: 'text', text: 'PO-2025/0001' });
    expect(errorOf(`400${'X'.repeat(31)}`)).toBe('barcode.badLength');
  });

  it('414 LOC No. (GLN): 13 digits with a check digit', () => {
    expect(valueOf('4149501101530003')).toEqual({ type: 'gln', gln: '9501101530003' });
    expect(errorOf('4149501101530004')).toBe('barcode.badCheckDigit');
  });

  it('8005 PRICE PER UNIT: 6 digits', () => {
    expect(valueOf('8005001299')).toEqual({ type: 'number', value: 1299 });
    expect(errorOf('800512')).toBe('barcode.badLength');
  });

  it('every known AI has a sane format', () => {
    for (const ai of knownAis()) {
      expect(ai.ai).toMatch(/^\d{2,4}$/);
      expect(ai.minLength).toBeGreaterThanOrEqual(1);
      expect(ai.maxLength).toBeGreaterThanOrEqual(ai.minLength);
      if (ai.fixed) expect(ai.minLength).toBe(ai.maxLength);
    }
  });
});

describe('refusals', () => {
  it('refuses an unknown AI in both forms', () => {
    expect(errorOf('99123')).toBe('barcode.unknownAi');
    expect(errorOf('(99)123')).toBe('barcode.unknownAi');
    expect(errorOf(`0109501101530003${GS}7777`)).toBe('barcode.unknownAi');
  });

  it('refuses trailing garbage after the last fixed-length field', () => {
    const result = parseRawElementString('0109501101530003 XYZ');
    expect(result.ok ? undefined : result.error).toMatchObject({
      code: 'barcode.trailingData',
      details: { position: 16, found: ' XYZ' },
    });
    expect(errorOf('0109501101530003ABC')).toBe('barcode.trailingData');
  });

  it('refuses text before the first AI of the human-readable form', () => {
    expect(parseHumanReadable('x(01)09501101530003').ok).toBe(false);
  });

  it('refuses surplus digits in a fixed-length field of the human-readable form', () => {
    expect(errorOf('(01)095011015300031')).toBe('barcode.badLength');
  });

  it('refuses a fixed-length field cut short by GS', () => {
    expect(errorOf(`01095011015300${GS}03`)).toBe('barcode.badLength');
  });

  it('refuses the same AI twice with different data, keeps one copy when equal', () => {
    expect(errorOf(`10A${GS}10B`)).toBe('barcode.duplicateAi');
    const same = parseGs1ElementString(`10A${GS}10A`);
    expect(same.ok && same.value).toHaveLength(1);
  });

  it('refuses an empty element string', () => {
    expect(errorOf(GS)).toBe('barcode.empty');
  });
});

// Fields the property test draws from: one generator per AI family, data in a form both
// notations can carry (no "(nn)" inside data, which the human-readable form cannot tell apart).
const digits = (min: number, max: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const text = (max: number): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.constantFrom(...'ABCXYZabcxyz0123456789-./_'),
    minLength: 1,
    maxLength: max,
  });
const withCheck = (length: number): fc.Arbitrary<string> =>
  digits(length - 1, length - 1).map((d) => `${d}${gtinCheckDigit(d)}`);
const date = fc
  .record({
    yy: fc.integer({ min: 0, max: 99 }),
    mm: fc.integer({ min: 1, max: 12 }),
    dd: fc.integer({ min: 0, max: 28 }),
  })
  .map(({ yy, mm, dd }) => [yy, mm, dd].map((n) => String(n).padStart(2, '0')).join(''));

const field = fc.oneof(
  fc.record({ ai: fc.constant('00'), raw: withCheck(18) }),
  fc.record({ ai: fc.constantFrom('01', '02'), raw: withCheck(14) }),
  fc.record({ ai: fc.constantFrom('10', '21'), raw: text(20) }),
  fc.record({ ai: fc.constantFrom('11', '13', '15', '17'), raw: date }),
  fc.record({ ai: fc.constantFrom('30', '37'), raw: digits(1, 8) }),
  fc.record({ ai: fc.constantFrom('3102', '3103', '3151', '3202'), raw: digits(6, 6) }),
  fc.record({ ai: fc.constantFrom('3902', '3922'), raw: digits(1, 15) }),
  fc.record({ ai: fc.constant('3932'), raw: digits(4, 18) }),
  fc.record({ ai: fc.constant('400'), raw: text(30) }),
  fc.record({ ai: fc.constant('414'), raw: withCheck(13) }),
  fc.record({ ai: fc.constant('8005'), raw: digits(6, 6) }),
);
const fields = fc.uniqueArray(field, { minLength: 1, maxLength: 6, selector: (f) => f.ai });

function fieldsOf(elements: readonly Gs1Element[]): Gs1Field[] {
  return elements.map(({ ai, raw }) => ({ ai, raw }));
}

describe('GS1 element string properties', () => {
  it('the human-readable and the GS-separated forms of the same fields read the same', () => {
    fc.assert(
      fc.property(fields, fc.boolean(), (list, leadingFnc1) => {
        const human = parseGs1ElementString(toHumanReadable(list));
        const raw = parseGs1ElementString(toRawElementString(list, { leadingFnc1 }));
        expect(human.ok, JSON.stringify(human)).toBe(true);
        expect(raw).toEqual(human);
        if (human.ok) expect(fieldsOf(human.value)).toEqual(list);
      }),
    );
  });

  it('a scanner prefix (]C1, ]d2, ]Q3) changes nothing', () => {
    fc.assert(
      fc.property(fields, fc.constantFrom(']C1', ']d2', ']Q3', ']e0', ']J1'), (list, aim) => {
        const bare = toRawElementString(list);
        expect(parseGs1ElementString(`${aim}${bare}`)).toEqual(parseGs1ElementString(bare));
      }),
    );
  });
});
