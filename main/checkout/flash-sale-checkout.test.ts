// Flash sales and points allowances through the register's command map, on real register cores
// (SQLite files) linked to a real central server (PGlite) over loopback HTTP: the flash price for
// the units a lease holds, online and offline; a lease exhausted (shelf price) or out of time
// mid-cart (tender refused once, cart repriced and kept); two registers selling the last units
// offline without overselling; leases refilled on reconnect and handed back at the Z report; an
// allowance asked when a member is attached online, offline redemption capped by it, and the
// pending points lowered when the server acknowledges them. And the whole offline story in one:
// two registers sell the last flash and shelf units and redeem one member's points offline, then
// reconnect, push, pull, and every book agrees as docs/sync.md's rules say.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CartView } from '../../app/commands';
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
import { seedMembers } from '../members/member-store';
import { createRegisterPullClient } from '../sync/start-register-sync';
import {
  adminToken,
  postJson,
  pushUntilDrained,
  serverLeaseFigures,
} from '../../test-support/escrow-testing';

const { MILK, PEN } = FIXTURE_BARCODES;
const STORE = 'store-1';
const FLASH_PRICE = 99;
const MEMBERS = [
  { id: 'm1', code: 'M0001', phone: '13800000001', name: 'Chen Jing' },
  { id: 'm2', code: 'M0002', phone: '13800000002', name: 'Liu Yang' },
  { id: 'm3', code: 'M0003', phone: '13800000003', name: 'Zhao Min' },
];

let shared: ServerDb;
let server: CentralServerFixture;
interface Till {
  readonly f: RegisterFixture;
  readonly enrolled: EnrolledRegister;
  connection: 'online' | 'offline';
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
  const start = Date.UTC(2026, 10, 24, 2, 0, 0);
  server = await startCentralServer({ db: shared, clock: () => tills[0]?.f.now ?? start });
  const admin = await adminToken(server.url);
  for (const m of MEMBERS) await post('/admin/members', m, admin);
  await server.db.query('UPDATE member SET points = 5000');
  for (let i = 0; i < 2; i += 1) {
    const enrolled = await server.enrol(STORE);
    const holder: { till?: Till } = {};
    const f = await startRegisterFixture({
      escrow: {
        transport: createHttpLeaseTransport({
          baseUrl: server.url,
          credentials: enrolled,
          now: () => holder.till?.f.now ?? start,
        }),
        connection: () => holder.till?.connection ?? 'online',
      },
    });
    seedMembers(
      f.core.db,
      MEMBERS.map((m) => ({ ...m, points: 5000 })),
      f.now,
    );
    holder.till = { f, enrolled, connection: 'online' };
    tills.push(holder.till);
  }
}, 60_000);

afterEach(async () => {
  for (const { f } of tills) {
    await f.core.escrow?.idle();
    const errors = f.internalErrors.splice(0);
    await f.dispose();
    expect(errors).toEqual([]);
  }
  await server.dispose();
});

function milkId(f: RegisterFixture): string {
  return String(
    f.core.db.prepare('SELECT id FROM product WHERE gtin14 = ?').pluck().get(`0${MILK}`),
  );
}

async function shelfPrice(f: RegisterFixture): Promise<number> {
  return (await valueOf(f.core.send('catalog.lookup', { code: `0${MILK}` }))).price;
}

async function flashSale(totalStock: number, perMemberLimit = 3): Promise<string> {
  const now = tills[0]!.f.now;
  const id = `fs-${now}`;
  await post(
    '/admin/flash-sales',
    {
      id,
      productId: milkId(tills[0]!.f),
      storeId: STORE,
      flashPrice: { amount: FLASH_PRICE, currency: 'CNY' },
      totalStock,
      perMemberLimit,
      startsAt: now - 60_000,
      endsAt: now + 3 * 3600_000,
    },
    await adminToken(server.url),
  );
  return id;
}

async function lease(till: Till, sale: string, quantity: number): Promise<number> {
  const answer = await till.f.core.escrow!.requestLease(sale, quantity);
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value.granted_now;
}

/** A cart of `units` milk for `member` (or none), as the cashier sees it. */
async function cart(till: Till, units: number, member?: string): Promise<CartView> {
  const { core } = till.f;
  let view = await valueOf(core.send('checkout.scan', { code: MILK }));
  if (units > 1) {
    view = await valueOf(
      core.send('checkout.setQuantity', { lineId: view.cart.lines[0]!.lineId, quantity: units }),
    );
  }
  if (member !== undefined)
    view = await valueOf(core.send('checkout.attachMember', { query: member }));
  return view;
}

