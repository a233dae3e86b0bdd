import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BarcodeOptions, BarcodeResult } from './index';
import {
  CN_SCALE_13,
  CN_SCALE_18,
  GS,
  GS1_COUPON_99,
  GS1_PRICE_4_WITH_CHECK,
  US_UPCA_PRICE_4_WITH_CHECK,
  gtinCheckDigit,
  parseBarcode,
} from './index';

function value(raw: string, options?: BarcodeOptions): BarcodeResult {
  const result = parseBarcode(raw, options);
  if (!result.ok)
    throw new Error(`expected a value for ${JSON.stringify(raw)}: ${result.error.code}`);
  return result.value;
}

function errorCode(raw: string, options?: BarcodeOptions): string | undefined {
  const result = parseBarcode(raw, options);
  return result.ok ? undefined : result.error.code;
}

describe('scanner text', () => {
  it.each([
    '4006381333931\r',
    '4006381333931\n',
    '4006381333931\r\n',
    '4006381333931\t',
    ' 4006381333931 ',
  ])('drops the suffix of %j', (raw) => {
    expect(value(raw)).toEqual({ kind: 'gtin', gtin14: '04006381333931', gtin: '4006381333931' });
  });

  it.each(['', '\r\n', '   ', ']E0'])('refuses the empty scan %j', (raw) => {
    expect(errorCode(raw)).toBe('barcode.empty');
  });

  it('keeps the AIM symbology on the result', () => {
    expect(value(']E04006381333931\r')).toEqual({
      kind: 'gtin',
      gtin14: '04006381333931',
      gtin: '4006381333931',
      symbology: { aim: ']E0', name: 'EAN-13 / UPC-A / UPC-E', gs1: false },
    });
  });
});

describe('GTINs', () => {
  it.each([
    ['95012346', '00000095012346'],
    ['036000291452', '00036000291452'],
    ['4006381333931', '04006381333931'],
    ['19501101530000', '19501101530000'],
    [']E495012346', '00000095012346'],
    [']I019501101530000', '19501101530000'],
  ])('%s is GTIN-14 %s', (raw, gtin14) => {
    const result = value(raw);
    expect(result.kind).toBe('gtin');
    expect(result.kind === 'gtin' && result.gtin14).toBe(gtin14);
  });

  it('reads 20–29 as a plain in-store GTIN when no layout is configured for it', () => {
    expect(value('2000123012506')).toEqual({
      kind: 'gtin',
      gtin14: '02000123012506',
      gtin: '2000123012506',
    });
  });

  it('refuses a wrong check digit', () => {
    const result = parseBarcode('4006381333932');
    expect(result.ok ? undefined : result.error).toMatchObject({
      code: 'barcode.badCheckDigit',
      message: 'The barcode did not read correctly. Scan it again or key in the number.',
    });
  });

  it.each(['1', '1234567', '123456789', '12345678901', '123456789012345', '1234567890123456789'])(
    'refuses %s digits as a bad length',
    (raw) => {
      expect(errorCode(raw)).toBe('barcode.badLength');
    },
  );

  it('refuses letters under an EAN/UPC or ITF symbology', () => {
    expect(errorCode(']E0400638133393X')).toBe('barcode.notDigits');
    expect(errorCode(']I0ABC')).toBe('barcode.notDigits');
  });

  it('reads an EAN-13 with its add-on (]E3)', () => {
    expect(value(']E3977123456700312')).toMatchObject({
      kind: 'gtin',
      gtin: '9771234567003',
      addOn: '12',
    });
    expect(value(']E3977123456700352495')).toMatchObject({ kind: 'gtin', addOn: '52495' });
    expect(value(']E303600029145212')).toMatchObject({ gtin: '036000291452', addOn: '12' });
    expect(errorCode(']E39771234567003123')).toBe('barcode.badLength');
    expect(errorCode(']E3977123456700412')).toBe('barcode.badCheckDigit');
  });

  it('reads an add-on sent alone (]E1, ]E2)', () => {
    expect(value(']E112')).toMatchObject({ kind: 'addOn', addOn: '12' });
    expect(value(']E252495')).toMatchObject({ kind: 'addOn', addOn: '52495' });
    expect(errorCode(']E1123')).toBe('barcode.badLength');
    expect(errorCode(']E2ABCDE')).toBe('barcode.notDigits');
  });
});

