// The settings form's draft: what the manager typed becomes the settings the core checks, or each
// problem under the field it belongs to (numbers, PLU rows, scale-label prefixes, member-card and
// coupon rules), said as a message key with its values that both locales translate.
import { describe, expect, it } from 'vitest';
import type { RegisterSettings } from '../../app/commands';
import { DEFAULT_REGISTER_SETTINGS, MAX_PLUS } from '../../app/commands';
import { MESSAGES } from '../i18n/messages';
import type { FieldErrors, SettingsDraft } from './settings-draft';
import { NEW_STORE_CODE_ROW, OTHER_PROBLEM, draftOf, settingsFromDraft } from './settings-draft';

const RICE = '6920000000006';
const MILK = '6901234567892';

const DRAFT = draftOf(DEFAULT_REGISTER_SETTINGS);

/** The problems a draft has (failing the test when it has none). */
function problemsOf(draft: SettingsDraft): FieldErrors {
  const result = settingsFromDraft(draft);
  if (result.ok) throw new Error('the draft was accepted');
  return result.errors;
}

describe('settings draft', () => {
  it('round-trips the settings unchanged', () => {
    const settings: RegisterSettings = {
      ...DEFAULT_REGISTER_SETTINGS,
      barcode: {
        ...DEFAULT_REGISTER_SETTINGS.barcode,
        scaleLabels: [{ layout: 'gs1-weight5', prefixes: ['21'] }, { layout: 'cn-scale-18' }],
        // With and without a check digit: one left out stays left out.
        memberCards: [
          { prefixes: ['M', 'VIP'], length: 10 },
          { prefixes: ['9900'], length: 13, checkDigit: 'mod10' },
        ],
        coupons: [
          { prefixes: ['99'], length: 13, checkDigit: 'mod10' },
          { prefixes: ['C'], length: 8, checkDigit: 'none' },
        ],
      },
      pluTable: { '123': RICE },
      discountLimit: { basisPoints: 1250, amount: 3050 },
    };
    expect(settingsFromDraft(draftOf(settings))).toEqual({ ok: true, settings });
  });

  it('parses what was typed: numbers, upper-case currency, PLU rows, prefixes', () => {
    const draft = {
      ...DRAFT,
      currency: ' cny ',
      cashIncrement: '10',
      points: '50',
      scaleLabels: [{ layout: 'gs1-weight5', prefixes: ' 21, 22 ' }],
      pluRows: [{ plu: ' 123 ', gtin: ` ${RICE}` }],
      discountPercent: ' 7,5 % ',
      discountAmount: '15',
    };
    const result = settingsFromDraft(draft);
    expect(result).toMatchObject({
      ok: true,
      settings: {
        currency: 'CNY',
        cashRounding: { increment: 10 },
        pointsRate: { points: 50, value: 100 },
        barcode: { scaleLabels: [{ layout: 'gs1-weight5', prefixes: ['21', '22'] }] },
        pluTable: { '123': RICE },
        discountLimit: { basisPoints: 750, amount: 1500 },
      },
    });
  });

  it('reads member-card and coupon rows: prefixes as typed, a check digit only when named', () => {
    const result = settingsFromDraft({
      ...DRAFT,
      memberCards: [
        { ...NEW_STORE_CODE_ROW, prefixes: ' M，VIP、 88 ', length: ' 10 ' },
        { ...NEW_STORE_CODE_ROW, prefixes: '99', checkDigit: 'mod10' },
      ],
      // Stored with "none" named: kept named.
      coupons: [{ prefixes: 'C', length: '8', checkDigit: 'none', checkDigitNamed: true }],
    });
    expect(result).toEqual({
      ok: true,
      settings: {
        ...DEFAULT_REGISTER_SETTINGS,
        barcode: {
          ...DEFAULT_REGISTER_SETTINGS.barcode,
          memberCards: [
            { prefixes: ['M', 'VIP', '88'], length: 10 },
            { prefixes: ['99'], length: 13, checkDigit: 'mod10' },
          ],
          coupons: [{ prefixes: ['C'], length: 8, checkDigit: 'none' }],
        },
      },
    });
  });

  it('says a discount limit that is not a percentage or an amount under its field', () => {
    const typed = (discountPercent: string, discountAmount: string) =>
      settingsFromDraft({ ...DRAFT, discountPercent, discountAmount });
    expect(typed('ten', '1.234')).toEqual({
      ok: false,
      errors: {
        'discountLimit.basisPoints': { key: 'settings.notAPercent' },
        'discountLimit.amount': { key: 'settings.notAnAmount' },
      },
    });
    expect(problemsOf({ ...DRAFT, discountPercent: '150', discountAmount: '0' })).toEqual({
      'discountLimit.basisPoints': { key: 'settings.notAPercent' },
    });
    // Zero is a limit: every discount then needs a supervisor.
    expect(typed('0', '0')).toMatchObject({
      ok: true,
      settings: { discountLimit: { basisPoints: 0, amount: 0 } },
    });
  });

  it('puts each problem under its own field, in words of its own', () => {
    const draft: SettingsDraft = {
      ...DRAFT,
      storeName: '  ',
      storeAddress: 'x'.repeat(201),
      receiptFooter: 'x'.repeat(301),
      currency: 'XYZ',
      cashIncrement: '1.5',
      points: '0',
      pointsValue: 'ten',
      pluRows: [
        { plu: '12a', gtin: RICE },
        { plu: '7', gtin: '123' },
        { plu: '8', gtin: RICE },
        { plu: '8', gtin: RICE },
        { plu: '008', gtin: 'milk' },
      ],
    };
    expect(problemsOf(draft)).toEqual({
      storeName: { key: 'settings.problem.storeName' },
      storeAddress: { key: 'settings.problem.storeAddress' },
      receiptFooter: { key: 'settings.problem.receiptFooter' },
      currency: { key: 'settings.problem.currency' },
      'cashRounding.increment': { key: 'settings.problem.cashIncrement' },
      'pointsRate.points': { key: 'settings.problem.pointsRate' },
      'pointsRate.value': { key: 'settings.problem.pointsRate' },
      'pluRows.0.plu': { key: 'settings.problem.pluFormat' },
      'pluRows.1.gtin': { key: 'settings.problem.gtin' },
      'pluRows.3.plu': { key: 'settings.problem.pluTwice', params: { plu: '8' } },
      // Both problems of one row at once: its PLU and its GTIN.
      'pluRows.4.plu': {
        key: 'settings.problem.pluSameNumber',
        params: { plu: '008', other: '8' },
      },
      'pluRows.4.gtin': { key: 'settings.problem.gtin' },
    });
  });

  it('says a scale label’s prefixes and currency alongside the other fields’ problems', () => {
    const draft: SettingsDraft = {
      ...DRAFT,
      storeName: '',
      currency: 'JPY',
      discountAmount: '20',
      scaleLabels: [
        { layout: 'gs1-weight5', prefixes: '21, 30' },
        { layout: 'cn-scale-13', prefixes: '' },
        { layout: 'cn-scale-18', prefixes: '26, 2x' },
      ],
    };
    expect(problemsOf(draft)).toEqual({
      storeName: { key: 'settings.problem.storeName' },
      'scaleLabels.0.prefixes': {
        key: 'settings.problem.scalePrefixes',
        params: { layout: 'gs1-weight5', prefixes: '20, 21, 22, 23, 24, 25, 26, 27, 28, 29' },
      },
      'scaleLabels.1.layout': {
        key: 'settings.problem.layoutCurrency',
        params: { layout: 'cn-scale-13', decimals: 2, currency: 'JPY', exponent: 0 },
      },
      'scaleLabels.2.prefixes': {
        key: 'settings.problem.scalePrefixes',
        params: { layout: 'cn-scale-18', prefixes: '26' },
      },
      'scaleLabels.2.layout': {
        key: 'settings.problem.layoutCurrency',
        params: { layout: 'cn-scale-18', decimals: 2, currency: 'JPY', exponent: 0 },
      },
    });
  });

  it('says what is wrong with a member-card or coupon rule under its own field', () => {
    const draft: SettingsDraft = {
      ...DRAFT,
      memberCards: [
        { ...NEW_STORE_CODE_ROW, prefixes: 'M', length: '10.5' },
        { ...NEW_STORE_CODE_ROW, prefixes: '990086, 99', length: '40' },
        { ...NEW_STORE_CODE_ROW, prefixes: ' , ', length: '3' },
      ],
      coupons: [
        { ...NEW_STORE_CODE_ROW, prefixes: '1,2,3,4,5,6,7,8,9,10,11' },
        { ...NEW_STORE_CODE_ROW, prefixes: 'C-1', length: '' },
      ],
    };
    expect(problemsOf(draft)).toEqual({
      'memberCards.0.length': { key: 'settings.problem.codeLength' },
      'memberCards.1.prefixes': { key: 'settings.problem.codePrefixes' },
      'memberCards.1.length': { key: 'settings.problem.codeLength' },
      'memberCards.2.prefixes': { key: 'settings.problem.codePrefixes' },
      'memberCards.2.length': { key: 'settings.problem.codeLength' },
      'coupons.0.prefixes': { key: 'settings.problem.codePrefixes' },
      'coupons.1.prefixes': { key: 'settings.problem.codePrefixes' },
      'coupons.1.length': { key: 'settings.problem.codeLength' },
    });
  });

  it('says too many rows, layouts or PLUs on the list itself', () => {
    const rule = { ...NEW_STORE_CODE_ROW, prefixes: '99' };
    const label = { layout: 'gs1-weight5', prefixes: '' };
    const plus = Array.from({ length: MAX_PLUS + 1 }, (_, i) => ({
      plu: String(i + 1),
      gtin: MILK,
    }));
    expect(
      problemsOf({
        ...DRAFT,
        memberCards: Array.from({ length: 11 }, () => rule),
        coupons: Array.from({ length: 11 }, () => rule),
        scaleLabels: Array.from({ length: 11 }, () => label),
      }),
    ).toEqual({
      memberCards: { key: 'settings.problem.tooManyRules', params: { max: 10 } },
      coupons: { key: 'settings.problem.tooManyRules', params: { max: 10 } },
      scaleLabels: { key: 'settings.problem.tooManyLayouts', params: { max: 10 } },
    });
    expect(problemsOf({ ...DRAFT, pluRows: plus })).toEqual({
      pluTable: { key: 'settings.problem.tooManyPlus', params: { max: MAX_PLUS } },
    });
  });

  it('falls back to the schema’s own words for what no field’s words cover, never dropping it', () => {
    const forged = {
      ...DRAFT,
      taxMode: 'gross',
      scaleLabels: [{ layout: 'no-such-layout', prefixes: '' }],
      memberCards: [{ ...NEW_STORE_CODE_ROW, prefixes: 'M', checkDigit: 'mod11' }],
      scannerSendsUpcE: 'yes',
    } as unknown as SettingsDraft;
    const errors = problemsOf(forged);
    expect(Object.keys(errors).sort()).toEqual(
      ['form', 'memberCards.0.checkDigit', 'scaleLabels.0.layout', 'taxMode'].sort(),
    );
    for (const found of Object.values(errors)) {
      expect(found.key).toBe(OTHER_PROBLEM);
      expect(Object.keys(found.params ?? {})).toEqual(['detail']);
      expect(String(found.params?.['detail'])).toMatch(/\w/);
    }
    expect(errors['taxMode']?.params?.['detail']).toMatch(/inclusive/);
  });

  it('has every problem’s words in both locales, with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const keys = Object.keys(MESSAGES.en).filter((k) => k.startsWith('settings.problem.'));
    expect(keys.length).toBeGreaterThan(15);
    for (const key of keys as (keyof typeof MESSAGES.en)[]) {
      expect(placeholders(MESSAGES['zh-CN'][key]), key).toEqual(placeholders(MESSAGES.en[key]));
    }
  });
});