async function payCash(till: Till) {
  const done = await valueOf(till.f.core.send('checkout.tenderCash', { tendered: 10_000_000 }));
  if (done.status !== 'completed') throw new Error('sale not completed');
  return done.sale;
}

const post = <T>(path: string, body: unknown, token?: string) =>
  postJson<T>(server.url, path, body, token);
const pushAll = (till: Till) => pushUntilDrained(till.f.core.db, server.url, till.enrolled);
const serverLease = (sale: string) => serverLeaseFigures(server.db, sale);

function soldHere(f: RegisterFixture): number {
  return f.core.db
    .prepare('SELECT coalesce(sum(sold), 0) FROM flash_lease')
    .pluck()
    .get() as number;
}

describe('flash-sale lines at checkout', () => {
  it('sells at the flash price from the lease online and offline, to members only, within their limit', async () => {
    const [a] = tills as [Till, Till];
    // Three units in all: the refill when the shift opens finds none more.
    const sale = await flashSale(3, 3);
    expect(await lease(a, sale, 3)).toBe(3);
    await loginReadyToSell(a.f);
    const shelf = await shelfPrice(a.f);

    // Without a member the badge says why, and the shelf price stands.
    let view = await cart(a, 1);
    expect(view.flashSales).toEqual([
      expect.objectContaining({
        flashSaleId: sale,
        leaseLeft: 3,
        reason: 'needsMember',
        unitsAtFlashPrice: 0,
      }),
    ]);
    expect(view.totals.priced.totals.total.amount).toBe(shelf);
    view = await valueOf(a.f.core.send('checkout.attachMember', { query: 'M0001' }));
    expect(view.flashSales?.[0]).toMatchObject({ unitsAtFlashPrice: 1, memberLeft: 3 });
    expect(view.totals.priced.totals.total.amount).toBe(FLASH_PRICE);
    expect((await payCash(a)).total).toBe(FLASH_PRICE);
    expect(soldHere(a.f)).toBe(1);

    // Offline: the lease still sells; 3 units for a member with 2 left of the limit of 3.
    await a.f.core.escrow!.idle();
    await server.stop();
    a.connection = 'offline';
    view = await cart(a, 3, 'M0001');
    expect(view.flashSales?.[0]).toMatchObject({
      leaseLeft: 2,
      memberLeft: 2,
      unitsAtFlashPrice: 2,
    });
    expect(view.totals.priced.totals.total.amount).toBe(2 * FLASH_PRICE + shelf);
    expect((await payCash(a)).total).toBe(2 * FLASH_PRICE + shelf);
    expect(soldHere(a.f)).toBe(3);
    // The sync status says what this register holds: 3 granted, 3 sold, none left.
    const status = await valueOf(a.f.core.send('sync.status', {}));
    expect(status.leases).toEqual([
      expect.objectContaining({ flashSaleId: sale, granted: 3, sold: 3, left: 0 }),
    ]);
    expect(status.leases[0]?.productName).toBe('Yili milk 250ml');

    // The lease is exhausted: another member pays the shelf price, nothing more is taken.
    view = await cart(a, 1, 'M0002');
    expect(view.flashSales?.[0]).toMatchObject({
      leaseLeft: 0,
      reason: 'leaseExhausted',
      unitsAtFlashPrice: 0,
    });
    expect((await payCash(a)).total).toBe(shelf);
    expect(soldHere(a.f)).toBe(3);

    await server.start();
    a.connection = 'online';
    await pushAll(a);
    expect(await serverLease(sale)).toEqual({ sold: 3, granted: 3, returned: 0, flagged: 0 });
  });

  it('a lease that runs out of time while the cart is open: tender refused once, cart repriced and kept', async () => {
    const [a] = tills as [Till, Till];
    const sale = await flashSale(10);
    await lease(a, sale, 5);
    const expiresAt = a.f.core.db
      .prepare('SELECT expires_at FROM flash_lease')
      .pluck()
      .get() as number;
    await loginReadyToSell(a.f);
    const shelf = await shelfPrice(a.f);
    const shown = await cart(a, 2, 'M0001');
    expect(shown.totals.priced.totals.total.amount).toBe(2 * FLASH_PRICE);

    // The monotonic estimate reaches the expiry less the 60 s margin.
    a.f.now = expiresAt - 60_000;
    const refused = await a.f.core.send('checkout.tenderCash', { tendered: 10_000_000 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'flashSale.leaseExpired' } });
    const kept = await valueOf(a.f.core.send('checkout.current', {}));
    expect(kept?.cart.lines).toHaveLength(1);
    expect(kept?.cart.member?.memberId).toBe('m1');
    expect(kept?.totals.priced.totals.total.amount).toBe(2 * shelf);
    expect(kept?.flashSales?.[0]).toMatchObject({ leaseLeft: 0, unitsAtFlashPrice: 0 });
    // Told once: the second tender takes the shelf price, and the lease gives nothing.
    expect((await payCash(a)).total).toBe(2 * shelf);
    expect(soldHere(a.f)).toBe(0);
    expect(
      a.f.core.db
        .prepare("SELECT count(*) FROM outbox WHERE type = 'flashSale.leaseSale'")
        .pluck()
        .get(),
    ).toBe(0);
  });

  it('two registers sell the last units offline from their leases through real cores: no oversell', async () => {
    const [a, b] = tills as [Till, Till];
    const sale = await flashSale(3, 5);
    expect(await lease(a, sale, 2)).toBe(2);
    expect(await lease(b, sale, 2)).toBe(1);
    for (const till of tills) await loginReadyToSell(till.f);
    await server.stop();
    for (const till of tills) till.connection = 'offline';
    const shelf = await shelfPrice(a.f);

    await cart(a, 1, 'M0001');
    expect((await payCash(a)).total).toBe(FLASH_PRICE);
    await cart(b, 1, 'M0002');
    expect((await payCash(b)).total).toBe(FLASH_PRICE);
    await cart(a, 2, 'M0003');
    // a has one unit left: one at the flash price, one at the shelf price.
    expect((await payCash(a)).total).toBe(FLASH_PRICE + shelf);
    await cart(b, 1, 'M0003');
    expect((await payCash(b)).total).toBe(shelf);
    expect(soldHere(a.f) + soldHere(b.f)).toBe(3);

    await server.start();
    for (const till of tills) till.connection = 'online';
    await pushAll(b);
    await pushAll(a);
    expect(await serverLease(sale)).toEqual({ sold: 3, granted: 3, returned: 0, flagged: 0 });
  });
});

