// The dashboard's figures against a real register core on a temp SQLite file, with the simulated
// card terminal for split sales: hours of the store day (UTC+8), the tender mix, best sellers, low
// stock and the outbox's reach — each checked against the sales the core answered with.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CompletedSaleView, TenderOutcome } from '../../app/commands';
import type { RegisterFixture } from '../../test-support/register-fixture';
import {
  FIXTURE_BARCODES,
  loginReadyToSell,
  startRegisterFixture,
  valueOf as value,
} from '../../test-support/register-fixture';
import type { CounterRig } from '../devices/testing/counter-rig';
import { counterRig } from '../devices/testing/counter-rig';
import { LAST_ACKED_SQL, storeDate, storeDay } from './dashboard-service';

const { MILK, PEN } = FIXTURE_BARCODES;
const HOUR = 3_600_000;
/** Store midnight of 2026-11-24 in UTC+8. */
const DAY_START = Date.UTC(2026, 10, 24) - 8 * HOUR;

let f: RegisterFixture;
let rig: CounterRig;

function completed(outcome: TenderOutcome): CompletedSaleView {
  if (outcome.status !== 'completed') throw new Error('expected a completed sale');
  return outcome.sale;
}

async function sellAt(at: number, codes: string[]): Promise<CompletedSaleView> {
  f.now = at;
  for (const code of codes) await value(f.core.send('checkout.scan', { code }));
  return completed(await value(f.core.send('checkout.tenderCash', { tendered: 1_000_000 })));
}

async function productId(gtin: string): Promise<number> {
  return (await value(f.core.send('catalog.lookup', { code: gtin }))).id;
}

beforeEach(async () => {
  rig = await counterRig();
  f = await startRegisterFixture({ devices: rig.devices });
  f.now = DAY_START - HOUR;
  await loginReadyToSell(f, 'm1', '3333');
});

afterEach(async () => {
  const errors = f.internalErrors.splice(0);
  await f.core.printerIdle();
  await f.dispose();
  await rig.close();
  expect(errors).toEqual([]);
});

