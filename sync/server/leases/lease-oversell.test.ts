// A seeded property on the real server (PGlite, in-process counter): registers take leases, sell
// offline only as their own rule allows (app/flash-sale's sellFromLease on the monotonic estimate),
// push in any interleaving, refill, return, while online reservations and the expiry job run.
// After every step: the counter never below zero, counter + leased + reserved = stock, and the
// units sold (offline and online) never above stock. A failure prints fast-check's seed and path.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { EscrowLease } from '../../../app/flash-sale';
import { sellFromLease } from '../../../app/flash-sale';
import { useTestDatabases } from '../testing/test-databases';
import type { TestServer } from '../testing/test-server';
import { startTestServer } from '../testing/test-server';
import { unitsHeldByLeases } from './lease-books';
import type { TestTill } from './lease-testing';
import { MINUTE, createFlashSale, leaseSale, testTill } from './lease-testing';

const [pglite] = useTestDatabases();
const POLICY = { ttlMs: 20 * MINUTE, capPerRegister: 6, reclaimGraceMs: 5 * MINUTE };
const MARGIN = 60_000;
const RUNS = Number(process.env['LEASE_RUNS'] ?? 12);

type Op =
  | { kind: 'lease'; till: number; quantity: number }
  | { kind: 'sell'; till: number; quantity: number }
  | { kind: 'push'; till: number }
  | { kind: 'return'; till: number }
  | { kind: 'online'; quantity: number }
  | { kind: 'tick'; ms: number }
  | { kind: 'expire' };

const till = fc.integer({ min: 0, max: 2 });
const quantity = fc.integer({ min: 1, max: 5 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('lease' as const), till, quantity }),
  fc.record({ kind: fc.constant('sell' as const), till, quantity }),
  fc.record({ kind: fc.constant('sell' as const), till, quantity }),
  fc.record({ kind: fc.constant('push' as const), till }),
  fc.record({ kind: fc.constant('return' as const), till }),
  fc.record({ kind: fc.constant('online' as const), quantity }),
  fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 8 * MINUTE }) }),
  fc.record({ kind: fc.constant('expire' as const) }),
);

interface Register {
  readonly till: TestTill;
  lease: (EscrowLease & { leaseId: string; productId: string }) | undefined;
  /** Server time at the last answer, and the test clock (the monotonic clock) at the request. */
  contact: { serverTime: number; monotonicAt: number };
  pending: { saleId: string; quantity: number; estimated: number }[];
}

let t: TestServer | undefined;
afterAll(async () => {
  await t?.close();
});

