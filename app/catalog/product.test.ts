import { describe, expect, it } from 'vitest';
import type { Product } from './product';
import { memberPriceFor, productName, productSchema } from './product';

const milk: Product = {
  id: 'p-milk',
  gtins: ['6901234567892', '06901234567892'],
  defaultName: 'Milk 1L',
  names: { 'zh-CN': '牛奶 1升', en: 'Milk 1 L' },
  categoryId: 'dairy',
  brand: 'Bright',
  soldBy: 'each',
  taxClassId: 'vat9',
  basePrice: { amount: 1290, currency: 'CNY' },
  memberPrices: { gold: 1190, platinum: 1090 },
  features: { categoryId: 'dairy', brand: 'Bright', nameTokens: ['牛奶', 'milk'] },
  active: true,
};

describe('productSchema', () => {
  it('accepts a product with several GTINs, localized names and member prices', () => {
    expect(productSchema.safeParse(milk).success).toBe(true);
  });

  it('accepts a weighed product with no brand and no member prices', () => {
    const apples = { ...milk, soldBy: 'weight', brand: null, memberPrices: {} };
    expect(productSchema.safeParse(apples).success).toBe(true);
  });

  it.each([
    ['a float price', { basePrice: { amount: 12.9, currency: 'CNY' } }],
    ['a negative price', { basePrice: { amount: -1, currency: 'CNY' } }],
    ['an unknown currency', { basePrice: { amount: 100, currency: 'XXX' } }],
    ['a GTIN of 11 digits', { gtins: ['12345678901'] }],
    ['an unknown member level', { memberPrices: { diamond: 100 } }],
    ['an unknown way of selling', { soldBy: 'box' }],
    ['an empty default name', { defaultName: '' }],
  ])('refuses %s', (_what, change) => {
    expect(productSchema.safeParse({ ...milk, ...change }).success).toBe(false);
  });
});

describe('productName', () => {
  it('uses the exact locale first', () => {
    expect(productName(milk, 'zh-CN')).toBe('牛奶 1升');
    expect(productName(milk, 'en')).toBe('Milk 1 L');
  });

  it('falls back to the same language, then to the default name', () => {
    expect(productName(milk, 'en-GB')).toBe('Milk 1 L');
    expect(productName(milk, 'zh-TW')).toBe('牛奶 1升');
    expect(productName(milk, 'fr')).toBe('Milk 1L');
  });

  it('skips empty names', () => {
    expect(productName({ ...milk, names: { en: '' } }, 'en')).toBe('Milk 1L');
  });
});

describe('memberPriceFor', () => {
  it('gives the level price when it is below the base price', () => {
    expect(memberPriceFor(milk, 'gold')).toEqual({ amount: 1190, currency: 'CNY' });
  });

  it('gives nothing for a level without a price, or a price not below the base price', () => {
    expect(memberPriceFor(milk, 'bronze')).toBeNull();
    expect(memberPriceFor({ ...milk, memberPrices: { silver: 1290 } }, 'silver')).toBeNull();
  });
});
