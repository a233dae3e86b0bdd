// The recommendation build on the server (PGlite): real sales pushed through the push route are read
// back as baskets of GTIN-14s, built into a model per store, stored versioned and bounded, and served
// by the `recommendations` pull stream to that store's registers only, newest model first.
import { describe, expect, it } from 'vitest';
import { openRecsLookup } from '../../../app/recommendations';
import { PULL_PATH, PUSH_PATH, readPullPage } from '../../protocol';
import type { TestServer } from '../testing/test-server';
import { startTestServer } from '../testing/test-server';
import { useTestDatabases } from '../testing/test-databases';

const [pglite] = useTestDatabases();

const MILK = '06901234567892';
const BREAD = '06920000000006';
const PEN = '04006381333931';
const RICE = '06930000000001';

function registerIdOf(token: string): string {
  const payload = JSON.parse(
    Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
  ) as { sub: string };
  return payload.sub;
}

/** A register pushing sales as its outbox would: one seq after another. */
function till(t: TestServer, token: string, storeId: string) {
  let seq = 0;
  return async (saleId: string, gtins: readonly string[], memberId: string | null = null) => {
    seq += 1;
    const payload = {
      saleId,
      receiptNo: seq,
      storeId,
      cashierId: 'c1',
      memberId,
      currency: 'CNY',
      total: 100 * gtins.length,
      pointsEarned: 0,
      pointsUsed: 0,
      // The register's own product ids differ per register; only the GTIN-14 is shared.
      lines: gtins.map((gtin14, i) => ({
        lineId: `l${i}`,
        productId: String(100 + seq * 10 + i),
        gtin14,
        quantity: 1,
        net: 100,
      })),
      payments: [{ kind: 'cash', amount: { amount: 100 * gtins.length, currency: 'CNY' } }],
      completedAt: 1_000 + seq,
    };
    const pushed = await t.call('POST', PUSH_PATH, {
      token,
      body: {
        schema_version: 1,
        register_id: registerIdOf(token),
        from_seq: seq,
        mutations: [
          {
            seq,
            mutation_id: `${saleId}-m${seq}`,
            type: 'sale.completed',
            payload,
            schema_version: 1,
            created_at: 1_000 + seq,
          },
        ],
      },
    });
    expect(pushed.statusCode).toBe(200);
    return pushed.json<{ results: { status: string }[] }>().results[0]?.status;
  };
}

async function pull(t: TestServer, token: string, after: number) {
  const answer = await t.call('GET', `${PULL_PATH}?stream=recommendations&after=${after}`, {
    token,
  });
  expect(answer.statusCode).toBe(200);
  // What the register's pull client checks before applying anything.
  const page = readPullPage('recommendations', after, answer.json());
  if (!page.ok) throw new Error(page.error.message);
  return page.value;
}

async function build(t: TestServer, body: object) {
  return t.call('POST', '/admin/recs/build', { token: await t.adminToken(), body });
}

async function modelRows(t: TestServer): Promise<string[]> {
  const { rows } = await t.server.context.db.query<{ store_id: string; version: number }>(
    'SELECT store_id, version FROM recs_model ORDER BY store_id, version',
  );
  return rows.map((r) => `${r.store_id}:${Number(r.version)}`);
}

