import { describe, expect, it } from 'vitest';
import { useTempRegisterDb } from '../../test-support/temp-register-db';
import { MIGRATIONS } from '../store/migrations';
import { migrate } from '../store/migrate';
import { appendOutbox } from '../outbox/outbox';
import { outboxSettled } from './pull-state';
import { registerPullTargets } from './pull-targets';

const store = useTempRegisterDb('pull-state');

const targets = () => {
  migrate(store.db, MIGRATIONS);
  return registerPullTargets(store.db, { currency: 'CNY', now: () => 1_000 });
};

const product = (cursor: number, taxClassId: string, categoryId: string | null = null) => ({
  kind: 'product' as const,
  cursor,
  gtin14: '06901234567892',
  name: '牛奶 Milk',
  names: {},
  categoryId,
  brand: null,
  soldBy: 'each' as const,
  taxClassId,
  active: true,
});

describe('pulled entries that come before what they refer to', () => {
  it('park a price until its product, and a product until its tax class and category', () => {
    const [catalog, prices] = targets();
    prices?.apply({
      schema_version: 1,
      stream: 'prices',
      after: 0,
      cursor: 5,
      more: false,
      entries: [
        {
          cursor: 5,
          gtin14: '06901234567892',
          price: { amount: 350, currency: 'CNY', memberPrices: { gold: 300 } },
        },
      ],
    });
    catalog?.apply({
      schema_version: 1,
      stream: 'catalog',
      after: 0,
      cursor: 7,
      more: false,
      entries: [product(7, 'vat-x', 'milk-bar')],
    });
    const count = (sql: string) => store.db.prepare(sql).pluck().get() as number;
    expect(count('SELECT count(*) FROM product')).toBe(0);
    expect(count('SELECT count(*) FROM sync_parked_entry')).toBe(2);
    catalog?.apply({
      schema_version: 1,
      stream: 'catalog',
      after: 7,
      cursor: 9,
      more: false,
      entries: [
        { kind: 'taxClass', cursor: 8, id: 'vat-x', name: 'VAT 9%', rateBasisPoints: 900 },
        { kind: 'category', cursor: 9, id: 'milk-bar', names: { en: 'Milk bar' }, sortOrder: 1 },
      ],
    });
    const row = store.db
      .prepare('SELECT price_minor, active, category_id FROM product WHERE gtin14 = ?')
      .get('06901234567892');
    expect(row).toEqual({ price_minor: 350, active: 1, category_id: 'milk-bar' });
    expect(count('SELECT count(*) FROM product_member_price')).toBe(1);
    expect(count("SELECT count(*) FROM product_gram WHERE gram = '牛奶'")).toBe(1);
    expect(count('SELECT count(*) FROM sync_parked_entry')).toBe(0);
    expect(count('SELECT count(*) FROM product_unpriced')).toBe(0);
    expect(catalog?.cursor()).toBe(9);
    expect(prices?.cursor()).toBe(5);
  });

  it('rolls a page back whole when one entry cannot be written', () => {
    const [catalog] = targets();
    expect(() =>
      catalog?.apply({
        schema_version: 1,
        stream: 'catalog',
        after: 0,
        cursor: 2,
        more: false,
        entries: [
          { kind: 'taxClass', cursor: 1, id: 'vat-9', name: 'VAT 9%', rateBasisPoints: 900 },
          // The register's table refuses a rate above 100 %, which the schema let through here.
          { kind: 'taxClass', cursor: 2, id: 'bad', name: 'Bad', rateBasisPoints: 20_000 },
        ],
      }),
    ).toThrow(/CHECK/);
    expect(store.db.prepare('SELECT count(*) FROM tax_class').pluck().get()).toBe(0);
    expect(catalog?.cursor()).toBe(0);
  });
});

describe('outboxSettled', () => {
  it('holds a stream back while its outbox types wait for acknowledgement', () => {
    targets();
    expect(outboxSettled(store.db, [])).toBe(true);
    expect(outboxSettled(store.db, ['stocktake.posted'])).toBe(true);
    store.db.transaction(() =>
      appendOutbox(store.db, { registerId: 'reg-1', type: 'stocktake.posted', payload: {}, at: 1 }),
    )();
    expect(outboxSettled(store.db, ['stocktake.posted'])).toBe(false);
    expect(outboxSettled(store.db, ['member.enrolled'])).toBe(true);
    store.db.prepare('UPDATE outbox SET acked_at = 2').run();
    expect(outboxSettled(store.db, ['stocktake.posted'])).toBe(true);
  });
});
