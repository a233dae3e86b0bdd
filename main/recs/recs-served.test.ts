// Suggestions end to end over loopback: a real register core sells through checkout, its sales are
// pushed to a real central server (PGlite), head office builds the store's model, the register
// pulls it, and after the server stops the register still answers `recs.forCart` from it.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PushClock } from '../../sync/client';
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
  FIXTURE_BARCODES,
  loginReadyToSell,
  startRegisterFixture,
  valueOf,
} from '../../test-support/register-fixture';
import type { RegisterSync } from '../sync/start-register-sync';
import { startRegisterSync } from '../sync/start-register-sync';

const STORE = 'store-1';
const { MILK, PEN, CHOCOLATE } = FIXTURE_BARCODES;

let shared: ServerDb;
let f: RegisterFixture;
let server: CentralServerFixture;
let till: EnrolledRegister;
let sync: RegisterSync | undefined;

beforeAll(async () => {
  shared = await openServerDatabase();
}, 60_000);
afterAll(async () => {
  await shared.close();
});
beforeEach(async () => {
  f = await startRegisterFixture();
  f.now = Date.now();
  server = await startCentralServer({ db: shared });
  till = await server.enrol(STORE);
}, 60_000);
afterEach(async () => {
  await sync?.stop();
  sync = undefined;
  const errors = f.internalErrors.splice(0);
  await f.dispose();
  await server.dispose();
  expect(errors).toEqual([]);
});

const clock: PushClock = {
  now: () => f.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 10))),
};

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 1_000; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function sell(codes: readonly string[]): Promise<void> {
  for (const code of codes) await valueOf(f.core.send('checkout.scan', { code }));
  const done = await valueOf(f.core.send('checkout.tenderCash', { tendered: 1_000_000 }));
  expect(done.status).toBe('completed');
}

async function buildModels(): Promise<unknown> {
  const call = async (path: string, body: unknown, token?: string) => {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return response.json() as Promise<Record<string, unknown>>;
  };
  const admin = await call('/admin/login', { staffId: 'admin', password: TEST_ADMIN_PASSWORD });
  return call('/admin/recs/build', { storeId: STORE }, String(admin['access_token']));
}

describe('recommendations served to the counter through sync', { timeout: 60_000 }, () => {
  it('pushes sales, pulls the model built from them, and answers offline after the server stops', async () => {
    await loginReadyToSell(f);
    for (let i = 0; i < 3; i += 1) await sell([MILK, PEN]);
    for (let i = 0; i < 2; i += 1) await sell([CHOCOLATE]);
    sync = startRegisterSync({
      db: f.core.db,
      serverUrl: server.url,
      credentials: till,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      clock,
      random: () => 0.5,
      idleMs: 20,
      pullIdleMs: 20,
      onStatus: (status) => f.core.reportSyncStatus(status),
    });
    await until(
      async () => (await valueOf(f.core.send('sync.status', {}))).unsyncedSales === 0,
      'sales pushed',
    );
    expect(await valueOf(f.core.send('recs.forCart', {}))).toMatchObject({ reason: 'noModel' });

    expect(await buildModels()).toMatchObject({
      stores: [{ storeId: STORE, built: true, model: { version: 1, baskets: 5 } }],
    });
    sync.pull.wake();
    await until(
      async () => (await valueOf(f.core.send('recs.forCart', {}))).reason === 'model',
      'model pulled',
    );

    await sync.stop();
    sync = undefined;
    await server.stop();
    // Offline now: a new customer's cart with milk gets the pen, bought with it, first.
    await valueOf(f.core.send('checkout.scan', { code: MILK }));
    const offline = await valueOf(f.core.send('recs.forCart', { k: 2 }));
    expect(offline).toMatchObject({ reason: 'model', modelVersion: 1 });
    expect(offline.suggestions.map((s) => [s.product.gtin14, s.reason])).toEqual([
      ['04006381333931', 'bought-with'],
      ['00000096385074', 'popular'],
    ]);
    // And after a restart, still offline, from the model on disk.
    f.restart();
    await loginReadyToSell(f);
    expect(await valueOf(f.core.send('recs.forCart', { k: 1 }))).toMatchObject({
      reason: 'model',
      suggestions: [{ product: { gtin14: '04006381333931' }, reason: 'bought-with' }],
    });
  });
});
