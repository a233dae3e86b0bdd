// Two server processes on one PostgreSQL and one Redis, as a chain would run them. One flash sale
// is hammered through both over HTTP: exactly its stock is sold, never more, and once the
// writers flush every sold unit has exactly one order. Both dispatch the resulting events, and
// each event reaches each consumer once.
import { afterAll, describe, expect, it } from 'vitest';
import type { TestContext } from 'vitest';
import { openPgDb } from '../db/pg-db';
import type { Db } from '../db/db';
import { callJson, adminTokenOver, enrolRegisterOver } from '../testing/http-client';
import { startServerProcess } from '../testing/server-process';
import type { ServerProcess } from '../testing/server-process';
import { startTestPostgres } from '../testing/start-postgres';
import type { PostgresAvailability } from '../testing/start-postgres';
import { startTestRedis } from '../testing/start-redis';
import type { RedisAvailability } from '../testing/start-redis';
import { TEST_ADMIN_PASSWORD } from '../testing/test-server';

const STOCK = 300;
const MEMBERS = 1200;
const CONCURRENCY = 48;

let postgres: Promise<PostgresAvailability> | undefined;
let redis: Promise<RedisAvailability> | undefined;
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function infrastructure(
  context: TestContext,
): Promise<{ databaseUrl: string; redisUrl: string }> {
  const pg = await (postgres ??= startTestPostgres());
  if (!pg.available) return context.skip(pg.reason);
  const rd = await (redis ??= startTestRedis());
  if (!rd.available) return context.skip(rd.reason);
  cleanups.push(
    () => pg.server.stop(),
    () => rd.server.stop(),
  );
  return { databaseUrl: await pg.server.createDatabase(), redisUrl: rd.server.url };
}

