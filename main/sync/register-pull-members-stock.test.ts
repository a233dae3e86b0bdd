// A real central server (PGlite, loopback HTTP) and a real register core on a SQLite file: members
// and stock changed on the server reach the register by the pull streams; a member's points and a
// product's stock wait while this register's own sale of them is unacknowledged and land once the
// push is; a cart keeps its stock lock; a late repeated page changes nothing; a bad page nothing.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FetchLike, PushClock } from '../../sync/client';
import { PROTOCOL_SCHEMA_VERSION, PULL_PATH, PUSH_PATH } from '../../sync/protocol';
import type { PullPage } from '../../sync/protocol';
import type {
  CentralServerFixture,
  EnrolledRegister,
  ServerDb,
} from '../../test-support/central-server-fixture';
import {
  openServerDatabase,
  startCentralServer,
  TEST_ADMIN_PASSWORD,
} from '../../test-support/central-server-fixture';
import type { RegisterFixture } from '../../test-support/register-fixture';
import {
  FIXTURE_CSV,
  loginReadyToSell,
  startRegisterFixture,
  valueOf,
} from '../../test-support/register-fixture';
import { readPullCursor } from './pull-state';
import { registerPullTargets } from './pull-targets';
import { createRegisterPullClient, createRegisterPushClient } from './start-register-sync';

const STORE = 'store-1';
const MILK = '06901234567892';
const PEN = '04006381333931';
const CHOCOLATE = '00000096385074';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

let shared: ServerDb;
let f: RegisterFixture;
let server: CentralServerFixture;
let till: EnrolledRegister;

beforeAll(async () => {
  shared = await openServerDatabase();
}, 60_000);
afterAll(async () => {
  await shared.close();
});

beforeEach(async () => {
  f = await startRegisterFixture();
  server = await startCentralServer({ db: shared });
  till = await server.enrol(STORE);
  // Head office's catalog knows the same products, so a level keyed by GTIN-14 is named by it.
  await admin('POST', '/admin/catalog/import', FIXTURE_CSV, 'text/csv');
}, 60_000);

afterEach(async () => {
  const errors = f.internalErrors.splice(0);
  await f.dispose();
  await server.dispose();
  expect(errors).toEqual([]);
});

async function tokenFor(credentials: EnrolledRegister | 'admin'): Promise<string> {
  const response =
    credentials === 'admin'
      ? await fetch(`${server.url}/admin/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ staffId: 'admin', password: TEST_ADMIN_PASSWORD }),
        })
      : await fetch(`${server.url}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            grant_type: 'client_credentials',
            client_id: credentials.clientId,
            client_secret: credentials.clientSecret,
          }),
        });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function call(
  token: string,
  method: string,
  url: string,
  body?: unknown,
  type = 'application/json',
): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': type }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

async function admin(method: string, url: string, body?: unknown, type?: string) {
  return call(await tokenFor('admin'), method, url, body, type);
}

const clock: PushClock = {
  now: () => f.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 10))),
};

function pullClient(fetchLike?: FetchLike) {
  return createRegisterPullClient({
    db: f.core.db,
    serverUrl: server.url,
    credentials: till,
    logger: quiet,
    clock,
    random: () => 0.5,
    ...(fetchLike === undefined ? {} : { fetch: fetchLike }),
  });
}

function pushClient() {
  return createRegisterPushClient({
    db: f.core.db,
    serverUrl: server.url,
    credentials: till,
    logger: quiet,
    clock,
    random: () => 0.5,
  });
}

/** Pull rounds until every stream is through (the first one also brings the whole catalog). */
async function pullAll(pull: ReturnType<typeof pullClient>): Promise<void> {
  for (let round = 0; round < 20; round += 1) {
    const done = await pull.pullOnce();
    if (done.kind === 'failed') throw new Error(JSON.stringify(pull.status().lastError));
    if (done.kind === 'pulled' && !done.more) return;
  }
  throw new Error('the pull never caught up');
}

