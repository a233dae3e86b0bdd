// Handing a lease back when the answer is lost: the server has taken the unsold units back, so the
// register must not sell from that lease any more — it retries the return instead. Found by the
// sync simulation (seeds 5089 and 5320): before the fix the register sold on and the server had
// to cover those units from the counter, or record them oversold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../sync/client';
import { createHttpLeaseTransport } from '../../sync/client';
import type { ServerDb } from '../../test-support/central-server-fixture';
import {
  TEST_ADMIN_PASSWORD,
  openServerDatabase,
  startCentralServer,
} from '../../test-support/central-server-fixture';
import { startRegisterFixture } from '../../test-support/register-fixture';
import type { EscrowLink } from './lease-sync';
import { requestLease, returnLeases } from './lease-sync';
import { leaseAvailable, takeFromLease } from './lease-store';
import { createServerContact } from './server-contact';

const PEN = '04006381333931';

let shared: ServerDb;
beforeAll(async () => {
  shared = await openServerDatabase();
}, 60_000);
afterAll(async () => {
  await shared.close();
});

describe('returning a lease whose answer is lost', () => {
  it('stops selling from it at once and retries the return; nothing oversold', async () => {
    const f = await startRegisterFixture();
    const server = await startCentralServer({ db: shared, clock: () => f.now });
    try {
      const enrolled = await server.enrol('store-1');
      const productId = String(
        f.core.db.prepare('SELECT id FROM product WHERE gtin14 = ?').pluck().get(PEN),
      );
      const post = async <T>(path: string, body: unknown, token?: string): Promise<T> => {
        const response = await fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          },
          body: JSON.stringify(body),
        });
        if (!response.ok) throw new Error(`${path}: ${response.status}`);
        return (await response.json()) as T;
      };
      const admin = await post<{ access_token: string }>('/admin/login', {
        staffId: 'admin',
        password: TEST_ADMIN_PASSWORD,
      });
      await post(
        '/admin/flash-sales',
        {
          id: 'fs-return',
          productId,
          storeId: 'store-1',
          flashPrice: { amount: 99, currency: 'CNY' },
          totalStock: 3,
          perMemberLimit: 10,
          startsAt: f.now - 60_000,
          endsAt: f.now + 3_600_000,
        },
        admin.access_token,
      );
      let loseAnswers = false;
      const network: FetchLike = async (url, init) => {
        const answer = await fetch(url, init);
        if (!loseAnswers || !url.includes('/return')) return answer;
        await answer.body?.cancel();
        throw new TypeError('fetch failed: answer lost');
      };
      const link: EscrowLink = {
        db: f.core.db,
        contact: createServerContact(f.clock),
        now: () => f.now,
        transport: createHttpLeaseTransport({
          baseUrl: server.url,
          credentials: enrolled,
          now: () => f.now,
          fetch: network,
        }),
      };
      expect(await requestLease(link, 'fs-return', 3)).toMatchObject({ ok: true });
      expect(leaseAvailable(f.core.db, link.contact, productId)).toBe(3);

      loseAnswers = true;
      expect(await returnLeases(link, enrolled.clientId)).toMatchObject({
        ok: false,
        error: { code: 'sync.offline' },
      });
      // The server took the units back; the register no longer sells from the lease.
      const { rows } = await server.db.query<{ status: string; returned: number }>(
        "SELECT status, returned FROM flash_lease WHERE sale_id = 'fs-return'",
      );
      expect(rows).toEqual([{ status: 'returned', returned: 3 }]);
      expect(leaseAvailable(f.core.db, link.contact, productId)).toBe(0);
      const take = f.core.db.transaction(() =>
        takeFromLease(f.core.db, link.contact, {
          registerId: enrolled.clientId,
          saleId: 'sale-after-return',
          productId,
          quantity: 1,
          at: f.now,
        }),
      )();
      expect(take).toMatchObject({ ok: false, error: { code: 'flashSale.leaseExpired' } });

      // The retry is answered with the lease as it stands, and the register records it returned.
      loseAnswers = false;
      expect(await returnLeases(link, enrolled.clientId)).toMatchObject({ ok: true });
      expect(f.core.db.prepare('SELECT status, sold FROM flash_lease').all()).toEqual([
        { status: 'returned', sold: 0 },
      ]);
      expect(await returnLeases(link, enrolled.clientId)).toEqual({ ok: true, value: [] });
    } finally {
      await server.dispose();
      await f.dispose();
    }
  });
});
