// A real register core pushing to a real central server (PGlite) over loopback HTTP: offline
// sales arrive exactly once when the server comes back, repeats and gaps are answered from the
// server's books, a lost answer never books twice, and a refused mutation never wedges the queue.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_SCHEMA_VERSION, PUSH_PATH } from '../../sync/protocol';
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
import type { FetchLike, PushClock } from '../../sync/client';
import { appendOutbox } from '../outbox/outbox';
import { createRegisterPushClient, startRegisterSync } from './start-register-sync';

const { MILK, PEN } = FIXTURE_BARCODES;
const STORE = 'store-1';

let shared: ServerDb;
let f: RegisterFixture;
let server: CentralServerFixture;
let till: EnrolledRegister;

beforeAll(async () => {
  shared = await openServerDatabase();
});
afterAll(async () => {
  await shared.close();
});

beforeEach(async () => {
  f = await startRegisterFixture();
  server = await startCentralServer({ db: shared });
  till = await server.enrol(STORE);
  await server.setStock(STORE, productId(MILK), 10, 2);
  await server.setStock(STORE, productId(PEN), 10, 2);
});

afterEach(async () => {
  const errors = f.internalErrors.splice(0);
  await f.dispose();
  await server.dispose();
  expect(errors).toEqual([]);
});

function productId(gtin: string): string {
  const id = f.core.db
    .prepare<[string], number>('SELECT id FROM product WHERE gtin14 = ?')
    .pluck()
    .get(`0${gtin}`.slice(-14));
  if (id === undefined) throw new Error(`no product ${gtin}`);
  return String(id);
}

async function sell(code: string, quantity = 1): Promise<string> {
  const cart = await valueOf(f.core.send('checkout.scan', { code }));
  const lineId = cart.cart.lines.at(-1)?.lineId ?? '';
  if (quantity > 1) await valueOf(f.core.send('checkout.setQuantity', { lineId, quantity }));
  const done = await valueOf(f.core.send('checkout.tenderCash', { tendered: 1_000_000 }));
  if (done.status !== 'completed') throw new Error('sale not completed');
  return done.sale.saleId;
}

const testClock = (): PushClock => ({
  now: () => f.now,
  // Waits shrink so a backoff of seconds takes milliseconds; order is all that matters here.
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 10))),
});

function client(fetchLike?: FetchLike, batchSize?: number) {
  return createRegisterPushClient({
    db: f.core.db,
    serverUrl: server.url,
    credentials: till,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    clock: testClock(),
    random: () => 0.5,
    ...(fetchLike === undefined ? {} : { fetch: fetchLike }),
    ...(batchSize === undefined ? {} : { batchSize }),
  });
}

