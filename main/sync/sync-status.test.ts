// Sync status as core events, over loopback with a real central server (PGlite) and a real register
// core: online, then the server stops and the register goes offline while its pending sales rise,
// then it comes back and everything is acknowledged; a rejected record shows with the server's
// reason, a clock off by ten minutes is flagged, and a register newer than the server (426) says so.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SyncStatusView } from '../../app/commands';
import type { PushClock } from '../../sync/client';
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
import { appendOutbox } from '../outbox/outbox';
import type { RegisterSync } from './start-register-sync';
import { startRegisterSync } from './start-register-sync';

const STORE = 'store-1';
const { MILK } = FIXTURE_BARCODES;

let shared: ServerDb;
let f: RegisterFixture;
let server: CentralServerFixture;
let till: EnrolledRegister;
let sync: RegisterSync | undefined;
let events: SyncStatusView[];

beforeAll(async () => {
  shared = await openServerDatabase();
}, 60_000);
afterAll(async () => {
  await shared.close();
});

beforeEach(async () => {
  f = await startRegisterFixture();
  // In step with the server's clock unless a test moves it.
  f.now = Date.now();
  server = await startCentralServer({ db: shared });
  till = await server.enrol(STORE);
  events = [];
  f.core.subscribe((event) => {
    if (event.type === 'sync.status') events.push(event.status);
  });
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
  // Backoffs of seconds take milliseconds here; only the order of things matters.
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 10))),
};

function startSync(): RegisterSync {
  sync = startRegisterSync({
    db: f.core.db,
    serverUrl: server.url,
    credentials: till,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    clock,
    random: () => 0.5,
    idleMs: 20,
    pullIdleMs: 50,
    onStatus: (status) => f.core.reportSyncStatus(status),
  });
  return sync;
}

async function until(check: () => boolean, what: string): Promise<SyncStatusView> {
  for (let i = 0; i < 1_000; i += 1) {
    const last = events.at(-1);
    if (last !== undefined && check()) return last;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}; last event ${JSON.stringify(events.at(-1))}`);
}
const latest = (): SyncStatusView | undefined => events.at(-1);

async function sell(): Promise<void> {
  await valueOf(f.core.send('checkout.scan', { code: MILK }));
  const done = await valueOf(f.core.send('checkout.tenderCash', { tendered: 1_000_000 }));
  expect(done.status).toBe('completed');
}

describe('sync status as core events', { timeout: 60_000 }, () => {
  it('goes online, offline with pending sales rising, and online again with nothing pending', async () => {
    await loginReadyToSell(f);
    expect(await valueOf(f.core.send('sync.status', {}))).toMatchObject({
      linked: false,
      connection: 'unknown',
    });
    const running = startSync();
    const online = await until(() => latest()?.connection === 'online', 'online');
    expect(online).toMatchObject({ linked: true, unsyncedSales: 0, clockSkew: null });
    expect(online.lastSuccessAt).not.toBeNull();

    await server.stop();
    running.client.wake();
    running.pull.wake();
    const offline = await until(() => latest()?.connection === 'offline', 'offline');
    expect(offline.lastError?.code).toBe('sync.offline');
    // Each sale is announced as it lands in the outbox, in the event loop's turn right after its
    // answer, without waiting for the push loop's next round.
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    await sell();
    await nextTurn();
    expect(latest()?.unsyncedSales).toBe(1);
    await sell();
    await nextTurn();
    expect(latest()).toMatchObject({ connection: 'offline', unsyncedSales: 2 });
    expect(latest()?.unsyncedSalesValue).toBeGreaterThan(0);

    await server.start();
    running.client.wake();
    running.pull.wake();
    // A pull around the restart may have been answered 503 (Fastify's answer while it closes), an
    // error that stands until the next pull succeeds: wait for that too.
    const back = await until(
      () =>
        latest()?.connection === 'online' &&
        latest()?.unsyncedMutations === 0 &&
        latest()?.lastError === null,
      'online with nothing pending and no error',
    );
    expect(back).toMatchObject({ unsyncedSales: 0, unsyncedSalesValue: 0, lastError: null });
    // Head office says how far each register of the store has come: this one, with its sales.
    await until(
      () => latest()?.storeRegisters?.registers[0]?.lastSeq === 2,
      'this register at seq 2 in the store list',
    );
    expect(latest()?.storeRegisters?.registers).toEqual([
      {
        registerId: till.clientId,
        name: expect.any(String) as string,
        lastSeq: 2,
        lastPushAt: expect.any(Number) as number,
      },
    ]);
    // The command answers what the last event said.
    expect(await valueOf(f.core.send('sync.status', {}))).toEqual(latest());
  });

  it('shows a rejected record with its reason, and flags a wrong clock', async () => {
    // Ten minutes ahead of the server: receipts would carry wrong times.
    f.now = Date.now() + 10 * 60_000;
    const running = startSync();
    await until(() => latest()?.connection === 'online', 'online');
    f.core.db.transaction(() =>
      appendOutbox(f.core.db, {
        registerId: 'reg-1',
        type: 'cart.cancelled',
        payload: { cartId: 'c-1', reason: 42 },
        at: f.now,
      }),
    )();
    running.client.wake();
    const rejected = await until(() => (latest()?.attention.length ?? 0) > 0, 'a rejection');
    expect(rejected.attention.map((a) => [a.seq, a.status])).toEqual([[1, 'rejected']]);
    expect(rejected.attention[0]?.reason).toMatch(/^mutation\.invalidPayload/);
    expect(rejected.attention[0]?.mutationId).toMatch(/.+/);
    expect(rejected.unsyncedMutations).toBe(0);
    expect(rejected.clockSkew?.offsetMs).toBeGreaterThan(9 * 60_000);
    expect(rejected.clockSkew?.offsetMs).toBeLessThan(11 * 60_000);
  });

  it('says the server is too old while it answers 426, and clears it once the rows go through', async () => {
    await loginReadyToSell(f);
    await sell();
    // Rows written by a newer build of the register than the server reads.
    f.core.db.prepare('UPDATE outbox SET schema_version = 99').run();
    const running = startSync();
    const blocked = await until(() => latest()?.serverTooOld === true, 'server too old');
    expect(blocked).toMatchObject({ connection: 'blocked', unsyncedSales: 1 });
    expect(blocked.lastError?.code).toBe('sync.serverTooOld');
    // Nothing was booked or lost meanwhile; the server updated (here: the rows readable again).
    f.core.db.prepare('UPDATE outbox SET schema_version = 1').run();
    running.client.wake();
    const through = await until(
      () => latest()?.serverTooOld === false && latest()?.unsyncedSales === 0,
      'rows through',
    );
    expect(through.connection).toBe('online');
  });
});
