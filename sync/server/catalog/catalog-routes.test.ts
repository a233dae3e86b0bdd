import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { demoProductValues } from '../../../app/catalog/demo-catalog-values';
import { PULL_PATH, readPullPage, SNAPSHOT_PATH } from '../../protocol';
import type { TestServer } from '../testing/test-server';
import { startTestServer } from '../testing/test-server';
import { useTestDatabases } from '../testing/test-databases';

const databases = useTestDatabases();

const CSV = [
  'gtin,name',
  '6901234567892,Yili milk 250ml',
  '4006381333931,Stabilo pen',
  'not-a-gtin,Broken row',
  '96385074,Small chocolate',
  '6920000000006,"Rice, 5 kg"',
  '6901234567892,Yili milk 250 ml',
].join('\n');

async function importCsv(t: TestServer, body: string | Buffer, type = 'text/csv') {
  return t.server.app.inject({
    method: 'POST',
    url: '/admin/catalog/import',
    headers: { authorization: `Bearer ${await t.adminToken()}`, 'content-type': type },
    payload: body,
  });
}

async function pull(t: TestServer, token: string, stream: string, after: number, limit = 100) {
  const answer = await t.call(
    'GET',
    `${PULL_PATH}?stream=${stream}&after=${after}&limit=${limit}`,
    {
      token,
    },
  );
  expect(answer.statusCode).toBe(200);
  return answer.json<{ cursor: number; more: boolean; entries: Record<string, unknown>[] }>();
}

