import { describe, expect, it } from 'vitest';
import { money } from '../money';
import { stockLevel } from './stock-level';
import type { StocktakeSession, UnitValue } from './stocktake';
import { postStocktake, stocktakeAdjustments, stocktakeVariance } from './stocktake';

const session: StocktakeSession = {
  id: 'st-1',
  storeId: 's-1',
  counts: [
    { productId: 'cola', location: 'aisle-3', counted: 7 },
    { productId: 'cola', location: 'back-room', counted: 5 },
    { productId: 'chips', location: 'aisle-4', counted: 3 },
    { productId: 'rice-g', location: 'aisle-1', counted: 9_750 },
    { productId: 'soap', location: 'aisle-9', counted: 2 },
    { productId: 'new-item', location: 'aisle-9', counted: 1 },
  ],
};

const books = [
  { productId: 'cola', total: 10 },
  { productId: 'chips', total: 5 },
  { productId: 'rice-g', total: 10_000 },
  { productId: 'soap', total: 2 },
  { productId: 'gum', total: 40 },
];

const values = new Map<string, UnitValue>([
  ['cola', { value: money(300, 'CNY') }],
  ['chips', { value: money(650, 'CNY') }],
  ['rice-g', { value: money(599, 'CNY'), perUnits: 1000 }],
  ['soap', { value: money(1200, 'CNY') }],
]);

function report() {
  const r = stocktakeVariance({ session, expected: books, unitValues: values, currency: 'CNY' });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('stocktakeVariance', () => {
  it('sums the counts of a product over its locations', () => {
    const cola = report().lines.find((l) => l.productId === 'cola');
    expect(cola).toEqual({
      productId: 'cola',
      expected: 10,
      counted: 12,
      variance: 2,
      kind: 'over',
      value: money(600, 'CNY'),
      locations: [
        { location: 'aisle-3', counted: 7 },
        { location: 'back-room', counted: 5 },
      ],
    });
  });

  it('values under-counts negatively, weighed goods per kilogram', () => {
    const r = report();
    expect(r.lines.find((l) => l.productId === 'chips')).toMatchObject({
      variance: -2,
      kind: 'under',
      value: money(-1300, 'CNY'),
    });
    // −250 g at ¥5.99/kg = −¥1.4975 → −¥1.50 (half up, away from zero)
    expect(r.lines.find((l) => l.productId === 'rice-g')?.value).toEqual(money(-150, 'CNY'));
    expect(r.lines.find((l) => l.productId === 'soap')).toMatchObject({
      variance: 0,
      kind: 'match',
    });
  });

  it('totals over, under and net value; lists uncounted and unvalued products', () => {
    const r = report();
    expect(r.overValue).toEqual(money(600, 'CNY'));
    expect(r.underValue).toEqual(money(-1450, 'CNY'));
    expect(r.netValue).toEqual(money(-850, 'CNY'));
    expect(r.uncounted).toEqual([{ productId: 'gum', expected: 40 }]);
    expect(r.unvalued).toEqual(['new-item']);
    expect(r.lines.find((l) => l.productId === 'new-item')).toMatchObject({
      expected: 0,
      variance: 1,
    });
  });

  it('refuses a negative or fractional count', () => {
    const bad = stocktakeVariance({
      session: { ...session, counts: [{ productId: 'x', location: 'a', counted: -1 }] },
      expected: [],
      unitValues: new Map(),
      currency: 'CNY',
    });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('stocktake.countInvalid');
  });
});

describe('stocktake adjustments', () => {
  it('one adjust per product with a variance, never for uncounted products', () => {
    expect(stocktakeAdjustments(report())).toEqual([
      { productId: 'chips', delta: -2, reason: 'stocktake st-1' },
      { productId: 'cola', delta: 2, reason: 'stocktake st-1' },
      { productId: 'new-item', delta: 1, reason: 'stocktake st-1' },
      { productId: 'rice-g', delta: -250, reason: 'stocktake st-1' },
    ]);
  });

  it('posting makes the books match the count', () => {
    const levels = new Map(
      books.map((b) => [
        b.productId,
        stockLevel({ storeId: 's-1', productId: b.productId, available: b.total }),
      ]),
    );
    const posted = postStocktake(report(), levels);
    if (!posted.ok) throw new Error(posted.error.message);
    expect(posted.value.levels.get('cola')?.total).toBe(12);
    expect(posted.value.levels.get('chips')?.total).toBe(3);
    expect(posted.value.levels.get('rice-g')?.total).toBe(9_750);
    expect(posted.value.levels.get('new-item')).toMatchObject({ total: 1, version: 1 });
    expect(posted.value.levels.get('gum')?.total).toBe(40);
    expect(posted.value.log.map((m) => m.type)).toEqual(['adjust', 'adjust', 'adjust', 'adjust']);
  });

  it('refuses to write off units held for orders, all or nothing', () => {
    const levels = new Map([
      ['chips', stockLevel({ storeId: 's-1', productId: 'chips', available: 1, locked: 4 })],
    ]);
    const posted = postStocktake(report(), levels);
    expect(posted.ok ? 'ok' : posted.error.code).toBe('stock.insufficient');
  });
});
