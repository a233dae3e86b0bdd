// A real central server (PGlite, loopback HTTP) and a real register core on a SQLite file: the
// server imports a catalog CSV, an empty register takes it as a first-sync snapshot, a price changed
// on the server is pulled and scanned, an open cart keeps the price its lines were scanned at, a
// snapshot cut off mid-way resumes after a restart, and a bad page is refused with nothing applied.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoProductValues } from '../../app/catalog/demo-catalog-values';
import type { FetchLike, PullProgress, PushClock } from '../../sync/client';
import { PULL_PATH, SNAPSHOT_PATH } from '../../sync/protocol';
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
import { CHEAP_PINS, FIXTURE_CSV, valueOf } from '../../test-support/register-fixture';
import { seedStaff } from '../auth/staff-store';
import { isProductSearchLive, searchProducts } from '../catalog';
import type { RegisterCore } from '../core/create-register-core';
import { createRegisterCore } from '../core/create-register-core';
import { registerPullTargets } from './pull-targets';
import { readPullCursor } from './pull-state';
import { createRegisterPullClient } from './start-register-sync';

const STORE = 'store-1';
const MILK = '06901234567892';

let shared: ServerDb;
let server: CentralServerFixture;
let till: EnrolledRegister;
let dir: string;
let core: RegisterCore;
const now = Date.UTC(2026, 10, 24, 2, 0, 0);
const errors: string[] = [];

// PGlite's start costs seconds, more on a busy machine.
beforeAll(async () => {
  shared = await openServerDatabase();
}, 60_000);
afterAll(async () => {
  await shared.close();
});

function openCore(): RegisterCore {
  return createRegisterCore({
    dataDir: dir,
    storeId: STORE,
    registerId: 'reg-1',
    clock: { now: () => now, monotonic: () => now },
    logger: {
      info: () => undefined,
      warn: () => undefined,
      error: (message, fields) => errors.push(`${message} ${JSON.stringify(fields)}`),
    },
  });
}

beforeEach(async () => {
  server = await startCentralServer({ db: shared });
  till = await server.enrol(STORE);
  dir = mkdtempSync(path.join(os.tmpdir(), 'register-pull-'));
  core = openCore();
}, 60_000);

afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
  await server.dispose();
  expect(errors.splice(0)).toEqual([]);
});

