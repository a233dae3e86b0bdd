import { describe, expect, it } from 'vitest';
import type { VariableMeasureLayout } from './index';
import {
  CN_SCALE_13,
  CN_SCALE_18,
  CN_SCALE_18_COUNT,
  GS1_PRICE_4_WITH_CHECK,
  GS1_PRICE_5,
  GS1_WEIGHT_5,
  US_UPCA_PRICE_4_WITH_CHECK,
  VARIABLE_MEASURE_PRESETS,
  layoutLength,
  layoutMatches,
  layoutProblem,
  readVariableMeasure,
} from './index';

function read(digits: string, layout: VariableMeasureLayout, currency = 'CNY') {
  return readVariableMeasure(digits, layout, currency);
}

function errorOf(digits: string, layout: VariableMeasureLayout, currency = 'CNY') {
  const result = read(digits, layout, currency);
  return result.ok ? undefined : result.error;
}

describe('preset layouts', () => {
  it('have the lengths their names promise and no problems', () => {
    expect(VARIABLE_MEASURE_PRESETS.map((l) => [l.id, layoutLength(l)])).toEqual([
      ['gs1-price4-check', 13],
      ['gs1-price5', 13],
      ['gs1-weight5', 13],
      ['us-upca-price4-check', 12],
      ['cn-scale-13', 13],
      ['cn-scale-18', 18],
      ['cn-scale-18-count', 18],
    ]);
    for (const layout of VARIABLE_MEASURE_PRESETS) {
      expect(layoutProblem(layout, 'CNY')).toBeUndefined();
    }
  });
});

describe('Chinese 13-digit scale label F IIIIII PPPPP C', () => {
  // 2 | 000123 | 01250 | check: mod-10 of 200012301250 is 6. Item 000123 at ¥12.50.
  it('reads item 000123 at ¥12.50 from 2000123012506', () => {
    expect(read('2000123012506', CN_SCALE_13)).toEqual({
      ok: true,
      value: {
        layoutId: 'cn-scale-13',
        prefix: '2',
        itemReference: '000123',
        price: 1250,
        currency: 'CNY',
        raw: '2000123012506',
      },
    });
  });

  it('reads the largest price, ¥999.99', () => {
    // 2 | 999999 | 99999 | check of 299999999999 is 1.
    const result = read('2999999999991', CN_SCALE_13);
    expect(result.ok && result.value.price).toBe(99_999);
  });

  it('refuses a wrong EAN-13 check digit', () => {
    expect(errorOf('2000123012507', CN_SCALE_13)?.code).toBe('barcode.badCheckDigit');
  });
});

describe('Chinese 18-digit scale label 26 IIIII PPPPP WWWWW C', () => {
  // 26 | 00123 | 01599 | 01234 | check: mod-10 of 26001230159901234 is 8.
  it('reads PLU 00123, ¥15.99 for 1.234 kg from 260012301599012348', () => {
    expect(read('260012301599012348', CN_SCALE_18)).toEqual({
      ok: true,
      value: {
        layoutId: 'cn-scale-18',
        prefix: '26',
        itemReference: '00123',
        price: 1599,
        currency: 'CNY',
        weightGrams: 1234,
        raw: '260012301599012348',
      },
    });
  });

  it('reads the count variant: 02000 with 3 decimals is 2 items', () => {
    // 26 | 00123 | 01599 | 02000 | check of 26001230159902000 is 8.
    const result = read('260012301599020008', CN_SCALE_18_COUNT);
    expect(result.ok && [result.value.price, result.value.count]).toEqual([1599, 2]);
    expect(result.ok && 'weightGrams' in result.value).toBe(false);
  });

  it('refuses a count that is not whole', () => {
    // 26 | 00123 | 01599 | 01234 | 8: 1.234 items.
    expect(errorOf('260012301599012348', CN_SCALE_18_COUNT)?.code).toBe('barcode.badMeasure');
  });

  it('refuses a wrong check digit over the 17 digits', () => {
    expect(errorOf('260012301599012349', CN_SCALE_18)?.code).toBe('barcode.badCheckDigit');
  });

  it('only matches 18 digits starting 26', () => {
    expect(layoutMatches(CN_SCALE_18, '260012301599012348')).toBe(true);
    expect(layoutMatches(CN_SCALE_18, '250012301599012348')).toBe(false);
    expect(layoutMatches(CN_SCALE_18, '2600123015990123')).toBe(false);
  });
});

