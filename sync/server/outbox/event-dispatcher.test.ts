import { describe, expect, it } from 'vitest';
import { err, ok } from '../../../app/result';
import type { Db } from '../db/db';
import { useTestDatabases } from '../testing/test-databases';
import { createEventDispatcher, retryDelayMs } from './event-dispatcher';
import { createNoticeBoard } from './notice-board';
import { enqueueEvent } from './outbox';
import type { DomainEventType } from './outbox';
import type { OutboxConsumer } from './outbox-consumer';

const T0 = 1_750_000_000_000;

/** A consumer that writes one row per handling into a table without any uniqueness, so a second
 * handling of one event would show as a second row. `failing` makes it refuse until cleared. */
function recorder(
  name: string,
  types: readonly DomainEventType[],
  failing: { on: boolean } = { on: false },
): OutboxConsumer {
  return {
    name,
    types,
    async handle(tx, event) {
      if (failing.on) return err('test.down', `${name} is down`);
      await tx.query('INSERT INTO handled (consumer, event_id) VALUES ($1, $2)', [name, event.id]);
      return ok(undefined);
    },
  };
}

async function withHandledTable(db: Db): Promise<Db> {
  await db.exec('CREATE TABLE handled (consumer TEXT NOT NULL, event_id BIGINT NOT NULL)');
  return db;
}

async function handledCounts(db: Db): Promise<Map<string, number>> {
  const { rows } = await db.query<{ consumer: string; event_id: number; n: number }>(
    'SELECT consumer, event_id, count(*)::int8 AS n FROM handled GROUP BY consumer, event_id',
  );
  return new Map(rows.map((r) => [`${r.consumer}/${r.event_id}`, r.n]));
}