describe.each(databases)('catalog and pull routes on $engine', (database) => {
  it('imports the CSV with the demo values, skips bad rows, and re-imports without changes', async (context) => {
    const t = await startTestServer(await database.open(context));
    const first = await importCsv(t, CSV);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      rowsRead: 6,
      productsAdded: 4,
      rowsSkipped: 1,
      skipped: [{ line: 4, reason: "'not-a-gtin' is not a GTIN-8, -12, -13 or -14" }],
    });
    const admin = await t.adminToken();
    const milk = (
      await t.call('GET', '/admin/catalog/products/6901234567892', { token: admin })
    ).json<{
      name: string;
      categoryId: string;
      prices: Record<string, { amount: number }>;
    }>();
    const demo = demoProductValues('06901234567892');
    // The file's last row for a GTIN wins; the price is the one every register derives.
    expect(milk.name).toBe('Yili milk 250 ml');
    expect(milk.categoryId).toBe(demo.category.id);
    expect(milk.prices['chain']?.amount).toBe(demo.priceMinor);

    const again = await importCsv(t, gzipSync(CSV), 'application/gzip');
    expect(again.json()).toMatchObject({
      productsAdded: 0,
      productsRenamed: 0,
      productsUnchanged: 4,
    });
    await t.close();
  });

  it('refuses a file that is not a catalog, a cut-off file, and bad bodies, writing nothing', async (context) => {
    const t = await startTestServer(await database.open(context));
    const wrong = await importCsv(t, 'code,title\n1,x');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: { code: 'catalog.notACatalogFile' } });
    const cut = await importCsv(t, 'gtin,name\n6901234567892,"Milk');
    expect(cut.json()).toMatchObject({ error: { code: 'catalog.csvMalformed' } });
    const badZip = await importCsv(t, Buffer.from('not gzip at all'), 'application/gzip');
    expect(badZip.json()).toMatchObject({ error: { code: 'catalog.badGzip' } });
    const admin = await t.adminToken();
    const count = await t.server.context.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM product',
    );
    expect(count.rows[0]?.n).toBe(0);

    const badPrice = await t.call('PUT', '/admin/catalog/products/6901234567892/prices/chain', {
      token: admin,
      body: { amount: 12.5, currency: 'CNY' },
    });
    expect(badPrice.statusCode).toBe(400);
    expect(badPrice.json()).toMatchObject({ error: { code: 'request.invalid' } });
    const noProduct = await t.call('PUT', '/admin/catalog/products/6901234567892/prices/chain', {
      token: admin,
      body: { amount: 1250, currency: 'CNY' },
    });
    expect(noProduct.statusCode).toBe(404);
    const noTax = await t.call('PUT', '/admin/catalog/products/6901234567892', {
      token: admin,
      body: { name: 'Milk', taxClassId: 'vat-99' },
    });
    expect(noTax.json()).toMatchObject({ error: { code: 'catalog.unknownTaxClass' } });
    const badPromotion = await t.call('PUT', '/admin/promotions/p1', {
      token: admin,
      body: {
        promotion: { id: 'p1', name: 'x', rule: { kind: 'percentOff', basisPoints: 20_000 } },
      },
    });
    expect(badPromotion.statusCode).toBe(400);
    const till = await t.registerToken('s1');
    expect(
      (
        await t.call('PUT', '/admin/catalog/tax-classes/v', {
          token: till,
          body: { name: 'v', rateBasisPoints: 1 },
        })
      ).statusCode,
    ).toBe(403);
    const badStream = await t.call('GET', `${PULL_PATH}?stream=weather&after=0`, { token: till });
    expect(badStream.json()).toMatchObject({ error: { code: 'sync.unknownStream' } });
    expect(
      (await t.call('GET', `${PULL_PATH}?stream=catalog&after=-1`, { token: till })).statusCode,
    ).toBe(400);
    expect(
      (await t.call('GET', `${PULL_PATH}?stream=catalog&after=0`, { token: admin })).statusCode,
    ).toBe(403);
    await t.close();
  });

  it('answers each stream after a cursor, scoped to the register’s store', async (context) => {
    const t = await startTestServer(await database.open(context));
    await importCsv(t, CSV);
    const admin = await t.adminToken();
    const s1 = await t.registerToken('s1');
    const s2 = await t.registerToken('s2');

    // The whole catalog in pages of 10: classes first (they were written first), then products.
    let after = 0;
    const seen: Record<string, unknown>[] = [];
    for (;;) {
      const page = await pull(t, s1, 'catalog', after, 10);
      const checked = readPullPage('catalog', after, {
        schema_version: 1,
        stream: 'catalog',
        after,
        ...page,
      });
      expect(checked.ok).toBe(true);
      seen.push(...page.entries);
      after = page.cursor;
      if (!page.more) break;
    }
    expect(seen.filter((e) => e['kind'] === 'product')).toHaveLength(4);
    expect(seen.filter((e) => e['kind'] === 'taxClass')).toHaveLength(2);
    expect((await pull(t, s1, 'catalog', after)).entries).toEqual([]);

    const prices = await pull(t, s1, 'prices', 0);
    const pricesCursor = prices.cursor;
    // A store price for s1 only; s2 keeps the chain price.
    await t.call('PUT', '/admin/catalog/products/4006381333931/prices/s1', {
      token: admin,
      body: { amount: 777, currency: 'CNY', memberPrices: { gold: 700 } },
    });
    const s1Change = await pull(t, s1, 'prices', pricesCursor);
    expect(s1Change.entries).toEqual([
      {
        cursor: s1Change.cursor,
        gtin14: '04006381333931',
        price: { amount: 777, currency: 'CNY', memberPrices: { gold: 700 } },
      },
    ]);
    expect((await pull(t, s2, 'prices', pricesCursor)).entries).toEqual([]);
    // Removing the store price falls back to the chain price.
    await t.call('DELETE', '/admin/catalog/products/4006381333931/prices/s1', { token: admin });
    const back = await pull(t, s1, 'prices', s1Change.cursor);
    expect(back.entries[0]).toMatchObject({
      price: { amount: demoProductValues('04006381333931').priceMinor },
    });

    const promotion = {
      id: 'p1',
      name: '10 % off pens',
      priority: 1,
      startsAt: 0,
      endsAt: 10_000_000_000_000,
      stacking: 'stackable',
      stackingGroup: null,
      targets: { kind: 'products', productIds: ['04006381333931'] },
      rule: { kind: 'percentOff', basisPoints: 1000 },
    };
    await t.call('PUT', '/admin/promotions/p1', {
      token: admin,
      body: { storeId: 's2', promotion },
    });
    expect((await pull(t, s2, 'promotions', 0)).entries).toMatchObject([{ id: 'p1', promotion }]);
    // Another store's promotion reaches s1 only as a removal.
    expect((await pull(t, s1, 'promotions', 0)).entries).toMatchObject([
      { id: 'p1', promotion: null },
    ]);
    await t.call('DELETE', '/admin/promotions/p1', { token: admin });
    expect((await pull(t, s2, 'promotions', 0)).entries).toMatchObject([
      { id: 'p1', promotion: null },
    ]);
    await t.close();
  });

  it('streams a snapshot with its cursors, and resumes one from a cursor', async (context) => {
    const t = await startTestServer(await database.open(context));
    await importCsv(t, CSV);
    const s1 = await t.registerToken('s1');
    const full = await t.call('GET', SNAPSHOT_PATH, { token: s1 });
    expect(full.headers['content-type']).toMatch(/ndjson/);
    const lines = full.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const header = lines[0] as { until: number; total: number; prices_cursor: number };
    expect(header).toMatchObject({ kind: 'header', after: 0 });
    expect(lines.at(-1)).toEqual({ kind: 'end', count: header.total });
    const products = lines.filter((l) => l['kind'] === 'product') as {
      cursor: number;
      price: unknown;
    }[];
    expect(products).toHaveLength(4);
    expect(products.every((p) => p.price !== null)).toBe(true);
    const second = products[1]?.cursor ?? 0;
    const resumed = await t.call('GET', `${SNAPSHOT_PATH}?after=${second}&until=${header.until}`, {
      token: s1,
    });
    const rest = resumed.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string });
    expect(rest.filter((l) => l.kind === 'product')).toHaveLength(2);
    await t.close();
  });
});
