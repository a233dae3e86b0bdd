// The settings form's draft: what the manager typed becomes the settings the core checks, or each
// problem under the field it belongs to (numbers, PLU rows, scale-label prefixes).
import { describe, expect, it } from 'vitest';
import { DEFAULT_REGISTER_SETTINGS } from '../../app/commands';
import {
  NOT_AN_AMOUNT,
  NOT_A_PERCENT,
  WHOLE_NUMBER,
  draftOf,
  settingsFromDraft,
} from './settings-draft';

const RICE = '6920000000006';

describe('settings draft', () => {
  it('round-trips the settings unchanged', () => {
    const settings = {
      ...DEFAULT_REGISTER_SETTINGS,
      barcode: {
        ...DEFAULT_REGISTER_SETTINGS.barcode,
        scaleLabels: [{ layout: 'gs1-weight5', prefixes: ['21'] }, { layout: 'cn-scale-18' }],
      },
      pluTable: { '123': RICE },
      discountLimit: { basisPoints: 1250, amount: 3050 },
    };
    expect(settingsFromDraft(draftOf(settings))).toEqual({ ok: true, settings });
  });

  it('parses what was typed: numbers, upper-case currency, PLU rows, prefixes', () => {
    const draft = {
      ...draftOf(DEFAULT_REGISTER_SETTINGS),
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

  it('says a discount limit that is not a percentage or an amount under its field', () => {
    const typed = (discountPercent: string, discountAmount: string) =>
      settingsFromDraft({ ...draftOf(DEFAULT_REGISTER_SETTINGS), discountPercent, discountAmount });
    expect(typed('ten', '1.234')).toEqual({
      ok: false,
      errors: { 'discountLimit.basisPoints': NOT_A_PERCENT, 'discountLimit.amount': NOT_AN_AMOUNT },
    });
    const over = typed('150', '0');
    expect(over.ok).toBe(false);
    if (!over.ok) expect(Object.keys(over.errors)).toEqual(['discountLimit.basisPoints']);
    // Zero is a limit: every discount then needs a supervisor.
    expect(typed('0', '0')).toMatchObject({
      ok: true,
      settings: { discountLimit: { basisPoints: 0, amount: 0 } },
    });
  });

  it('puts each problem under its own field', () => {
    const draft = {
      ...draftOf(DEFAULT_REGISTER_SETTINGS),
      storeName: '  ',
      currency: 'XYZ',
      cashIncrement: '1.5',
      pointsValue: 'ten',
      pluRows: [
        { plu: '12a', gtin: RICE },
        { plu: '7', gtin: '123' },
        { plu: '8', gtin: RICE },
        { plu: '8', gtin: RICE },
      ],
    };
    const result = settingsFromDraft(draft);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(
      [
        'storeName',
        'currency',
        'cashRounding.increment',
        'pointsRate.value',
        'pluRows.0.plu',
        'pluRows.1.gtin',
        'pluRows.3.plu',
      ].sort(),
    );
    expect(result.errors['pluRows.3.plu']).toBe('PLU 8 is listed twice');
    expect(result.errors['cashRounding.increment']).toBe(WHOLE_NUMBER);
    expect(result.errors['pointsRate.value']).toBe(WHOLE_NUMBER);
  });

  it('says what fails across fields once the fields themselves are sound', () => {
    const draft = {
      ...draftOf(DEFAULT_REGISTER_SETTINGS),
      scaleLabels: [{ layout: 'gs1-weight5', prefixes: '30' }],
      pluRows: [
        { plu: '8', gtin: RICE },
        { plu: '008', gtin: RICE },
      ],
    };
    const result = settingsFromDraft(draft);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['pluRows.1.plu', 'scaleLabels.0.prefixes']);
    expect(result.errors['scaleLabels.0.prefixes']).toMatch(/Prefix 30/);
    expect(result.errors['pluRows.1.plu']).toMatch(/same number as PLU 8/);
  });
});