describe('lease upkeep', () => {
  it('refills at the low-water mark on reconnect and hands leases back at the Z report', async () => {
    const [a] = tills as [Till, Till];
    const sale = await flashSale(100);
    await loginReadyToSell(a.f, 'm1', '3333');
    expect(await lease(a, sale, 2)).toBe(2);
    await a.f.core.escrow!.reconnected();
    // 2 left ≤ the low-water mark of 5: topped up to 20.
    expect(a.f.core.db.prepare('SELECT granted FROM flash_lease').pluck().get()).toBe(20);
    await cart(a, 1, 'M0001');
    await payCash(a);
    await pushAll(a);
    await valueOf(a.f.core.send('shift.zReport', { counted: 99 }));
    await a.f.core.escrow!.idle();
    expect(await serverLease(sale)).toMatchObject({ granted: 20, sold: 1, returned: 19 });
    expect(a.f.core.db.prepare('SELECT status FROM flash_lease').pluck().get()).toBe('returned');
  });

  it('a return cut short by an outage is finished on reconnect, and the lease is never topped up again', async () => {
    const [a] = tills as [Till, Till];
    const sale = await flashSale(100);
    await loginReadyToSell(a.f, 'm1', '3333');
    await lease(a, sale, 10);
    await server.stop();
    await valueOf(a.f.core.send('shift.zReport', { counted: 0 }));
    await a.f.core.escrow!.idle();
    expect(a.f.core.db.prepare('SELECT status FROM flash_lease').pluck().get()).toBe('open');
    await server.start();
    await a.f.core.escrow!.reconnected();
    expect(await serverLease(sale)).toMatchObject({ granted: 10, sold: 0, returned: 10 });
  });
});

