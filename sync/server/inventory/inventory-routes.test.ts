import { describe, expect, it } from 'vitest';
import { startTestServer } from '../testing/test-server';
import { useTestDatabases } from '../testing/test-databases';

const [pglite] = useTestDatabases();

describe('inventory routes', () => {
  it("moves the register's own stock and refuses another store's with 403", async (context) => {
    const t = await startTestServer(await pglite!.open(context));
    const till = await t.registerToken('s1');
    await t.registerToken('s2');
    const received = await t.call('POST', '/stores/s1/stock/p1/receive', {
      token: till,
      body: { quantity: 5, reason: 'delivery' },
    });
    expect(received.statusCode).toBe(200);
    expect(received.json()).toMatchObject({ total: 5, available: 5, version: 1 });
    const locked = await t.call('POST', '/stores/s1/stock/p1/lock', {
      token: till,
      body: { quantity: 2, orderId: 'o1' },
    });
    expect(locked.json()).toMatchObject({ available: 3, locked: 2 });
    const adjusted = await t.call('POST', '/stores/s1/stock/p1/adjust', {
      token: till,
      body: { delta: -1, reason: 'breakage' },
    });
    expect(adjusted.json()).toMatchObject({ total: 4, available: 2 });

    const other = await t.call('POST', '/stores/s2/stock/p1/receive', {
      token: till,
      body: { quantity: 5 },
    });
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ error: { code: 'auth.otherStore' } });
    expect((await t.call('GET', '/stores/s2/stock', { token: till })).statusCode).toBe(403);
    expect((await t.call('GET', '/stores/s1/stock')).statusCode).toBe(401);
    await t.close();
  });

  it('answers a refused move with 409 and its code, and bad input with 400, writing nothing', async (context) => {
    const t = await startTestServer(await pglite!.open(context));
    const till = await t.registerToken('s1');
    const refused = await t.call('POST', '/stores/s1/stock/p1/lock', {
      token: till,
      body: { quantity: 1 },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'stock.insufficient' } });
    for (const body of [{ quantity: 1.5 }, { quantity: '2' }, { quantity: -1 }, { qty: 1 }, {}]) {
      const bad = await t.call('POST', '/stores/s1/stock/p1/receive', { token: till, body });
      expect(bad.statusCode).toBe(400);
    }
    const badMove = await t.call('POST', '/stores/s1/stock/p1/steal', {
      token: till,
      body: { quantity: 1 },
    });
    expect(badMove.statusCode).toBe(400);
    const zero = await t.call('POST', '/stores/s1/stock/p1/adjust', {
      token: till,
      body: { delta: 0, reason: 'x' },
    });
    expect(zero.statusCode).toBe(400);
    const moves = await t.server.context.db.query<{ n: number }>(
      'SELECT count(*) AS n FROM stock_move',
    );
    expect(moves.rows[0]?.n).toBe(0);
    await t.close();
  });

  it('lists low-stock alerts after a deduct at the safety level', async (context) => {
    const t = await startTestServer(await pglite!.open(context));
    const till = await t.registerToken('s1');
    await t.call('PUT', '/stores/s1/stock/p1/safety', { token: till, body: { safety: 2 } });
    await t.call('POST', '/stores/s1/stock/p1/receive', { token: till, body: { quantity: 3 } });
    await t.call('POST', '/stores/s1/stock/p1/lock', { token: till, body: { quantity: 1 } });
    await t.call('POST', '/stores/s1/stock/p1/deduct', { token: till, body: { quantity: 1 } });
    const alerts = await t.call('GET', '/stores/s1/stock-alerts', { token: till });
    expect(alerts.json()).toMatchObject({ alerts: [{ productId: 'p1', available: 2, safety: 2 }] });
    await t.close();
  });
});
