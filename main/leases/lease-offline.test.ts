// Two real register cores (SQLite files) and a real central server (PGlite) over loopback HTTP:
// both take flash-sale leases, the server goes away, both sell the last units offline from their
// leases (and are refused past them or past expiry), the server comes back, both push and hand
// their leases back — nothing oversold, and the register's and the server's books agree.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LeaseTransport } from '../../sync/client';
import { createHttpLeaseTransport } from '../../sync/client';
import type {
  CentralServerFixture,
  EnrolledRegister,
  ServerDb,
} from '../../test-support/central-server-fixture';
import { openServerDatabase, startCentralServer } from '../../test-support/central-server-fixture';
import type { RegisterFixture } from '../../test-support/register-fixture';
import {
  FIXTURE_BARCODES,
  loginReadyToSell,
  startRegisterFixture,
  valueOf,
} from '../../test-support/register-fixture';
import { postJson, pushUntilDrained, serverLeaseFigures } from '../../test-support/escrow-testing';
import type { EscrowLink } from './lease-sync';
import { requestLease, returnLeases } from './lease-sync';
import { leaseAvailable, takeFromLease } from './lease-store';
import { createServerContact } from './server-contact';

const { MILK } = FIXTURE_BARCODES;
const STORE = 'store-1';

let shared: ServerDb;
let server: CentralServerFixture;
interface Till {
  readonly f: RegisterFixture;
  readonly enrolled: EnrolledRegister;
  readonly link: EscrowLink;
}
let tills: Till[] = [];

beforeAll(async () => {
  shared = await openServerDatabase();
}, 60_000);
afterAll(async () => {
  await shared.close();
});

beforeEach(async () => {
  tills = [];
  // The server's clock is the first register's (the fixture starts both at the same time).
  server = await startCentralServer({
    db: shared,
    clock: () => tills[0]?.f.now ?? Date.UTC(2026, 10, 24, 2, 0, 0),
  });
  for (let i = 0; i < 2; i += 1) {
    const f = await startRegisterFixture();
    const enrolled = await server.enrol(STORE);
    const transport: LeaseTransport = createHttpLeaseTransport({
      baseUrl: server.url,
      credentials: enrolled,
      now: () => f.now,
    });
    tills.push({
      f,
      enrolled,
      link: { db: f.core.db, transport, contact: createServerContact(f.clock), now: () => f.now },
    });
  }
}, 60_000);

afterEach(async () => {
  for (const { f } of tills) {
    const errors = f.internalErrors.splice(0);
    await f.dispose();
    expect(errors).toEqual([]);
  }
  await server.dispose();
});

const post = <T>(path: string, body: unknown, token?: string) =>
  postJson<T>(server.url, path, body, token);
const pushAll = (till: Till) => pushUntilDrained(till.f.core.db, server.url, till.enrolled);
const serverFigures = (sale: string) => serverLeaseFigures(server.db, sale);

function productId(f: RegisterFixture, gtin: string): string {
  const id = f.core.db
    .prepare<[string], number>('SELECT id FROM product WHERE gtin14 = ?')
    .pluck()
    .get(`0${gtin}`.slice(-14));
  if (id === undefined) throw new Error(`no product ${gtin}`);
  return String(id);
}

async function flashSale(product: string, totalStock: number): Promise<string> {
  const now = tills[0]!.f.now;
  const admin = await post<{ access_token: string }>('/admin/login', {
    staffId: 'admin',
    password: 'correct horse battery staple',
  });
  const id = `fs-${now}`;
  await post(
    '/admin/flash-sales',
    {
      id,
      productId: product,
      storeId: STORE,
      flashPrice: { amount: 99, currency: 'CNY' },
      totalStock,
      perMemberLimit: 10,
      startsAt: now - 60_000,
      endsAt: now + 3 * 3600_000,
    },
    admin.access_token,
  );
  return id;
}

/** A real sale through the core, then its flash units from the lease (what checkout will do). */
async function sellFlash(till: Till) {
  const { f } = till;
  await valueOf(f.core.send('checkout.scan', { code: MILK }));
  const done = await valueOf(f.core.send('checkout.tenderCash', { tendered: 1_000_000 }));
  if (done.status !== 'completed') throw new Error('sale not completed');
  return f.core.db.transaction(() =>
    takeFromLease(f.core.db, till.link.contact, {
      registerId: till.enrolled.clientId,
      saleId: done.sale.saleId,
      productId: productId(f, MILK),
      quantity: 1,
      at: f.now,
    }),
  )();
}