describe('points allowances', () => {
  it('asked when a member is attached online, caps offline redemption, pending lowered after the ack', async () => {
    const [a] = tills as [Till, Till];
    await loginReadyToSell(a.f);
    const member = () =>
      a.f.core.db
        .prepare(
          'SELECT offline_allowance AS allowance, pending_redeemed AS pending FROM member WHERE id = ?',
        )
        .get('m1') as { allowance: number; pending: number };
    expect(member()).toEqual({ allowance: 0, pending: 0 });
    await cart(a, 1, 'M0001');
    await a.f.core.escrow!.idle();
    // The server's cap per register and member.
    expect(member()).toEqual({ allowance: 2000, pending: 0 });
    expect((await valueOf(a.f.core.send('members.find', { query: 'M0001' }))).redeemableHere).toBe(
      2000,
    );

    await server.stop();
    a.connection = 'offline';
    const over = await a.f.core.send('checkout.tenderPoints', { points: 2001 });
    expect(over).toMatchObject({ ok: false, error: { code: 'tender.pointsOverOfflineLimit' } });
    expect(await valueOf(a.f.core.send('checkout.tenderPoints', { points: 50 }))).toMatchObject({
      status: 'partial',
    });
    await payCash(a);
    expect(member()).toEqual({ allowance: 2000, pending: 50 });
    // Pending counted once: 5000 − 50 on the register, capped by 2000 − 50 of the allowance.
    expect((await valueOf(a.f.core.send('members.find', { query: 'M0001' }))).redeemableHere).toBe(
      1950,
    );

    await server.start();
    a.connection = 'online';
    await pushAll(a);
    expect(member()).toEqual({ allowance: 1950, pending: 0 });
    expect((await valueOf(a.f.core.send('members.find', { query: 'M0001' }))).redeemableHere).toBe(
      1950,
    );
    // Asked again, the server tops its hold back up to 2,000 from the member's balance.
    await cart(a, 1, 'M0001');
    await a.f.core.escrow!.idle();
    expect(member()).toEqual({ allowance: 2000, pending: 0 });
    const { rows } = await server.db.query<{ granted: number; used: number }>(
      "SELECT granted::int4 AS granted, used::int4 AS used FROM points_allowance WHERE member_id = 'm1'",
    );
    expect(rows).toEqual([{ granted: 2050, used: 50 }]);
  });

  it('is not asked while the register knows it is offline', async () => {
    const [a] = tills as [Till, Till];
    await loginReadyToSell(a.f);
    a.connection = 'offline';
    await cart(a, 1, 'M0001');
    await a.f.core.escrow!.idle();
    const { rows } = await server.db.query('SELECT 1 FROM points_allowance');
    expect(rows).toHaveLength(0);
  });
});