describe('recommendations on the server', () => {
  it('builds each store’s model from its pushed sales and serves the newest to its registers', async (context) => {
    const t = await startTestServer(await pglite!.open(context));
    const s1 = await t.registerToken('s1');
    const s2 = await t.registerToken('s2');
    const sell = till(t, s1, 's1');
    const sellS2 = till(t, s2, 's2');
    for (let i = 0; i < 4; i += 1) await sell(`a${i}`, [MILK, BREAD], i < 2 ? 'm-1' : null);
    for (let i = 0; i < 3; i += 1) await sell(`b${i}`, [MILK, BREAD, PEN]);
    await sell('c0', [PEN]);
    // The same sale again under a new mutation id: booked once, counted once.
    expect(await sell('c0', [PEN])).toBe('duplicate');
    for (let i = 0; i < 3; i += 1) await sellS2(`s2-${i}`, [PEN, RICE]);

    expect((await pull(t, s1, 0)).entries).toEqual([]);
    const built = await build(t, {});
    expect(built.statusCode).toBe(200);
    expect(built.json()).toMatchObject({
      stores: [
        { storeId: 's1', built: true, model: { version: 1, baskets: 8 } },
        { storeId: 's2', built: true, model: { version: 1, baskets: 3 } },
      ],
    });

    const page = await pull(t, s1, 0);
    expect(page.entries).toHaveLength(1);
    const entry = page.entries[0]!;
    expect(page.cursor).toBe(entry.cursor);
    expect(entry.model).toMatchObject({ storeId: 's1', version: 1, stats: { baskets: 8 } });
    const lookup = openRecsLookup(entry.model);
    // Bought with milk in 7 of 8 baskets: bread first, by GTIN-14.
    expect(lookup.forCart([MILK], { k: 2 }).map((s) => [s.productId, s.reason])).toEqual([
      [BREAD, 'bought-with'],
      [PEN, 'bought-with'],
    ]);
    expect(lookup.forMember('m-1', { k: 1 })[0]?.reason).toBe('for-you');
    // Nothing new past the register's cursor: an empty page, the cursor kept.
    expect(await pull(t, s1, entry.cursor)).toMatchObject({ entries: [], cursor: entry.cursor });
    // The other store's register gets its own store's model only.
    const other = (await pull(t, s2, 0)).entries[0]?.model;
    expect(other?.storeId).toBe('s2');
    expect(other?.popular.map(([gtin]) => gtin).sort()).toEqual([PEN, RICE].sort());

    // No sale since: the periodic run builds nothing.
    expect(await t.server.jobs.recs.runOnce()).toBe(0);
    await sell('d0', [BREAD, PEN]);
    expect(await t.server.jobs.recs.runOnce()).toBe(1);
    const newer = await pull(t, s1, entry.cursor);
    expect(newer.entries.map((e) => [e.model.version, e.model.stats.baskets])).toEqual([[2, 9]]);

    // Versions are kept three deep; a register far behind gets only the newest.
    for (let i = 0; i < 3; i += 1)
      expect((await build(t, { storeId: 's1', force: true })).statusCode).toBe(200);
    expect(await modelRows(t)).toEqual(['s1:3', 's1:4', 's1:5', 's2:1']);
    expect((await pull(t, s1, 0)).entries.map((e) => e.model.version)).toEqual([5]);
    await t.close();
  });

  it('refuses bad build requests and pulls by staff with a clear error, writing nothing', async (context) => {
    const t = await startTestServer(await pglite!.open(context));
    const s1 = await t.registerToken('s1');
    const unknown = await build(t, { storeId: 'nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'store.notFound' } });
    const invalid = await build(t, { storeId: 5 });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ error: { code: 'request.invalid' } });
    const byRegister = await t.call('POST', '/admin/recs/build', { token: s1, body: {} });
    expect(byRegister.statusCode).toBe(403);
    const byStaff = await t.call('GET', `${PULL_PATH}?stream=recommendations&after=0`, {
      token: await t.adminToken(),
    });
    expect(byStaff.json()).toMatchObject({ error: { code: 'sync.registerOnly' } });
    // A store with no sales: nothing to build, nothing stored, an empty stream.
    expect((await build(t, { storeId: 's1' })).json()).toEqual({
      stores: [{ storeId: 's1', built: false, model: null }],
    });
    expect(await modelRows(t)).toEqual([]);
    expect((await pull(t, s1, 0)).entries).toEqual([]);
    const none = await t.call('GET', '/admin/recs/s1', { token: await t.adminToken() });
    expect(none.json()).toMatchObject({ error: { code: 'recs.noModel' } });
    await t.close();
  });
});
