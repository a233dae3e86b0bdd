import { describe, expect, it } from 'vitest';
import type { PullPage } from '../../protocol';
import { PULL_PATH, PUSH_PATH, readPullPage } from '../../protocol';
import type { TestServer } from '../testing/test-server';
import { startTestServer, T0 } from '../testing/test-server';
import { useTestDatabases } from '../testing/test-databases';

const databases = useTestDatabases();
const MILK = '06901234567892';

async function pullStock(t: TestServer, token: string, after: number) {
  const answer = await t.call('GET', `${PULL_PATH}?stream=stock&after=${after}`, { token });
  expect(answer.statusCode).toBe(200);
  const page = readPullPage('stock', after, answer.json());
  if (!page.ok) throw new Error(page.error.message);
  return page.value;
}

const levels = (page: PullPage<'stock'>) =>
  page.entries.map((e) => [e.productKey, e.gtin14, e.available, e.safety]);

function registerIdOf(token: string): string {
  const payload = JSON.parse(
    Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
  ) as { sub: string };
  return payload.sub;
}

describe.each(databases)('the stock pull stream on $engine', (database) => {
  it('serves the store’s levels after a cursor, by key and GTIN-14, below zero included', async (context) => {
    const t = await startTestServer(await database.open(context));
    const admin = await t.adminToken();
    const imported = await t.server.app.inject({
      method: 'POST',
      url: '/admin/catalog/import',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
      payload: 'gtin,name\n6901234567892,Yili milk 250 ml',
    });
    expect(imported.statusCode).toBe(200);
    const s1 = await t.registerToken('s1');
    const s2 = await t.registerToken('s2');
    const move = (url: string, body: object, method: 'POST' | 'PUT' = 'POST') =>
      t.call(method, url, { token: admin, body }).then((r) => expect(r.statusCode).toBe(200));

    // Head office keys by GTIN-14; what registers push is keyed by their product id ("7").
    await move(`/stores/s1/stock/${MILK}/adjust`, { delta: 12, reason: 'delivery' });
    await move('/stores/s1/stock/7/receive', { quantity: 5 });
    await move(`/stores/s1/stock/${MILK}/safety`, { safety: 3 }, 'PUT');
    await move('/stores/s2/stock/7/receive', { quantity: 40 });
    const first = await pullStock(t, s1, 0);
    expect(levels(first)).toEqual([
      ['7', null, 5, 0],
      [MILK, MILK, 12, 3],
    ]);
    const other = await pullStock(t, s2, 0);
    expect(levels(other)).toEqual([['7', null, 40, 0]]);
    expect((await pullStock(t, s1, first.cursor)).entries).toEqual([]);

    // A pushed sale takes "7" below zero (sold offline): served as it is. A lock for an online
    // order leaves fewer units free: `available` is what is free.
    const till = s1;
    const pushed = await t.call('POST', PUSH_PATH, {
      token: till,
      body: {
        schema_version: 1,
        register_id: registerIdOf(till),
        from_seq: 1,
        mutations: [
          {
            seq: 1,
            mutation_id: 'm-1',
            type: 'sale.completed',
            schema_version: 1,
            created_at: T0,
            payload: {
              saleId: 'sale-1',
              receiptNo: 1,
              storeId: 's1',
              cashierId: 'c1',
              memberId: null,
              currency: 'CNY',
              total: 800,
              pointsEarned: 0,
              pointsUsed: 0,
              lines: [{ lineId: 'l1', productId: 7, gtin14: '', quantity: 8, net: 800 }],
              payments: [{ kind: 'cash', amount: { amount: 800, currency: 'CNY' } }],
              completedAt: T0,
            },
          },
        ],
      },
    });
    expect(pushed.json()).toMatchObject({ results: [{ status: 'flagged' }] });
    await move(`/stores/s1/stock/${MILK}/lock`, { quantity: 2, orderId: 'o-1' });
    const moved = await pullStock(t, s1, first.cursor);
    expect(levels(moved)).toEqual([
      ['7', null, -3, 0],
      [MILK, MILK, 10, 3],
    ]);
    expect(moved.entries.map((e) => e.version)).toEqual([2, 3]);
    // The other store saw none of it.
    expect((await pullStock(t, s2, other.cursor)).entries).toEqual([]);
    await t.close();
  });
});