describe('the whole offline story', () => {
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

  function localId(f: RegisterFixture, gtin: string): number {
    const id = f.core.db
      .prepare<[string], number>('SELECT id FROM product WHERE gtin14 = ?')
      .pluck()
      .get(`0${gtin}`.slice(-14));
    if (id === undefined) throw new Error(`no product ${gtin}`);
    return id;
  }

  /** Pull rounds until every stream is through. */
  async function pullAll(till: Till): Promise<void> {
    const pull = createRegisterPullClient({
      db: till.f.core.db,
      serverUrl: server.url,
      credentials: till.enrolled,
      logger: quiet,
      clock: { now: () => till.f.now, sleep: () => Promise.resolve() },
      random: () => 0.5,
    });
    for (let round = 0; round < 20; round += 1) {
      const done = await pull.pullOnce();
      if (done.kind === 'failed') throw new Error(JSON.stringify(pull.status().lastError));
      if (done.kind === 'pulled' && !done.more) return;
    }
    throw new Error('the pull never caught up');
  }

  const serverOne = async <T>(sql: string, ...args: unknown[]): Promise<T | undefined> =>
    (await server.db.query<{ v: T }>(sql, args)).rows[0]?.v;

  it('two registers sell the last units and redeem one member offline; on reconnect the books agree', async () => {
    const [a, b] = tills as [Till, Till];
    const pen = localId(a.f, PEN);
    expect(localId(b.f, PEN)).toBe(pen);
    // Two flash units for the chain, one leased to each register; one pen left on the shelf.
    const sale = await flashSale(2, 5);
    expect(await lease(a, sale, 1)).toBe(1);
    expect(await lease(b, sale, 1)).toBe(1);
    await server.setStock(STORE, String(pen), 1);
    for (const till of tills) {
      till.f.core.db
        .prepare('UPDATE stock SET available = 1, locked = 0 WHERE product_id = ?')
        .run(pen);
      await loginReadyToSell(till.f);
      // The member is looked up online first: each register is granted an allowance for them.
      await cart(till, 1, 'M0001');
      await till.f.core.escrow!.idle();
      await valueOf(
        till.f.core.send('checkout.cancel', { reason: 'customer went to fetch a basket' }),
      );
    }
    const allowances = await serverOne<number>(
      "SELECT sum(granted)::int4 AS v FROM points_allowance WHERE member_id = 'm1'",
    );
    expect(allowances).toBe(4000);

    await server.stop();
    for (const till of tills) till.connection = 'offline';
    const sales: string[] = [];
    for (const till of tills) {
      // The last flash unit of this register's lease, the last pen, 1,500 points redeemed.
      await valueOf(till.f.core.send('checkout.scan', { code: PEN }));
      const view = await cart(till, 1, 'M0001');
      expect(view.flashSales?.[0]).toMatchObject({ unitsAtFlashPrice: 1 });
      await valueOf(till.f.core.send('checkout.tenderPoints', { points: 1500 }));
      sales.push((await payCash(till)).saleId);
      // Past the lease: the shelf price, never a flash unit the chain does not have.
      expect((await cart(till, 1, 'M0002')).flashSales?.[0]).toMatchObject({
        unitsAtFlashPrice: 0,
        reason: 'leaseExhausted',
      });
      sales.push((await payCash(till)).saleId);
    }
    // Each register sold the pen it thought was the last one.
    for (const till of tills) {
      expect(
        till.f.core.db.prepare('SELECT available FROM stock WHERE product_id = ?').pluck().get(pen),
      ).toBe(0);
    }

    await server.start();
    for (const till of tills) till.connection = 'online';
    await pushAll(a);
    await pushAll(b);

    // Every sale booked once.
    const booked = await server.db.query<{ id: string; n: number }>(
      `SELECT payload->>'saleId' AS id, count(*)::int4 AS n FROM sync_mutation
        WHERE type = 'sale.completed' GROUP BY 1`,
    );
    expect(booked.rows.map((r) => r.id).sort()).toEqual([...sales].sort());
    expect(booked.rows.every((r) => r.n === 1)).toBe(true);
    // Flash stock by escrow: exactly the two units, never more.
    expect(await serverLease(sale)).toEqual({ sold: 2, granted: 2, returned: 0, flagged: 0 });
    // Ordinary stock as a ledger of deltas: −1, a reconciliation item and a low-stock alert.
    expect(
      await serverOne<number>(
        'SELECT available::int4 AS v FROM stock_level WHERE store_id = $1 AND product_id = $2',
        STORE,
        String(pen),
      ),
    ).toBe(-1);
    expect(
      await serverOne<number>(
        'SELECT count(*)::int4 AS v FROM stock_reconciliation WHERE store_id = $1 AND product_id = $2',
        STORE,
        String(pen),
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      await serverOne<number>(
        'SELECT count(*)::int4 AS v FROM stock_alert WHERE store_id = $1 AND product_id = $2',
        STORE,
        String(pen),
      ),
    ).toBeGreaterThanOrEqual(1);
    // Points by allowance: 3,000 redeemed in all, within the 4,000 granted, never below zero.
    expect(
      await serverOne<number>(
        "SELECT sum(used)::int4 AS v FROM points_allowance WHERE member_id = 'm1'",
      ),
    ).toBe(3000);
    const serverPoints = await serverOne<number>(
      "SELECT points::int4 AS v FROM member WHERE id = 'm1'",
    );
    expect(serverPoints).toBeGreaterThanOrEqual(5000 - 3000);

    // Both registers pull: the server's figures replace their own, and they agree.
    for (const till of tills) {
      await pullAll(till);
      const { db } = till.f.core;
      expect(db.prepare('SELECT available FROM stock WHERE product_id = ?').pluck().get(pen)).toBe(
        -1,
      );
      expect(db.prepare("SELECT points FROM member WHERE id = 'm1'").pluck().get()).toBe(
        serverPoints,
      );
      expect(db.prepare('SELECT count(*) FROM outbox WHERE acked_at IS NULL').pluck().get()).toBe(
        0,
      );
    }
  });
});
