// Leases on a real server (PGlite, and PostgreSQL when present) with the in-process and the Redis
// counters: grants share the counter with online reservations, refills stop at the cap, returns
// and expiry give units back, late sales are booked and flagged, bad input loses nothing.
import { afterAll, describe, expect, it } from 'vitest';
import type { TestContext } from 'vitest';
import { LEASES_PATH, leaseReturnPath } from '../../protocol';
import type { RedisAvailability } from '../testing/start-redis';
import { startTestRedis } from '../testing/start-redis';
import { useTestDatabases } from '../testing/test-databases';
import type { TestServer } from '../testing/test-server';
import { T0, startTestServer } from '../testing/test-server';
import { createServer } from '../create-server';
import { testConfig } from '../testing/test-server';
import { DEFAULT_LEASE_POLICY } from './lease-desk';
import { MINUTE, createFlashSale, leaseSale, testTill } from './lease-testing';

const [pglite, postgres] = useTestDatabases();
let redis: Promise<RedisAvailability> | undefined;
afterAll(async () => {
  const started = await redis;
  if (started?.available === true) await started.server.stop();
});

const POLICY = { ttlMs: 20 * MINUTE, capPerRegister: 8, reclaimGraceMs: 2 * MINUTE };

async function serverWith(
  counter: 'memory' | 'redis',
  engine: 'pglite' | 'postgres',
  context: TestContext,
): Promise<TestServer> {
  let redisUrl: string | undefined;
  if (counter === 'redis') {
    const started = await (redis ??= startTestRedis());
    if (!started.available) context.skip(started.reason);
    redisUrl = started.server.url;
  }
  const db = await (engine === 'pglite' ? pglite : postgres)!.open(context);
  return startTestServer(
    db,
    { registerTokenTtlSeconds: 2 * 24 * 3600, ...(redisUrl === undefined ? {} : { redisUrl }) },
    { leasePolicy: POLICY },
  );
}

const reserve = (t: TestServer, token: string, saleId: string, memberId: string, quantity = 1) =>
  t.call('POST', `/flash-sales/${saleId}/reservations`, { token, body: { memberId, quantity } });

const cases = [
  ['memory', 'pglite'],
  ['redis', 'pglite'],
  ['memory', 'postgres'],
] as const;

describe.each(cases)('leases with the %s counter on %s', (counter, engine) => {
  it('grants from the same counter as online reservations, refills up to the cap', async (context) => {
    const t = await serverWith(counter, engine, context);
    const sale = await createFlashSale(t, 's1', 12);
    const a = await testTill(t, 's1');
    const b = await testTill(t, 's1');
    const first = await a.lease(sale, 5);
    expect(first).toMatchObject({
      server_time: T0,
      granted_now: 5,
      lease: { granted: 5, sold: 0, status: 'open', expires_at: T0 + 20 * MINUTE },
    });
    expect(await t.server.flash.stock.unitsLeft(sale)).toBe(7);
    // A refill past the cap of 8 unsold units is trimmed to the cap.
    expect((await a.lease(sale, 10)).granted_now).toBe(3);
    expect((await a.lease(sale, 1)).granted_now).toBe(0);
    // Online reservations take from what is left; a second register gets the rest, no more.
    expect((await reserve(t, a.token, sale, 'm1', 2)).statusCode).toBe(201);
    expect((await b.lease(sale, 8)).granted_now).toBe(2);
    expect(await t.server.flash.stock.unitsLeft(sale)).toBe(0);
    const none = await t.call('POST', LEASES_PATH, {
      token: (await testTill(t, 's1')).token,
      body: { schema_version: 1, flash_sale_id: sale, quantity: 1 },
    });
    expect(none.statusCode).toBe(409);
    expect(none.json()).toMatchObject({ error: { code: 'flashSale.soldOut' } });
    expect((await reserve(t, a.token, sale, 'm2')).statusCode).toBe(409);
    await t.close();
  });

  it('books lease sales by push; a return gives back the unsold and keeps units for sales in transit', async (context) => {
    const t = await serverWith(counter, engine, context);
    const sale = await createFlashSale(t, 's1', 10);
    const a = await testTill(t, 's1');
    const { lease } = await a.lease(sale, 6);
    expect(await a.push([leaseSale(lease, 'sale-1', 2, T0)])).toMatchObject([
      { status: 'applied' },
    ]);
    // Sold 3 more offline; only the return reaches the server first.
    const back = await a.giveBack(lease.lease_id, 5);
    expect(back.lease).toMatchObject({ status: 'returned', sold: 2, returned: 1 });
    expect(await t.server.flash.stock.unitsLeft(sale)).toBe(5);
    expect(await a.push([leaseSale(lease, 'sale-2', 3, T0 + MINUTE)])).toMatchObject([
      { status: 'applied' },
    ]);
    // A repeated return answers the lease as it stands and gives nothing back twice.
    expect((await a.giveBack(lease.lease_id, 5)).lease).toMatchObject({ sold: 5, returned: 1 });
    expect(await t.server.flash.stock.unitsLeft(sale)).toBe(5);
    // The same sale pushed again under a new mutation id books nothing twice.
    expect(await a.push([leaseSale(lease, 'sale-2', 3, T0 + MINUTE)])).toMatchObject([
      { status: 'duplicate' },
    ]);
    await t.close();
  });

  it('expiry after the grace returns units; a late sale is booked, flagged and covered if it can be', async (context) => {
    const t = await serverWith(counter, engine, context);
    const sale = await createFlashSale(t, 's1', 4);
    const a = await testTill(t, 's1');
    const b = await testTill(t, 's1');
    const { lease } = await a.lease(sale, 3);
    t.clock.now = T0 + 20 * MINUTE + 2 * MINUTE - 1;
    expect(await t.server.jobs.leases.expireLeases()).toBe(0);
    t.clock.now += 1;
    expect(await t.server.jobs.leases.expireLeases()).toBe(1);
    expect(await t.server.flash.stock.unitsLeft(sale)).toBe(4);
    // The register sold 1 before its expiry but was offline past it: booked, flagged.
    const [late] = await a.push([leaseSale(lease, 'late-1', 1, T0 + 10 * MINUTE)]);
    expect(late).toMatchObject({ status: 'flagged' });
    expect(late?.reason).toContain('flashSale.leaseExpired');
    expect(await t.server.jobs.leases.settleLateSales()).toBe(1);
    expect(await t.server.flash.stock.unitsLeft(sale)).toBe(3);
    // Another late sale finds the units taken by another register: booked, recorded oversold.
    await b.lease(sale, 3);
    const [second] = await a.push([leaseSale(lease, 'late-2', 1, T0 + 10 * MINUTE)]);
    expect(second?.status).toBe('flagged');
    expect(await t.server.jobs.leases.settleLateSales()).toBe(1);
    const { rows } = await t.server.context.db.query<{ register_sale_id: string; s: string }>(
      'SELECT register_sale_id, settlement AS s FROM flash_lease_sale ORDER BY register_sale_id',
    );
    expect(rows).toEqual([
      { register_sale_id: 'late-1', s: 'covered' },
      { register_sale_id: 'late-2', s: 'oversold' },
    ]);
    await t.close();
  });
});