describe('UPC-E', () => {
  it(']E0 with 8 digits is UPC-E, expanded to UPC-A', () => {
    expect(value(']E004252614')).toEqual({
      kind: 'gtin',
      gtin14: '00042100005264',
      gtin: '042100005264',
      upcE: '04252614',
      symbology: { aim: ']E0', name: 'EAN-13 / UPC-A / UPC-E', gs1: false },
    });
  });

  it(']E0 with 8 digits not starting 0 or 1 is refused', () => {
    expect(errorCode(']E095012346')).toBe('barcode.badNumberSystem');
  });

  it('without an AIM id, 8 digits are EAN-8 unless the store says its scanner sends UPC-E', () => {
    // 04252614 is not a valid EAN-8 (its EAN-8 check digit would be 0), but it is a UPC-E.
    expect(errorCode('04252614')).toBe('barcode.badCheckDigit');
    const upcE = { scannerSendsUpcE: true };
    expect(value('04252614', upcE)).toMatchObject({ kind: 'gtin', gtin: '042100005264' });
    expect(value('425261', upcE)).toMatchObject({ kind: 'gtin', gtin: '042100005264' });
    expect(errorCode('425261')).toBe('barcode.badLength');
  });

  it('with the setting on, ]E4 still means EAN-8 and 8 digits starting 2–9 stay EAN-8', () => {
    const upcE = { scannerSendsUpcE: true };
    expect(value(']E400000017', upcE)).toMatchObject({ gtin: '00000017' });
    expect(value('95012346', upcE)).toMatchObject({ gtin: '95012346' });
    expect(errorCode('04252615', upcE)).toBe('barcode.badCheckDigit');
  });
});

describe('variable-measure scale labels', () => {
  const chineseScales: BarcodeOptions = { variableMeasureLayouts: [CN_SCALE_13, CN_SCALE_18] };

  it('reads both Chinese layouts when configured', () => {
    expect(value('2000123012506\r', chineseScales)).toEqual({
      kind: 'variableMeasure',
      layoutId: 'cn-scale-13',
      prefix: '2',
      itemReference: '000123',
      price: 1250,
      currency: 'CNY',
      raw: '2000123012506',
    });
    expect(value('260012301599012348', chineseScales)).toMatchObject({
      kind: 'variableMeasure',
      layoutId: 'cn-scale-18',
      itemReference: '00123',
      price: 1599,
      weightGrams: 1234,
    });
  });

  it('refuses a scale label with a wrong check digit instead of treating it as a GTIN', () => {
    expect(errorCode('2000123012507', chineseScales)).toBe('barcode.badCheckDigit');
  });

  it('leaves other prefixes to the GTIN rules', () => {
    expect(value('4006381333931', chineseScales)).toMatchObject({ kind: 'gtin' });
  });

  it('uses the first layout that fits, in the order the store lists them', () => {
    const both = {
      variableMeasureLayouts: [{ ...GS1_PRICE_4_WITH_CHECK, prefixes: ['21'] }, CN_SCALE_13],
    };
    expect(value('2112345928753', both)).toMatchObject({
      layoutId: 'gs1-price4-check',
      price: 2875,
    });
    expect(value('2000123012506', both)).toMatchObject({ layoutId: 'cn-scale-13', price: 1250 });
  });

  it('reads a UPC-A layout from the 13-digit form with a leading zero', () => {
    const us = { variableMeasureLayouts: [US_UPCA_PRICE_4_WITH_CHECK], currency: 'USD' };
    expect(value('212345928752', us)).toMatchObject({ itemReference: '12345', price: 2875 });
    expect(value('0212345928752', us)).toMatchObject({ itemReference: '12345', price: 2875 });
  });

  it('reports a broken store layout as a setting to fix', () => {
    const broken = { variableMeasureLayouts: [{ ...CN_SCALE_13, decimals: 3 }] };
    expect(errorCode('2000123012506', broken)).toBe('barcode.badLayout');
  });
});

describe('18 digits', () => {
  it('is a bad length when no scale layout claims it, never a product', () => {
    // An SSCC with a valid check digit, and a number shaped like a WeChat Pay code.
    expect(errorCode('106141412345678908')).toBe('barcode.badLength');
    expect(errorCode('134567890123456789')).toBe('barcode.badLength');
    expect(errorCode(']C0134567890123456789')).toBe('barcode.badLength');
    expect(errorCode('260012301599012348')).toBe('barcode.badLength');
  });

  it('is an SSCC inside a GS1 element string', () => {
    expect(value(']C100106141412345678908')).toMatchObject({
      kind: 'gs1',
      sscc: '106141412345678908',
    });
  });
});