describe('leases never oversell', () => {
  it('property: any interleaving of offline lease sales, pushes, refills, returns and expiry', async (context) => {
    t = await startTestServer(
      await pglite!.open(context),
      { registerTokenTtlSeconds: 7 * 24 * 3600 },
      { leasePolicy: POLICY },
    );
    const server = t;
    const tills: TestTill[] = [];
    for (let i = 0; i < 3; i += 1) tills.push(await testTill(server, 's1'));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 25 }),
        fc.array(opArb, { minLength: 10, maxLength: 40 }),
        async (stock, ops) => {
          run += 1;
          const sale = await createFlashSale(server, 's1', stock);
          const start = server.clock.now;
          const registers: Register[] = tills.map((till) => ({
            till,
            lease: undefined,
            contact: { serverTime: 0, monotonicAt: Number.NEGATIVE_INFINITY },
            pending: [],
          }));
          let soldOffline = 0;
          let reservedOnline = 0;
          let saleNo = 0;

          const push = async (r: Register) => {
            if (r.lease === undefined || r.pending.length === 0) return;
            const lease = r.lease;
            const results = await r.till.push(
              r.pending.map((p) =>
                leaseSale(
                  {
                    lease_id: lease.leaseId,
                    flash_sale_id: sale,
                    product_id: lease.productId,
                    granted: 0,
                    sold: 0,
                    returned: 0,
                    expires_at: 0,
                    status: 'open',
                  },
                  p.saleId,
                  p.quantity,
                  p.estimated,
                ),
              ),
            );
            for (const result of results) expect(result.status).toBe('applied');
            r.pending = [];
          };

          for (const op of ops) {
            switch (op.kind) {
              case 'lease': {
                const r = registers[op.till]!;
                await push(r);
                const askedAt = server.clock.now;
                const answer = await server.call('POST', '/sync/leases', {
                  token: r.till.token,
                  body: { schema_version: 1, flash_sale_id: sale, quantity: op.quantity },
                });
                if (answer.statusCode !== 200) break;
                const body = answer.json<{
                  server_time: number;
                  lease: {
                    lease_id: string;
                    product_id: string;
                    granted: number;
                    expires_at: number;
                  };
                }>();
                const sold = r.lease?.leaseId === body.lease.lease_id ? r.lease.sold : 0;
                r.lease = {
                  activityId: sale,
                  registerId: r.till.registerId,
                  leaseId: body.lease.lease_id,
                  productId: body.lease.product_id,
                  granted: body.lease.granted,
                  sold,
                  returned: 0,
                  expiresAt: body.lease.expires_at,
                };
                r.contact = { serverTime: body.server_time, monotonicAt: askedAt };
                break;
              }
              case 'sell': {
                const r = registers[op.till]!;
                if (r.lease === undefined) break;
                const clock = {
                  serverTimeAtContact: r.contact.serverTime,
                  elapsedSinceContactMs: server.clock.now - r.contact.monotonicAt,
                };
                const sold = sellFromLease(r.lease, op.quantity, clock, MARGIN);
                if (!sold.ok) break;
                r.lease = { ...r.lease, sold: sold.value.sold };
                saleNo += 1;
                r.pending.push({
                  saleId: `run${run}-sale${saleNo}`,
                  quantity: op.quantity,
                  estimated: clock.serverTimeAtContact + clock.elapsedSinceContactMs,
                });
                soldOffline += op.quantity;
                break;
              }
              case 'push':
                await push(registers[op.till]!);
                break;
              case 'return': {
                const r = registers[op.till]!;
                if (r.lease === undefined) break;
                // Returned before its sales are pushed: the sold count holds their units back.
                await r.till.giveBack(r.lease.leaseId, r.lease.sold);
                await push(r);
                r.lease = undefined;
                break;
              }
              case 'online': {
                const answer = await server.call('POST', `/flash-sales/${sale}/reservations`, {
                  token: tills[0]!.token,
                  body: { memberId: `m-${run}-${saleNo}-${reservedOnline}`, quantity: op.quantity },
                });
                if (answer.statusCode === 201) reservedOnline += op.quantity;
                break;
              }
              case 'tick': {
                // Registers may stay offline, but reconnect within the grace after their expiry.
                for (const r of registers) {
                  if (r.lease !== undefined && server.clock.now + op.ms >= r.lease.expiresAt) {
                    await push(r);
                  }
                }
                server.clock.now += op.ms;
                break;
              }
              case 'expire':
                await server.server.jobs.leases.expireLeases();
                await server.server.jobs.leases.settleLateSales();
                break;
            }
            const left = (await server.server.flash.stock.unitsLeft(sale)) ?? Number.NaN;
            const leased = await unitsHeldByLeases(server.server.context.db, sale);
            expect(left).toBeGreaterThanOrEqual(0);
            expect(left + leased + reservedOnline).toBe(stock);
            expect(soldOffline + reservedOnline).toBeLessThanOrEqual(stock);
          }
          for (const r of registers) await push(r);
          const { rows } = await server.server.context.db.query<{ n: number }>(
            "SELECT count(*)::int4 AS n FROM flash_lease_sale WHERE flash_sale_id = $1 AND settlement <> 'leased'",
            [sale],
          );
          expect(rows[0]?.n).toBe(0);
          server.clock.now = start;
        },
      ),
      { numRuns: RUNS },
    );
  }, 240_000);
});
