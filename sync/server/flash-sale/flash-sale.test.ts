import { describe, expect, it } from 'vitest';
import type { TestServer } from '../testing/test-server';
import { startTestServer, T0 } from '../testing/test-server';
import { useTestDatabases } from '../testing/test-databases';
import type { ServerConfig } from '../config';
import type { TestContext } from 'vitest';

const [pglite] = useTestDatabases();
const MINUTE = 60_000;

async function withSale(
  context: TestContext,
  sale: { totalStock: number; perMemberLimit: number },
  overrides: Partial<ServerConfig> = {},
): Promise<{ t: TestServer; till: string }> {
  // Tokens outlive the hours these tests move the clock through.
  const t = await startTestServer(await pglite!.open(context), {
    registerTokenTtlSeconds: 2 * 24 * 3600,
    ...overrides,
  });
  const till = await t.registerToken('s1');
  const created = await t.call('POST', '/admin/flash-sales', {
    token: await t.adminToken(),
    body: {
      id: 'fs1',
      productId: 'p1',
      storeId: 's1',
      flashPrice: { amount: 990, currency: 'CNY' },
      startsAt: T0 - MINUTE,
      endsAt: T0 + 180 * MINUTE,
      ...sale,
    },
  });
  expect(created.statusCode).toBe(201);
  return { t, till };
}

const reserve = (t: TestServer, token: string, memberId: string, quantity = 1) =>
  t.call('POST', '/flash-sales/fs1/reservations', { token, body: { memberId, quantity } });