describe('GS1 element strings', () => {
  const expected = {
    kind: 'gs1',
    gtin14: '09501101530003',
    expiry: { year: 2025, month: 1, day: 1 },
    batch: 'ABC',
  };

  it.each([
    ['human-readable', '(01)09501101530003(17)250101(10)ABC'],
    ['GS1-128 with AIM id', ']C1010950110153000317250101' + '10ABC'],
    ['GS1 DataMatrix with AIM id', ']d2010950110153000317250101' + '10ABC\r\n'],
    ['GS1 QR with AIM id', ']Q3010950110153000317250101' + '10ABC'],
    ['GS1 DataBar with AIM id', ']e0010950110153000317250101' + '10ABC'],
    ['leading FNC1, no AIM id', `${GS}010950110153000317250101` + '10ABC'],
    ['bare digits starting 01', '010950110153000317250101' + '10ABC'],
  ])('reads the %s form', (_form, raw) => {
    expect(value(raw)).toMatchObject(expected);
  });

  it('reads a bare 16-digit GS1 DataBar (01) as GS1, not as a bad length', () => {
    expect(value('0109501101530003')).toMatchObject({ kind: 'gs1', gtin14: '09501101530003' });
  });

  it('sums up weight, count, price and dates', () => {
    const result = value(
      `]C10109501101530003${'3103001250'}${'15251200'}${'11250101'}${'3712'}${GS}${'39221299'}${GS}${'8005000365'}`,
    );
    expect(result).toMatchObject({
      kind: 'gs1',
      netWeightKg: { value: 1250, decimals: 3 },
      weightGrams: 1250,
      bestBefore: { year: 2025, month: 12, day: 31 },
      productionDate: { year: 2025, month: 1, day: 1 },
      count: 12,
      price: { amount: { value: 1299, decimals: 2 } },
      pricePerUnit: 365,
    });
  });

  it('reports amounts payable with their currency', () => {
    expect(value('(01)09501101530003(3932)1561299')).toMatchObject({
      amountPayable: { amount: { value: 1299, decimals: 2 }, currency: '156' },
    });
  });

  it('keeps a weight finer than a gram exact and gives no gram figure', () => {
    const result = value('(01)09501101530003(3105)123456');
    expect(result).toMatchObject({ netWeightKg: { value: 123_456, decimals: 5 } });
    expect('weightGrams' in result).toBe(false);
  });

  it('uses the reference date for the century rule', () => {
    const options = { referenceAt: Date.UTC(2025, 5, 1) };
    expect(value('(17)760101', options)).toMatchObject({ expiry: { year: 1976 } });
  });

  it.each([
    ['(99)123', 'barcode.unknownAi'],
    ['(01)09501101530004', 'barcode.badCheckDigit'],
    ['(17)250229', 'barcode.impossibleDate'],
    ['(17)251301', 'barcode.impossibleDate'],
    ['(30)12A', 'barcode.notDigits'],
    [']C10109501101530003XYZ', 'barcode.trailingData'],
    [']C101095011015300', 'barcode.badLength'],
    ['0109501101530004' + '10ABC', 'barcode.badCheckDigit'],
  ])('refuses %j with %s', (raw, code) => {
    const result = parseBarcode(raw);
    expect(result.ok ? undefined : result.error.code).toBe(code);
    if (!result.ok) expect(result.error.message.length).toBeGreaterThan(20);
  });
});

describe('member cards and coupons', () => {
  const store: BarcodeOptions = {
    memberCards: [
      { prefixes: ['M'], length: 10 },
      { prefixes: ['99'], length: 12 },
    ],
    coupons: [GS1_COUPON_99, { prefixes: ['CP'], length: 8 }],
    variableMeasureLayouts: [CN_SCALE_13],
  };

  it('reads member cards by prefix and length', () => {
    expect(value('M123456789\r', store)).toEqual({ kind: 'member', memberCode: 'M123456789' });
    expect(value('991234567890', store)).toEqual({ kind: 'member', memberCode: '991234567890' });
  });

  it('reads coupons, checking the GS1 coupon check digit', () => {
    const coupon = `990123456789${gtinCheckDigit('990123456789')}`;
    expect(value(coupon, store)).toEqual({ kind: 'coupon', code: coupon });
    expect(value('CP123456', store)).toEqual({ kind: 'coupon', code: 'CP123456' });
    const wrong = `990123456789${(gtinCheckDigit('990123456789') + 1) % 10}`;
    expect(errorCode(wrong, store)).toBe('barcode.badCheckDigit');
  });

  it('does not claim codes of another length or with letters after the prefix', () => {
    expect(value('M12345', store)).toEqual({ kind: 'unknown', code: 'M12345' });
    expect(value('M12345678X', store)).toEqual({ kind: 'unknown', code: 'M12345678X' });
    expect(value('CP12345', store)).toEqual({ kind: 'unknown', code: 'CP12345' });
  });

  it('without rules, the same codes are not members or coupons', () => {
    expect(value('M123456789')).toEqual({ kind: 'unknown', code: 'M123456789' });
    expect(value(`990123456789${gtinCheckDigit('990123456789')}`)).toMatchObject({ kind: 'gtin' });
  });
});

describe('unknown codes', () => {
  it('keeps readable text the register has no use for', () => {
    expect(value(']Q1https://example.com/receipt/42')).toEqual({
      kind: 'unknown',
      code: 'https://example.com/receipt/42',
      symbology: { aim: ']Q1', name: 'QR Code', gs1: false },
    });
    expect(value(']A0ABC-123')).toMatchObject({ kind: 'unknown', code: 'ABC-123' });
  });
});

describe('parseBarcode properties', () => {
  it('never throws, whatever the scanner sends', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (raw) => {
        const result = parseBarcode(raw, { variableMeasureLayouts: [CN_SCALE_13, CN_SCALE_18] });
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });

  it('every valid EAN-13 not starting 2 reads as a GTIN even with Chinese scales configured', () => {
    const options = { variableMeasureLayouts: [CN_SCALE_13, CN_SCALE_18] };
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 12, maxLength: 12 }),
        (body) => {
          fc.pre(!body.startsWith('2'));
          const code = `${body}${gtinCheckDigit(body)}`;
          expect(value(code, options)).toEqual({ kind: 'gtin', gtin14: `0${code}`, gtin: code });
        },
      ),
    );
  });
});
