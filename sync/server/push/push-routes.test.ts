import { describe, expect, it } from 'vitest';
import { PUSH_PATH, PUSH_STATE_PATH } from '../../protocol';
import { startTestServer } from '../testing/test-server';
import { useTestDatabases } from '../testing/test-databases';

const [pglite] = useTestDatabases();

function registerIdOf(token: string): string {
  const payload = JSON.parse(
    Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
  ) as { sub: string };
  return payload.sub;
}

const sale = (saleId: string, memberId: string | null) => ({
  saleId,
  receiptNo: 1,
  storeId: 's1',
  cashierId: 'c1',
  memberId,
  currency: 'CNY',
  total: 500,
  pointsEarned: 50,
  pointsUsed: 0,
  lines: [{ lineId: 'l1', productId: 'p1', gtin14: '', quantity: 1, net: 500 }],
  payments: [{ kind: 'cash', amount: { amount: 500, currency: 'CNY' } }],
  completedAt: 1,
});

describe('push routes', () => {
  it('takes only a register’s own outbox, and refuses what it cannot read without booking', async (context) => {
    const t = await startTestServer(await pglite!.open(context));
    const till = await t.registerToken('s1');
    const registerId = registerIdOf(till);
    const batch = (extra: object = {}) => ({
      schema_version: 1,
      register_id: registerId,
      from_seq: 1,
      mutations: [
        {
          seq: 1,
          mutation_id: 'm-1',
          type: 'sale.completed',
          payload: sale('sale-1', 'nobody'),
          schema_version: 1,
          created_at: 1,
        },
      ],
      ...extra,
    });
    const admin = await t.adminToken();
    expect((await t.call('POST', PUSH_PATH, { token: admin, body: batch() })).statusCode).toBe(403);
    const other = await t.call('POST', PUSH_PATH, {
      token: till,
      body: batch({ register_id: 'reg_other' }),
    });
    expect(other.json()).toMatchObject({ error: { code: 'sync.otherRegister' } });
    const newer = await t.call('POST', PUSH_PATH, {
      token: till,
      body: batch({ schema_version: 2 }),
    });
    expect(newer.statusCode).toBe(426);
    expect(newer.json()).toMatchObject({ error: { code: 'sync.serverTooOld' } });
    expect((await t.call('GET', PUSH_STATE_PATH, { token: till })).json()).toMatchObject({
      last_seq: 0,
    });

    // A sale for a member the server does not know: booked and flagged, never refused.
    const pushed = await t.call('POST', PUSH_PATH, { token: till, body: batch() });
    expect(pushed.statusCode).toBe(200);
    const answer = pushed.json<{
      last_seq: number;
      results: { status: string; reason?: string }[];
    }>();
    expect(answer.last_seq).toBe(1);
    expect(answer.results[0]?.status).toBe('flagged');
    expect(answer.results[0]?.reason).toMatch(/member\.unknown: nobody/);
    const order = await t.call('GET', '/stores/s1/orders/sale-1', { token: till });
    expect(order.json()).toMatchObject({ status: 'completed' });
    // The same sale under a new mutation id books nothing twice.
    const again = await t.call('POST', PUSH_PATH, {
      token: till,
      body: {
        ...batch(),
        from_seq: 2,
        mutations: [{ ...batch().mutations[0], seq: 2, mutation_id: 'm-2' }],
      },
    });
    expect(again.json()).toMatchObject({ last_seq: 2, results: [{ status: 'duplicate' }] });
    const stock = await t.call('GET', '/stores/s1/stock/p1', { token: till });
    expect(stock.json()).toMatchObject({ available: -1 });
    await t.close();
  });

  it('tells every answer how far each register of the store has synced, and no other store’s', async (context) => {
    const t = await startTestServer(await pglite!.open(context));
    const first = await t.registerToken('s1');
    const second = await t.registerToken('s1');
    await t.registerToken('s2');
    const firstId = registerIdOf(first);
    const before = (await t.call('GET', PUSH_STATE_PATH, { token: second })).json<{
      store_registers: { register_id: string; last_seq: number; last_push_at: number | null }[];
    }>();
    expect(before.store_registers).toHaveLength(2);
    expect(before.store_registers.every((r) => r.last_seq === 0 && r.last_push_at === null)).toBe(
      true,
    );
    const pushed = await t.call('POST', PUSH_PATH, {
      token: first,
      body: {
        schema_version: 1,
        register_id: firstId,
        from_seq: 1,
        mutations: [
          {
            seq: 1,
            mutation_id: 'm-1',
            type: 'sale.completed',
            payload: sale('sale-1', null),
            schema_version: 1,
            created_at: 1,
          },
        ],
      },
    });
    const answer = pushed.json<{ store_registers: { register_id: string; last_seq: number }[] }>();
    expect(answer.store_registers.find((r) => r.register_id === firstId)?.last_seq).toBe(1);
    const after = (await t.call('GET', PUSH_STATE_PATH, { token: second })).json<{
      store_registers: { register_id: string; last_seq: number; last_push_at: number | null }[];
    }>();
    expect(after.store_registers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ register_id: firstId, last_seq: 1, last_push_at: t.clock.now }),
        expect.objectContaining({ register_id: registerIdOf(second), last_seq: 0 }),
      ]),
    );
    expect(after.store_registers).toHaveLength(2);
  });
});