describe('leases', () => {
  it('flags a sale the register dates at or after the expiry (its clock lied), and one past its lease', async (context) => {
    const t = await serverWith('memory', 'pglite', context);
    const sale = await createFlashSale(t, 's1', 10);
    const a = await testTill(t, 's1');
    const { lease } = await a.lease(sale, 2);
    const [afterExpiry, pastLease] = await a.push([
      leaseSale(lease, 'x-1', 1, lease.expires_at),
      leaseSale(lease, 'x-2', 3, T0),
    ]);
    expect(afterExpiry?.reason).toContain('flashSale.soldAfterExpiry');
    expect(pastLease?.reason).toContain('flashSale.leaseExceeded');
    expect(await t.server.jobs.leases.settleLateSales()).toBe(1);
    // 2 leased + 2 past the lease taken from the counter again.
    expect(await t.server.flash.stock.unitsLeft(sale)).toBe(6);
    await t.close();
  });

  it('refuses bad input with a typed error and changes nothing', async (context) => {
    const t = await serverWith('memory', 'pglite', context);
    const sale = await createFlashSale(t, 's1', 10);
    const a = await testTill(t, 's1');
    const b = await testTill(t, 's1');
    const bad = await t.call('POST', LEASES_PATH, {
      token: a.token,
      body: { schema_version: 1, flash_sale_id: sale, quantity: 0 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'request.invalid' } });
    const unknown = await t.call('POST', LEASES_PATH, {
      token: a.token,
      body: { schema_version: 1, flash_sale_id: 'no-such-sale', quantity: 1 },
    });
    expect(unknown.json()).toMatchObject({ error: { code: 'flashSale.notFound' } });
    const staff = await t.call('POST', LEASES_PATH, {
      token: await t.adminToken(),
      body: { schema_version: 1, flash_sale_id: sale, quantity: 1 },
    });
    expect(staff.json()).toMatchObject({ error: { code: 'sync.registerOnly' } });
    const { lease } = await a.lease(sale, 4);
    const stolen = await t.call('POST', leaseReturnPath(lease.lease_id), {
      token: b.token,
      body: { schema_version: 1, sold: 0 },
    });
    expect(stolen.statusCode).toBe(404);
    expect(stolen.json()).toMatchObject({ error: { code: 'lease.notFound' } });
    // A lease sale that cannot be read is a paid sale: flagged and kept, never rejected.
    const [unreadable] = await a.push([
      { type: 'flashSale.leaseSale', payload: { leaseId: lease.lease_id, quantity: -1 } },
    ]);
    expect(unreadable?.status).toBe('flagged');
    const kept = await t.server.context.db.query(
      "SELECT 1 FROM sync_mutation WHERE type = 'flashSale.leaseSale'",
    );
    expect(kept.rows).toHaveLength(1);
    expect(await t.server.flash.stock.unitsLeft(sale)).toBe(6);
    const [other] = await b.push([leaseSale(lease, 'b-1', 1, T0)]);
    expect(other?.reason).toContain('flashSale.leaseUnknown');
    await t.close();
  });

  it('a restarted server counts leased units when it warms the counter', async (context) => {
    const db = await pglite!.open(context);
    const t = await startTestServer(db, {}, { leasePolicy: POLICY });
    const sale = await createFlashSale(t, 's1', 10);
    const a = await testTill(t, 's1');
    const { lease } = await a.lease(sale, 4);
    await a.push([leaseSale(lease, 's-1', 1, T0)]);
    await a.giveBack(lease.lease_id, 1);
    await a.lease(sale, 3);
    await t.close();
    const again = await createServer(testConfig(), { db, clock: () => T0 });
    // 1 sold + 3 on the new lease are off the counter; the 3 returned are back.
    expect(await again.flash.stock.unitsLeft(sale)).toBe(6);
    await again.close();
  });

  it('defaults: half-hour leases, 50 units, 10 minutes of grace', () => {
    expect(DEFAULT_LEASE_POLICY).toEqual({
      ttlMs: 30 * MINUTE,
      capPerRegister: 50,
      reclaimGraceMs: 10 * MINUTE,
    });
  });
});