async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`${what}: still ${JSON.stringify(value)} after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function count(db: Db, sql: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(sql);
  return Number(rows[0]?.n ?? 0);
}

/** The value of one metric line of an instance's /metrics. */
async function metric(instance: ServerProcess, line: string): Promise<number> {
  const text = await (await fetch(`${instance.url}/metrics`)).text();
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? 0 : Number(found.slice(line.length + 1));
}

describe('two instances on one PostgreSQL and one Redis', () => {
  it('sell exactly the stock of one flash sale between them, one order per sold unit, each event delivered once', async (context) => {
    const { databaseUrl, redisUrl } = await infrastructure(context);
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      TOKEN_SECRET: 'scale-out-secret-scale-out-secret-0123456789',
      ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
      JOBS: 'on',
    };
    // One after the other: the second finds the migrations applied by the first.
    const a = await startServerProcess(env);
    cleanups.push(() => a.stop());
    const b = await startServerProcess(env);
    cleanups.push(() => b.stop());
    const db = openPgDb(databaseUrl, 2);
    cleanups.push(() => db.close());

    const admin = await adminTokenOver(a.url);
    const till = await enrolRegisterOver(b.url, admin, 's1');
    const now = Date.now();
    const sale = await callJson(a.url, 'POST', '/admin/flash-sales', {
      token: admin,
      body: {
        id: 'fs1',
        productId: 'p1',
        storeId: 's1',
        flashPrice: { amount: 990, currency: 'CNY' },
        totalStock: STOCK,
        perMemberLimit: 1,
        startsAt: now - 1000,
        endsAt: now + 3_600_000,
      },
    });
    expect(sale.status).toBe(201);

    // Four requests for every unit, alternating instances, 48 at a time.
    const answers: { status: number; via: ServerProcess; reservationId?: string; code?: string }[] =
      [];
    let next = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= MEMBERS) return;
        const instance = i % 2 === 0 ? a : b;
        const answer = await callJson(instance.url, 'POST', '/flash-sales/fs1/reservations', {
          token: till.token,
          body: { memberId: `m${i}` },
        });
        const body = answer.body as { reservationId?: string; error?: { code: string } };
        answers.push({
          status: answer.status,
          via: instance,
          ...(body.reservationId === undefined ? {} : { reservationId: body.reservationId }),
          ...(body.error === undefined ? {} : { code: body.error.code }),
        });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const accepted = answers.filter((x) => x.status === 201);
    const refused = answers.filter((x) => x.status !== 201);
    expect(accepted).toHaveLength(STOCK);
    expect(new Set(refused.map((x) => `${x.status} ${x.code}`))).toEqual(
      new Set(['409 flashSale.soldOut']),
    );
    expect(
      (await metric(a, 'flash_sale_reservations_total')) +
        (await metric(b, 'flash_sale_reservations_total')),
    ).toBe(STOCK);
    for (const instance of [a, b]) {
      const left = await callJson(instance.url, 'GET', '/flash-sales/fs1', { token: till.token });
      expect(left.body).toMatchObject({ unitsLeft: 0 });
    }

    // The writers flush behind the answers and the dispatchers turn reservations into orders.
    await until(
      'flash orders',
      () => count(db, "SELECT count(*) AS n FROM customer_order WHERE flash_sale_id = 'fs1'"),
      (n) => n >= STOCK,
    );
    expect(
      await count(
        db,
        "SELECT coalesce(sum(quantity), 0) AS n FROM flash_reservation WHERE sale_id = 'fs1'",
      ),
    ).toBe(STOCK);
    const reservationIds = new Set(accepted.map((x) => x.reservationId));
    const orders = await db.query<{ id: string; orders: number }>(
      `SELECT r.id, count(o.id)::int8 AS orders FROM flash_reservation r
       LEFT JOIN customer_order o ON o.id = r.id WHERE r.sale_id = 'fs1' GROUP BY r.id`,
    );
    expect(new Set(orders.rows.map((r) => r.id))).toEqual(reservationIds);
    expect(orders.rows.every((r) => Number(r.orders) === 1)).toBe(true);

    // Half the reservations are paid, through the other instance than the one that took them.
    const paid = accepted.slice(0, STOCK / 2);
    await Promise.all(
      paid.map(async (x) => {
        const other = x.via === a ? b : a;
        const answer = await callJson(
          other.url,
          'POST',
          `/flash-sales/fs1/reservations/${x.reservationId ?? ''}/pay`,
          {
            token: till.token,
          },
        );
        expect(answer.status).toBe(200);
      }),
    );

    // Both dispatchers share the events: every one delivered, each once per consumer.
    const events = await until(
      'event delivery',
      async () => ({
        total: await count(db, 'SELECT count(*) AS n FROM outbox_event'),
        pending: await count(
          db,
          'SELECT count(*) AS n FROM outbox_event WHERE dispatched_at IS NULL',
        ),
      }),
      (e) => e.pending === 0 && e.total >= STOCK + 1 + paid.length,
    );
    expect(
      await count(db, "SELECT count(*) AS n FROM outbox_event WHERE type = 'flashSaleSoldOut'"),
    ).toBe(1);
    expect(
      await count(db, "SELECT count(*) AS n FROM outbox_event WHERE type = 'orderCreated'"),
    ).toBe(STOCK);
    // The notice board writes one notice per orderCreated, paid and sold-out event, into a table
    // with no uniqueness: a second delivery would leave a second row.
    const notices = await db.query<{ event_id: number; n: number }>(
      'SELECT event_id, count(*)::int8 AS n FROM event_notice GROUP BY event_id',
    );
    expect(notices.rows).toHaveLength(STOCK + 1 + paid.length);
    expect(notices.rows.every((r) => Number(r.n) === 1)).toBe(true);
    const deliveredByA = await metric(a, 'outbox_events_delivered_total{type="orderCreated"}');
    const deliveredByB = await metric(b, 'outbox_events_delivered_total{type="orderCreated"}');
    expect(deliveredByA + deliveredByB).toBe(STOCK);
    expect(await metric(a, 'outbox_pending_events')).toBe(0);
    expect(events.total).toBe(
      await count(db, 'SELECT count(DISTINCT event_id) AS n FROM outbox_delivery'),
    );
  });
});