async function adminCall(method: string, url: string, body?: unknown, type = 'application/json') {
  const login = await fetch(`${server.url}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ staffId: 'admin', password: TEST_ADMIN_PASSWORD }),
  });
  const { access_token: token } = (await login.json()) as { access_token: string };
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

const clock: PushClock = {
  now: () => now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 10))),
};

function pullClient(
  options: { fetch?: FetchLike; onPullProgress?: (p: PullProgress) => void } = {},
) {
  return createRegisterPullClient({
    db: core.db,
    serverUrl: server.url,
    credentials: till,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    clock,
    random: () => 0.5,
    ...options,
  });
}

function lookupPrice(code: string): Promise<number> {
  return valueOf(core.send('catalog.lookup', { code })).then((p) => p.price);
}

const productCount = () => core.db.prepare('SELECT count(*) FROM product').pluck().get() as number;

/** A catalog of `n` products with made-up GTIN-13s. */
function bigCsv(n: number): string {
  const rows = ['gtin,name'];
  for (let i = 0; i < n; i += 1) rows.push(`${6930000000000 + i},Product ${i} 商品`);
  return rows.join('\n');
}

/** A fetch that passes everything through, cutting a snapshot's body after `lines` lines. */
function cuttingSnapshot(lines: number): FetchLike {
  return async (url, init) => {
    const response = await fetch(url, init);
    if (!url.includes(SNAPSHOT_PATH) || response.body === null) return response;
    const text = await response.text();
    const kept = text.split('\n').slice(0, lines).join('\n');
    return new Response(`${kept}\n`, { status: 200, headers: response.headers });
  };
}

describe('pull from the central server into a register core', { timeout: 60_000 }, () => {
  it('first-syncs an empty register, then pulls a price change; open carts keep their prices', async () => {
    await adminCall('POST', '/admin/catalog/import', FIXTURE_CSV, 'text/csv');
    const seen: PullProgress[] = [];
    const pull = pullClient({ onPullProgress: (p) => seen.push(p) });
    expect(productCount()).toBe(0);
    expect(await pull.pullOnce()).toEqual({
      kind: 'snapshot',
      applied: 4 + 2 + 21,
      complete: true,
    });
    expect(seen.some((p) => p.phase === 'snapshot')).toBe(true);
    expect(seen.at(-1)?.phase).toBe('indexing');
    expect(isProductSearchLive(core.db)).toBe(true);
    expect(searchProducts(core.db, 'milk', 5).map((h) => h.product.gtin14)).toEqual([MILK]);
    const demoMilk = demoProductValues(MILK).priceMinor;
    expect(await lookupPrice('6901234567892')).toBe(demoMilk);
    // Incremental from the snapshot's cursors: nothing new.
    expect(await pull.pullOnce()).toEqual({ kind: 'pulled', applied: 0, more: false });

    await seedStaff(
      core.db,
      [{ id: 'c1', name: 'Li Na', role: 'cashier', pin: '1111' }],
      CHEAP_PINS,
    );
    const milkId = core.db.prepare('SELECT id FROM product WHERE gtin14 = ?').pluck().get(MILK);
    core.db.prepare('INSERT INTO stock (product_id, available) VALUES (?, 10)').run(milkId);
    await valueOf(core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    await valueOf(core.send('shift.open', { openingFloat: 0 }));
    const first = await valueOf(core.send('checkout.scan', { code: '6901234567892' }));
    expect(first.cart.lines[0]?.price.unitPrice).toBe(demoMilk);

    // Head office changes the price for this store while the sale is open.
    await adminCall('PUT', `/admin/catalog/products/${MILK}/prices/${STORE}`, {
      amount: 999,
      currency: 'CNY',
    });
    expect(await pull.pullOnce()).toEqual({ kind: 'pulled', applied: 1, more: false });
    expect(await lookupPrice('6901234567892')).toBe(999);
    const open = await valueOf(core.send('checkout.current', {}));
    expect(open?.cart.lines[0]?.price.unitPrice).toBe(demoMilk);
    const second = await valueOf(core.send('checkout.scan', { code: '6901234567892' }));
    expect(second.cart.lines.map((l) => l.price.unitPrice)).toEqual([demoMilk, 999]);
    expect(pull.status()).toMatchObject({ connection: 'online', lastError: null });
  });

  it('resumes a snapshot cut off mid-way after a restart, and applies a repeated page once', async () => {
    await adminCall('POST', '/admin/catalog/import', bigCsv(2500), 'text/csv');
    // Header, 2 + 21 classes and 1,477 products, then the connection breaks.
    const cut = pullClient({ fetch: cuttingSnapshot(1 + 23 + 1477) });
    const broken = await cut.pullOnce();
    expect(broken).toEqual({ kind: 'failed', retry: true });
    expect(cut.status().lastError?.code).toBe('sync.snapshotCut');
    // Everything that arrived whole was applied (it was valid); the rest waits for the resume.
    const applied = productCount();
    expect(applied).toBe(1477);
    const resumeAt = core.db
      .prepare("SELECT applied_through FROM sync_snapshot WHERE stream = 'catalog'")
      .pluck()
      .get() as number;
    expect(resumeAt).toBeGreaterThan(0);

    await core.close();
    core = openCore();
    // The core leaves the search index to the resumed snapshot instead of indexing half a catalog.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(isProductSearchLive(core.db)).toBe(false);
    const pull = pullClient();
    expect(await pull.pullOnce()).toMatchObject({
      kind: 'snapshot',
      complete: true,
      applied: 2500 - 1477,
    });
    expect(productCount()).toBe(2500);
    expect(core.db.prepare('SELECT count(DISTINCT gtin14) FROM product').pluck().get()).toBe(2500);
    expect(core.db.prepare('SELECT count(*) FROM sync_snapshot').pluck().get()).toBe(0);
    expect(isProductSearchLive(core.db)).toBe(true);
    expect(searchProducts(core.db, 'Product 2499', 5)).toHaveLength(1);

    // A page delivered twice (a lost answer, a retried request) changes nothing the second time.
    await adminCall('PUT', '/admin/catalog/products/6930000000007', {
      name: 'Renamed product',
      taxClassId: 'vat-13',
      categoryId: 'snacks',
    });
    const catalog = registerPullTargets(core.db, { currency: 'CNY', now: () => now })[0];
    const after = catalog?.cursor() ?? 0;
    const response = await fetch(`${server.url}${PULL_PATH}?stream=catalog&after=${after}`, {
      headers: { authorization: `Bearer ${await registerToken()}` },
    });
    const page = (await response.json()) as Parameters<NonNullable<typeof catalog>['apply']>[0];
    catalog?.apply(page);
    catalog?.apply(page);
    expect(productCount()).toBe(2500);
    expect(readPullCursor(core.db, 'catalog')).toBe(page.cursor);
    expect(searchProducts(core.db, 'Renamed', 5)).toHaveLength(1);
  });

  it('refuses a bad page whole, applying nothing, and takes the good one after', async () => {
    await adminCall('POST', '/admin/catalog/import', FIXTURE_CSV, 'text/csv');
    const pull = pullClient();
    await pull.pullOnce();
    await adminCall('PUT', `/admin/catalog/products/${MILK}/prices/chain`, {
      amount: 1111,
      currency: 'CNY',
    });
    await adminCall('PUT', '/admin/catalog/products/4006381333931/prices/chain', {
      amount: 2222,
      currency: 'CNY',
    });
    const pricesBefore = readPullCursor(core.db, 'prices');
    // The second entry of the prices page arrives with a negative price.
    const corrupt: FetchLike = async (url, init) => {
      const response = await fetch(url, init);
      if (!url.includes('stream=prices')) return response;
      const body = (await response.json()) as { entries: { price: { amount: number } }[] };
      const second = body.entries[1];
      if (second !== undefined) second.price.amount = -5;
      return new Response(JSON.stringify(body), { status: 200 });
    };
    const bad = pullClient({ fetch: corrupt });
    expect(await bad.pullOnce()).toEqual({ kind: 'failed', retry: true });
    expect(bad.status().lastError?.code).toBe('sync.badPage');
    expect(readPullCursor(core.db, 'prices')).toBe(pricesBefore);
    expect(await lookupPrice('6901234567892')).toBe(demoProductValues(MILK).priceMinor);

    expect(await pull.pullOnce()).toMatchObject({ kind: 'pulled', applied: 2 });
    expect(await lookupPrice('6901234567892')).toBe(1111);
    expect(await lookupPrice('4006381333931')).toBe(2222);
  });

  it('keeps a product with no price here off sale until a price arrives', async () => {
    await adminCall('POST', '/admin/catalog/import', FIXTURE_CSV, 'text/csv');
    const pull = pullClient();
    await pull.pullOnce();
    await adminCall('DELETE', `/admin/catalog/products/${MILK}/prices/chain`);
    await pull.pullOnce();
    expect((await valueOf(core.send('catalog.lookup', { code: '6901234567892' }))).active).toBe(
      false,
    );
    await adminCall('PUT', '/admin/catalog/products/6970000000008', {
      name: 'New tea',
      taxClassId: 'vat-13',
    });
    await pull.pullOnce();
    expect((await valueOf(core.send('catalog.lookup', { code: '6970000000008' }))).active).toBe(
      false,
    );
    await adminCall('PUT', '/admin/catalog/products/6970000000008/prices/chain', {
      amount: 450,
      currency: 'CNY',
      memberPrices: { gold: 400 },
    });
    await adminCall('PUT', `/admin/catalog/products/${MILK}/prices/${STORE}`, {
      amount: 300,
      currency: 'CNY',
    });
    await pull.pullOnce();
    const tea = await valueOf(core.send('catalog.lookup', { code: '6970000000008' }));
    expect(tea).toMatchObject({ active: true, price: 450 });
    expect(await valueOf(core.send('catalog.lookup', { code: '6901234567892' }))).toMatchObject({
      active: true,
      price: 300,
    });
  });
});

async function registerToken(): Promise<string> {
  const response = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: till.clientId,
      client_secret: till.clientSecret,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}