function localId(gtin14: string): number {
  const id = f.core.db
    .prepare<[string], number>('SELECT id FROM product WHERE gtin14 = ?')
    .pluck()
    .get(gtin14);
  if (id === undefined) throw new Error(`no product ${gtin14}`);
  return id;
}

function localStock(gtin14: string): { available: number; locked: number } {
  const row = f.core.db
    .prepare<[number], { available: number; locked: number }>(
      'SELECT available, locked FROM stock WHERE product_id = ?',
    )
    .get(localId(gtin14));
  return row ?? { available: Number.NaN, locked: Number.NaN };
}

const findMember = (query: string) => valueOf(f.core.send('members.find', { query }));

/** Another register of the store sells to a member and pushes it: the server's points change. */
async function saleOnAnotherTill(memberId: string, total: number): Promise<void> {
  const other = await server.enrol(STORE);
  const answer = await call(await tokenFor(other), 'POST', PUSH_PATH, {
    schema_version: PROTOCOL_SCHEMA_VERSION,
    register_id: other.clientId,
    from_seq: 1,
    mutations: [
      {
        seq: 1,
        mutation_id: `other-${memberId}`,
        type: 'sale.completed',
        schema_version: 1,
        created_at: f.now,
        payload: {
          saleId: `other-sale-${memberId}`,
          receiptNo: 1,
          storeId: STORE,
          cashierId: 'c9',
          memberId,
          currency: 'CNY',
          total,
          pointsEarned: total / 10,
          pointsUsed: 0,
          lines: [{ lineId: 'l1', productId: 'other', gtin14: '', quantity: 1, net: total }],
          payments: [{ kind: 'cash', amount: { amount: total, currency: 'CNY' } }],
          completedAt: f.now,
        },
      },
    ],
  });
  expect(answer).toMatchObject({ last_seq: 1 });
}