describe('two registers selling the last flash-sale units offline', () => {
  it('cannot oversell: each sells only its lease, and the books agree after reconnecting', async () => {
    const [a, b] = tills as [Till, Till];
    const milk = productId(a.f, MILK);
    const sale = await flashSale(milk, 3);
    expect(await requestLease(a.link, sale, 2)).toMatchObject({
      ok: true,
      value: { granted_now: 2 },
    });
    // Only one unit is left for the second register: the pool, not the request, decides.
    expect(await requestLease(b.link, sale, 2)).toMatchObject({
      ok: true,
      value: { granted_now: 1 },
    });
    // A refill from an empty pool grants nothing and answers the lease as it stands.
    expect(await requestLease(b.link, sale, 1)).toMatchObject({
      ok: true,
      value: { granted_now: 0, lease: { granted: 1 } },
    });
    expect(leaseAvailable(a.f.core.db, a.link.contact, milk)).toBe(2);

    await server.stop();
    for (const till of tills) await loginReadyToSell(till.f);
    expect(await sellFlash(a)).toMatchObject({ ok: true, value: { left: 1 } });
    expect(await sellFlash(b)).toMatchObject({ ok: true, value: { left: 0 } });
    expect(await sellFlash(a)).toMatchObject({ ok: true, value: { left: 0 } });
    // The last units are gone on both tills, whichever asks.
    expect(await sellFlash(a)).toMatchObject({
      ok: false,
      error: { code: 'flashSale.leaseExhausted' },
    });
    expect(await sellFlash(b)).toMatchObject({
      ok: false,
      error: { code: 'flashSale.leaseExhausted' },
    });
    expect(await requestLease(a.link, sale, 1)).toMatchObject({
      ok: false,
      error: { code: 'sync.offline' },
    });

    await server.start();
    await pushAll(b);
    await pushAll(a);
    expect(await serverFigures(sale)).toEqual({ sold: 3, granted: 3, returned: 0, flagged: 0 });
    // Shift close: both hand their leases back; nothing unsold, so nothing returns.
    for (const till of tills) {
      expect(await returnLeases(till.link, till.enrolled.clientId)).toMatchObject({ ok: true });
    }
    expect(await serverFigures(sale)).toEqual({ sold: 3, granted: 3, returned: 0, flagged: 0 });
    const onRegisters = tills
      .map((t) => t.f.core.db.prepare('SELECT sum(sold) FROM flash_lease').pluck().get() as number)
      .reduce((x, y) => x + y, 0);
    expect(onRegisters).toBe(3);
    const left = await fetch(`${server.url}/flash-sales/${sale}`, {
      headers: { authorization: `Bearer ${await tokenOf(a.enrolled)}` },
    });
    expect((await left.json()) as { unitsLeft: number }).toMatchObject({ unitsLeft: 0 });
  });

  it('stops selling from a lease before its expiry on the monotonic clock, and after a restart', async () => {
    const [a] = tills as [Till, Till];
    const milk = productId(a.f, MILK);
    const sale = await flashSale(milk, 5);
    const granted = await requestLease(a.link, sale, 5);
    if (!granted.ok) throw new Error(granted.error.message);
    const expiresAt = granted.value.lease.expires_at;
    await loginReadyToSell(a.f);
    // The fixture's monotonic clock moves with its time: the last moment before the margin sells.
    a.f.now = expiresAt - 60_000 - 1;
    expect(await sellFlash(a)).toMatchObject({ ok: true });
    a.f.now = expiresAt - 60_000;
    expect(await sellFlash(a)).toMatchObject({
      ok: false,
      error: { code: 'flashSale.leaseExpired' },
    });
    // A restarted register has lost its monotonic reading: expired until the next contact.
    const fresh = { ...a.link, contact: createServerContact(a.f.clock) };
    expect(leaseAvailable(a.f.core.db, fresh.contact, milk)).toBe(0);
  });
});

async function tokenOf(enrolled: EnrolledRegister): Promise<string> {
  const token = await post<{ access_token: string }>('/oauth/token', {
    grant_type: 'client_credentials',
    client_id: enrolled.clientId,
    client_secret: enrolled.clientSecret,
  });
  return token.access_token;
}
