// sync-reconcile: a register that sold offline all day reconnects. 10,000 sales made through the
// real register core (not timed) are pushed by the real push client and applied by the central
// server — embedded (PGlite, in this process, over loopback HTTP) and PostgreSQL (the server in
// its own process, as deployed) — timed from the first push to the last acknowledgement. Baseline
// in the same run: the same rows the push writes (orders, stock moves, mutation records) as
// multi-row INSERTs straight into a fresh database of the same engine, batch by batch.
import { createRegisterPushClient } from '../main/sync/start-register-sync';
import type { RegisterDb } from '../main/store/register-db';
import type { Db } from '../sync/server/db/db';
import { migrate } from '../sync/server/db/migrate';
import { SERVER_MIGRATIONS } from '../sync/server/db/migrations';
import { openPgDb } from '../sync/server/db/pg-db';
import { openPgliteDb } from '../sync/server/db/pglite-db';
import { adminTokenOver, callJson } from '../sync/server/testing/http-client';
import { startServerProcess } from '../sync/server/testing/server-process';
import { startTestPostgres } from '../sync/server/testing/start-postgres';
import { TEST_ADMIN_PASSWORD } from '../sync/server/testing/test-server';
import { startCentralServer } from '../test-support/central-server-fixture';
import type { EnrolledRegister } from '../test-support/central-server-fixture';
import { loginReadyToSell, startRegisterFixture, valueOf } from '../test-support/register-fixture';
import type { Benchmark, Measurement } from './harness';

const CODES = ['6901234567892', '4006381333931', '96385074'];
const BATCH = 200;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface Sale {
  readonly seq: number;
  readonly mutationId: string;
  readonly payload: string;
  readonly createdAt: number;
}

function outboxSales(db: RegisterDb): Sale[] {
  return db
    .prepare<[], { seq: number; mutation_id: string; payload: string; created_at: number }>(
      "SELECT seq, mutation_id, payload, created_at FROM outbox WHERE type = 'sale.completed' ORDER BY seq",
    )
    .all()
    .map((r) => ({
      seq: r.seq,
      mutationId: r.mutation_id,
      payload: r.payload,
      createdAt: r.created_at,
    }));
}

/** Pushes the whole outbox with the register's own client; seconds from first push to last ack. */
async function pushAll(
  db: RegisterDb,
  serverUrl: string,
  credentials: EnrolledRegister,
): Promise<number> {
  db.prepare('UPDATE outbox SET acked_at = NULL').run();
  const client = createRegisterPushClient({
    db,
    serverUrl,
    credentials,
    logger: quiet,
    random: () => 0.5,
    batchSize: BATCH,
  });
  const started = performance.now();
  for (let round = 0; client.status().pending > 0 || round === 0; round += 1) {
    const outcome = await client.pushOnce();
    if (outcome.kind === 'failed')
      throw new Error(`push failed: ${client.status().lastError?.message}`);
  }
  return (performance.now() - started) / 1000;
}