describe('members and stock pulled into a register core', { timeout: 60_000 }, () => {
  it('brings a member created and changed on the server, found by phone, card and code', async () => {
    await admin('POST', '/admin/members', {
      id: 'mem-1',
      code: 'M1001',
      phone: '13912345678',
      cardNumber: '6200001',
      name: 'Zhao Lei',
    });
    const pull = pullClient();
    await pullAll(pull);
    await loginReadyToSell(f);
    for (const query of ['13912345678', '6200001', 'M1001']) {
      expect(await findMember(query)).toMatchObject({
        memberId: 'mem-1',
        name: 'Zhao Lei',
        level: 'bronze',
        status: 'active',
        points: 0,
      });
    }

    await admin('PATCH', '/admin/members/mem-1', { name: 'Zhao Lei 赵磊', phone: '13700000000' });
    await saleOnAnotherTill('mem-1', 15_000);
    await pullAll(pull);
    expect(await findMember('13700000000')).toMatchObject({
      memberId: 'mem-1',
      name: 'Zhao Lei 赵磊',
      points: 1500,
      level: 'silver',
    });
    // The old phone no longer finds anyone; the balance's move is in the member's history.
    expect((await f.core.send('members.find', { query: '13912345678' })).ok).toBe(false);
    const history = await valueOf(f.core.send('members.history', { memberId: 'mem-1' }));
    expect(history.map((e) => [e.type, e.points, e.reason])).toEqual([
      ['adjust', 1500, 'balance from head office'],
    ]);
  });

  it('holds a member’s server points while this register’s sale of them is unacknowledged', async () => {
    await admin('POST', '/admin/members', {
      id: 'mem-2',
      code: 'M2002',
      phone: '13800002002',
      name: 'Sun Li',
    });
    const pull = pullClient();
    await pullAll(pull);
    await loginReadyToSell(f);
    await valueOf(f.core.send('checkout.scan', { code: MILK }));
    await valueOf(f.core.send('checkout.attachMember', { query: 'M2002' }));
    const done = await valueOf(f.core.send('checkout.tenderCash', { tendered: 100_000 }));
    expect(done.status).toBe('completed');
    const here = (await findMember('M2002')).points;
    expect(here).toBeGreaterThan(0);

    // Meanwhile another till's sale earns 500 points on the server, and head office renames her.
    await saleOnAnotherTill('mem-2', 5_000);
    await admin('PATCH', '/admin/members/mem-2', { name: 'Sun Li 孙丽' });
    await pullAll(pull);
    // The server's figure lacks this register's sale: not taken. The profile is head office's.
    expect(await findMember('M2002')).toMatchObject({ name: 'Sun Li 孙丽', points: here });
    expect(pull.status().waiting).toContain('members');

    expect(await pushClient().pushOnce()).toMatchObject({ kind: 'pushed', acked: 1 });
    await pullAll(pull);
    expect(await findMember('M2002')).toMatchObject({ points: 500 + here });
    expect(pull.status().waiting).toEqual([]);
    expect(f.core.db.prepare('SELECT count(*) FROM sync_parked_entry').pluck().get()).toBe(0);
  });

  it('brings stock changed on the server; a cart keeps its lock; a sale here waits for its push', async () => {
    const milk = String(localId(MILK));
    const chocolate = String(localId(CHOCOLATE));
    // What pushed sales book is keyed by this store's register product ids (docs/sync.md).
    await server.setStock(STORE, milk, 10);
    await server.setStock(STORE, chocolate, 1);
    await loginReadyToSell(f);
    const cart = await valueOf(f.core.send('checkout.scan', { code: MILK }));
    const lineId = cart.cart.lines[0]?.lineId ?? '';
    await valueOf(f.core.send('checkout.setQuantity', { lineId, quantity: 3 }));
    expect(localStock(MILK)).toEqual({ available: 7, locked: 3 });

    // A delivery of 20 on the server, and head office counts 4 pens (keyed by GTIN-14).
    await admin('POST', `/stores/${STORE}/stock/${milk}/receive`, { quantity: 20 });
    await admin('POST', `/stores/${STORE}/stock/${PEN}/adjust`, { delta: 4, reason: 'count' });
    const pull = pullClient();
    await pullAll(pull);
    // 30 free on the server, 3 of them in this register's open cart: available + locked = 30.
    expect(localStock(MILK)).toEqual({ available: 27, locked: 3 });
    expect(f.core.db.prepare('SELECT product_id, quantity FROM stock_lock').raw().all()).toEqual([
      [localId(MILK), 3],
    ]);
    expect(localStock(PEN)).toEqual({ available: 4, locked: 0 });
    expect(localStock(CHOCOLATE)).toEqual({ available: 1, locked: 0 });

    // The sale takes the 3 held units and 3 chocolates the books do not have.
    await valueOf(f.core.send('checkout.scan', { code: '96385074' }));
    const chocolateLine = (await valueOf(f.core.send('checkout.current', {})))?.cart.lines[1]
      ?.lineId;
    await valueOf(
      f.core.send('checkout.setQuantity', { lineId: chocolateLine ?? '', quantity: 3 }),
    );
    await valueOf(f.core.send('checkout.tenderCash', { tendered: 1_000_000 }));
    expect(localStock(MILK)).toEqual({ available: 27, locked: 0 });
    expect(localStock(CHOCOLATE)).toEqual({ available: -2, locked: 0 });

    // Another 5 arrive on the server before this register's sale is pushed: the server's 35 lacks
    // the sale, so milk and chocolate wait; the pen (not in the sale) does not.
    await admin('POST', `/stores/${STORE}/stock/${milk}/receive`, { quantity: 5 });
    await admin('POST', `/stores/${STORE}/stock/${chocolate}/receive`, { quantity: 6 });
    await admin('POST', `/stores/${STORE}/stock/${PEN}/adjust`, { delta: 1, reason: 'count' });
    await pullAll(pull);
    expect(localStock(MILK)).toEqual({ available: 27, locked: 0 });
    expect(localStock(CHOCOLATE)).toEqual({ available: -2, locked: 0 });
    expect(localStock(PEN)).toEqual({ available: 5, locked: 0 });
    expect(pull.status().waiting).toContain('stock');

    expect(await pushClient().pushOnce()).toMatchObject({ kind: 'pushed', acked: 1 });
    await pullAll(pull);
    expect(localStock(MILK)).toEqual({ available: 32, locked: 0 });
    expect(localStock(CHOCOLATE)).toEqual({ available: 4, locked: 0 });
    expect(pull.status().waiting).toEqual([]);
  });

  it('applies a late repeated page once, and refuses a corrupt page whole', async () => {
    const pull = pullClient();
    await pullAll(pull);
    const milk = String(localId(MILK));
    await admin('POST', '/admin/members', {
      id: 'mem-3',
      code: 'M3003',
      phone: '13800003003',
      name: 'One',
    });
    const members = registerPullTargets(f.core.db, { currency: 'CNY', now: () => f.now }).find(
      (t) => t.stream === 'members',
    );
    if (members === undefined) throw new Error('no members target');
    const token = await tokenFor(till);
    const page = async (after: number) =>
      (await call(
        token,
        'GET',
        `${PULL_PATH}?stream=members&after=${after}`,
      )) as unknown as PullPage<'members'>;
    const first = await page(members.cursor());
    await admin('PATCH', '/admin/members/mem-3', { name: 'Two' });
    const second = await page(first.cursor);
    members.apply(first);
    members.apply(second);
    // The first page again, late (a retried request answered twice): nothing goes back.
    members.apply(first);
    expect(readPullCursor(f.core.db, 'members')).toBe(second.cursor);
    await loginReadyToSell(f);
    expect(await findMember('M3003')).toMatchObject({ name: 'Two' });

    // A members page whose second entry has a level no one has, and a stock page with a
    // fractional figure: each refused whole, nothing of it applied, the cursors where they were.
    await admin('POST', '/admin/members', {
      id: 'mem-4',
      code: 'M4004',
      phone: '13800004004',
      name: 'Four',
    });
    await admin('POST', '/admin/members', {
      id: 'mem-5',
      code: 'M5005',
      phone: '13800005005',
      name: 'Five',
    });
    await admin('POST', `/stores/${STORE}/stock/${milk}/receive`, { quantity: 50 });
    const membersBefore = readPullCursor(f.core.db, 'members');
    const stockBefore = readPullCursor(f.core.db, 'stock');
    const corrupt =
      (stream: string, spoil: (entries: Record<string, unknown>[]) => void): FetchLike =>
      async (url, init) => {
        const response = await fetch(url, init);
        if (!url.includes(`stream=${stream}`)) return response;
        const body = (await response.json()) as { entries: Record<string, unknown>[] };
        spoil(body.entries);
        return new Response(JSON.stringify(body), { status: 200 });
      };
    const badMembers = pullClient(
      corrupt('members', (entries) => {
        const second = entries[1];
        if (second !== undefined) second['level'] = 'diamond';
      }),
    );
    expect(await badMembers.pullOnce()).toEqual({ kind: 'failed', retry: true });
    expect(badMembers.status().lastError?.code).toBe('sync.badPage');
    expect(readPullCursor(f.core.db, 'members')).toBe(membersBefore);
    expect((await f.core.send('members.find', { query: 'M4004' })).ok).toBe(false);

    const badStock = pullClient(
      corrupt('stock', (entries) => {
        const last = entries.at(-1);
        if (last !== undefined) last['available'] = 7.5;
      }),
    );
    expect(await badStock.pullOnce()).toEqual({ kind: 'failed', retry: true });
    expect(badStock.status().lastError?.code).toBe('sync.badPage');
    expect(readPullCursor(f.core.db, 'stock')).toBe(stockBefore);
    expect(localStock(MILK)).toEqual({ available: 10, locked: 0 });

    await pullAll(pull);
    expect(await findMember('M4004')).toMatchObject({ name: 'Four' });
    expect(await findMember('M5005')).toMatchObject({ name: 'Five' });
    expect(localStock(MILK)).toEqual({ available: 50, locked: 0 });
  });
});