describe('GS1 layouts (European examples)', () => {
  // 21 | 12345 | 9 (price check of 2875) | 2875 | check of 211234592875 is 3.
  it('price 4 with price check: item 12345 at 28.75', () => {
    const result = read('2112345928753', GS1_PRICE_4_WITH_CHECK, 'EUR');
    expect(result).toEqual({
      ok: true,
      value: {
        layoutId: 'gs1-price4-check',
        prefix: '21',
        itemReference: '12345',
        price: 2875,
        currency: 'EUR',
        raw: '2112345928753',
      },
    });
  });

  it('refuses a wrong price check digit even when the EAN-13 check digit is right', () => {
    // 21 | 12345 | 8 | 2875: check of 211234582875 is 6, so the EAN-13 check passes.
    const error = errorOf('2112345828756', GS1_PRICE_4_WITH_CHECK);
    expect(error?.code).toBe('barcode.badCheckDigit');
    expect(error?.details).toMatchObject({ field: 'price' });
  });

  it('price 5: item 12345 at 146.85', () => {
    // 20 | 12345 | 14685 | check of 201234514685 is 3.
    const result = read('2012345146853', GS1_PRICE_5);
    expect(result.ok && [result.value.itemReference, result.value.price]).toEqual(['12345', 14685]);
  });

  it('weight 5: item 00042 weighing 1.235 kg', () => {
    // 23 | 00042 | 01235 | check of 230004201235 is 0.
    const result = read('2300042012350', GS1_WEIGHT_5);
    expect(result.ok && result.value).toEqual({
      layoutId: 'gs1-weight5',
      prefix: '23',
      itemReference: '00042',
      weightGrams: 1235,
      raw: '2300042012350',
    });
  });

  it('US UPC-A: item 12345 at $28.75 with price check', () => {
    // 2 | 12345 | 9 | 2875 | check of 21234592875 is 2.
    const result = read('212345928752', US_UPCA_PRICE_4_WITH_CHECK, 'USD');
    expect(result.ok && [result.value.itemReference, result.value.price]).toEqual(['12345', 2875]);
  });
});

describe('value scaling', () => {
  it('turns a whole-yuan price into fen and a 10 g weight into grams', () => {
    const wholeYuan: VariableMeasureLayout = { ...GS1_PRICE_5, id: 'yuan', decimals: 0 };
    // 20 | 12345 | 00015 | check of 201234500015 is 5.
    const price = read('2012345000155', wholeYuan);
    expect(price.ok && price.value.price).toBe(1500);
    const decagrams: VariableMeasureLayout = { ...GS1_WEIGHT_5, id: 'dag', decimals: 2 };
    const weight = read('2300042012350', decagrams);
    expect(weight.ok && weight.value.weightGrams).toBe(12_350);
  });

  it('reads prices in a currency without minor units', () => {
    const yen: VariableMeasureLayout = { ...GS1_PRICE_5, id: 'yen', decimals: 0 };
    const result = read('2012345146853', yen, 'JPY');
    expect(result.ok && [result.value.price, result.value.currency]).toEqual([14685, 'JPY']);
  });
});

describe('layout problems are refused, not guessed', () => {
  it.each<[string, Partial<VariableMeasureLayout>, string]>([
    ['mixed prefix lengths', { prefixes: ['2', '21'] }, 'CNY'],
    ['no prefix', { prefixes: [] }, 'CNY'],
    ['letters in a prefix', { prefixes: ['2A'] }, 'CNY'],
    ['price check on 3 digits', { priceCheckDigit: true, valueLength: 3 }, 'CNY'],
    ['a price finer than the currency', { decimals: 3 }, 'CNY'],
    ['a price in decimals of yen', { decimals: 2 }, 'JPY'],
    ['an unknown currency', {}, 'XXX'],
    ['a zero-length item', { itemReferenceLength: 0 }, 'CNY'],
    ['two prices', { secondValue: { value: 'price', valueLength: 5, decimals: 2 } }, 'CNY'],
  ])('%s', (_why, change, currency) => {
    const layout = { ...GS1_PRICE_5, ...change };
    expect(layoutProblem(layout, currency)).toBeDefined();
    expect(errorOf('2012345146853', layout, currency)?.code).toBe('barcode.badLayout');
  });

  it('refuses a weight finer than a gram', () => {
    expect(layoutProblem({ ...GS1_WEIGHT_5, decimals: 4 }, 'CNY')).toBeDefined();
  });

  it('refuses digits that do not fit the layout', () => {
    expect(errorOf('20123451468', GS1_PRICE_5)?.code).toBe('barcode.badLength');
  });
});