/** The floor: the same orders, stock moves and mutation records as multi-row INSERTs. */
async function rawInserts(db: Db, sales: readonly Sale[], registerId: string): Promise<number> {
  const started = performance.now();
  for (let from = 0; from < sales.length; from += BATCH) {
    const batch = sales.slice(from, from + BATCH);
    const parsed = batch.map(
      (s) =>
        JSON.parse(s.payload) as {
          saleId: string;
          storeId: string;
          total: number;
          currency: string;
          completedAt: number;
          lines: { productId: string | number; quantity: number }[];
        },
    );
    const lines = parsed.flatMap((p) => p.lines.map((l) => ({ sale: p, line: l })));
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO customer_order (id, store_id, channel, member_id, lines, total_amount, currency, status, created_at, points_earned, times)
         SELECT id, store_id, 'counter', NULL, lines, total, currency, 'completed', at, 0, '{}'
         FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::int8[], $5::text[], $6::int8[]) AS s (id, store_id, lines, total, currency, at)`,
        [
          parsed.map((p) => p.saleId),
          parsed.map((p) => p.storeId),
          parsed.map((p) =>
            JSON.stringify(
              p.lines.map((l) => ({ productId: String(l.productId), quantity: l.quantity })),
            ),
          ),
          parsed.map((p) => p.total),
          parsed.map((p) => p.currency),
          parsed.map((p) => p.completedAt),
        ],
      );
      await tx.query(
        `INSERT INTO stock_move (store_id, product_id, type, quantity, figure, before, after, order_id, at)
         SELECT store_id, product_id, 'out', quantity, 'available', 0, 0, order_id, at
         FROM unnest($1::text[], $2::text[], $3::int4[], $4::text[], $5::int8[]) AS m (store_id, product_id, quantity, order_id, at)`,
        [
          lines.map((l) => l.sale.storeId),
          lines.map((l) => String(l.line.productId)),
          lines.map((l) => l.line.quantity),
          lines.map((l) => l.sale.saleId),
          lines.map((l) => l.sale.completedAt),
        ],
      );
      await tx.query(
        `INSERT INTO sync_mutation (mutation_id, register_id, store_id, seq, type, schema_version, payload, status, created_at, received_at)
         SELECT id, $2, $3, seq, 'sale.completed', 1, payload, 'applied', at, at
         FROM unnest($1::text[], $4::int8[], $5::jsonb[], $6::int8[]) AS m (id, seq, payload, at)`,
        [
          batch.map((s) => s.mutationId),
          registerId,
          parsed[0]?.storeId ?? '',
          batch.map((s) => s.seq),
          batch.map((s) => s.payload),
          batch.map((s) => s.createdAt),
        ],
      );
    });
  }
  return (performance.now() - started) / 1000;
}

async function orderCount(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    "SELECT count(*)::int4 AS n FROM customer_order WHERE channel = 'counter'",
  );
  return rows[0]?.n ?? 0;
}

export const syncReconcile: Benchmark = {
  name: 'sync-reconcile',
  description:
    '10,000 offline sales pushed and applied on the embedded server (PGlite) and PostgreSQL vs raw multi-row INSERTs',
  async run(context) {
    const salesWanted = context.quick ? 1_000 : 10_000;
    const register = await startRegisterFixture();
    const measurements: Measurement[] = [];
    try {
      register.core.db.prepare('UPDATE stock SET available = 100000000').run();
      await loginReadyToSell(register);
      context.log(`sync-reconcile: ${salesWanted} sales through the register core (not timed)`);
      for (let i = 0; i < salesWanted; i += 1) {
        const code = CODES[i % CODES.length] ?? '';
        for (let q = 0; q <= i % 3; q += 1)
          await valueOf(register.core.send('checkout.scan', { code }));
        await valueOf(register.core.send('checkout.tenderCash', { tendered: 100_000_000 }));
        register.now += 1_000;
      }
      const sales = outboxSales(register.core.db);
      const outboxRows = register.core.db
        .prepare('SELECT count(*) FROM outbox')
        .pluck()
        .get() as number;
      const productIds = register.core.db
        .prepare('SELECT id FROM product')
        .pluck()
        .all()
        .map(String);
      const params = {
        sales: sales.length,
        outboxRows,
        batch: BATCH,
        linesPerSale: '1 to 3 of one product',
      };

      // Embedded: PGlite in this process behind loopback HTTP.
      {
        context.log('sync-reconcile: embedded server (PGlite)');
        const server = await startCentralServer({ clock: () => register.now });
        try {
          const enrolled = await server.enrol('store-1');
          for (const id of productIds) await server.setStock('store-1', id, 100_000_000);
          const seconds = await pushAll(register.core.db, server.url, enrolled);
          const booked = await orderCount(server.db);
          const baselineDb = await openPgliteDb(undefined);
          let baseline: number;
          try {
            await migrate(baselineDb, SERVER_MIGRATIONS, () => register.now);
            baseline = await rawInserts(baselineDb, sales, enrolled.clientId);
          } finally {
            await baselineDb.close();
          }
          measurements.push({
            metric: 'embedded_seconds',
            value: seconds,
            unit: 's',
            baseline:
              'raw multi-row INSERT of the same orders, stock moves and mutation records into PGlite',
            baselineValue: baseline,
            params: {
              ...params,
              booked,
              salesPerSecond: Math.round(sales.length / seconds),
              goal: '<= 30 s',
            },
          });
        } finally {
          await server.dispose();
        }
      }

      // PostgreSQL: the server in its own process, as deployed.
      {
        const started = await startTestPostgres();
        if (!started.available) throw new Error(started.reason);
        const pg = started.server;
        try {
          context.log('sync-reconcile: PostgreSQL server');
          const databaseUrl = await pg.createDatabase();
          const server = await startServerProcess({
            DATABASE_URL: databaseUrl,
            TOKEN_SECRET: 'sync-reconcile-bench-secret-0123456789abcdef',
            ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
            RATE_LIMIT_PER_SECOND: '1000000',
            RATE_LIMIT_BURST: '1000000',
            LOG_LEVEL: 'error',
          });
          const db = openPgDb(databaseUrl, 2);
          try {
            const admin = await adminTokenOver(server.url);
            await callJson(server.url, 'POST', '/admin/stores', {
              token: admin,
              body: { id: 'store-1', name: 'Store 1' },
            });
            const code = (
              await callJson(server.url, 'POST', '/admin/stores/store-1/enrolment-codes', {
                token: admin,
              })
            ).body as { code: string };
            const enrolled = (
              await callJson(server.url, 'POST', '/enrol', {
                body: { code: code.code, name: 'Till' },
              })
            ).body as { clientId: string; clientSecret: string };
            for (const id of productIds) {
              await db.query(
                `INSERT INTO stock_level (store_id, product_id, total, available, locked, safety, version)
                 VALUES ('store-1', $1, 100000000, 100000000, 0, 0, 1)`,
                [id],
              );
            }
            const seconds = await pushAll(register.core.db, server.url, {
              ...enrolled,
              storeId: 'store-1',
            });
            const booked = await orderCount(db);
            const baselineDb = openPgDb(await pg.createDatabase(), 2);
            let baseline: number;
            try {
              await migrate(baselineDb, SERVER_MIGRATIONS, () => register.now);
              baseline = await rawInserts(baselineDb, sales, enrolled.clientId);
            } finally {
              await baselineDb.close();
            }
            measurements.push({
              metric: 'postgres_seconds',
              value: seconds,
              unit: 's',
              baseline:
                'raw multi-row INSERT of the same orders, stock moves and mutation records into PostgreSQL',
              baselineValue: baseline,
              params: {
                ...params,
                booked,
                salesPerSecond: Math.round(sales.length / seconds),
                goal: '<= 10 s',
              },
            });
          } finally {
            await db.close();
            await server.stop();
          }
        } finally {
          pg.stop();
        }
      }
      return measurements;
    } finally {
      await register.dispose();
    }
  },
};