async function serverCount(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await server.db.query<{ n: number }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

const ordersOnServer = () =>
  serverCount('SELECT count(*) AS n FROM customer_order WHERE store_id = $1', [STORE]);

async function serverStock(gtin: string): Promise<number> {
  const { rows } = await server.db.query<{ available: number }>(
    'SELECT available FROM stock_level WHERE store_id = $1 AND product_id = $2',
    [STORE, productId(gtin)],
  );
  return rows[0]?.available ?? Number.NaN;
}

async function syncStatus() {
  return valueOf(f.core.send('sync.status', {}));
}

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('push from a register core to the central server', () => {
  it('pushes sales made while the server was down, each exactly once, once it is back', async () => {
    await server.stop();
    await loginReadyToSell(f);
    const sales: string[] = [];
    for (let i = 0; i < 6; i += 1) sales.push(await sell(i % 2 === 0 ? MILK : PEN));
    const sync = startRegisterSync({
      db: f.core.db,
      serverUrl: server.url,
      credentials: till,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      clock: testClock(),
      random: () => 0.5,
      idleMs: 20,
    });
    try {
      await until(() => sync.client.status().connection === 'offline', 'offline');
      expect(sync.client.status().lastError?.code).toBe('sync.offline');
      expect(await syncStatus()).toMatchObject({ unsyncedSales: 6, unsyncedMutations: 6 });
      sales.push(await sell(MILK));

      await server.start();
      sync.client.wake();
      await until(async () => (await syncStatus()).unsyncedMutations === 0, 'all acked');
      expect(sync.client.status()).toMatchObject({
        connection: 'online',
        pending: 0,
        lastAckedSeq: 7,
        lastError: null,
      });
      expect(await syncStatus()).toMatchObject({ unsyncedSales: 0, unsyncedSalesValue: 0 });
    } finally {
      await sync.stop();
    }
    expect(await ordersOnServer()).toBe(7);
    const { rows } = await server.db.query<{ id: string; status: string }>(
      'SELECT id, status FROM customer_order ORDER BY id',
    );
    expect(rows.map((r) => r.id).sort()).toEqual([...sales].sort());
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['completed']));
    expect(await serverStock(MILK)).toBe(10 - 4);
    expect(await serverStock(PEN)).toBe(10 - 3);
    expect(
      await serverCount("SELECT count(*) AS n FROM sync_mutation WHERE status = 'applied'"),
    ).toBe(7);
  });

  it('answers a repeated batch from its stored results and a batch past last_seq with a gap', async () => {
    await loginReadyToSell(f);
    await sell(MILK);
    await sell(PEN);
    const push = client();
    expect(await push.pushOnce()).toMatchObject({ kind: 'pushed', acked: 2 });

    const token = await fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: till.clientId,
        client_secret: till.clientSecret,
      }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    const rows = f.core.db
      .prepare<
        [],
        { seq: number; mutation_id: string; type: string; payload: string; created_at: number }
      >('SELECT seq, mutation_id, type, payload, created_at FROM outbox ORDER BY seq')
      .all();
    const batch = (from: number) => ({
      schema_version: PROTOCOL_SCHEMA_VERSION,
      register_id: till.clientId,
      from_seq: from,
      mutations: rows
        .filter((r) => r.seq >= from)
        .map((r) => ({
          seq: r.seq,
          mutation_id: r.mutation_id,
          type: r.type,
          payload: JSON.parse(r.payload) as unknown,
          schema_version: 1,
          created_at: r.created_at,
        })),
    });
    const post = (body: unknown) =>
      fetch(`${server.url}${PUSH_PATH}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token.access_token}`,
        },
        body: JSON.stringify(body),
      });

    const repeat = await post(batch(1));
    expect(repeat.status).toBe(200);
    expect(await repeat.json()).toMatchObject({
      last_seq: 2,
      results: [
        { seq: 1, status: 'applied' },
        { seq: 2, status: 'applied' },
      ],
    });
    expect(await ordersOnServer()).toBe(2);
    expect(await serverStock(MILK)).toBe(9);

    // Two more sales; a batch that starts at seq 4 skips 3: the server names where to resume.
    await sell(MILK);
    await sell(MILK);
    const more = f.core.db
      .prepare<
        [],
        { seq: number; mutation_id: string; type: string; payload: string; created_at: number }
      >('SELECT seq, mutation_id, type, payload, created_at FROM outbox WHERE seq > 2 ORDER BY seq')
      .all();
    rows.push(...more);
    const gap = await post(batch(4));
    expect(gap.status).toBe(409);
    expect(await gap.json()).toMatchObject({ error: { code: 'sync.gap' }, last_seq: 2 });
    expect(await ordersOnServer()).toBe(2);

    // The client resends from the server's last_seq, whatever it believed before.
    expect(await push.pushOnce()).toMatchObject({ kind: 'pushed', acked: 2 });
    expect(await ordersOnServer()).toBe(4);
    expect(await serverStock(MILK)).toBe(7);
  });

  it('resends from the server’s last_seq after a gap, rows it had acknowledged included', async () => {
    await loginReadyToSell(f);
    for (let i = 0; i < 3; i += 1) await sell(MILK);
    // The register believes seqs 1–2 were acknowledged, but the server has none of them (it
    // was restored from an older backup): the first batch starts at 3 and meets a gap.
    f.core.db.prepare('UPDATE outbox SET acked_at = 1 WHERE seq <= 2').run();
    const push = client();
    expect(await push.pushOnce()).toEqual({ kind: 'gap', lastSeq: 0 });
    expect(await push.pushOnce()).toMatchObject({ kind: 'pushed', acked: 3 });
    expect(await ordersOnServer()).toBe(3);
    expect(await serverStock(MILK)).toBe(7);
  });

  it('books nothing twice when the answer is lost after the server committed', async () => {
    await loginReadyToSell(f);
    for (let i = 0; i < 4; i += 1) await sell(MILK);
    let dropped = 0;
    const droppingFetch: FetchLike = async (url, init) => {
      const response = await fetch(url, init);
      if (url.endsWith(PUSH_PATH) && dropped === 0) {
        dropped += 1;
        await response.body?.cancel();
        throw new TypeError('fetch failed: connection reset');
      }
      return response;
    };
    const push = client(droppingFetch, 3);
    expect(await push.pushOnce()).toMatchObject({ kind: 'failed', retry: true });
    expect(push.status().connection).toBe('offline');
    // The server booked the first batch; the register does not know it.
    expect(await ordersOnServer()).toBe(3);
    expect((await syncStatus()).unsyncedSales).toBe(4);

    expect(await push.pushOnce()).toMatchObject({ kind: 'pushed', acked: 3, more: true });
    expect(await push.pushOnce()).toMatchObject({ kind: 'pushed', acked: 1 });
    expect(await push.pushOnce()).toEqual({ kind: 'idle' });
    expect(await ordersOnServer()).toBe(4);
    expect(await serverStock(MILK)).toBe(6);
    expect(
      await serverCount('SELECT count(*) AS n FROM stock_move WHERE order_id IS NOT NULL'),
    ).toBe(4);
    expect((await syncStatus()).unsyncedSales).toBe(0);
  });

  it('moves past a mutation the server rejects, and flags sales it cannot fully book', async () => {
    await loginReadyToSell(f);
    await sell(MILK);
    const push = client();
    expect(await push.pushOnce()).toMatchObject({ kind: 'pushed', acked: 1 });
    // A record the server cannot read, between two sales.
    f.core.db.transaction(() =>
      appendOutbox(f.core.db, {
        registerId: 'reg-1',
        type: 'cart.cancelled',
        payload: { cartId: 'c-1', reason: 42 },
        at: f.now,
      }),
    )();
    f.core.db.transaction(() =>
      appendOutbox(f.core.db, {
        registerId: 'reg-1',
        type: 'stock.reconcile',
        payload: {},
        at: f.now,
      }),
    )();
    await sell(PEN, 12); // more than the server's 10: stock goes negative, flagged
    await server.db.query('DELETE FROM stock_level WHERE product_id = $1', [productId(MILK)]);
    await sell(MILK); // a product the server has no record of: booked, flagged

    expect(await push.pushOnce()).toMatchObject({ kind: 'pushed', acked: 4 });
    const { rows } = await server.db.query<{ seq: number; status: string; reason: string | null }>(
      'SELECT seq, status, reason FROM sync_mutation ORDER BY seq',
    );
    expect(rows.map((r) => [Number(r.seq), r.status])).toEqual([
      [1, 'applied'],
      [2, 'rejected'],
      [3, 'rejected'],
      [4, 'flagged'],
      [5, 'flagged'],
    ]);
    expect(rows[1]?.reason).toMatch(/^mutation.invalidPayload/);
    expect(rows[2]?.reason).toMatch(/^mutation.unknownType/);
    expect(rows[3]?.reason).toMatch(/^stock.negative/);
    expect(rows[4]?.reason).toMatch(/^product.unknown/);
    expect(await ordersOnServer()).toBe(3);
    expect(await serverStock(PEN)).toBe(-2);
    expect(
      await serverCount('SELECT count(*) AS n FROM stock_reconciliation WHERE store_id = $1', [
        STORE,
      ]),
    ).toBe(2);
    expect(
      await serverCount('SELECT count(*) AS n FROM stock_alert WHERE product_id = $1', [
        productId(PEN),
      ]),
    ).toBe(1);
    expect(push.status().attention.map((r) => r.status)).toEqual([
      'rejected',
      'rejected',
      'flagged',
      'flagged',
    ]);
    expect((await syncStatus()).unsyncedMutations).toBe(0);
  });
});
