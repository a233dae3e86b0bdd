import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBasketLines } from './evaluate-holdout';
import {
  GROCERY_CATEGORY_RULES,
  OTHER_CATEGORY,
  categoryByKeyword,
  featuresFromName,
  nameTokens,
} from './name-features';

const DATASET = path.resolve(import.meta.dirname, '../../../shared/datasets/groceries.csv');

describe('features from a product name', () => {
  it('tokenises into lower-case words of 3+ letters without stop words', () => {
    expect(nameTokens('whole milk')).toEqual(['whole', 'milk']);
    expect(nameTokens('UHT-milk')).toEqual(['uht', 'milk']);
    expect(nameTokens('fruit/vegetable juice')).toEqual(['fruit', 'vegetable', 'juice']);
    expect(nameTokens('specialty chocolate')).toEqual(['chocolate']);
    expect(nameTokens('misc. beverages')).toEqual(['beverages']);
    expect(nameTokens('牛奶 milk milk')).toEqual(['milk']);
  });

  it('puts a name in the first category whose keyword it holds', () => {
    const category = (name: string) => categoryByKeyword(name, GROCERY_CATEGORY_RULES);
    expect(category('canned beer')).toBe('alcohol');
    expect(category('canned fish')).toBe('pantry');
    expect(category('frozen fish')).toBe('frozen');
    expect(category('fish')).toBe('meat-fish');
    expect(category('fruit/vegetable juice')).toBe('drinks');
    expect(category('tropical fruit')).toBe('produce');
    expect(category('ice cream')).toBe('frozen');
    expect(category('cream cheese')).toBe('dairy');
    expect(category('semi-finished bread')).toBe('bakery');
    expect(category('pet care')).toBe('pets');
    expect(category('instant coffee')).toBe('drinks');
    expect(category('organic products')).toBe(OTHER_CATEGORY);
    expect(featuresFromName('whole milk')).toEqual({
      categoryId: 'dairy',
      brand: null,
      nameTokens: ['whole', 'milk'],
    });
  });

  it.runIf(existsSync(DATASET) || process.env['CI'] !== undefined)(
    'maps nearly every Groceries item into about 15 categories',
    () => {
      const items = [...new Set(parseBasketLines(readFileSync(DATASET, 'utf8')).flat())];
      expect(items).toHaveLength(169);
      const categories = items.map((name) => featuresFromName(name).categoryId);
      expect(new Set(categories).size).toBeLessThanOrEqual(15);
      expect(categories.filter((c) => c === OTHER_CATEGORY).length).toBeLessThanOrEqual(3);
    },
  );
});