describe('flash sales', () => {
  it('reserves, creates the order from the outbox, and pays within 15 minutes', async (context) => {
    const { t, till } = await withSale(context, { totalStock: 5, perMemberLimit: 2 });
    const reserved = await reserve(t, till, 'm1');
    expect(reserved.statusCode).toBe(201);
    const { reservationId, expiresAt } = reserved.json<{
      reservationId: string;
      expiresAt: number;
    }>();
    expect(expiresAt).toBe(T0 + 15 * MINUTE);
    await t.server.flash.writer.flush();
    expect(await t.server.jobs.flashSale.dispatchOrders()).toBe(1);
    const order = await t.call('GET', `/stores/s1/orders/${reservationId}`, { token: till });
    expect(order.json()).toMatchObject({ status: 'pending', total: { amount: 990 } });
    t.clock.now += 15 * MINUTE - 1;
    const paid = await t.call('POST', `/flash-sales/fs1/reservations/${reservationId}/pay`, {
      token: till,
    });
    expect(paid.statusCode).toBe(200);
    expect(paid.json()).toEqual({ orderId: reservationId, status: 'paid' });
    expect(
      (await t.call('GET', `/stores/s1/orders/${reservationId}`, { token: till })).json(),
    ).toMatchObject({
      status: 'paid',
    });
    await t.close();
  });

  it('expires an unpaid reservation after 15 minutes and gives its unit back', async (context) => {
    const { t, till } = await withSale(context, { totalStock: 1, perMemberLimit: 1 });
    const { reservationId } = (await reserve(t, till, 'm1')).json<{ reservationId: string }>();
    expect((await reserve(t, till, 'm2')).json()).toMatchObject({
      error: { code: 'flashSale.soldOut' },
    });
    await t.server.flash.writer.flush();
    t.clock.now += 15 * MINUTE - 1;
    expect(await t.server.jobs.flashSale.expireReservations()).toBe(0);
    t.clock.now += 1;
    expect(await t.server.jobs.flashSale.expireReservations()).toBe(1);
    expect(await t.server.flash.stock.unitsLeft('fs1')).toBe(1);
    const late = await t.call('POST', `/flash-sales/fs1/reservations/${reservationId}/pay`, {
      token: till,
    });
    expect(late.statusCode).toBe(410);
    // The unit is back and the sold-out flag cleared: another member gets it.
    expect((await reserve(t, till, 'm2')).statusCode).toBe(201);
    await t.close();
  });

  it('holds each member to the per-member limit, counting unpaid reservations', async (context) => {
    const { t, till } = await withSale(context, { totalStock: 10, perMemberLimit: 2 });
    expect((await reserve(t, till, 'm1', 2)).statusCode).toBe(201);
    const third = await reserve(t, till, 'm1');
    expect(third.statusCode).toBe(409);
    expect(third.json()).toMatchObject({
      error: {
        code: 'flashSale.limitExceeded',
        message: 'Each member may buy 2 in this sale; this member already holds 2.',
      },
    });
    expect((await reserve(t, till, 'm2', 3)).statusCode).toBe(409);
    await t.close();
  });

  it('layer 1: more than 5 tries in a second blocks the member for an hour', async (context) => {
    const { t, till } = await withSale(context, { totalStock: 100, perMemberLimit: 1 });
    const codes: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const answer = await reserve(t, till, 'bot');
      codes.push(
        answer.statusCode === 201 ? 'ok' : answer.json<{ error: { code: string } }>().error.code,
      );
    }
    expect(codes).toEqual([
      'ok',
      'flashSale.limitExceeded',
      'flashSale.limitExceeded',
      'flashSale.limitExceeded',
      'flashSale.limitExceeded',
      'flashSale.blocked',
    ]);
    t.clock.now += 60 * MINUTE - 1;
    expect((await reserve(t, till, 'bot')).json()).toMatchObject({
      error: { code: 'flashSale.blocked' },
    });
    t.clock.now += 1;
    expect((await reserve(t, till, 'bot')).json()).toMatchObject({
      error: { code: 'flashSale.limitExceeded' },
    });
    await t.close();
  });

  it('layer 2: the instance token bucket and the per-activity window turn requests away', async (context) => {
    const bucket = await withSale(
      context,
      { totalStock: 100, perMemberLimit: 1 },
      {
        flashSale: { instanceRatePerSecond: 3, windowLimit: 1000 },
      },
    );
    const codes = [];
    for (let i = 0; i < 5; i += 1)
      codes.push((await reserve(bucket.t, bucket.till, `m${i}`)).statusCode);
    expect(codes).toEqual([201, 201, 201, 429, 429]);
    await bucket.t.close();

    const window = await withSale(
      context,
      { totalStock: 100, perMemberLimit: 1 },
      {
        flashSale: { instanceRatePerSecond: 1000, windowLimit: 2 },
      },
    );
    const windowCodes = [];
    for (let i = 0; i < 4; i += 1)
      windowCodes.push((await reserve(window.t, window.till, `m${i}`)).statusCode);
    expect(windowCodes).toEqual([201, 201, 429, 429]);
    window.t.clock.now += 1000;
    expect((await reserve(window.t, window.till, 'm9')).statusCode).toBe(201);
    await window.t.close();
  });

  it('layer 3: once sold out, the local flag answers without asking the counter', async (context) => {
    const { t, till } = await withSale(context, { totalStock: 1, perMemberLimit: 1 });
    expect((await reserve(t, till, 'm1')).statusCode).toBe(201);
    // Asked one step at a time or, on the usual path, window and reserve in one.
    let asked = 0;
    const stock = t.server.flash.stock;
    const reserveOriginal = stock.reserve.bind(stock);
    stock.reserve = (...args) => {
      asked += 1;
      return reserveOriginal(...args);
    };
    const inWindowOriginal = stock.reserveInWindow.bind(stock);
    stock.reserveInWindow = (...args) => {
      asked += 1;
      return inWindowOriginal(...args);
    };
    expect((await reserve(t, till, 'm2')).statusCode).toBe(409);
    expect((await reserve(t, till, 'm3')).statusCode).toBe(409);
    expect(asked).toBe(1);
    await t.close();
  });

  it('never oversells under many concurrent requests, and every sold unit gets one order', async (context) => {
    const { t, till } = await withSale(context, { totalStock: 25, perMemberLimit: 1 });
    const answers = await Promise.all(
      Array.from({ length: 120 }, (_, i) => reserve(t, till, `m${i}`)),
    );
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(25);
    await t.server.flash.writer.flush();
    expect(await t.server.jobs.flashSale.dispatchOrders()).toBe(25);
    const orders = await t.server.context.db.query<{ n: number }>(
      "SELECT count(*) AS n FROM customer_order WHERE flash_sale_id = 'fs1'",
    );
    expect(orders.rows[0]?.n).toBe(25);
    expect(await t.server.flash.stock.unitsLeft('fs1')).toBe(0);
    await t.close();
  });

  it('refuses bad input with 400 and an unknown or unauthenticated call before any decrement', async (context) => {
    const { t, till } = await withSale(context, { totalStock: 5, perMemberLimit: 1 });
    for (const body of [
      {},
      { memberId: 7 },
      { memberId: 'm1', quantity: 0 },
      { memberId: 'm1', extra: 1 },
    ]) {
      expect(
        (await t.call('POST', '/flash-sales/fs1/reservations', { token: till, body })).statusCode,
      ).toBe(400);
    }
    expect(
      (
        await t.call('POST', '/flash-sales/fs1/reservations', {
          token: till,
          rawBody: '{"memberId":',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await t.call('POST', '/flash-sales/fs1/reservations', { body: { memberId: 'm1' } }))
        .statusCode,
    ).toBe(401);
    expect(await t.server.flash.stock.unitsLeft('fs1')).toBe(5);
    await t.close();
  });

  it('gives the units back when the reservation cannot be written', async (context) => {
    const { t, till } = await withSale(context, { totalStock: 2, perMemberLimit: 1 });
    await t.server.context.db.exec(
      'ALTER TABLE flash_reservation RENAME TO flash_reservation_gone',
    );
    const { reservationId } = (await reserve(t, till, 'm1')).json<{ reservationId: string }>();
    expect(await t.server.flash.stock.unitsLeft('fs1')).toBe(1);
    await t.server.flash.writer.flush();
    expect(await t.server.flash.stock.unitsLeft('fs1')).toBe(2);
    const pay = await t.call('POST', `/flash-sales/fs1/reservations/${reservationId}/pay`, {
      token: till,
    });
    expect(pay.statusCode).toBe(410);
    await t.server.context.db.exec(
      'ALTER TABLE flash_reservation_gone RENAME TO flash_reservation',
    );
    await t.close();
  });
});
