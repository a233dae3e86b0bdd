import { describe, expect, it } from 'vitest';
import { readPullPage, snapshotEntrySchema } from './pull-messages';

const price = (cursor: number, amount: number) => ({
  cursor,
  gtin14: '06901234567892',
  price: { amount, currency: 'CNY', memberPrices: {} },
});
const page = (entries: unknown[], cursor: number, extra: object = {}) => ({
  schema_version: 1,
  stream: 'prices',
  after: 10,
  cursor,
  more: false,
  entries,
  ...extra,
});

describe('readPullPage', () => {
  it('passes a page whose cursors rise past after and end at its cursor', () => {
    const read = readPullPage('prices', 10, page([price(11, 100), price(14, 200)], 14));
    expect(read.ok && read.value.entries.map((e) => e.cursor)).toEqual([11, 14]);
    expect(readPullPage('prices', 10, page([], 10)).ok).toBe(true);
  });

  it.each([
    ['an entry at or before after', page([price(10, 100)], 10)],
    ['cursors out of order', page([price(13, 100), price(12, 100)], 13)],
    ['a cursor past the page cursor', page([price(15, 100)], 14)],
    ['a page cursor past its last entry', page([price(11, 100)], 20)],
    ['a negative price', page([price(11, -1)], 11)],
    ['a float price', page([price(11, 1.5)], 11)],
    ['another stream', page([], 10, { stream: 'catalog' })],
    ['another after', page([], 12, { after: 12 })],
    ['a cursor going back', page([], 9)],
    ['no envelope', 'nonsense'],
  ])('refuses %s as a whole', (_what, body) => {
    const read = readPullPage('prices', 10, body);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error.code).toBe('sync.badPage');
  });
});

describe('snapshot entries', () => {
  it('carry a product with its store price, or none', () => {
    const product = {
      kind: 'product',
      cursor: 3,
      gtin14: '06901234567892',
      name: 'Milk',
      names: { 'zh-CN': '牛奶' },
      categoryId: 'dairy',
      brand: null,
      soldBy: 'each',
      taxClassId: 'vat-9',
      active: true,
      price: null,
    };
    expect(snapshotEntrySchema.safeParse(product).success).toBe(true);
    expect(snapshotEntrySchema.safeParse({ ...product, gtin14: '6901234567892' }).success).toBe(
      false,
    );
    expect(snapshotEntrySchema.safeParse({ ...product, extra: 1 }).success).toBe(false);
  });
});

describe('members and stock entries', () => {
  const member = {
    cursor: 11,
    id: 'm1',
    code: 'M0001',
    phone: '13800000001',
    cardNumber: '',
    name: 'Chen Jing',
    level: 'silver',
    status: 'active',
    points: -20,
    debt: 0,
    totalSpent: { amount: 12_000, currency: 'CNY' },
    orderCount: 3,
    lots: [
      {
        id: 'm1/lot-1',
        points: 1200,
        remaining: 900,
        earnedAt: 1,
        expiresAt: 2,
        reference: 's1',
      },
    ],
  };
  const stock = {
    cursor: 11,
    productKey: '7',
    gtin14: null,
    available: -3,
    safety: 2,
    version: 5,
  };
  const members = (entries: unknown[]) => page(entries, 11, { stream: 'members' });
  const levels = (entries: unknown[]) => page(entries, 11, { stream: 'stock' });

  it('take a balance below zero and stock below zero', () => {
    expect(readPullPage('members', 10, members([member])).ok).toBe(true);
    expect(readPullPage('stock', 10, levels([stock])).ok).toBe(true);
    expect(readPullPage('stock', 10, levels([{ ...stock, gtin14: '06901234567892' }])).ok).toBe(
      true,
    );
  });

  it.each([
    ['members', 'an unknown level', members([{ ...member, level: 'diamond' }])],
    ['members', 'a negative debt', members([{ ...member, debt: -1 }])],
    [
      'members',
      'a spent lot',
      members([{ ...member, lots: [{ ...member.lots[0], remaining: 0 }] }]),
    ],
    ['members', 'an extra field', members([{ ...member, offlineAllowance: 100 }])],
    ['stock', 'a fractional figure', levels([{ ...stock, available: 1.5 }])],
    ['stock', 'a negative safety stock', levels([{ ...stock, safety: -1 }])],
    ['stock', 'a GTIN of 13 digits', levels([{ ...stock, gtin14: '6901234567892' }])],
  ] as const)('%s: refuses %s', (stream, _what, body) => {
    expect(readPullPage(stream, 10, body).ok).toBe(false);
  });
});