describe.each(useTestDatabases())('event dispatcher on $engine', (database) => {
  it('hands each event to the consumers of its type once and marks it delivered', async (context) => {
    const db = await withHandledTable(await database.open(context));
    const clock = { now: T0 };
    await db.transaction(async (tx) => {
      await enqueueEvent(tx, {
        type: 'lowStock',
        key: 's1/p1',
        at: T0,
        payload: { storeId: 's1', productId: 'p1', available: 1, safety: 5 },
      });
      await enqueueEvent(tx, {
        type: 'memberLevelChanged',
        key: 'm1',
        at: T0,
        payload: { memberId: 'm1', from: 'regular', to: 'silver' },
      });
      await enqueueEvent(tx, {
        type: 'flashSaleSoldOut',
        key: 'fs1',
        at: T0,
        payload: { saleId: 'fs1' },
      });
    });
    const delivered: number[] = [];
    const dispatcher = createEventDispatcher({
      db,
      clock: () => clock.now,
      consumers: [createNoticeBoard(), recorder('stockWatcher', ['lowStock'])],
      observer: { delivered: (_type, lagMs) => delivered.push(lagMs), failed: () => undefined },
      batchSize: 2,
    });
    clock.now = T0 + 1500;
    expect(await dispatcher.lag()).toEqual({ pending: 3, failing: 0, lagMs: 1500 });
    expect(await dispatcher.runOnce()).toEqual({ delivered: 3, failed: 0 });
    expect(delivered).toEqual([1500, 1500, 1500]);
    expect(await dispatcher.runOnce()).toEqual({ delivered: 0, failed: 0 });
    expect(await dispatcher.lag()).toEqual({ pending: 0, failing: 0, lagMs: 0 });

    const notices = await db.query<{ audience: string; kind: string; message: string }>(
      'SELECT audience, kind, message FROM event_notice ORDER BY id',
    );
    expect(notices.rows).toEqual([
      {
        audience: 'store:s1',
        kind: 'lowStock',
        message: 'p1 is low: 1 available, safety stock 5. Reorder.',
      },
      {
        audience: 'member:m1',
        kind: 'memberLevelChanged',
        message: 'Your membership level is now silver (was regular).',
      },
      { audience: 'head-office', kind: 'flashSaleSoldOut', message: 'Flash sale fs1 is sold out.' },
    ]);
    // Only the low-stock event reached the consumer that takes only low stock.
    expect([...(await handledCounts(db)).values()]).toEqual([1]);
  });

  it('retries a failing consumer after a growing pause, without re-running the ones that took the event', async (context) => {
    const db = await withHandledTable(await database.open(context));
    const clock = { now: T0 };
    await db.transaction((tx) =>
      enqueueEvent(tx, { type: 'orderCreated', key: 'o1', at: T0, payload: { orderId: 'o1' } }),
    );
    const down = { on: true };
    const failures: string[] = [];
    const dispatcher = createEventDispatcher({
      db,
      clock: () => clock.now,
      consumers: [
        recorder('picking', ['orderCreated']),
        recorder('mailer', ['orderCreated'], down),
      ],
      observer: {
        delivered: () => undefined,
        failed: (type, consumer) => failures.push(`${type}/${consumer}`),
      },
    });
    expect(await dispatcher.runOnce()).toEqual({ delivered: 0, failed: 1 });
    expect(failures).toEqual(['orderCreated/mailer']);
    const stored = await db.query<{
      attempts: number;
      last_error: string;
      next_attempt_at: number;
    }>('SELECT attempts, last_error, next_attempt_at FROM outbox_event');
    expect(stored.rows[0]).toEqual({
      attempts: 1,
      last_error: 'mailer: test.down: mailer is down',
      next_attempt_at: T0 + retryDelayMs(1),
    });
    expect(await dispatcher.lag()).toMatchObject({ pending: 1, failing: 1 });

    // Not due yet: nothing is tried. Due but still down: the pause doubles.
    clock.now = T0 + retryDelayMs(1) - 1;
    expect(await dispatcher.runOnce()).toEqual({ delivered: 0, failed: 0 });
    clock.now = T0 + retryDelayMs(1);
    expect(await dispatcher.runOnce()).toEqual({ delivered: 0, failed: 1 });
    const second = await db.query<{ next_attempt_at: number }>(
      'SELECT next_attempt_at FROM outbox_event',
    );
    expect(second.rows[0]?.next_attempt_at).toBe(clock.now + retryDelayMs(2));
    expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));

    down.on = false;
    clock.now += retryDelayMs(2);
    expect(await dispatcher.runOnce()).toEqual({ delivered: 1, failed: 0 });
    // The consumer that took it on the first try was not run again.
    const counts = await handledCounts(db);
    expect(Object.fromEntries(counts)).toEqual({ 'picking/1': 1, 'mailer/1': 1 });
  });

  it('keeps an event it cannot read, with the reason, and loses nothing', async (context) => {
    const db = await database.open(context);
    await db.transaction((tx) =>
      enqueueEvent(tx, { type: 'lowStock', key: 's1/p1', at: T0, payload: { storeId: 's1' } }),
    );
    const dispatcher = createEventDispatcher({
      db,
      clock: () => T0,
      consumers: [createNoticeBoard()],
    });
    expect(await dispatcher.runOnce()).toEqual({ delivered: 0, failed: 1 });
    const { rows } = await db.query<{ dispatched_at: number | null; last_error: string }>(
      'SELECT dispatched_at, last_error FROM outbox_event',
    );
    expect(rows[0]?.dispatched_at).toBeNull();
    expect(rows[0]?.last_error).toMatch(
      /^noticeBoard: event\.malformed: lowStock event 1 is not readable: productId/,
    );
    expect((await db.query('SELECT * FROM event_notice')).rows).toEqual([]);
  });

  it('never delivers one event twice to a consumer when two dispatchers run at once', async (context) => {
    const db = await withHandledTable(await database.open(context));
    await db.transaction(async (tx) => {
      for (let i = 0; i < 300; i += 1) {
        await enqueueEvent(tx, {
          type: 'orderStatusChanged',
          key: `o${i}`,
          at: T0,
          payload: { orderId: `o${i}`, from: 'paid', to: 'processing' },
        });
      }
    });
    const consumers = [
      recorder('a', ['orderStatusChanged']),
      recorder('b', ['orderStatusChanged']),
    ];
    const one = createEventDispatcher({ db, clock: () => T0, consumers, batchSize: 25 });
    const two = createEventDispatcher({ db, clock: () => T0, consumers, batchSize: 25 });
    const runs = await Promise.all([one.runOnce(), two.runOnce(), one.runOnce(), two.runOnce()]);
    expect(runs.reduce((sum, r) => sum + r.delivered, 0)).toBe(300);
    const counts = await handledCounts(db);
    expect(counts.size).toBe(600);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('refuses two consumers under one name', () => {
    expect(() =>
      createEventDispatcher({
        db: undefined as unknown as Db,
        clock: () => 0,
        consumers: [recorder('a', ['lowStock']), recorder('a', ['orderCreated'])],
      }),
    ).toThrow(/Two outbox consumers named a/);
  });
});