describe('reports.dashboard', () => {
  it('an empty day: 24 empty hours, no tenders or best sellers, nothing low, nothing to send', async () => {
    f.now = DAY_START + 10 * HOUR;
    const board = await value(f.core.send('reports.dashboard', {}));
    expect(board.date).toBe('2026-11-24');
    expect(board.currency).toBe('CNY');
    expect(board.byHour).toHaveLength(24);
    expect(board.byHour.every((h) => h.sales === 0 && h.value === 0)).toBe(true);
    expect(board.totals).toEqual({ sales: 0, value: 0, items: 0, refunds: 0, refundValue: 0 });
    expect(board.tenderMix).toEqual([]);
    expect(board.topProducts).toEqual([]);
    expect(board.lowStock).toEqual({ items: [], count: 0 });
    // Opening the shift wrote to the outbox? Whatever it holds is what the sync status says.
    const status = await value(f.core.send('sync.status', {}));
    expect(board.sync).toMatchObject({
      registerId: 'reg-1',
      unsyncedMutations: status.unsyncedMutations,
      lastSeq: status.lastSeq,
      lastAckedSeq: 0,
      lastAckedAt: null,
    });
  });

  it('counts the store day by hour, splits the tender mix, ranks best sellers', async () => {
    // The evening before (store time) is another day.
    await sellAt(DAY_START - 1, [MILK]);
    const morning = await sellAt(DAY_START + 10 * HOUR + 5 * 60_000, [MILK, MILK, PEN]);
    // 14:30: part cash, the rest by card on the terminal.
    f.now = DAY_START + 14 * HOUR + 30 * 60_000;
    await value(f.core.send('checkout.scan', { code: PEN }));
    await value(f.core.send('checkout.scan', { code: MILK }));
    const partial = await value(f.core.send('checkout.tenderCash', { tendered: 100 }));
    expect(partial.status).toBe('partial');
    const split = completed(await value(f.core.send('checkout.tenderCard', {})));
    // The last minute of the day still counts; the next midnight does not.
    const late = await sellAt(DAY_START + 24 * HOUR - 1, [PEN]);
    await sellAt(DAY_START + 24 * HOUR, [PEN]);

    f.now = DAY_START + 24 * HOUR + HOUR;
    const board = await value(f.core.send('reports.dashboard', { date: '2026-11-24' }));
    const day = [morning, split, late];
    expect(board.totals).toEqual({
      sales: 3,
      value: day.reduce((sum, s) => sum + s.total, 0),
      items: 6,
      refunds: 0,
      refundValue: 0,
    });
    expect(board.byHour[10]).toEqual({ hour: 10, sales: 1, value: morning.total });
    expect(board.byHour[14]).toEqual({ hour: 14, sales: 1, value: split.total });
    expect(board.byHour[23]).toEqual({ hour: 23, sales: 1, value: late.total });
    expect(board.byHour.reduce((sum, h) => sum + h.sales, 0)).toBe(3);

    const settled = (kind: string) =>
      day
        .flatMap((s) => s.tenders.filter((t) => t.kind === kind))
        .reduce((n, t) => n + t.amount, 0);
    expect(board.tenderMix).toEqual(
      [
        { kind: 'cash', count: 3, amount: settled('cash') },
        { kind: 'card', count: 1, amount: settled('card') },
      ].sort((a, b) => b.amount - a.amount),
    );
    expect(settled('card')).toBe(split.total - 100);

    // Milk: 3 units that day (2 in the morning, 1 at 14:30); pen: 3 (10:05, 14:30, 23:59).
    const byId = new Map(board.topProducts.map((p) => [p.gtin14.replace(/^0+/, ''), p]));
    expect(byId.get(MILK)).toMatchObject({ quantity: 3, soldBy: 'each' });
    expect(byId.get(PEN)).toMatchObject({ quantity: 3, soldBy: 'each' });
    const values = board.topProducts.map((p) => p.value);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(values.reduce((a, b) => a + b, 0)).toBe(board.totals.value);

    // Asked for the top one only.
    const topOne = await value(f.core.send('reports.dashboard', { date: '2026-11-24', top: 1 }));
    expect(topOne.topProducts).toEqual(board.topProducts.slice(0, 1));
  });

  it('lists products at or below safety stock, the worst first', async () => {
    const milk = await productId(MILK);
    const pen = await productId(PEN);
    f.core.db.prepare('UPDATE stock SET available = 2 WHERE product_id = ?').run(milk);
    f.core.db.prepare('UPDATE stock SET available = -1 WHERE product_id = ?').run(pen);
    const board = await value(f.core.send('reports.dashboard', {}));
    expect(board.lowStock.count).toBe(2);
    expect(board.lowStock.items.map((i) => [i.productId, i.available, i.low])).toEqual([
      [pen, -1, true],
      [milk, 2, true],
    ]);
  });

  it('shows how far head office has acknowledged the outbox', async () => {
    await sellAt(DAY_START + 9 * HOUR, [MILK]);
    await sellAt(DAY_START + 9 * HOUR + 60_000, [PEN]);
    const before = await value(f.core.send('reports.dashboard', {}));
    expect(before.sync.unsyncedSales).toBe(2);
    const firstSale = f.core.db
      .prepare<[], number>("SELECT min(seq) FROM outbox WHERE type = 'sale.completed'")
      .pluck()
      .get();
    const ackedAt = DAY_START + 9 * HOUR + 120_000;
    f.core.db
      .prepare('UPDATE outbox SET acked_at = ? WHERE seq <= ?')
      .run(ackedAt, firstSale ?? -1);
    const after = await value(f.core.send('reports.dashboard', {}));
    expect(after.sync).toMatchObject({
      unsyncedSales: 1,
      unsyncedMutations: before.sync.unsyncedMutations - (firstSale ?? 0),
      lastSeq: before.sync.lastSeq,
      lastAckedSeq: firstSale,
      lastAckedAt: ackedAt,
    });

    // Everything acknowledged: the last row is.
    f.core.db.prepare('UPDATE outbox SET acked_at = ? WHERE acked_at IS NULL').run(ackedAt + 1);
    const all = await value(f.core.send('reports.dashboard', {}));
    expect(all.sync).toMatchObject({
      unsyncedSales: 0,
      unsyncedMutations: 0,
      lastAckedSeq: before.sync.lastSeq,
      lastAckedAt: ackedAt + 1,
    });
  });

  it('finds the last acknowledged row without reading the acknowledged ones', () => {
    // Acknowledged rows stay for good: a read of all of them grows with every sale ever made.
    const plan = f.core.db
      .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${LAST_ACKED_SQL}`)
      .all()
      .map((row) => row.detail);
    expect(plan.filter((detail) => detail.includes('outbox'))).toEqual([
      expect.stringMatching(/^SEARCH outbox USING INTEGER PRIMARY KEY \(rowid<\?\)/),
      expect.stringMatching(/^SEARCH outbox USING COVERING INDEX outbox_unacked/),
    ]);
  });

  it('refuses a cashier, a day that does not exist and a malformed date, changing nothing', async () => {
    const bad = await f.core.send('reports.dashboard', { date: '2026-02-30' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'reports.invalidDate' } });
    const malformed = await f.core.send('reports.dashboard', { date: '24/11/2026' });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'command.invalidArgs' } });
    await value(f.core.send('auth.logout', {}));
    await value(f.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    const cashier = await f.core.send('reports.dashboard', {});
    expect(cashier).toMatchObject({ ok: false, error: { code: 'auth.notAllowed' } });
    await value(f.core.send('auth.logout', {}));
    const nobody = await f.core.send('reports.dashboard', {});
    expect(nobody.ok).toBe(false);
  });
});

describe('sale.completed', () => {
  it('is announced once per paid sale, cash or card, with what the tender answered', async () => {
    const announced: CompletedSaleView[] = [];
    f.core.subscribe((event) => {
      if (event.type === 'sale.completed') announced.push(event.sale);
    });
    const cash = await sellAt(DAY_START + 9 * HOUR, [MILK]);
    await value(f.core.send('checkout.scan', { code: PEN }));
    const partial = await value(f.core.send('checkout.tenderCash', { tendered: 100 }));
    expect(partial.status).toBe('partial');
    expect(announced).toEqual([cash]);
    const card = completed(await value(f.core.send('checkout.tenderCard', {})));
    expect(announced).toEqual([cash, card]);
  });
});

describe('store days', () => {
  it('are the store’s midnight to midnight, and refuse days that roll over', () => {
    expect(storeDay('2026-11-24', 480)).toEqual({ from: DAY_START, to: DAY_START + 24 * HOUR });
    expect(storeDay('2026-02-29', 480)).toBeUndefined();
    expect(storeDay('2028-02-29', 480)).toBeDefined();
    expect(storeDate(DAY_START, 480)).toBe('2026-11-24');
    expect(storeDate(DAY_START - 1, 480)).toBe('2026-11-23');
  });
});
